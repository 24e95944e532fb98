//! Retention: documents are kept no longer than needed (GDPR art. 5(1)(e)). Their bytes
//! are deleted
//! - `REGDOCS_PURGE_AFTER_CLOSED_DAYS` (30) after their order was registered or
//!   cancelled;
//! - `REGDOCS_PURGE_AFTER_REPLACED_DAYS` (7) after a rejected document's replacement was
//!   submitted;
//! - at once when an admin purges a closed order's documents.
//!
//! The row stays, with its SHA-256, size, type and decisions, and `purged_at`; the audit
//! trail says so. An order's documents are purged under its lock, their rows locked,
//! and an object is deleted only when no other stored document names it (a reuse on
//! another order keeps it). The bytes go before the commit: a failure after it leaves
//! them gone and the rows unmarked, marked on the next round.
//!
//! The periodic job runs every hour on one instance at a time (its lease); every date
//! is computed from the `now` it is given, so tests control the clock.

use std::{collections::BTreeMap, time::Duration};

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Statement,
    sea_query::Expr,
};
use tracing::{info, instrument};

use super::{
    OrderTx,
    audit::{self, Actor, Entry},
    state_text,
};
use crate::{
    backend::{
        accounts::request,
        entities::{document, order},
        infra::{ctx::Ctx, leases, state::AppState},
    },
    domain::audit::{AuditKind, PurgeReason},
    error::AppError,
    i18n::td_string,
};

/// Its name in the job leases.
pub const JOB: &str = "retention";

/// How often a running server looks for documents due.
const EVERY: Duration = Duration::from_secs(60 * 60);

/// How long documents are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub after_closed: chrono::Duration,
    pub after_replaced: chrono::Duration,
}

impl Policy {
    pub fn of(state: &AppState) -> Self {
        Self {
            after_closed: chrono::Duration::days(i64::from(state.settings.purge_after_closed_days)),
            after_replaced: chrono::Duration::days(i64::from(
                state.settings.purge_after_replaced_days,
            )),
        }
    }
}

/// What one round purged.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    /// Document rows marked purged.
    pub documents: u64,
    /// Stored objects deleted (fewer when documents shared one).
    pub objects: u64,
}

impl std::ops::AddAssign for Purged {
    fn add_assign(&mut self, other: Self) {
        self.documents += other.documents;
        self.objects += other.objects;
    }
}

/// The documents due at `now`, by order: those of orders closed before
/// `now - after_closed`, and rejected ones whose replacement was submitted before
/// `now - after_replaced`.
///
/// # Errors
/// Database failures.
pub async fn due(
    db: &impl ConnectionTrait,
    policy: Policy,
    now: DateTime<Utc>,
) -> Result<BTreeMap<i32, Vec<i32>>, AppError> {
    let mut due: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    let closed: Vec<(i32, i32)> = document::Entity::find()
        .select_only()
        .column(document::Column::OrderId)
        .column(document::Column::Id)
        .inner_join(order::Entity)
        .filter(document::Column::PurgedAt.is_null())
        .filter(order::Column::ClosedAt.lt(now - policy.after_closed))
        .into_tuple()
        .all(db)
        .await?;
    let replaced = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            r#"SELECT "d"."order_id", "d"."id" FROM "documents" AS "d"
               JOIN "item_attempts" AS "r" ON "r"."order_id" = "d"."order_id"
                 AND "r"."item_key" = "d"."item_key" AND "r"."attempt" = "d"."attempt"
               JOIN "item_attempts" AS "n" ON "n"."order_id" = "d"."order_id"
                 AND "n"."item_key" = "d"."item_key" AND "n"."attempt" = "d"."attempt" + 1
               WHERE "d"."purged_at" IS NULL AND "r"."decision" = 'rejected'
                 AND "n"."submitted_at" < $1"#,
            [(now - policy.after_replaced).into()],
        ))
        .await?;
    let mut replaced_ids = Vec::with_capacity(replaced.len());
    for row in replaced {
        replaced_ids.push((
            row.try_get::<i32>("", "order_id")?,
            row.try_get::<i32>("", "id")?,
        ));
    }
    for (order_id, id) in closed.into_iter().chain(replaced_ids) {
        let ids = due.entry(order_id).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(due)
}

/// Purges documents `which` of order `order_id` (those still stored, as the retention
/// job found them due) under the order's lock, recording it in its trail as `actor`;
/// `None` purges every stored document of the order at an admin's request, which must
/// be closed then.
async fn purge_in(
    state: &AppState,
    order_id: i32,
    which: Option<&[i32]>,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Purged, AppError> {
    let tx = OrderTx::lock(&state.db, order_id).await?;
    if which.is_none() && !tx.status().is_final() {
        let locale = request::locale();
        return Err(AppError::Conflict {
            message: td_string!(
                locale,
                refusals.retention.still_needed,
                state = state_text(locale, tx.status())
            )
            .to_string(),
        });
    }
    let rows = tx
        .lock_stored_documents(
            Condition::all()
                .add(document::Column::OrderId.eq(order_id))
                .add_option(which.map(|ids| document::Column::Id.is_in(ids.iter().copied()))),
        )
        .await?;
    if rows.is_empty() {
        return Ok(Purged::default());
    }
    let ids: Vec<i32> = rows.iter().map(|d| d.id).collect();
    let mut keys: Vec<String> = rows.iter().map(|d| d.storage_key.clone()).collect();
    keys.sort();
    keys.dedup();
    // Objects another stored document (a reuse, on this order or another) still names.
    let shared: Vec<String> = document::Entity::find()
        .select_only()
        .column(document::Column::StorageKey)
        .filter(document::Column::StorageKey.is_in(keys.clone()))
        .filter(document::Column::PurgedAt.is_null())
        .filter(document::Column::Id.is_not_in(ids.clone()))
        .into_tuple()
        .all(tx.txn())
        .await?;
    let mut objects = 0;
    for key in keys.iter().filter(|k| !shared.contains(k)) {
        state.documents.delete(key).await?;
        objects += 1;
    }
    document::Entity::update_many()
        .col_expr(document::Column::PurgedAt, Expr::value(Some(now)))
        .filter(document::Column::Id.is_in(ids.clone()))
        .exec(tx.txn())
        .await?;
    let why = match which {
        None => PurgeReason::ByAdmin,
        Some(_) if tx.order().closed_at.is_some() => PurgeReason::OrderClosed,
        Some(_) => PurgeReason::Replaced,
    };
    let count = u64::try_from(ids.len()).unwrap_or(u64::MAX);
    let detail = why.note(count);
    audit::record(
        tx.txn(),
        order_id,
        actor,
        Entry::new(AuditKind::DocumentsPurged).detail(&detail),
    )
    .await?;
    tx.commit(&state.events).await?;
    Ok(Purged {
        documents: count,
        objects,
    })
}

/// Purges every document due at `now` (see [`due`]).
///
/// # Errors
/// Database or storage failures (what was purged before stays purged).
pub async fn purge_due(
    state: &AppState,
    policy: Policy,
    now: DateTime<Utc>,
) -> Result<Purged, AppError> {
    let mut done = Purged::default();
    for (order_id, ids) in due(&state.db, policy, now).await? {
        done += purge_in(state, order_id, Some(&ids), Actor::System, now).await?;
    }
    if done != Purged::default() {
        info!(
            documents = done.documents,
            objects = done.objects,
            "purged documents past their retention"
        );
    }
    Ok(done)
}

/// An admin purges every stored document of closed order `order_id` at once.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] while the order is open (its
/// documents are still needed).
#[instrument(skip(ctx), fields(admin = ctx.id()))]
pub async fn purge_order(ctx: &Ctx, order_id: i32) -> Result<Purged, AppError> {
    purge_in(&ctx.state, order_id, None, ctx.actor(), Utc::now()).await
}

/// Purges what is due every hour, from the start, until the server shuts down (on one
/// instance at a time).
pub fn spawn(state: &AppState) {
    leases::spawn_periodic(state, JOB, EVERY, true, |state| async move {
        let policy = Policy::of(&state);
        purge_due(&state, policy, Utc::now()).await.map(|_| ())
    });
}
