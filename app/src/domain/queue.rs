//! What the review console's queue shows: the type its server function answers with.

use serde::{Deserialize, Serialize};

use super::orders::OrderStatus;

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
    /// "3 hours", "2 days".
    pub waiting: String,
    /// Items waiting for a decision.
    pub open_items: u64,
}

/// A page of the review queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    /// Extensions to filter by.
    pub extensions: Vec<String>,
}
