//! Confirming a new account's e-mail address through a signed, expiring link.
//!
//! The link carries the account id, an expiry time and an HMAC-SHA256 signature over
//! both and the address, with the server's [`SigningKey`](crate::backend::infra::secrets::SigningKey):
//! nothing is stored, a forged or altered link fails, and a link stops working when it
//! expires or the address changes. Until the address is confirmed the account can sign
//! in but not order, and no e-mail but the confirmation goes to it.

use crate::i18n::td_string;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr};
use tracing::info;

use crate::backend::{
    accounts::request,
    accounts::throttle::{self, Limit},
    entities::user,
    infra::db::begin_write,
    infra::mail::NewMail,
    infra::state::AppState,
};
use crate::error::AppError;

/// How long a confirmation link works.
pub const LINK_VALIDITY: Duration = Duration::hours(48);

/// What the signature is for (a signature made for anything else does not fit).
const PURPOSE: &str = "email-verification";

/// The token of a link for `account`, valid until `expires`.
pub fn token(state: &AppState, account: &user::Model, expires: DateTime<Utc>) -> String {
    let expires = expires.timestamp();
    let signature = state.signing_key.sign(
        PURPOSE,
        &format!("{}|{}|{expires}", account.id, account.email),
    );
    format!("{}.{expires}.{signature}", account.id)
}

/// The confirmation link for `account`, valid for [`LINK_VALIDITY`] from now.
pub fn link(state: &AppState, account: &user::Model) -> String {
    format!(
        "{}/verify-email?token={}",
        state.settings.public_url,
        token(state, account, Utc::now() + LINK_VALIDITY)
    )
}

/// Queues the confirmation e-mail for `account` in the caller's transaction.
///
/// # Errors
/// Database failures.
pub async fn send_link(
    db: &impl ConnectionTrait,
    state: &AppState,
    account: &user::Model,
) -> Result<(), AppError> {
    let hours = LINK_VALIDITY.num_hours();
    let locale = crate::domain::language::or_default(&account.language);
    state
        .mailer
        .queue(
            db,
            NewMail {
                kind: "verify_email",
                order_id: None,
                to: account.email.clone(),
                subject: td_string!(locale, mail.verify_email.subject).to_string(),
                body: crate::backend::infra::mail::letter(
                    locale,
                    &account.name,
                    &td_string!(
                        locale,
                        mail.verify_email.body,
                        link = link(state, account),
                        hours = hours
                    )
                    .to_string(),
                ),
                attachments: Vec::new(),
                immediate: false,
            },
        )
        .await?;
    Ok(())
}

/// Confirms the address of the account a link's `token` names, if the token is genuine
/// and not expired at `now`. Confirming twice is fine.
///
/// # Errors
/// [`AppError::Validation`] on `token` when it is malformed, forged, expired or for an
/// address the account no longer has.
pub async fn confirm(state: &AppState, token: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let locale = request::locale();
    let invalid =
        || AppError::validation("token", td_string!(locale, refusals.account.link_invalid));
    let mut parts = token.trim().splitn(3, '.');
    let (Some(id), Some(expires), Some(signature)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let (Ok(id), Ok(expires)) = (id.parse::<i32>(), expires.parse::<i64>()) else {
        return Err(invalid());
    };
    let account = user::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or_else(invalid)?;
    let message = format!("{id}|{}|{expires}", account.email);
    if !state.signing_key.verify(PURPOSE, &message, signature) {
        return Err(invalid());
    }
    if now.timestamp() > expires {
        return Err(AppError::validation(
            "token",
            td_string!(locale, refusals.account.link_expired),
        ));
    }
    let updated = user::Entity::update_many()
        .col_expr(user::Column::EmailVerifiedAt, Expr::value(Some(now)))
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::EmailVerifiedAt.is_null())
        .exec(&state.db)
        .await?;
    if updated.rows_affected == 1 {
        info!(user_id = id, "e-mail address confirmed");
    }
    Ok(())
}

/// Sends `account` a new confirmation link (at most three an hour).
///
/// # Errors
/// [`AppError::Conflict`] when the address is confirmed already;
/// [`AppError::TooManyRequests`] after three links within an hour.
pub async fn resend(state: &AppState, account: &user::Model) -> Result<(), AppError> {
    if account.email_verified_at.is_some() {
        return Err(AppError::Conflict {
            message: td_string!(request::locale(), refusals.account.confirmed_already).to_owned(),
        });
    }
    let key = (
        format!("verify:{}", account.id),
        Limit::per(3, Duration::hours(1)),
    );
    throttle::admit(&state.db, &[key], Utc::now())
        .await
        .map_err(|err| match err {
            AppError::TooManyAttempts { retry_after_secs } => AppError::TooManyRequests {
                message: td_string!(request::locale(), refusals.account.too_many_links).to_owned(),
                retry_after_secs,
            },
            other => other,
        })?;
    let txn = begin_write(&state.db).await?;
    send_link(&txn, state, account).await?;
    txn.commit().await?;
    Ok(())
}

/// Refuses accounts whose address is not confirmed yet.
///
/// # Errors
/// [`AppError::NotVerified`].
pub fn require_verified(account: &user::Model) -> Result<(), AppError> {
    if account.email_verified_at.is_some() {
        Ok(())
    } else {
        Err(AppError::NotVerified)
    }
}
