//! An admin's decision on one submitted item, and the order's state after the last one.

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr};
use tracing::instrument;

use super::OrderTx;
use crate::{
    backend::{
        entities::{document, item_attempt, order_item},
        infra::ctx::Ctx,
        orders::audit::{self, Actor, Entry},
        orders::claims,
        orders::notify::{self, Notice},
        orders::reasons,
    },
    domain::{
        audit::AuditKind,
        orders::{ItemStatus, OrderStatus, ReviewDecision},
    },
    error::AppError,
};

/// An admin's decision on one submitted item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject { statement: String },
}

impl Decision {
    /// The decision a review form sent: a rejection's statement typed, or else taken from
    /// the reason template `template_id`.
    ///
    /// # Errors
    /// [`AppError::NotFound`] for an unknown template.
    pub async fn from_form(
        ctx: &Ctx,
        decision: ReviewDecision,
        statement: Option<String>,
        template_id: Option<i32>,
    ) -> Result<Self, AppError> {
        Ok(match decision {
            ReviewDecision::Approve => Self::Approve,
            ReviewDecision::Reject => {
                let mut statement = statement.unwrap_or_default();
                if statement.trim().is_empty()
                    && let Some(template) = template_id
                {
                    statement = reasons::get(ctx, template).await?.statement;
                }
                Self::Reject { statement }
            }
        })
    }
}

/// Records a decision on item `key` of order `id`, made on `attempt` (what the admin
/// saw), freezing the documents of that attempt with it. When no item waits for a
/// decision any more, the order moves on: any rejection makes it "action required",
/// otherwise it is approved. Both happen under the order's lock, so of two admins
/// deciding the last two items at once, the second sees the first's decision and moves
/// the order: an order whose items are all decided is never left under review.
///
/// # Errors
/// [`AppError::Validation`] for a rejection without a statement; [`AppError::Conflict`]
/// when the item is not (or no longer) waiting for a decision on that attempt, e.g.
/// another admin decided first; [`AppError::NotFound`].
#[instrument(skip(ctx), fields(admin = ctx.id()))]
pub async fn decide_item(
    ctx: &Ctx,
    id: i32,
    key: &str,
    attempt: i32,
    decision: Decision,
) -> Result<OrderStatus, AppError> {
    if !ctx.is_admin() {
        return Err(AppError::Forbidden);
    }
    let statement = match &decision {
        Decision::Approve => None,
        Decision::Reject { statement } if statement.trim().is_empty() => {
            return Err(AppError::validation(
                "statement",
                "Tell the customer why the item is rejected.",
            ));
        }
        Decision::Reject { statement } => Some(statement.trim().to_owned()),
    };
    let mut tx = OrderTx::lock(ctx.db(), id).await?;
    if tx.status() != OrderStatus::UnderReview {
        return Err(AppError::Conflict {
            message: "This order is not under review.".into(),
        });
    }
    claims::before_decision(ctx, &tx).await?;
    let item = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(id))
        .filter(order_item::Column::ItemKey.eq(key))
        .one(tx.txn())
        .await?;
    let waiting = item.is_some_and(|i| i.status.can_be_decided() && i.attempt == attempt);
    if !waiting {
        return Err(AppError::Conflict {
            message: "This item is not waiting for a decision any more; someone may have decided it already.".into(),
        });
    }
    let now = Utc::now();
    let new_status = if statement.is_some() {
        ItemStatus::Rejected
    } else {
        ItemStatus::Approved
    };
    let mut update = order_item::Entity::update_many()
        .col_expr(order_item::Column::Status, Expr::value(new_status))
        .col_expr(order_item::Column::UpdatedAt, Expr::value(now));
    if new_status == ItemStatus::Rejected {
        // Replacements the customer uploads belong to the next attempt.
        update = update.col_expr(order_item::Column::Attempt, Expr::value(attempt + 1));
    }
    update
        .filter(order_item::Column::OrderId.eq(id))
        .filter(order_item::Column::ItemKey.eq(key))
        .exec(tx.txn())
        .await?;
    // What was decided on: the documents of this attempt, by id, as they are now (no
    // upload can reach a submitted attempt, and none can be added after this).
    let decided: Vec<i32> = document::Entity::find()
        .select_only()
        .column(document::Column::Id)
        .filter(document::Column::OrderId.eq(id))
        .filter(document::Column::ItemKey.eq(key))
        .filter(document::Column::Attempt.eq(attempt))
        .into_tuple()
        .all(tx.txn())
        .await?;
    item_attempt::Entity::update_many()
        .col_expr(item_attempt::Column::Decision, Expr::value(new_status))
        .col_expr(
            item_attempt::Column::Statement,
            Expr::value(statement.clone()),
        )
        .col_expr(item_attempt::Column::DecidedAt, Expr::value(Some(now)))
        .col_expr(item_attempt::Column::DecidedBy, Expr::value(Some(ctx.id())))
        .col_expr(
            item_attempt::Column::DocumentIds,
            Expr::value(Some(item_attempt::DocumentIds(decided))),
        )
        .filter(item_attempt::Column::OrderId.eq(id))
        .filter(item_attempt::Column::ItemKey.eq(key))
        .filter(item_attempt::Column::Attempt.eq(attempt))
        .exec(tx.txn())
        .await?;
    let entry = match &statement {
        Some(statement) => Entry::new(AuditKind::ItemRejected)
            .item(key)
            .statement(statement),
        None => Entry::new(AuditKind::ItemApproved).item(key),
    };
    audit::record(tx.txn(), id, ctx.actor(), entry).await?;

    let statuses: Vec<ItemStatus> = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(id))
        .all(tx.txn())
        .await?
        .iter()
        .map(|i| i.status)
        .collect();
    if !statuses.contains(&ItemStatus::Submitted) {
        let next = if statuses.contains(&ItemStatus::Rejected) {
            OrderStatus::ActionRequired
        } else {
            OrderStatus::Approved
        };
        tx.move_to(next).await?;
        let now_is = next.label().to_lowercase();
        audit::record(
            tx.txn(),
            id,
            Actor::System,
            Entry::new(AuditKind::StatusChanged).detail(&now_is),
        )
        .await?;
        let notice = if next == OrderStatus::Approved {
            Notice::Approved
        } else {
            Notice::ItemsRejected
        };
        notify::send(tx.txn(), &ctx.state.mailer, id, notice).await?;
    }
    let order = tx.commit(&ctx.state.events).await?;
    Ok(order.status)
}
