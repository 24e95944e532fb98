//! Claims on orders: an admin claims an order they review; other admins see it live and
//! cannot decide on it until they take it over or the claim lapses. A claim lasts
//! `REGDOCS_CLAIM_MINUTES` after its admin's last sign of work on the order (claiming,
//! a decision, the open order page's keep-alive); a background task clears lapsed ones
//! and tells every admin page.
//!
//! Claims change under the order's lock ([`OrderTx`]) like everything else of an order,
//! so two admins claiming at once end with one holder and one clear refusal.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
    sea_query::Expr,
};
use tracing::instrument;

use super::{OrderTx, state_text};
use crate::{
    backend::{
        accounts::request,
        entities::order,
        infra::{
            ctx::Ctx,
            events::{Event, EventBus},
            leases,
            state::AppState,
        },
    },
    domain::claims::ClaimView,
    domain::dates,
    error::AppError,
    i18n::td_string,
};

/// The admin holding `order`'s claim at `now`, if any (a lapsed claim holds nobody).
pub fn holder(order: &order::Model, now: DateTime<Utc>) -> Option<i32> {
    match (order.claimed_by, order.claimed_until) {
        (Some(admin), Some(until)) if until > now => Some(admin),
        _ => None,
    }
}

/// How long a claim lasts after its admin's last sign of work.
fn lease(ctx: &Ctx) -> chrono::Duration {
    chrono::Duration::minutes(i64::from(ctx.state.settings.claim_minutes))
}

/// Claims order `id` for the signed-in admin, or keeps their claim alive; with
/// `take_over`, also when another admin holds it.
///
/// # Errors
/// [`AppError::Conflict`] when another admin holds the claim (and `take_over` is not
/// set) or the order is closed (cancelled, registered); [`AppError::NotFound`].
#[instrument(skip(ctx), fields(admin = ctx.id()))]
pub async fn claim(ctx: &Ctx, id: i32, take_over: bool) -> Result<(), AppError> {
    ctx.ensure_admin()?;
    let tx = OrderTx::lock(ctx.db(), id).await?;
    let locale = request::locale();
    if tx.status().is_final() {
        return Err(AppError::Conflict {
            message: td_string!(
                locale,
                refusals.claims.closed,
                state = state_text(locale, tx.status())
            )
            .to_string(),
        });
    }
    let now = Utc::now();
    if let Some(other) = holder(tx.order(), now).filter(|h| *h != ctx.id())
        && !take_over
    {
        let name = admin_name(tx.txn(), other).await?;
        return Err(AppError::Conflict {
            message: td_string!(locale, refusals.claims.reviewing, name = &name).to_string(),
        });
    }
    set(&tx, Some(ctx.id()), Some(now + lease(ctx))).await?;
    tx.commit_telling(&ctx.state.events, Event::ClaimChanged { order_id: id })
        .await?;
    Ok(())
}

/// Keeps the signed-in admin's claim on order `id` alive (the open order page calls this
/// while it is shown); `false` when they do not hold it (any more).
///
/// # Errors
/// [`AppError::NotFound`]; database failures.
pub async fn keep(ctx: &Ctx, id: i32) -> Result<bool, AppError> {
    ctx.ensure_admin()?;
    let tx = OrderTx::lock(ctx.db(), id).await?;
    let now = Utc::now();
    if holder(tx.order(), now) != Some(ctx.id()) {
        return Ok(false);
    }
    set(&tx, Some(ctx.id()), Some(now + lease(ctx))).await?;
    // Only the time moved: nobody needs to look again.
    tx.commit_quietly().await?;
    Ok(true)
}

/// Gives up the signed-in admin's claim on order `id`; nothing happens when they do not
/// hold it.
///
/// # Errors
/// [`AppError::NotFound`]; database failures.
#[instrument(skip(ctx), fields(admin = ctx.id()))]
pub async fn release(ctx: &Ctx, id: i32) -> Result<(), AppError> {
    ctx.ensure_admin()?;
    let tx = OrderTx::lock(ctx.db(), id).await?;
    if holder(tx.order(), Utc::now()) != Some(ctx.id()) {
        return Ok(());
    }
    set(&tx, None, None).await?;
    tx.commit_telling(&ctx.state.events, Event::ClaimChanged { order_id: id })
        .await?;
    Ok(())
}

/// Refuses a decision on `tx`'s order while another admin holds its claim; a decision
/// by the holder keeps the claim alive.
///
/// # Errors
/// [`AppError::Conflict`] naming the admin who holds the claim.
pub(super) async fn before_decision(ctx: &Ctx, tx: &OrderTx) -> Result<(), AppError> {
    let now = Utc::now();
    match holder(tx.order(), now) {
        None => Ok(()),
        Some(mine) if mine == ctx.id() => set(tx, Some(mine), Some(now + lease(ctx))).await,
        Some(other) => {
            let name = admin_name(tx.txn(), other).await?;
            Err(AppError::Conflict {
                message: td_string!(
                    request::locale(),
                    refusals.claims.take_over_first,
                    name = &name
                )
                .to_string(),
            })
        }
    }
}

async fn set(
    tx: &OrderTx,
    admin: Option<i32>,
    until: Option<DateTime<Utc>>,
) -> Result<(), AppError> {
    order::Entity::update_many()
        .col_expr(order::Column::ClaimedBy, Expr::value(admin))
        .col_expr(order::Column::ClaimedUntil, Expr::value(until))
        .filter(order::Column::Id.eq(tx.id()))
        .exec(tx.txn())
        .await?;
    Ok(())
}

/// The admin's name, as the claim shows it.
async fn admin_name(db: &impl ConnectionTrait, id: i32) -> Result<String, AppError> {
    let mut names = super::account_names(db, [id]).await?;
    Ok(names
        .remove(&id)
        .unwrap_or_else(|| td_string!(request::locale(), refusals.claims.another_admin).to_owned()))
}

/// The claim on `order` as `viewer` sees it.
///
/// # Errors
/// Database failures.
pub async fn view_of(
    db: &impl ConnectionTrait,
    order: &order::Model,
    viewer: i32,
) -> Result<Option<ClaimView>, AppError> {
    let (Some(admin), Some(until)) = (holder(order, Utc::now()), order.claimed_until) else {
        return Ok(None);
    };
    Ok(Some(ClaimView {
        admin_name: admin_name(db, admin).await?,
        mine: admin == viewer,
        until: dates::moment(until),
    }))
}

/// Clears the claims that lapsed before `now`, telling admin pages of each; answers how
/// many.
///
/// # Errors
/// Database failures.
pub async fn expire(
    db: &DatabaseConnection,
    events: &EventBus,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let lapsed: Vec<i32> = order::Entity::find()
        .select_only()
        .column(order::Column::Id)
        .filter(order::Column::ClaimedUntil.lte(now))
        .into_tuple()
        .all(db)
        .await?;
    let mut cleared = 0;
    for id in lapsed {
        let tx = OrderTx::lock(db, id).await?;
        // Kept alive since it was listed: not lapsed any more.
        if tx.order().claimed_until.is_none_or(|until| until > now) {
            continue;
        }
        set(&tx, None, None).await?;
        tx.commit_telling(events, Event::ClaimChanged { order_id: id })
            .await?;
        cleared += 1;
    }
    Ok(cleared)
}

/// Claim expiry's name in the job leases.
pub const EXPIRY_JOB: &str = "claim-expiry";

/// Clears lapsed claims every half minute, until the server shuts down: on one instance
/// at a time (the one holding the job's lease).
pub fn spawn_expiry(state: &AppState) {
    leases::spawn_periodic(
        state,
        EXPIRY_JOB,
        Duration::from_secs(30),
        false,
        |state| async move {
            expire(&state.db, &state.events, Utc::now())
                .await
                .map(|_| ())
        },
    );
}
