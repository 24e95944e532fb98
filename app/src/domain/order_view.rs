//! What the order pages and the review console show of an order: the types the order
//! server functions answer with, shared by the browser and the server (the services in
//! `backend::orders` build them).

use serde::{Deserialize, Serialize};

use super::{
    audit::AuditEntry,
    claims::ClaimView,
    orders::{ItemStatus, OrderStatus},
    requirements::{Pixels, RequirementSet},
};

/// What ordering a name would mean, before the order is placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainCheck {
    /// As the customer will see it (Unicode for IDN names).
    pub domain: String,
    pub extension: String,
    /// The requirements to be supplied, if the extension has any.
    pub requirements: Option<RequirementSet>,
}

/// One line of "My orders".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: i32,
    pub domain: String,
    pub status: OrderStatus,
    pub created_at: String,
}

/// A stored document, as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentView {
    pub id: i32,
    pub name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub attempt: i32,
    /// A picture's size, measured at upload.
    #[serde(default)]
    pub pixels: Option<Pixels>,
    /// A PDF's page count, measured at upload.
    #[serde(default)]
    pub pages: Option<u32>,
}

impl DocumentView {
    /// What was measured of it, for people: "1 page", "12 pages", "1200 × 800 pixels".
    pub fn measures(&self) -> Option<String> {
        match (self.pixels, self.pages) {
            (Some(p), _) => Some(p.to_string()),
            (None, Some(1)) => Some("1 page".to_owned()),
            (None, Some(n)) => Some(format!("{n} pages")),
            (None, None) => None,
        }
    }

    /// Its size and what was measured: "2 MB · 3 pages".
    pub fn facts(&self) -> String {
        let size = super::requirements::human_size(self.size_bytes);
        match self.measures() {
            Some(m) => format!("{size} · {m}"),
            None => size,
        }
    }
}

/// One earlier (or the current) submitted attempt of an item and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptView {
    pub attempt: i32,
    pub value: Option<String>,
    /// Submitted (waiting for a decision), approved or rejected.
    pub decision: ItemStatus,
    pub statement: Option<String>,
    pub submitted_at: String,
    pub documents: Vec<DocumentView>,
    /// Admins only: who decided, and when ("2026-11-29 10:02 UTC").
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
}

/// The state of one item of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    pub key: String,
    pub status: ItemStatus,
    pub value: Option<String>,
    pub attempt: i32,
    /// Documents of the current attempt.
    pub documents: Vec<DocumentView>,
    /// The statement of the latest rejection, while the item is rejected.
    pub statement: Option<String>,
    /// Every submitted attempt, oldest first.
    pub history: Vec<AttemptView>,
}

/// An order with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub id: i32,
    pub domain: String,
    pub extension: String,
    pub status: OrderStatus,
    pub requirements: Option<RequirementSet>,
    pub items: Vec<ItemView>,
    pub created_at: String,
    /// Documents of this customer in store, against the quota.
    pub quota_used_bytes: u64,
    pub quota_bytes: u64,
    /// The audit trail, oldest first (for the customer: what concerns them).
    pub trail: Vec<AuditEntry>,
    /// Admins only: who ordered it and how it gets registered.
    pub admin: Option<AdminOrderInfo>,
    /// Admins only: the admin reviewing it, if one claimed it.
    pub claim: Option<ClaimView>,
}

/// What only admins see of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOrderInfo {
    pub customer_name: String,
    pub customer_email: String,
    /// The registrar module of the extension, as admins know it.
    pub registrar_label: String,
    /// What to do for a registration in progress (manual modules).
    pub instructions: Option<String>,
    /// The last registration failure's message, while the registration has failed.
    pub failure: Option<String>,
}
