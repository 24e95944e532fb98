//! The way out of an order. A customer cancels their own order while it waits for them
//! or is under review; an admin cancels any order that has not ended, saying why (the
//! customer sees the statement). The name is free to order again at once.

use tracing::{info, instrument};

use super::OrderTx;
use crate::{
    backend::{
        infra::ctx::Ctx,
        orders::audit::{self, Entry},
        orders::notify::{self, Notice},
    },
    domain::{audit::AuditKind, orders::OrderStatus},
    error::AppError,
};

/// Cancels order `id` for `ctx`. Admins must give a `statement` for the customer;
/// customers may give a reason, kept in the trail.
///
/// # Errors
/// [`AppError::NotFound`] (not theirs); [`AppError::Validation`] on `statement` for an
/// admin without one; [`AppError::Conflict`] when the order can no longer be cancelled
/// by this person (a customer's order past review, any order that has ended).
#[instrument(skip(ctx, statement), fields(by = ctx.id()))]
pub async fn cancel(ctx: &Ctx, id: i32, statement: Option<&str>) -> Result<(), AppError> {
    let statement = statement.map(str::trim).filter(|s| !s.is_empty());
    if ctx.is_admin() && statement.is_none() {
        return Err(AppError::validation(
            "statement",
            "Tell the customer why the order is cancelled.",
        ));
    }
    let mut tx = OrderTx::lock_for(ctx, id).await?;
    let status = tx.status();
    if !ctx.is_admin() && !status.customer_can_cancel() {
        return Err(AppError::Conflict {
            message: format!(
                "This order is {}; it can no longer be cancelled here. Please contact us.",
                status.label().to_lowercase()
            ),
        });
    }
    if tx.order().registered_at.is_some() {
        return Err(AppError::Conflict {
            message: "This domain is registered; its re-verification cannot be cancelled. \
                      Please supply what is asked, or contact us."
                .into(),
        });
    }
    if status == OrderStatus::Cancelled {
        return Err(AppError::Conflict {
            message: "This order is cancelled already.".into(),
        });
    }
    tx.move_to(OrderStatus::Cancelled).await?;
    let mut entry = Entry::new(AuditKind::Cancelled);
    if let Some(statement) = statement {
        entry = entry.statement(statement);
    }
    audit::record(tx.txn(), id, ctx.actor(), entry).await?;
    notify::send(tx.txn(), &ctx.state.mailer, id, Notice::Cancelled).await?;
    tx.commit(&ctx.state.events).await?;
    info!(order_id = id, from = status.as_str(), "order cancelled");
    Ok(())
}
