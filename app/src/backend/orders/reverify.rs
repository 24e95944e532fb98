//! Re-verification of a registered domain: registries re-verify registrants, so an
//! admin may ask the customer again for chosen items of a registered domain's order.
//! The order reopens (registered → action required) with a new attempt for each chosen
//! item, the customer hears of it live and by e-mail, supplies and submits; once those
//! items are approved the order is registered again (no new registration). The earlier
//! attempts and their decisions stay in the history; the trail says who asked and why.
//! A reopened order cannot be cancelled, and its documents are not purged while open.

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use tracing::{info, instrument};

use super::{
    OrderTx,
    audit::{self, Entry},
    notify::{self, Notice},
    state_text,
};
use crate::{
    backend::{entities::order_item, infra::ctx::Ctx},
    domain::{
        audit::AuditKind,
        orders::{ItemStatus, OrderStatus},
        requirements::{Answers, ItemKind, is_visible},
    },
    error::AppError,
    i18n::td_string,
};

/// Asks the customer of registered order `order_id` again for items `keys`, telling
/// them `statement`.
///
/// # Errors
/// [`AppError::Validation`] for no item, an unknown one or no statement;
/// [`AppError::NotFound`]; [`AppError::Conflict`] unless the order is registered.
#[instrument(skip(ctx, statement), fields(admin = ctx.id()))]
pub async fn request(
    ctx: &Ctx,
    order_id: i32,
    keys: &[String],
    statement: &str,
) -> Result<(), AppError> {
    let statement = statement.trim();
    // By its full path: this function is called `request` too.
    let locale = crate::backend::accounts::request::locale();
    if statement.is_empty() {
        return Err(AppError::validation(
            "statement",
            td_string!(locale, refusals.reverify.statement_needed),
        ));
    }
    if keys.is_empty() {
        return Err(AppError::validation(
            "item_keys",
            td_string!(locale, refusals.reverify.choose_item),
        ));
    }
    let mut tx = OrderTx::lock(ctx.db(), order_id).await?;
    if tx.status() != OrderStatus::Registered {
        return Err(AppError::Conflict {
            message: td_string!(
                locale,
                refusals.reverify.not_registered,
                state = state_text(locale, tx.status())
            )
            .to_string(),
        });
    }
    let requirements = tx.order().requirements.clone().unwrap_or_default();
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(order_id))
        .all(tx.txn())
        .await?;
    // What the customer answered: an item hidden by its condition would never be
    // submitted, and the order would wait for it for ever.
    let answers: Answers = items
        .iter()
        .filter_map(|i| i.value.clone().map(|v| (i.item_key.clone(), v)))
        .collect();
    let mut labels = Vec::new();
    let now = Utc::now();
    for key in keys {
        let def = requirements
            .items
            .iter()
            .find(|d| &d.key == key && !matches!(d.kind, ItemKind::Notice))
            .filter(|d| is_visible(d, &answers));
        let item = items.iter().find(|i| &i.item_key == key);
        let (Some(def), Some(item)) = (def, item) else {
            return Err(AppError::validation(
                "item_keys",
                td_string!(locale, refusals.reverify.no_such_item, key = key).to_string(),
            ));
        };
        if labels.contains(&def.label) {
            continue;
        }
        labels.push(def.label.clone());
        // A new attempt: the answer stays as a draft to confirm, documents are asked anew.
        let status = if item.value.is_some() {
            ItemStatus::Draft
        } else {
            ItemStatus::Missing
        };
        order_item::Entity::update_many()
            .col_expr(order_item::Column::Status, Expr::value(status))
            .col_expr(order_item::Column::Attempt, Expr::value(item.attempt + 1))
            .col_expr(order_item::Column::UpdatedAt, Expr::value(now))
            .filter(order_item::Column::Id.eq(item.id))
            .exec(tx.txn())
            .await?;
    }
    tx.move_to(OrderStatus::ActionRequired).await?;
    let asked = labels.join(", ");
    audit::record(
        tx.txn(),
        order_id,
        ctx.actor(),
        Entry::new(AuditKind::ReverificationRequested)
            .detail(&asked)
            .statement(statement),
    )
    .await?;
    notify::send(
        tx.txn(),
        &ctx.state.mailer,
        order_id,
        Notice::ReverificationRequested,
    )
    .await?;
    tx.commit(&ctx.state.events).await?;
    info!(order_id, items = %asked, "re-verification requested");
    Ok(())
}
