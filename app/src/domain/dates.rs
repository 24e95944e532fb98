//! Dates and times as the server writes them for pages and e-mails, and in the format of
//! each language (still in UTC: the browser moves moments to the reader's time zone,
//! see `components::time`).
//!
//! Moments are written `2026-11-29 14:03 UTC` (to the second where it matters:
//! `2026-11-29 14:03:09 UTC`), days `2026-11-29`.

use crate::i18n::{Locale, td_string};

/// A moment as the server writes it: `2026-11-29 14:03 UTC`.
pub fn moment(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A day as the server writes it: `2026-11-29`.
pub fn day(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// A moment or a day as the server writes it, taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp<'a> {
    year: &'a str,
    month: &'a str,
    day: &'a str,
    /// `HH:MM` or `HH:MM:SS` for a moment (UTC); `None` for a day.
    pub time: Option<&'a str>,
}

impl Stamp<'_> {
    /// The machine-readable form (`<time datetime>`): `2026-11-29T14:03Z` or `2026-11-29`.
    pub fn iso(&self) -> String {
        match self.time {
            Some(time) => format!("{}-{}-{}T{time}Z", self.year, self.month, self.day),
            None => format!("{}-{}-{}", self.year, self.month, self.day),
        }
    }
}

/// `text` taken apart if it is a moment or a day as the server writes it.
pub fn parse(text: &str) -> Option<Stamp<'_>> {
    let text = text.trim();
    let (date, time) = match text.strip_suffix(" UTC") {
        Some(moment) => {
            let (date, time) = moment.split_once(' ')?;
            (date, Some(time))
        }
        None => (text, None),
    };
    let mut parts = date.splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let time_ok = time.is_none_or(|t| {
        let parts: Vec<&str> = t.split(':').collect();
        (2..=3).contains(&parts.len()) && parts.iter().all(|p| digits(p, 2))
    });
    (digits(year, 4) && digits(month, 2) && digits(day, 2) && time_ok).then_some(Stamp {
        year,
        month,
        day,
        time,
    })
}

/// `text` (as the server writes it) in `locale`'s format, still in UTC; text that is not
/// a date is returned as it is.
pub fn format_utc(locale: Locale, text: &str) -> String {
    match parse(text) {
        Some(Stamp {
            year,
            month,
            day,
            time: Some(time),
        }) => td_string!(
            locale,
            common.time.moment_utc,
            year = year,
            month = month,
            day = day,
            time = time
        ),
        Some(Stamp {
            year,
            month,
            day,
            time: None,
        }) => {
            td_string!(
                locale,
                common.time.day,
                year = year,
                month = month,
                day = day
            )
        }
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_and_days_are_written_in_each_language() {
        assert_eq!(
            format_utc(Locale::en, "2026-11-29 14:03 UTC"),
            "2026-11-29 14:03 UTC"
        );
        assert_eq!(
            format_utc(Locale::tr, "2026-11-29 14:03 UTC"),
            "29.11.2026 14:03 UTC"
        );
        assert_eq!(format_utc(Locale::tr, "2026-11-29"), "29.11.2026");
        assert_eq!(
            format_utc(Locale::tr, "2026-11-29 14:03:09 UTC"),
            "29.11.2026 14:03:09 UTC"
        );
        assert_eq!(format_utc(Locale::tr, "soon"), "soon");
        assert_eq!(format_utc(Locale::tr, "2026-1-29"), "2026-1-29");
    }
}
