//! Ordering a domain and supplying what its registry requires.

use std::collections::HashMap;

use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

use crate::{
    domain::{
        audit::AuditEntry,
        orders::{ItemStatus, OrderStatus},
        requirements::RequirementSet,
    },
    error::AppError,
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
}

/// One earlier (or the current) submitted attempt of an item and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptView {
    pub attempt: i32,
    pub value: Option<String>,
    /// `submitted`, `approved` or `rejected`.
    pub decision: String,
    pub statement: Option<String>,
    pub submitted_at: String,
    pub documents: Vec<DocumentView>,
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

/// What placing an order for `domain` would mean; public.
///
/// # Errors
/// [`AppError::Validation`] on `domain` (malformed, or its extension is not offered).
#[server]
pub async fn check_domain(domain: String) -> Result<DomainCheck, AppError> {
    let state = crate::backend::state::app_state()?;
    crate::backend::orders::check_domain(&state.db, &domain).await
}

/// Places an order and sends the browser to it.
///
/// # Errors
/// [`AppError::Unauthorized`] when signed out; [`AppError::Validation`] on `domain`.
#[server]
pub async fn place_order(domain: String) -> Result<i32, AppError> {
    let customer = crate::backend::request::require_user().await?;
    let state = crate::backend::state::app_state()?;
    let id = crate::backend::orders::place(&state.db, &state.mailer, customer.id, &domain).await?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(id)
}

/// The signed-in customer's orders, newest first.
///
/// # Errors
/// [`AppError::Unauthorized`] when signed out.
#[server]
pub async fn my_orders() -> Result<Vec<OrderSummary>, AppError> {
    let customer = crate::backend::request::require_user().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::orders::list_for(&state.db, customer.id).await
}

/// One order, for its owner (or an admin).
///
/// # Errors
/// [`AppError::NotFound`] for an order that is not the caller's.
#[server]
pub async fn get_order(id: i32) -> Result<OrderView, AppError> {
    let viewer = crate::backend::request::require_user().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::orders::view(&state.db, &state.settings, &viewer, id).await
}

/// Saves the answers so far without submitting.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] when the order cannot be changed now.
#[server(input = Json)]
pub async fn save_draft(id: i32, answers: HashMap<String, String>) -> Result<OrderView, AppError> {
    let customer = crate::backend::request::require_user().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::orders::save_answers(&state.db, customer.id, id, &answers).await?;
    crate::backend::orders::view(&state.db, &state.settings, &customer, id).await
}

/// Saves the answers and submits the order for review.
///
/// # Errors
/// [`AppError::Invalid`] listing the items at fault by key; [`AppError::Conflict`] when
/// the order is not waiting for the customer (e.g. already under review).
#[server(input = Json)]
pub async fn submit_order(
    id: i32,
    answers: HashMap<String, String>,
) -> Result<OrderView, AppError> {
    let customer = crate::backend::request::require_user().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::orders::submit(&state.db, &state.mailer, customer.id, id, &answers).await?;
    state
        .events
        .publish(crate::backend::events::Event::OrderChanged {
            order_id: id,
            customer_id: customer.id,
        });
    crate::backend::orders::view(&state.db, &state.settings, &customer, id).await
}

/// Removes an uploaded document of an item that can still be changed.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] when the item cannot change now.
#[server]
pub async fn remove_document(id: i32) -> Result<(), AppError> {
    let customer = crate::backend::request::require_user().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::orders::remove_document(&state.db, &state.documents, customer.id, id).await
}

/// The address uploads of an item's documents go to (a streaming route, not a server
/// function).
pub fn upload_url(order_id: i32, item_key: &str) -> String {
    format!("/api/orders/{order_id}/items/{item_key}/documents")
}
