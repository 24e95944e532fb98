//! The admin overview's figures.

use serde::{Deserialize, Serialize};

/// Headline figures for the admin start page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewFigures {
    pub customers: u64,
    pub admins: u64,
    pub extensions: u64,
    pub enabled_extensions: u64,
    /// The review target, in words ("4 hours").
    pub review_target: String,
    /// The orders waiting longest for review, oldest first (a few).
    pub oldest: Vec<super::queue::QueueRow>,
}
