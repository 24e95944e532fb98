//! An admin's decision on one submitted item, and the order's state after the last one.

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr};
use tracing::instrument;

use super::OrderTx;
use crate::{
    backend::{
        accounts::request,
        catalog::extensions::idn_to_unicode,
        entities::{document, item_attempt, order, order_item},
        infra::ctx::Ctx,
        orders::audit::{self, Actor, Entry},
        orders::claims,
        orders::notify::{self, Notice},
        orders::reasons,
    },
    domain::{
        audit::AuditKind,
        orders::{ItemStatus, OrderStatus, ReviewDecision},
        queue::{BulkLine, BulkOutcome},
    },
    error::AppError,
    i18n::td_string,
};

/// An admin's decision on one submitted item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject {
        statement: String,
    },
    /// Rejected with a reason template's statement, written in each customer's language.
    RejectWithTemplate(crate::domain::reasons::ReasonTemplate),
}

/// A rejection's statement: as typed, or a template's in the customer's language.
enum Statement {
    Text(String),
    Template(crate::domain::reasons::ReasonTemplate),
}

impl Statement {
    /// The text the customer of the order `tx` locks reads.
    async fn for_customer(&self, tx: &OrderTx) -> Result<String, AppError> {
        match self {
            Self::Text(text) => Ok(text.clone()),
            Self::Template(template) => {
                let language =
                    crate::backend::entities::user::Entity::find_by_id(tx.order().customer_id)
                        .one(tx.txn())
                        .await?
                        .map(|customer| customer.language)
                        .unwrap_or_default();
                Ok(template.statement_in(&language).trim().to_owned())
            }
        }
    }
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
                let statement = statement.unwrap_or_default();
                match template_id {
                    Some(template) if statement.trim().is_empty() => {
                        Self::RejectWithTemplate(reasons::get(ctx, template).await?)
                    }
                    _ => Self::Reject { statement },
                }
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
/// another admin decided first, or another admin holds the order's claim;
/// [`AppError::NotFound`].
#[instrument(skip(ctx), fields(admin = ctx.id()))]
pub async fn decide_item(
    ctx: &Ctx,
    id: i32,
    key: &str,
    attempt: i32,
    decision: Decision,
) -> Result<OrderStatus, AppError> {
    let statement = checked_statement(ctx, &decision)?;
    let mut tx = open_for_decisions(ctx, id).await?;
    let item = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(id))
        .filter(order_item::Column::ItemKey.eq(key))
        .one(tx.txn())
        .await?;
    let waiting = item.is_some_and(|i| i.status.can_be_decided() && i.attempt == attempt);
    if !waiting {
        return Err(AppError::Conflict {
            message: td_string!(request::locale(), refusals.decide.not_waiting).to_owned(),
        });
    }
    let statement = match &statement {
        Some(statement) => Some(statement.for_customer(&tx).await?),
        None => None,
    };
    record(ctx, &tx, key, attempt, statement.as_deref()).await?;
    settle(ctx, &mut tx).await?;
    let order = tx.commit(&ctx.state.events).await?;
    Ok(order.status)
}

/// Decides every item of order `id` that waits for a decision the same way (approves
/// them all, or rejects them all with one statement), in one transaction with one audit
/// line per item; the order then moves on as after [`decide_item`]. Answers how many
/// items were decided.
///
/// With `only_if_all_approvable` (bulk approval from the queue), an order with a
/// rejected item is left as it is: approving the rest could not approve the order.
///
/// # Errors
/// [`AppError::Conflict`] when the order is not under review, another admin holds its
/// claim, nothing waits for a decision, or (with `only_if_all_approvable`) an item was
/// rejected; [`AppError::Validation`] for a rejection without a statement.
#[instrument(skip(ctx), fields(admin = ctx.id()))]
pub async fn decide_all(
    ctx: &Ctx,
    id: i32,
    decision: Decision,
    only_if_all_approvable: bool,
) -> Result<usize, AppError> {
    let statement = checked_statement(ctx, &decision)?;
    let mut tx = open_for_decisions(ctx, id).await?;
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(id))
        .all(tx.txn())
        .await?;
    if only_if_all_approvable && items.iter().any(|i| i.status == ItemStatus::Rejected) {
        return Err(AppError::Conflict {
            message: td_string!(request::locale(), refusals.decide.item_rejected).to_owned(),
        });
    }
    let waiting: Vec<_> = items.iter().filter(|i| i.status.can_be_decided()).collect();
    if waiting.is_empty() {
        return Err(AppError::Conflict {
            message: td_string!(request::locale(), refusals.decide.nothing_waiting).to_owned(),
        });
    }
    let statement = match &statement {
        Some(statement) => Some(statement.for_customer(&tx).await?),
        None => None,
    };
    for item in &waiting {
        record(ctx, &tx, &item.item_key, item.attempt, statement.as_deref()).await?;
    }
    settle(ctx, &mut tx).await?;
    tx.commit(&ctx.state.events).await?;
    Ok(waiting.len())
}

/// The statement of a rejection, trimmed (`None` for an approval).
fn checked_statement(ctx: &Ctx, decision: &Decision) -> Result<Option<Statement>, AppError> {
    if !ctx.is_admin() {
        return Err(AppError::Forbidden);
    }
    match decision {
        Decision::Approve => Ok(None),
        Decision::Reject { statement } if statement.trim().is_empty() => Err(AppError::validation(
            "statement",
            td_string!(request::locale(), refusals.decide.statement_needed),
        )),
        Decision::Reject { statement } => Ok(Some(Statement::Text(statement.trim().to_owned()))),
        Decision::RejectWithTemplate(template) => Ok(Some(Statement::Template(template.clone()))),
    }
}

/// Locks order `id` for decisions: it must be under review, and not claimed by another
/// admin.
async fn open_for_decisions(ctx: &Ctx, id: i32) -> Result<OrderTx, AppError> {
    let tx = OrderTx::lock(ctx.db(), id).await?;
    if tx.status() != OrderStatus::UnderReview {
        return Err(AppError::Conflict {
            message: td_string!(request::locale(), refusals.decide.not_under_review).to_owned(),
        });
    }
    claims::before_decision(ctx, &tx).await?;
    Ok(tx)
}

/// Writes one decision (rejected with `statement`, approved without) on attempt
/// `attempt` of item `key`, with the documents it was made on and its audit line.
async fn record(
    ctx: &Ctx,
    tx: &OrderTx,
    key: &str,
    attempt: i32,
    statement: Option<&str>,
) -> Result<(), AppError> {
    let id = tx.id();
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
            Expr::value(statement.map(str::to_owned)),
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
    let entry = match statement {
        Some(statement) => Entry::new(AuditKind::ItemRejected)
            .item(key)
            .statement(statement),
        None => Entry::new(AuditKind::ItemApproved).item(key),
    };
    audit::record(tx.txn(), id, ctx.actor(), entry).await
}

/// Moves the order on once no item waits for a decision: "action required" after any
/// rejection, otherwise approved; tells the customer.
async fn settle(ctx: &Ctx, tx: &mut OrderTx) -> Result<(), AppError> {
    let id = tx.id();
    let statuses: Vec<ItemStatus> = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(id))
        .all(tx.txn())
        .await?
        .iter()
        .map(|i| i.status)
        .collect();
    if statuses.contains(&ItemStatus::Submitted) {
        return Ok(());
    }
    let next = if statuses.contains(&ItemStatus::Rejected) {
        OrderStatus::ActionRequired
    } else if tx.order().registered_at.is_some() {
        // A re-verification: the domain stays registered, nothing to register again.
        OrderStatus::Registered
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
    let notice = match next {
        OrderStatus::Approved => Notice::Approved,
        OrderStatus::Registered => Notice::Reverified,
        _ => Notice::ItemsRejected,
    };
    notify::send(tx.txn(), &ctx.state.mailer, id, notice).await
}

/// A bulk decision from the queue: for each order of `ids` on its own (one transaction
/// per order, one audit line per item), approves every waiting item of orders whose
/// every item can be approved, or rejects every waiting item with one statement. Orders
/// that cannot be decided so are left as they were, each with the reason.
///
/// # Errors
/// [`AppError::Validation`] for no order, too many, or a rejection without a
/// statement; database failures (orders done before stay done).
#[instrument(skip(ctx, ids), fields(admin = ctx.id(), orders = ids.len()))]
pub async fn decide_many(
    ctx: &Ctx,
    ids: &[i32],
    decision: Decision,
) -> Result<BulkOutcome, AppError> {
    checked_statement(ctx, &decision)?;
    let locale = request::locale();
    if ids.is_empty() {
        return Err(AppError::validation(
            "order_ids",
            td_string!(locale, refusals.decide.select_one),
        ));
    }
    if ids.len() > BulkOutcome::MAX_ORDERS {
        return Err(AppError::validation(
            "order_ids",
            td_string!(
                locale,
                refusals.decide.select_at_most,
                max = BulkOutcome::MAX_ORDERS
            )
            .to_string(),
        ));
    }
    let domains: std::collections::HashMap<i32, String> = order::Entity::find()
        .select_only()
        .column(order::Column::Id)
        .column(order::Column::Domain)
        .filter(order::Column::Id.is_in(ids.iter().copied()))
        .into_tuple::<(i32, String)>()
        .all(ctx.db())
        .await?
        .into_iter()
        .collect();
    let approving = decision == Decision::Approve;
    let mut outcome = BulkOutcome::default();
    let mut seen = std::collections::HashSet::new();
    for &id in ids.iter().filter(|id| seen.insert(**id)) {
        let Some(domain) = domains.get(&id) else {
            continue;
        };
        let line = |note: String| BulkLine {
            order_id: id,
            domain: idn_to_unicode(domain),
            note,
        };
        match decide_all(ctx, id, decision.clone(), approving).await {
            Ok(n) => {
                let note = if approving {
                    td_string!(locale, refusals.decide.items_approved, count = n).to_string()
                } else {
                    td_string!(locale, refusals.decide.items_rejected, count = n).to_string()
                };
                outcome.done.push(line(note));
            }
            Err(AppError::Conflict { message }) => outcome.not_done.push(line(message)),
            Err(err) => return Err(err),
        }
    }
    Ok(outcome)
}
