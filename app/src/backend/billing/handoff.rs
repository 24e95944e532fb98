//! One-time sign-in links: a billing system asks for one on behalf of a customer
//! (optionally pointing at one of their orders) and sends the customer's browser to it;
//! opening it signs the customer in with a new session and lands on the order. So a
//! customer who comes from a billing system needs no second password.
//!
//! A link holds 256 random bits; the database keeps their SHA-256. It works once (the
//! one conditional `UPDATE` that marks it used decides, however many browsers open it at
//! once), for a few minutes, and only for the customer it was made for.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};
use tracing::{info, instrument};

use super::{customers, keys::Caller, parse_external_id};
use crate::{
    backend::{
        accounts::auth::{
            NewSession, SessionPolicy, hash_token, log_out, new_token, start_session,
        },
        accounts::request,
        entities::{handoff_link, order, user},
        infra::state::AppState,
    },
    error::AppError,
    i18n::td_string,
};

/// How long a link works.
pub const LINK_LIFETIME: Duration = Duration::minutes(5);

/// Where sign-in links are opened.
pub const LINK_PATH: &str = "/sign-in/link/";

/// A link just made.
#[derive(Debug, Clone)]
pub struct Link {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// A sign-in link for the customer `external_id`, landing on `order_id` (which must be
/// theirs) or on their orders.
///
/// # Errors
/// [`AppError::Forbidden`] for a read-only key; [`AppError::NotFound`] for an unknown
/// customer; [`AppError::Validation`] on `order_id` for an order that is not theirs.
#[instrument(skip(caller, state), fields(key = caller.key.id))]
pub async fn issue(
    caller: &Caller,
    state: &AppState,
    external_id: &str,
    order_id: Option<i32>,
) -> Result<Link, AppError> {
    caller.require_write()?;
    let external_id = parse_external_id("external_id", external_id)?;
    let customer = customers::find(&state.db, &external_id).await?;
    if let Some(id) = order_id {
        order::Entity::find_by_id(id)
            .filter(order::Column::CustomerId.eq(customer.id))
            .one(&state.db)
            .await?
            .ok_or_else(|| {
                AppError::validation(
                    "order_id",
                    td_string!(request::locale(), refusals.billing.no_such_order),
                )
            })?;
    }
    let token = new_token();
    let now = Utc::now();
    let expires_at = now + LINK_LIFETIME;
    handoff_link::ActiveModel {
        token_hash: Set(hash_token(&token)),
        user_id: Set(customer.id),
        order_id: Set(order_id),
        api_key_id: Set(caller.key.id),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
    }
    .insert(&state.db)
    .await?;
    info!(user_id = customer.id, "sign-in link made");
    Ok(Link {
        url: format!(
            "{}{LINK_PATH}{token}",
            state.settings.public_url.trim_end_matches('/')
        ),
        expires_at,
    })
}

/// Where a redeemed link leads: the customer, their new session, and the page to open.
#[derive(Debug, Clone)]
pub struct Redeemed {
    pub user: user::Model,
    pub session: NewSession,
    pub landing: String,
}

/// Uses the link `token` at `now`: a new session for its customer (ending the session
/// the browser had, `replaced_token`), once.
///
/// # Errors
/// [`AppError::NotFound`] for a link that is unknown, used or expired (one answer for
/// all three); database failures.
pub async fn redeem(
    db: &DatabaseConnection,
    policy: SessionPolicy,
    token: &str,
    replaced_token: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Redeemed, AppError> {
    let hash = hash_token(token);
    let taken = handoff_link::Entity::update_many()
        .col_expr(handoff_link::Column::UsedAt, Expr::value(Some(now)))
        .filter(handoff_link::Column::TokenHash.eq(hash.as_str()))
        .filter(handoff_link::Column::UsedAt.is_null())
        .filter(handoff_link::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if taken.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    let link = handoff_link::Entity::find_by_id(hash)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let user = user::Entity::find_by_id(link.user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(old) = replaced_token {
        log_out(db, old).await?;
    }
    let session = start_session(db, policy, user.id, now).await?;
    info!(
        user_id = user.id,
        "signed in through a billing system's link"
    );
    let landing = link
        .order_id
        .map_or_else(|| "/orders".to_owned(), |id| format!("/orders/{id}"));
    Ok(Redeemed {
        user,
        session,
        landing,
    })
}
