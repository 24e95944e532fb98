//! The admin overview's figures and the data of its charts.

use serde::{Deserialize, Serialize};

/// Headline figures for the admin start page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewFigures {
    pub customers: u64,
    pub admins: u64,
    pub extensions: u64,
    pub enabled_extensions: u64,
    /// The review target (the page words it).
    pub review_target: super::sla::SlaPolicy,
    /// The orders waiting longest for review, oldest first (a few).
    pub oldest: Vec<super::queue::QueueRow>,
    pub charts: Charts,
}

/// What the overview's charts show: the last 30 days of reviews.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Charts {
    /// One entry per day, oldest first.
    pub days: Vec<DayCounts>,
    /// How long reviews took, against the review target, shortest first.
    pub review_times: Vec<TimeBucket>,
    /// The statements rejections used most, most used first.
    pub reasons: Vec<ReasonCount>,
}

/// Orders submitted, approved and sent back ("action required") on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCounts {
    /// "2026-11-29".
    pub day: String,
    pub submitted: u32,
    pub approved: u32,
    pub rejected: u32,
}

/// Reviews that took a share of the target ("under a quarter", "over twice").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeBucket {
    pub label: String,
    pub count: u32,
    /// Past the target.
    pub late: bool,
}

/// A rejection statement and how often it was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCount {
    pub reason: String,
    pub count: u32,
}

/// The buckets of review times, as shares of the target: upper bounds in percent
/// (`None`: no bound) and their labels.
pub const TIME_BUCKETS: [(Option<i64>, &str, bool); 6] = [
    (Some(25), "under ¼ of the target", false),
    (Some(50), "¼ to ½", false),
    (Some(75), "½ to ¾", false),
    (Some(100), "¾ to the target", false),
    (Some(200), "up to twice the target", true),
    (None, "over twice the target", true),
];

/// The bucket of a review that took `waited` minutes against a `target` (in minutes).
pub fn time_bucket(waited: i64, target: i64) -> usize {
    let percent = if target <= 0 {
        i64::MAX
    } else {
        waited.saturating_mul(100) / target
    };
    TIME_BUCKETS
        .iter()
        .position(|(bound, _, _)| bound.is_none_or(|b| percent < b))
        .unwrap_or(TIME_BUCKETS.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_times_fall_in_buckets_by_their_share_of_the_target() {
        assert_eq!(time_bucket(0, 240), 0);
        assert_eq!(time_bucket(59, 240), 0);
        assert_eq!(time_bucket(60, 240), 1);
        assert_eq!(time_bucket(239, 240), 3);
        assert_eq!(time_bucket(240, 240), 4, "at the target is late");
        assert_eq!(time_bucket(480, 240), 5);
        assert_eq!(time_bucket(10, 0), 5);
    }
}
