//! The review target (SLA): how long an order may wait for review, counted in working
//! time when working hours are set, and where each waiting order stands against it.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// How long a review may take, and when the clock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    /// The target, in minutes of (working) time.
    pub target_minutes: i64,
    /// Working hours in UTC, Monday to Friday, as `(from, to)` hours (e.g. 9 to 17);
    /// `None`: the clock runs round the clock, every day.
    pub working_hours: Option<(u32, u32)>,
}

/// Where a waiting order stands against the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    OnTime,
    /// Three quarters of the target used.
    Near,
    Overdue,
}

impl SlaState {
    /// The CSS class of its mark.
    pub fn class(self) -> &'static str {
        match self {
            Self::OnTime => "sla sla-on-time",
            Self::Near => "sla sla-near",
            Self::Overdue => "sla sla-overdue",
        }
    }
}

/// Days looked at, at most, when counting working time (a year and more).
const MAX_DAYS: u32 = 800;

impl SlaPolicy {
    /// Reads working hours written `9-17` or `09-17` (UTC, Monday to Friday).
    ///
    /// # Errors
    /// A message saying what is expected.
    pub fn parse_working_hours(text: &str) -> Result<(u32, u32), String> {
        let wrong = || format!("working hours are written like 09-17 (from-to, UTC), not {text:?}");
        let (from, to) = text.trim().split_once('-').ok_or_else(wrong)?;
        let from: u32 = from.trim().parse().map_err(|_| wrong())?;
        let to: u32 = to.trim().parse().map_err(|_| wrong())?;
        if from < to && to <= 24 {
            Ok((from, to))
        } else {
            Err(wrong())
        }
    }

    /// The working time of `day`, if it is a working day.
    fn window(&self, day: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let (from, to) = self.working_hours?;
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            return None;
        }
        let start = day.and_hms_opt(0, 0, 0)?.and_utc();
        Some((
            start + Duration::hours(i64::from(from)),
            start + Duration::hours(i64::from(to)),
        ))
    }

    /// Minutes of (working) time from `since` to `now`.
    pub fn waited_minutes(&self, since: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
        if since >= now {
            return 0;
        }
        if self.working_hours.is_none() {
            return (now - since).num_minutes();
        }
        let mut total = 0;
        let mut day = since.date_naive();
        for _ in 0..MAX_DAYS {
            if day > now.date_naive() {
                break;
            }
            if let Some((open, close)) = self.window(day) {
                let (start, end) = (open.max(since), close.min(now));
                if end > start {
                    total += (end - start).num_minutes();
                }
            }
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
        total
    }

    /// Where an order waiting since `since` stands at `now`.
    pub fn state(&self, since: DateTime<Utc>, now: DateTime<Utc>) -> SlaState {
        let waited = self.waited_minutes(since, now);
        if waited >= self.target_minutes {
            SlaState::Overdue
        } else if waited * 4 >= self.target_minutes * 3 {
            SlaState::Near
        } else {
            SlaState::OnTime
        }
    }

    /// The instant such that an order waiting since then (or earlier) is overdue at
    /// `now`: what the database compares with.
    pub fn overdue_since(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let target = Duration::minutes(self.target_minutes);
        if self.working_hours.is_none() {
            return now - target;
        }
        let mut left = self.target_minutes;
        let mut day = now.date_naive();
        for _ in 0..MAX_DAYS {
            if let Some((open, close)) = self.window(day) {
                let end = close.min(now);
                if end > open {
                    let here = (end - open).num_minutes();
                    if here >= left {
                        return end - Duration::minutes(left);
                    }
                    left -= here;
                }
            }
            let Some(previous) = day.pred_opt() else {
                break;
            };
            day = previous;
        }
        DateTime::<Utc>::MIN_UTC
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    const OFFICE: SlaPolicy = SlaPolicy {
        target_minutes: 4 * 60,
        working_hours: Some((9, 17)),
    };

    #[test]
    fn round_the_clock_the_target_is_plain_hours() {
        let policy = SlaPolicy {
            target_minutes: 240,
            working_hours: None,
        };
        let since = at("2026-11-27T22:00:00Z");
        assert_eq!(
            policy.state(since, at("2026-11-28T00:59:00Z")),
            SlaState::OnTime
        );
        assert_eq!(
            policy.state(since, at("2026-11-28T01:00:00Z")),
            SlaState::Near
        );
        assert_eq!(
            policy.state(since, at("2026-11-28T02:00:00Z")),
            SlaState::Overdue
        );
        assert_eq!(policy.overdue_since(at("2026-11-28T02:00:00Z")), since);
    }

    #[test]
    fn working_hours_stop_the_clock_at_night_and_at_weekends() {
        // Friday 16:00: one working hour on Friday, then nothing until Monday 09:00.
        let since = at("2026-11-27T16:00:00Z");
        assert_eq!(OFFICE.waited_minutes(since, at("2026-11-29T12:00:00Z")), 60);
        assert_eq!(
            OFFICE.state(since, at("2026-11-30T10:00:00Z")),
            SlaState::OnTime
        );
        assert_eq!(
            OFFICE.state(since, at("2026-11-30T11:00:00Z")),
            SlaState::Near
        );
        assert_eq!(
            OFFICE.state(since, at("2026-11-30T12:00:00Z")),
            SlaState::Overdue
        );
        // The instant the database compares with is the same order's submission.
        assert_eq!(OFFICE.overdue_since(at("2026-11-30T12:00:00Z")), since);
        // Submitted at night: the clock starts at nine.
        let night = at("2026-11-30T03:00:00Z");
        assert_eq!(OFFICE.waited_minutes(night, at("2026-11-30T09:30:00Z")), 30);
    }

    #[test]
    fn working_hours_are_read_from_from_to() {
        assert_eq!(SlaPolicy::parse_working_hours("09-17"), Ok((9, 17)));
        assert_eq!(SlaPolicy::parse_working_hours(" 8 - 18 "), Ok((8, 18)));
        for wrong in ["", "17-09", "9", "9-25", "a-b"] {
            assert!(SlaPolicy::parse_working_hours(wrong).is_err(), "{wrong}");
        }
    }
}
