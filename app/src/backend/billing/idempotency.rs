//! `Idempotency-Key` on the API's POSTs (as in the IETF draft "The Idempotency-Key HTTP
//! Header Field"): the first request with a key is carried out and its answer kept; the
//! same request again gets that answer and changes nothing; the same key with another
//! request is refused; a second request while the first is still being answered is told
//! to wait. Answers are kept for a day, per API key.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};
use sha2::{Digest, Sha256};

use crate::{
    backend::{accounts::request, entities::api_idempotency, infra::db::is_unique_violation},
    error::AppError,
    i18n::td_string,
};

/// How long an answer is kept for replay.
pub const KEPT_FOR: Duration = Duration::hours(24);

/// A first request that has not finished after this long is taken for dead (its server
/// stopped); the key may then be used again.
const ABANDONED_AFTER: Duration = Duration::minutes(2);

/// What to do with a request that carries a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begun {
    /// Carry it out, then [`finish`] (or [`abandon`]).
    Fresh,
    /// Answer this again.
    Replay { status: u16, body: String },
    /// The first request with the key is still being answered.
    InProgress,
    /// The key was used for another request.
    Mismatch,
}

/// The fingerprint of a request: its method, path and body.
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(method.as_bytes());
    hash.update(b" ");
    hash.update(path.as_bytes());
    hash.update(b"\n");
    hash.update(body);
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks an `Idempotency-Key` value: 1 to 255 visible ASCII characters.
///
/// # Errors
/// [`AppError::Validation`] on `Idempotency-Key`.
pub fn parse_key(value: &str) -> Result<String, AppError> {
    if value.is_empty() || value.len() > 255 || !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::validation(
            "Idempotency-Key",
            td_string!(request::locale(), refusals.billing.idempotency_key),
        ));
    }
    Ok(value.to_owned())
}

/// Records that the request `fingerprint` with `key` of API key `key_id` begins, unless
/// the key was seen: then says what to answer.
///
/// # Errors
/// Database failures.
pub async fn begin(
    db: &DatabaseConnection,
    key_id: i32,
    key: &str,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> Result<Begun, AppError> {
    let inserted = api_idempotency::ActiveModel {
        key_id: Set(key_id),
        idem_key: Set(key.to_owned()),
        fingerprint: Set(fingerprint.to_owned()),
        status: Set(None),
        body: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await;
    match inserted {
        Ok(_) => return Ok(Begun::Fresh),
        Err(err) if is_unique_violation(&err) => {}
        Err(err) => return Err(err.into()),
    }
    let Some(seen) = api_idempotency::Entity::find_by_id((key_id, key.to_owned()))
        .one(db)
        .await?
    else {
        // Swept between our insert and our read: this one is first after all.
        return Box::pin(begin(db, key_id, key, fingerprint, now)).await;
    };
    if seen.fingerprint != fingerprint {
        return Ok(Begun::Mismatch);
    }
    if let (Some(status), Some(body)) = (seen.status, seen.body) {
        return Ok(Begun::Replay {
            status: u16::try_from(status).unwrap_or(500),
            body,
        });
    }
    if now - seen.created_at >= ABANDONED_AFTER {
        // Take the dead request's place, unless a rival took it first.
        let taken = api_idempotency::Entity::update_many()
            .col_expr(api_idempotency::Column::CreatedAt, Expr::value(now))
            .filter(api_idempotency::Column::KeyId.eq(key_id))
            .filter(api_idempotency::Column::IdemKey.eq(key))
            .filter(api_idempotency::Column::CreatedAt.eq(seen.created_at))
            .filter(api_idempotency::Column::Status.is_null())
            .exec(db)
            .await?;
        if taken.rows_affected == 1 {
            return Ok(Begun::Fresh);
        }
    }
    Ok(Begun::InProgress)
}

/// Keeps the answer to the request begun with `key`.
///
/// # Errors
/// Database failures.
pub async fn finish(
    db: &DatabaseConnection,
    key_id: i32,
    key: &str,
    status: u16,
    body: &str,
) -> Result<(), AppError> {
    api_idempotency::Entity::update_many()
        .col_expr(
            api_idempotency::Column::Status,
            Expr::value(Some(i32::from(status))),
        )
        .col_expr(
            api_idempotency::Column::Body,
            Expr::value(Some(body.to_owned())),
        )
        .filter(api_idempotency::Column::KeyId.eq(key_id))
        .filter(api_idempotency::Column::IdemKey.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets the request begun with `key` (it failed on our side: trying again may work).
///
/// # Errors
/// Database failures.
pub async fn abandon(db: &DatabaseConnection, key_id: i32, key: &str) -> Result<(), AppError> {
    api_idempotency::Entity::delete_many()
        .filter(api_idempotency::Column::KeyId.eq(key_id))
        .filter(api_idempotency::Column::IdemKey.eq(key))
        .filter(api_idempotency::Column::Status.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes the answers kept longer than [`KEPT_FOR`]; answers how many.
///
/// # Errors
/// Database failures.
pub async fn sweep(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, AppError> {
    Ok(api_idempotency::Entity::delete_many()
        .filter(api_idempotency::Column::CreatedAt.lt(now - KEPT_FOR))
        .exec(db)
        .await?
        .rows_affected)
}
