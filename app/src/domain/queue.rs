//! What the review console's queue shows: the type its server function answers with.

use serde::{Deserialize, Serialize};

use super::{orders::OrderStatus, sla::SlaState};

/// One order in the review queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub order_id: i32,
    pub domain: String,
    pub extension: String,
    pub customer_name: String,
    pub customer_email: String,
    pub status: OrderStatus,
    pub submitted_at: String,
    /// Minutes since it was submitted (the page words it: "3 hours", "2 days").
    pub waiting_minutes: i64,
    /// Items waiting for a decision.
    pub open_items: u64,
    /// The admin reviewing it, if one claimed it.
    pub claimed_by: Option<String>,
    /// Whether that admin is the one looking.
    pub claimed_by_me: bool,
    /// Where it stands against the review target.
    pub sla: SlaState,
}

/// Where a page of the queue starts: after or before the order a cursor names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueCursor {
    /// The page of orders that follow this one.
    After(QueueKey),
    /// The page of orders that come just before this one.
    Before(QueueKey),
}

/// An order's place in the queue: the time it has waited since (its submission, or its
/// creation if it was never submitted) in nanoseconds since 1970 (all the precision the
/// database keeps: a cursor names its order exactly), then its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QueueKey {
    pub since_nanos: i64,
    pub order_id: i32,
}

impl QueueKey {
    /// The text form used in the queue's links: `<nanos>.<id>`.
    pub fn encode(self) -> String {
        format!("{}.{}", self.since_nanos, self.order_id)
    }

    /// Reads what [`QueueKey::encode`] wrote; `None` for anything else.
    pub fn decode(text: &str) -> Option<Self> {
        let (nanos, id) = text.split_once('.')?;
        Some(Self {
            since_nanos: nanos.parse().ok()?,
            order_id: id.parse().ok()?,
        })
    }
}

/// A page of the review queue, found by cursor (keyset paging): any page costs the same,
/// however far down the queue it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    /// How many orders match the filters, counted up to [`QueuePage::COUNT_LIMIT`].
    pub total: u64,
    /// The cursor of the previous page; `None` on the first.
    pub previous: Option<QueueKey>,
    /// The cursor of the next page; `None` on the last.
    pub next: Option<QueueKey>,
    /// Extensions to filter by.
    pub extensions: Vec<String>,
}

impl QueuePage {
    /// The queue counts its orders up to this many (counting every one of a million
    /// registered orders, or even 20 000 waiting ones, would cost more than the page).
    pub const COUNT_LIMIT: u64 = 1_000;
}

/// The admin badge: orders waiting for review, and how many of them are overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BadgeCounts {
    pub pending: u64,
    pub overdue: u64,
}

/// What a bulk decision from the queue did, order by order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BulkOutcome {
    /// Orders decided: what was done ("2 items approved").
    pub done: Vec<BulkLine>,
    /// Orders left as they were, and why.
    pub not_done: Vec<BulkLine>,
}

/// One order of a [`BulkOutcome`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkLine {
    pub order_id: i32,
    pub domain: String,
    pub note: String,
}

impl BulkOutcome {
    /// Orders one bulk decision may cover.
    pub const MAX_ORDERS: usize = 100;

    /// The summary shown above the queue.
    pub fn summary(&self) -> String {
        let orders = |n: usize| {
            if n == 1 {
                "1 order".to_owned()
            } else {
                format!("{n} orders")
            }
        };
        match (self.done.len(), self.not_done.len()) {
            (done, 0) => format!("Done for {}.", orders(done)),
            (0, left) => format!("Nothing done: {} left as they were.", orders(left)),
            (done, left) => format!(
                "Done for {}; {} left as they were.",
                orders(done),
                orders(left)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_keys_survive_the_trip_through_a_link() {
        let key = QueueKey {
            since_nanos: 1_764_000_000_123_456_789,
            order_id: 42,
        };
        assert_eq!(QueueKey::decode(&key.encode()), Some(key));
        for junk in ["", "1", "x.2", "1.y", "1.2.3"] {
            assert_eq!(QueueKey::decode(junk), None, "{junk}");
        }
    }
}
