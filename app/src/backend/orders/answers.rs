//! The customer's answers: saving a draft, and submitting the order for review.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, sea_query::Expr,
};
use tracing::{info, instrument};

use super::{OrderTx, editable};
use crate::{
    backend::{
        accounts::request,
        entities::{document, item_attempt, order_item},
        infra::ctx::Ctx,
        orders::audit::{self, Entry},
        orders::notify::{self, Notice},
    },
    domain::{
        audit::AuditKind,
        orders::{ItemStatus, OrderStatus, check_submission},
        requirements::{Answers, ItemDef, ItemKind, is_visible},
    },
    error::AppError,
    i18n::td_string,
};

/// Longest answer kept (any kind).
const MAX_ANSWER_CHARS: usize = 10_000;

/// Writes answers to the items the customer may change now; other keys are refused.
pub(crate) async fn write_answers(
    txn: &impl ConnectionTrait,
    order_id: i32,
    answers: &HashMap<String, String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(order_id))
        .all(txn)
        .await?;
    let locale = request::locale();
    for (key, value) in answers {
        let Some(item) = items.iter().find(|i| &i.item_key == key) else {
            return Err(AppError::validation(
                key.clone(),
                td_string!(locale, refusals.answers.no_such_item),
            ));
        };
        let status = item.status;
        let value = value.trim();
        if !status.customer_can_edit() {
            if item.value.as_deref().unwrap_or("") != value {
                return Err(AppError::Conflict {
                    message: td_string!(locale, refusals.answers.submitted_already, key = key)
                        .to_string(),
                });
            }
            continue;
        }
        if value.chars().count() > MAX_ANSWER_CHARS {
            return Err(AppError::validation(
                key.clone(),
                td_string!(locale, refusals.answers.too_long),
            ));
        }
        let new_status = match status {
            ItemStatus::Rejected => ItemStatus::Rejected,
            _ if value.is_empty() => ItemStatus::Missing,
            _ => ItemStatus::Draft,
        };
        order_item::Entity::update_many()
            .col_expr(
                order_item::Column::Value,
                Expr::value((!value.is_empty()).then(|| value.to_owned())),
            )
            .col_expr(order_item::Column::Status, Expr::value(new_status))
            .col_expr(order_item::Column::UpdatedAt, Expr::value(now))
            .filter(order_item::Column::Id.eq(item.id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// Saves answers as a draft.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] when the order or an item cannot
/// change now; [`AppError::Validation`] for unknown items.
#[instrument(skip(ctx, answers), fields(customer = ctx.id()))]
pub async fn save_answers(
    ctx: &Ctx,
    id: i32,
    answers: &HashMap<String, String>,
) -> Result<(), AppError> {
    let tx = OrderTx::lock_own(ctx, id).await?;
    editable(tx.order())?;
    write_answers(tx.txn(), id, answers, Utc::now()).await?;
    tx.commit(&ctx.state.events).await?;
    Ok(())
}

fn pattern_matches(item: &ItemDef, value: &str) -> bool {
    match &item.kind {
        ItemKind::Text {
            pattern: Some(p), ..
        } if !p.trim().is_empty() => regex::Regex::new(p)
            .map(|re| re.is_match(value))
            .unwrap_or(true),
        _ => true,
    }
}

/// Saves answers and submits the order for review.
///
/// # Errors
/// [`AppError::Invalid`] listing the items at fault (by key); [`AppError::Conflict`]
/// when the order is not waiting for the customer; [`AppError::NotFound`].
#[instrument(skip(ctx, answers), fields(customer = ctx.id()))]
pub async fn submit(ctx: &Ctx, id: i32, answers: &HashMap<String, String>) -> Result<(), AppError> {
    let mut tx = OrderTx::lock_own(ctx, id).await?;
    editable(tx.order())?;
    let now = Utc::now();
    write_answers(tx.txn(), id, answers, now).await?;

    let requirements = tx
        .order()
        .requirements
        .clone()
        .ok_or_else(|| AppError::Conflict {
            message: td_string!(request::locale(), refusals.answers.needs_no_documents).to_owned(),
        })?;
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(id))
        .all(tx.txn())
        .await?;
    let current: Answers = items
        .iter()
        .filter_map(|i| i.value.clone().map(|v| (i.item_key.clone(), v)))
        .collect();
    let documents = document::Entity::find()
        .filter(document::Column::OrderId.eq(id))
        .all(tx.txn())
        .await?;
    let file_counts: HashMap<String, u32> = items
        .iter()
        .map(|i| {
            let n = documents
                .iter()
                .filter(|d| d.item_key == i.item_key && d.attempt == i.attempt)
                .count();
            (i.item_key.clone(), u32::try_from(n).unwrap_or(u32::MAX))
        })
        .collect();
    let problems = check_submission(
        &requirements,
        &current,
        &file_counts,
        &pattern_matches,
        request::locale(),
    );
    if !problems.is_empty() {
        // Nothing is lost: what the customer gave is kept as a draft.
        tx.commit(&ctx.state.events).await?;
        return Err(AppError::Invalid { problems });
    }

    for item in &items {
        let item_status = item.status;
        if !item_status.customer_can_edit() {
            continue;
        }
        let def = requirements.items.iter().find(|d| d.key == item.item_key);
        if !def.is_some_and(|d| is_visible(d, &current)) {
            continue;
        }
        order_item::Entity::update_many()
            .col_expr(
                order_item::Column::Status,
                Expr::value(ItemStatus::Submitted),
            )
            .col_expr(order_item::Column::UpdatedAt, Expr::value(now))
            .filter(order_item::Column::Id.eq(item.id))
            .exec(tx.txn())
            .await?;
        item_attempt::ActiveModel {
            order_id: Set(id),
            item_key: Set(item.item_key.clone()),
            attempt: Set(item.attempt),
            value: Set(item.value.clone()),
            decision: Set(ItemStatus::Submitted),
            statement: Set(None),
            submitted_at: Set(now),
            decided_at: Set(None),
            document_ids: Set(None),
            ..Default::default()
        }
        .insert(tx.txn())
        .await?;
    }
    tx.move_to(OrderStatus::UnderReview).await?;
    audit::record(tx.txn(), id, ctx.actor(), Entry::new(AuditKind::Submitted)).await?;
    notify::send(tx.txn(), &ctx.state.mailer, id, Notice::Submitted).await?;
    tx.commit(&ctx.state.events).await?;
    info!(order_id = id, "order submitted for review");
    Ok(())
}
