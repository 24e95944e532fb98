//! What the REST API reads and writes: its own types, separate from the pages' (so the
//! API stays stable while the pages change), documented for the OpenAPI document.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use app::backend::{
    billing::orders::{OrderDetail, OrderRow},
    entities::{document, user},
};

/// A customer, known by the billing system's id.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Customer {
    /// regdocs' own id.
    pub id: i32,
    /// The billing system's id of the customer.
    pub external_id: String,
    pub name: String,
    pub email: String,
    /// `en` or `tr`.
    pub language: String,
    pub created_at: DateTime<Utc>,
}

impl From<user::Model> for Customer {
    fn from(u: user::Model) -> Self {
        Self {
            id: u.id,
            external_id: u.external_id.unwrap_or_default(),
            name: u.name,
            email: u.email,
            language: u.language,
            created_at: u.created_at,
        }
    }
}

/// A customer as the billing system describes them.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CustomerInput {
    pub name: String,
    pub email: String,
    /// `en` (the default) or `tr`.
    #[serde(default)]
    pub language: Option<String>,
}

/// An order to place.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewOrder {
    /// The customer's external id (create the customer first).
    pub customer: String,
    /// The order's id in the billing system: the same id again answers the same order.
    pub external_id: String,
    /// The domain name, Unicode or punycode.
    #[schema(example = "example.us")]
    pub domain: String,
    /// `register` (the default) or `transfer`: the order asks for the items that apply
    /// to it.
    #[serde(default)]
    pub operation: Option<String>,
    /// Answers to prefill, by item key (info items only; see the requirements schema).
    #[serde(default)]
    pub answers: HashMap<String, String>,
}

/// An order, whole.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Order {
    pub id: i32,
    pub external_id: Option<String>,
    /// The customer's external id (none for customers who signed up on regdocs).
    pub customer: Option<String>,
    /// The domain name (punycode).
    pub domain: String,
    /// `register` or `transfer`.
    #[schema(example = "register")]
    pub operation: String,
    /// `awaiting_documents`, `under_review`, `action_required`, `approved`,
    /// `ready_to_register`, `registering`, `registered`, `registration_failed` or
    /// `cancelled`.
    #[schema(example = "awaiting_documents")]
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The provider's message of the failed registration, while it is failed.
    pub registration_failure: Option<String>,
    pub items: Vec<Item>,
    pub trail: Vec<TrailEntry>,
}

/// One info or document item of an order.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Item {
    pub key: String,
    pub label: String,
    /// `text`, `textarea`, `select`, `country`, `date`, `checkbox` or `file`.
    pub kind: String,
    pub required: bool,
    /// `missing`, `draft`, `submitted`, `approved` or `rejected`.
    #[schema(example = "submitted")]
    pub status: String,
    pub value: Option<String>,
    /// The attempt the item is at (1, then one more after each rejection).
    pub attempt: i32,
    /// The statement of the last rejection, while the item is rejected.
    pub statement: Option<String>,
    /// The documents of the current attempt.
    pub documents: Vec<Document>,
    /// Every attempt submitted, oldest first.
    pub attempts: Vec<Attempt>,
}

/// One submission of an item and what was decided on it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Attempt {
    pub attempt: i32,
    pub value: Option<String>,
    /// `submitted` (not decided yet), `approved` or `rejected`.
    pub decision: String,
    pub statement: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<String>,
}

/// A stored document.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Document {
    pub id: i32,
    pub item_key: String,
    pub attempt: i32,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
    /// Where to download it with the API key (approved items' documents only).
    pub download: Option<String>,
}

impl Document {
    fn of(d: &document::Model, approved: bool) -> Self {
        Self {
            id: d.id,
            item_key: d.item_key.clone(),
            attempt: d.attempt,
            name: d.original_name.clone(),
            content_type: d.content_type.clone(),
            size_bytes: d.size_bytes,
            sha256: d.sha256.clone(),
            uploaded_at: d.uploaded_at,
            download: approved.then(|| format!("/api/v1/documents/{}", d.id)),
        }
    }

    /// A document of an approved item, with its download path.
    pub fn approved(d: &document::Model) -> Self {
        Self::of(d, true)
    }
}

/// One line of an order's audit trail.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrailEntry {
    pub at: DateTime<Utc>,
    /// Who: a person's name, `API key “…”`, or `regdocs`.
    pub actor: String,
    #[schema(example = "placed")]
    pub kind: String,
    pub item_key: Option<String>,
    /// What the customer was told.
    pub statement: Option<String>,
    /// A provider's message, a module's note.
    pub detail: Option<String>,
}

impl From<OrderDetail> for Order {
    fn from(d: OrderDetail) -> Self {
        let requirements = d.order.requirements.clone();
        let def = |key: &str| {
            requirements
                .as_ref()
                .and_then(|r| r.items.iter().find(|i| i.key == key))
        };
        let items = d
            .items
            .iter()
            .map(|item| {
                let def = def(&item.item_key);
                let approved = item.status == app::domain::orders::ItemStatus::Approved;
                let attempts: Vec<Attempt> = d
                    .attempts
                    .iter()
                    .filter(|a| a.item_key == item.item_key)
                    .map(|a| Attempt {
                        attempt: a.attempt,
                        value: a.value.clone(),
                        decision: a.decision.as_str().to_owned(),
                        statement: a.statement.clone(),
                        submitted_at: a.submitted_at,
                        decided_at: a.decided_at,
                        decided_by: a.decided_by.and_then(|id| d.deciders.get(&id).cloned()),
                    })
                    .collect();
                Item {
                    key: item.item_key.clone(),
                    label: def.map(|i| i.label.clone()).unwrap_or_default(),
                    kind: def.map(|i| i.kind.name()).unwrap_or("text").to_owned(),
                    required: def.is_some_and(|i| i.required),
                    status: item.status.as_str().to_owned(),
                    value: item.value.clone(),
                    attempt: item.attempt,
                    statement: attempts
                        .iter()
                        .rev()
                        .find(|a| a.decision == "rejected")
                        .filter(|_| item.status == app::domain::orders::ItemStatus::Rejected)
                        .and_then(|a| a.statement.clone()),
                    documents: d
                        .documents
                        .iter()
                        .filter(|doc| doc.item_key == item.item_key && doc.attempt == item.attempt)
                        .map(|doc| Document::of(doc, approved))
                        .collect(),
                    attempts,
                }
            })
            .collect();
        Self {
            id: d.order.id,
            external_id: d.order.external_id,
            customer: d.customer_external_id,
            domain: d.order.domain,
            operation: d.order.operation.as_str().to_owned(),
            status: d.order.status.as_str().to_owned(),
            created_at: d.order.created_at,
            updated_at: d.order.updated_at,
            submitted_at: d.order.submitted_at,
            registration_failure: d.failure,
            items,
            trail: d
                .trail
                .into_iter()
                .map(|e| TrailEntry {
                    at: e.at,
                    actor: e.actor_name,
                    kind: e.kind,
                    item_key: e.item_key,
                    statement: e.statement,
                    detail: e.detail,
                })
                .collect(),
        }
    }
}

/// An order in a list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OrderSummary {
    pub id: i32,
    pub external_id: Option<String>,
    pub customer: Option<String>,
    pub domain: String,
    /// `register` or `transfer`.
    pub operation: String,
    #[schema(example = "under_review")]
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<OrderRow> for OrderSummary {
    fn from(r: OrderRow) -> Self {
        Self {
            id: r.order.id,
            external_id: r.order.external_id,
            customer: r.customer_external_id,
            domain: r.order.domain,
            operation: r.order.operation.as_str().to_owned(),
            status: r.order.status.as_str().to_owned(),
            created_at: r.order.created_at,
            updated_at: r.order.updated_at,
        }
    }
}

/// A page of orders, the newest first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OrderPage {
    pub orders: Vec<OrderSummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Which orders to list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderQuery {
    /// Only orders in this state.
    pub status: Option<String>,
    /// Only registrations (`register`) or transfers (`transfer`).
    pub operation: Option<String>,
    /// Only the orders of this customer (external id).
    pub customer: Option<String>,
    /// Only the order with this external id.
    pub external_id: Option<String>,
    /// Only orders of this domain name.
    pub domain: Option<String>,
    /// Only orders changed at or after this time (RFC 3339).
    pub updated_since: Option<DateTime<Utc>>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Orders per page, 1 to 100 (default 50).
    pub limit: Option<u64>,
}

/// Why the billing system cancels an order; the customer sees it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CancelInput {
    #[schema(example = "The invoice was not paid.")]
    pub statement: String,
}

/// The result of a registration the billing system made itself.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RegistrationReport {
    /// `registered` or `failed`.
    #[schema(example = "registered")]
    pub result: String,
    /// The provider's message (required for `failed`).
    #[serde(default)]
    pub message: Option<String>,
}

/// A sign-in link to ask for.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct LinkInput {
    /// The order the customer lands on (theirs); else their list of orders.
    #[serde(default)]
    pub order_id: Option<i32>,
}

/// A one-time sign-in link: send the customer's browser to `url` before `expires_at`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SignInLink {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// The documents of an order's approved items.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DocumentList {
    pub documents: Vec<Document>,
}

/// Which requirements to describe.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequirementsQuery {
    /// `register` (the default) or `transfer`: the items an order of it asks for.
    pub operation: Option<String>,
}
