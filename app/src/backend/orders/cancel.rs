//! The way out of an order. A customer cancels their own order while it waits for them
//! or is under review; an admin cancels any order that has not ended, saying why (the
//! customer sees the statement). The name is free to order again at once.

use tracing::{info, instrument};

use super::{OrderTx, state_text};
use crate::{
    backend::{
        accounts::request,
        infra::ctx::Ctx,
        orders::audit::{self, Entry},
        orders::notify::{self, Notice},
    },
    domain::{audit::AuditKind, orders::OrderStatus},
    error::AppError,
    i18n::td_string,
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
    let locale = request::locale();
    if ctx.is_admin() && statement.is_none() {
        return Err(AppError::validation(
            "statement",
            td_string!(locale, refusals.cancel.statement_needed),
        ));
    }
    let mut tx = OrderTx::lock_for(ctx, id).await?;
    let status = tx.status();
    if !ctx.is_admin() && !status.customer_can_cancel() {
        return Err(AppError::Conflict {
            message: td_string!(
                locale,
                refusals.cancel.too_late,
                state = state_text(locale, status)
            )
            .to_string(),
        });
    }
    if tx.order().registered_at.is_some() {
        return Err(AppError::Conflict {
            message: td_string!(locale, refusals.cancel.reverification).to_owned(),
        });
    }
    if status == OrderStatus::Cancelled {
        return Err(AppError::Conflict {
            message: td_string!(locale, refusals.cancel.already).to_owned(),
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
