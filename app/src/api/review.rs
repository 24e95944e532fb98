//! The admin review console: the queue of orders waiting for review, and decisions on
//! single items.

use leptos::prelude::*;

pub use crate::domain::claims::{ClaimFilter, ClaimView};
pub use crate::domain::queue::{BadgeCounts, BulkLine, BulkOutcome, QueueKey, QueuePage, QueueRow};
use crate::{
    domain::{
        order_view::OrderView,
        orders::{OrderStatus, ReviewDecision},
    },
    error::AppError,
};

/// Orders in `status` (default: under review), oldest submission first, the page after
/// or before a cursor (`after` / `before`, as [`QueueKey::encode`] writes them; the first
/// page without); admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin,
/// [`AppError::Validation`] for a cursor that is not one.
#[server]
pub async fn review_queue(
    status: Option<OrderStatus>,
    extension: Option<String>,
    after: Option<String>,
    before: Option<String>,
    claim: Option<ClaimFilter>,
) -> Result<QueuePage, AppError> {
    use crate::backend::{accounts::request, infra::ctx::Ctx, orders::review};
    use crate::domain::queue::{QueueCursor, QueueKey};
    use crate::i18n::td_string;
    let ctx = Ctx::admin().await?;
    let status = status.unwrap_or(OrderStatus::UnderReview);
    let extension = extension.filter(|e| !e.is_empty());
    let key = |text: &str| {
        QueueKey::decode(text).ok_or_else(|| {
            AppError::validation(
                "cursor",
                td_string!(request::locale(), refusals.forms.queue_link_broken),
            )
        })
    };
    let cursor = match (
        after.filter(|a| !a.is_empty()),
        before.filter(|b| !b.is_empty()),
    ) {
        (Some(after), _) => Some(QueueCursor::After(key(&after)?)),
        (None, Some(before)) => Some(QueueCursor::Before(key(&before)?)),
        (None, None) => None,
    };
    review::queue(
        ctx.db(),
        status,
        extension.as_deref(),
        cursor,
        claim.unwrap_or_default(),
        ctx.id(),
        ctx.state.settings.sla_policy(),
    )
    .await
}

/// How many orders wait for review, and how many of them are past the review target
/// (the badge); admins only. The counts kept by the server's `Backlog` (counted once per
/// change, whatever the table size and the number of admins), or counted now while it
/// has none yet.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn pending_reviews() -> Result<BadgeCounts, AppError> {
    use crate::backend::orders::review;
    crate::backend::accounts::request::require_admin().await?;
    let state = crate::backend::infra::state::app_state()?;
    let pending = match state.backlog.current() {
        Some(count) => count,
        None => review::pending_count(&state.db).await?,
    };
    let overdue = match state.backlog.overdue() {
        Some(count) => count,
        None => {
            let sla = state.settings.sla_policy();
            review::overdue_count(&state.db, sla, chrono::Utc::now()).await?
        }
    };
    Ok(BadgeCounts { pending, overdue })
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

/// Claims order `order_id` for the signed-in admin ("I am reviewing this"), or keeps
/// their claim alive; `take_over` takes it from another admin.
///
/// # Errors
/// [`AppError::Conflict`] when another admin holds it (without `take_over`) or the order
/// is closed.
#[server]
pub async fn claim_order(order_id: i32, take_over: Option<bool>) -> Result<(), AppError> {
    use crate::backend::{infra::ctx::Ctx, orders::claims};
    let ctx = Ctx::admin().await?;
    claims::claim(&ctx, order_id, take_over.unwrap_or(false)).await
}

/// Gives up the signed-in admin's claim on order `order_id`.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown order.
#[server]
pub async fn release_order(order_id: i32) -> Result<(), AppError> {
    use crate::backend::{infra::ctx::Ctx, orders::claims};
    let ctx = Ctx::admin().await?;
    claims::release(&ctx, order_id).await
}

/// Keeps the signed-in admin's claim on order `order_id` alive while its page is open;
/// `false` when they do not hold it.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown order.
#[server]
pub async fn keep_claim(order_id: i32) -> Result<bool, AppError> {
    use crate::backend::{infra::ctx::Ctx, orders::claims};
    let ctx = Ctx::admin().await?;
    claims::keep(&ctx, order_id).await
}

/// Decides every item of order `order_id` that waits for a decision: approves them all,
/// or rejects them all with one statement (typed, or a template's).
///
/// # Errors
/// [`AppError::Conflict`] when nothing waits, the order is not under review or another
/// admin holds its claim; [`AppError::Validation`] on `statement`.
#[server]
pub async fn decide_order(
    order_id: i32,
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
    orders::decide_all(&ctx, order_id, decision, false).await?;
    orders::view(&ctx, order_id).await
}

/// A decision on several orders of the queue (`order_ids`: ids separated by commas):
/// approves those whose every item can be approved, or rejects every waiting item with
/// one statement (typed, or a template's); one transaction per order. Answers what was
/// done and what was not, and why.
///
/// # Errors
/// [`AppError::Validation`] for no order or too many, or a rejection without a
/// statement.
#[server]
pub async fn decide_orders(
    order_ids: String,
    decision: ReviewDecision,
    statement: Option<String>,
    template_id: Option<i32>,
) -> Result<BulkOutcome, AppError> {
    use crate::backend::{
        accounts::request,
        infra::ctx::Ctx,
        orders::{self, Decision},
    };
    use crate::i18n::td_string;
    let ctx = Ctx::admin().await?;
    let ids = order_ids
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse::<i32>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| {
            AppError::validation(
                "order_ids",
                td_string!(request::locale(), refusals.forms.select_orders),
            )
        })?;
    let decision = Decision::from_form(&ctx, decision, statement, template_id).await?;
    orders::decide_many(&ctx, &ids, decision).await
}

/// The order waiting longest for review that the signed-in admin may take up (not
/// claimed by another admin), other than `current`: the "next order" of the review page.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn next_waiting_order(current: Option<i32>) -> Result<Option<i32>, AppError> {
    use crate::backend::{infra::ctx::Ctx, orders::review};
    let ctx = Ctx::admin().await?;
    review::next_waiting(ctx.db(), ctx.id(), current).await
}

/// Deletes the stored bytes of every document of closed order `order_id` at once (the
/// rows keep hash, size, type and decisions); admins only. Answers how many documents
/// were purged.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but an admin; [`AppError::Conflict`] while the
/// order is open.
#[server]
pub async fn purge_order_documents(order_id: i32) -> Result<u64, AppError> {
    use crate::backend::{infra::ctx::Ctx, orders::retention};
    let ctx = Ctx::admin().await?;
    Ok(retention::purge_order(&ctx, order_id).await?.documents)
}

/// Asks the customer of registered order `order_id` again for items `item_keys`
/// (re-verification), telling them `statement`; admins only.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but an admin; [`AppError::Validation`] for no
/// item, an unknown one or no statement; [`AppError::Conflict`] unless the order is
/// registered.
#[server(input = leptos::server_fn::codec::Json)]
pub async fn request_reverification(
    order_id: i32,
    item_keys: Vec<String>,
    statement: String,
) -> Result<(), AppError> {
    use crate::backend::{infra::ctx::Ctx, orders::reverify};
    let ctx = Ctx::admin().await?;
    reverify::request(&ctx, order_id, &item_keys, &statement).await
}
