//! What the order pages and the review console show of an order: the types the order
//! server functions answer with, shared by the browser and the server (the services in
//! `backend::orders` build them).

use serde::{Deserialize, Serialize};

use super::{
    audit::AuditEntry,
    claims::ClaimView,
    orders::{ItemStatus, OrderStatus},
    requirements::{Operation, Pixels, RequirementSet},
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
    #[serde(default)]
    pub operation: Operation,
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
    /// When its bytes were deleted (retention, an admin, or the account was deleted):
    /// no link, no preview.
    #[serde(default)]
    pub purged_at: Option<String>,
    /// Whether it reuses a document approved on another order (no new upload).
    #[serde(default)]
    pub reused: bool,
    /// Admins only: the same file (same SHA-256) was approved on another order of the
    /// customer before.
    #[serde(default)]
    pub approved_before: Option<EarlierApproval>,
}

/// An earlier approval of the same file on another order of the same customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierApproval {
    pub order_id: i32,
    pub domain: String,
    /// The admin who approved it (by name).
    pub decided_by: Option<String>,
    pub decided_at: String,
}

/// A document the customer may use again for an item instead of uploading one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReuseOffer {
    pub document: DocumentView,
    /// The order and the item it was approved for.
    pub order_id: i32,
    pub domain: String,
    pub item_label: String,
    pub approved_at: String,
    /// The last day it may be used, if the items involved give a validity.
    pub valid_until: Option<String>,
}

/// One line of "My documents": a document the customer uploaded (or reused), with what
/// became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletEntry {
    pub document: DocumentView,
    pub order_id: i32,
    pub domain: String,
    pub item_label: String,
    /// Draft (not submitted yet), submitted, approved or rejected.
    pub decision: ItemStatus,
    pub uploaded_at: String,
    pub decided_at: Option<String>,
    /// For approved documents of an item with a validity: the last day it is good for.
    pub valid_until: Option<String>,
    /// Whether it is past that day.
    pub expired: bool,
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
    /// Customers only, while the item takes documents: approved documents of theirs
    /// from other orders that fit it.
    #[serde(default)]
    pub reusable: Vec<ReuseOffer>,
}

/// An order with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub id: i32,
    pub domain: String,
    pub extension: String,
    pub status: OrderStatus,
    /// A registration or a transfer.
    #[serde(default)]
    pub operation: Operation,
    pub requirements: Option<RequirementSet>,
    pub items: Vec<ItemView>,
    pub created_at: String,
    /// When the domain was registered; set while a registered domain's order is
    /// reopened for re-verification, too.
    #[serde(default)]
    pub registered_at: Option<String>,
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
    /// The customer's language (`en`, `tr`): statements taken from a template are
    /// written in it.
    #[serde(default)]
    pub customer_language: String,
    /// The registrar module of the extension, as admins know it.
    pub registrar_label: String,
    /// The module's name (`manual`, `presets` …), for its label in the reader's language.
    #[serde(default)]
    pub registrar_module: String,
    /// What to do for a registration in progress (manual modules).
    pub instructions: Option<String>,
    /// The last registration failure's message, while the registration has failed.
    pub failure: Option<String>,
}

/// One change of an order a person waiting on it wants to hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum News {
    /// Item `key` was approved.
    Approved(String),
    /// Item `key` was rejected, with the statement the customer was given.
    Rejected {
        key: String,
        statement: Option<String>,
    },
    /// A replacement for rejected item `key` was submitted.
    Replaced(String),
    /// The order is now in this state.
    Status(OrderStatus),
}

impl OrderView {
    /// What a person waiting on this order would want to hear about since `before`:
    /// decisions, replacements and the order's state, in that order. Empty when nothing
    /// of that changed (a re-render, a draft saved, a claim), so that a live region fed
    /// with it speaks once per change and never on a mere reload.
    pub fn news_since(&self, before: &OrderView) -> Vec<News> {
        if self.id != before.id {
            return Vec::new();
        }
        let mut news = Vec::new();
        for item in &self.items {
            let was = before.items.iter().find(|i| i.key == item.key);
            if was.is_some_and(|w| w.status == item.status && w.attempt == item.attempt) {
                continue;
            }
            let key = item.key.clone();
            match item.status {
                ItemStatus::Approved => news.push(News::Approved(key)),
                ItemStatus::Rejected => news.push(News::Rejected {
                    key,
                    statement: item.statement.clone(),
                }),
                ItemStatus::Submitted if was.is_some_and(|w| w.status == ItemStatus::Rejected) => {
                    news.push(News::Replaced(key));
                }
                _ => {}
            }
        }
        if self.status != before.status {
            news.push(News::Status(self.status));
        }
        news
    }
}
