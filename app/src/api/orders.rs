//! Ordering a domain and supplying what its registry requires.

use std::collections::HashMap;

use leptos::{prelude::*, server_fn::codec::Json};

pub use crate::domain::order_view::{
    AdminOrderInfo, AttemptView, DocumentView, DomainCheck, EarlierApproval, ItemView,
    OrderSummary, OrderView, ReuseOffer, WalletEntry,
};
use crate::error::AppError;

/// What placing an order for `domain` would mean; public.
///
/// # Errors
/// [`AppError::Validation`] on `domain` (malformed, or its extension is not offered).
#[server]
pub async fn check_domain(domain: String) -> Result<DomainCheck, AppError> {
    let state = crate::backend::infra::state::app_state()?;
    crate::backend::orders::check_domain(&state.db, &domain).await
}

/// Places an order (`operation`: `register`, the default, or `transfer`) and sends the
/// browser to it.
///
/// # Errors
/// [`AppError::Unauthorized`] when signed out; [`AppError::NotVerified`] before the
/// e-mail address is confirmed; [`AppError::Validation`] on `domain` or `operation`;
/// [`AppError::Conflict`] with too many orders in progress.
#[server]
pub async fn place_order(domain: String, operation: Option<String>) -> Result<i32, AppError> {
    use crate::{
        backend::{accounts::request, infra::ctx::Ctx, orders},
        domain::requirements::Operation,
        i18n::td_string,
    };
    let operation = match operation.as_deref() {
        None | Some("") => Operation::Register,
        Some(o) => Operation::parse(o).ok_or_else(|| {
            AppError::validation(
                "operation",
                td_string!(request::locale(), refusals.forms.operation),
            )
        })?,
    };
    let ctx = Ctx::user().await?;
    let placed = orders::place_with(&ctx, &domain, operation, None).await?;
    leptos_axum::redirect(&format!("/orders/{}", placed.id));
    Ok(placed.id)
}

/// The signed-in customer's orders, newest first.
///
/// # Errors
/// [`AppError::Unauthorized`] when signed out.
#[server]
pub async fn my_orders() -> Result<Vec<OrderSummary>, AppError> {
    use crate::backend::{infra::ctx::Ctx, orders};
    let ctx = Ctx::user().await?;
    orders::list_for(ctx.db(), ctx.id()).await
}

/// One order, for its owner (or an admin).
///
/// # Errors
/// [`AppError::NotFound`] for an order that is not the caller's.
#[server]
pub async fn get_order(id: i32) -> Result<OrderView, AppError> {
    use crate::backend::{infra::ctx::Ctx, orders};
    orders::view(&Ctx::user().await?, id).await
}

/// Saves the answers so far without submitting.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] when the order cannot be changed now.
#[server(input = Json)]
pub async fn save_draft(id: i32, answers: HashMap<String, String>) -> Result<OrderView, AppError> {
    use crate::backend::{infra::ctx::Ctx, orders};
    let ctx = Ctx::user().await?;
    orders::save_answers(&ctx, id, &answers).await?;
    orders::view(&ctx, id).await
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
    use crate::backend::{infra::ctx::Ctx, orders};
    let ctx = Ctx::user().await?;
    orders::submit(&ctx, id, &answers).await?;
    orders::view(&ctx, id).await
}

/// Removes an uploaded document of an item that can still be changed.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] when the item cannot change now.
#[server]
pub async fn remove_document(id: i32) -> Result<(), AppError> {
    use crate::backend::{infra::ctx::Ctx, orders};
    orders::remove_document(&Ctx::user().await?, id).await
}

/// Uses the approved document `document_id` (from another order of the customer's)
/// for item `item_key` of order `order_id`, instead of uploading it again.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] when the item cannot take it now, or
/// the document is not one offered for it (another kind, expired, purged).
#[server]
pub async fn reuse_document(
    order_id: i32,
    item_key: String,
    document_id: i32,
) -> Result<DocumentView, AppError> {
    use crate::backend::{infra::ctx::Ctx, orders::wallet};
    let ctx = Ctx::user().await?;
    wallet::reuse(&ctx, order_id, &item_key, document_id, chrono::Utc::now()).await
}

/// "My documents": every document the signed-in customer uploaded or reused, newest
/// first, with its order, item, decision and validity.
///
/// # Errors
/// [`AppError::Unauthorized`] when signed out.
#[server]
pub async fn my_documents() -> Result<Vec<WalletEntry>, AppError> {
    use crate::backend::{infra::ctx::Ctx, orders::wallet};
    let ctx = Ctx::user().await?;
    wallet::wallet(ctx.db(), ctx.id(), chrono::Utc::now()).await
}

/// Cancels an order: its customer while it waits for them or is under review; an admin
/// any order that has not ended, with a `statement` the customer sees. Answers the
/// updated order.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Validation`] on `statement` (admins must give
/// one); [`AppError::Conflict`] when the order can no longer be cancelled by the caller.
#[server]
pub async fn cancel_order(id: i32, statement: Option<String>) -> Result<OrderView, AppError> {
    use crate::backend::{infra::ctx::Ctx, orders};
    let ctx = Ctx::user().await?;
    orders::cancel(&ctx, id, statement.as_deref()).await?;
    orders::view(&ctx, id).await
}

/// The address uploads of an item's documents go to (a streaming route, not a server
/// function).
pub fn upload_url(order_id: i32, item_key: &str) -> String {
    format!("/api/orders/{order_id}/items/{item_key}/documents")
}
