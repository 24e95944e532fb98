//! Claims: an admin says "I am reviewing this order", so that other admins see it (in
//! the queue and on the order page) and are stopped before deciding on it. A claim lasts
//! while its admin works on the order and lapses after a while without activity.

use serde::{Deserialize, Serialize};

/// Who reviews an order, as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimView {
    /// The admin's name ("Ayşe Yılmaz").
    pub admin_name: String,
    /// Whether the admin looking at it holds the claim.
    pub mine: bool,
    /// When the claim lapses unless its admin keeps working ("2026-11-29 14:05 UTC").
    pub until: String,
}

/// Which orders of the queue to show, by claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimFilter {
    #[default]
    All,
    /// Claimed by the admin looking.
    Mine,
    /// Claimed by nobody (or by a claim that lapsed).
    Unclaimed,
}

impl ClaimFilter {
    pub const ALL: [ClaimFilter; 3] = [Self::All, Self::Mine, Self::Unclaimed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Mine => "mine",
            Self::Unclaimed => "unclaimed",
        }
    }

    /// The filter a query string names; anything else is "all".
    pub fn parse(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == value)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_their_names_and_default_to_all() {
        for filter in ClaimFilter::ALL {
            assert_eq!(ClaimFilter::parse(filter.as_str()), filter);
        }
        assert_eq!(ClaimFilter::parse(""), ClaimFilter::All);
        assert_eq!(ClaimFilter::parse("someone"), ClaimFilter::All);
    }
}
