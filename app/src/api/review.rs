//! The admin review console: the queue of orders waiting for review, and decisions on
//! single items.

use leptos::prelude::*;

pub use crate::domain::queue::{QueuePage, QueueRow};
use crate::{
    domain::{
        order_view::OrderView,
        orders::{OrderStatus, ReviewDecision},
    },
    error::AppError,
};

/// Orders in `status` (default: under review), oldest submission first; admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn review_queue(
    status: Option<OrderStatus>,
    extension: Option<String>,
    page: Option<u64>,
) -> Result<QueuePage, AppError> {
    use crate::backend::{infra::ctx::Ctx, orders::review};
    let ctx = Ctx::admin().await?;
    let status = status.unwrap_or(OrderStatus::UnderReview);
    let extension = extension.filter(|e| !e.is_empty());
    review::queue(ctx.db(), status, extension.as_deref(), page.unwrap_or(1)).await
}

/// How many orders wait for review (the badge); admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn pending_reviews() -> Result<u64, AppError> {
    crate::backend::accounts::request::require_admin().await?;
    let state = crate::backend::infra::state::app_state()?;
    crate::backend::orders::review::pending_count(&state.db).await
}

/// Approves or rejects (with a statement the customer will see, or else the statement of
/// the reason template `template_id`) one submitted item, as seen in `attempt`; answers
/// the updated order.
///
/// # Errors
/// [`AppError::Validation`] on `statement`; [`AppError::Conflict`] when the item was
/// decided meanwhile (e.g. by another admin).
#[server]
pub async fn review_item(
    order_id: i32,
    item_key: String,
    attempt: i32,
    decision: ReviewDecision,
    statement: Option<String>,
    template_id: Option<i32>,
) -> Result<OrderView, AppError> {
    use crate::backend::{
        infra::ctx::Ctx,
        orders::{self, Decision},
    };
    let ctx = Ctx::admin().await?;
    let decision = Decision::from_form(&ctx, decision, statement, template_id).await?;
    orders::decide_item(&ctx, order_id, &item_key, attempt, decision).await?;
    orders::view(&ctx, order_id).await
}
