//! The admin review console: the queue of orders waiting for review, and decisions on
//! single items.

use leptos::prelude::*;

pub use crate::domain::queue::{QueuePage, QueueRow};
use crate::{domain::order_view::OrderView, error::AppError};

/// Orders in `status` (default: under review), oldest submission first; admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn review_queue(
    status: Option<String>,
    extension: Option<String>,
    page: Option<u64>,
) -> Result<QueuePage, AppError> {
    use crate::domain::orders::OrderStatus;
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    let status = match status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => {
            OrderStatus::parse(s).ok_or_else(|| AppError::validation("status", "Unknown state."))?
        }
        None => OrderStatus::UnderReview,
    };
    let extension = extension.filter(|e| !e.is_empty());
    crate::backend::review::queue(&state.db, status, extension.as_deref(), page.unwrap_or(1)).await
}

/// How many orders wait for review (the badge); admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn pending_reviews() -> Result<u64, AppError> {
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::review::pending_count(&state.db).await
}

/// Approves (`decision` = `approve`) or rejects (`reject`, with a statement the customer
/// will see, or else the statement of the reason template `template_id`) one submitted
/// item, as seen in `attempt`; answers the updated order.
///
/// # Errors
/// [`AppError::Validation`] on `statement` or `decision`; [`AppError::Conflict`] when
/// the item was decided meanwhile (e.g. by another admin).
#[server]
pub async fn review_item(
    order_id: i32,
    item_key: String,
    attempt: i32,
    decision: String,
    statement: Option<String>,
    template_id: Option<i32>,
) -> Result<OrderView, AppError> {
    use crate::backend::{
        ctx::Ctx,
        orders::{self, Decision},
    };
    let ctx = Ctx::admin().await?;
    let decision = match decision.as_str() {
        "approve" => Decision::Approve,
        "reject" => {
            let mut statement = statement.unwrap_or_default();
            if statement.trim().is_empty()
                && let Some(template) = template_id
            {
                statement = crate::backend::reasons::get(ctx.db(), template)
                    .await?
                    .statement;
            }
            Decision::Reject { statement }
        }
        _ => return Err(AppError::validation("decision", "Approve or reject.")),
    };
    orders::decide_item(&ctx, order_id, &item_key, attempt, decision).await?;
    orders::view(&ctx, order_id).await
}
