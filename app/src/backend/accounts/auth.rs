//! Accounts and sessions: sign-up, sign-in (throttled), sessions with idle and absolute
//! expiry, sign-out, password and profile changes, and admin creation.
//!
//! Session tokens are 256 random bits, given to the browser once, in a cookie; the
//! database keeps only their SHA-256. Every sign-in makes a new token (no session
//! fixation), and a password change ends every other session of the account.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, ModelTrait, QueryFilter, Set, sea_query::Expr,
};
use sha2::{Digest, Sha256};
use tracing::{info, instrument};

use crate::backend::{
    accounts::password::HashPool,
    accounts::request,
    accounts::throttle::{self, Limit},
    accounts::verification,
    entities::{session, user},
    infra::db::is_unique_violation,
    infra::state::AppState,
};
use crate::{
    domain::account::{Email, Role, check_new_password, parse_person_name},
    error::AppError,
    i18n::td_string,
};

/// How long sessions live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Without a request for this long, the session ends.
    pub idle: Duration,
    /// However active, the session ends this long after sign-in.
    pub absolute: Duration,
}

/// `last_seen_at` is written at most this often, not on every request.
const TOUCH_INTERVAL: Duration = Duration::seconds(60);

/// Verified against when the e-mail is unknown, so that an unknown address takes as
/// long to refuse as a wrong password (no account enumeration by timing).
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$Mn7UJSKY9PM8zaZvw4EzfA$rAKFlITQyjwm6HAn0qDvoKF4ZnAVaIVPIUDPIc6YWWE";

/// A session just created: the token goes into the cookie, once.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// The SHA-256 of a token, hex-encoded: what the sessions table stores.
pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// 256 random bits, base64url: session tokens, sign-in links, API keys.
pub(crate) fn new_token() -> String {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub(crate) async fn start_session(
    db: &DatabaseConnection,
    policy: SessionPolicy,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<NewSession, AppError> {
    let token = new_token();
    let expires_at = now + policy.absolute;
    session::ActiveModel {
        token_hash: Set(hash_token(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(expires_at),
    }
    .insert(db)
    .await?;
    Ok(NewSession { token, expires_at })
}

/// The keys and limits that apply to a sign-up from `address`: a few per address and
/// hour, and a ceiling for everyone together per minute (both configurable).
pub fn sign_up_keys(state: &AppState, address: &str) -> [(String, Limit); 2] {
    let settings = &state.settings;
    [
        (
            format!("signup:address:{address}"),
            Limit::per(
                i32::try_from(settings.signups_per_address_per_hour).unwrap_or(i32::MAX),
                Duration::hours(1),
            ),
        ),
        (
            "signup:all".to_owned(),
            Limit::per(
                i32::try_from(settings.signups_per_minute).unwrap_or(i32::MAX),
                Duration::minutes(1),
            ),
        ),
    ]
}

/// Creates a customer account whose e-mail address still has to be confirmed, and sends
/// the confirmation link to it (in the transaction that makes the account).
///
/// To reveal nothing about which addresses have accounts, signing up with an address
/// that is already registered answers exactly like a new sign-up (and takes as long),
/// but changes nothing: the existing account keeps its password.
///
/// Sign-ups are limited per client address and in total (see [`sign_up_keys`]), counted
/// before the password is hashed, so a flood costs a database row per request at most.
///
/// # Errors
/// [`AppError::Validation`] naming the field at fault; [`AppError::TooManyRequests`] over
/// the limits; [`AppError::Unavailable`] when password hashing is saturated; database
/// failures.
#[instrument(skip(state, password))]
pub async fn sign_up(
    state: &AppState,
    name: &str,
    email: &str,
    password: &str,
    address: &str,
    language: &str,
) -> Result<(), AppError> {
    let locale = request::locale();
    let name = parse_person_name(name, locale)?;
    let email = Email::parse(email, locale)?;
    check_new_password("password", password, email.as_str(), locale)?;
    throttle::admit(&state.db, &sign_up_keys(state, address), Utc::now())
        .await
        .map_err(|err| match err {
            AppError::TooManyAttempts { retry_after_secs } => AppError::TooManyRequests {
                message: td_string!(locale, refusals.account.too_many_sign_ups).to_owned(),
                retry_after_secs,
            },
            other => other,
        })?;
    let hash = state.passwords.hash(password.into()).await?;
    let txn = crate::backend::infra::db::begin_write(&state.db).await?;
    match insert_user(
        &txn,
        &name,
        &email,
        hash,
        Role::Customer,
        None,
        Some(language),
    )
    .await
    {
        Ok(created) => {
            verification::send_link(&txn, state, &created).await?;
            txn.commit().await?;
            info!(
                user_id = created.id,
                "account created; confirmation link sent"
            );
            Ok(())
        }
        Err(AppError::Conflict { .. }) => Ok(()),
        Err(other) => Err(other),
    }
}

/// Creates an account with `role` whose address counts as confirmed (the operator who
/// makes it vouches for it): the admin CLI uses this.
///
/// # Errors
/// [`AppError::Conflict`] when the e-mail is taken; validation and database failures.
#[instrument(skip(db, passwords, password))]
pub async fn create_account(
    db: &DatabaseConnection,
    passwords: &HashPool,
    name: &str,
    email: &str,
    password: &str,
    role: Role,
) -> Result<user::Model, AppError> {
    let locale = request::locale();
    let name = parse_person_name(name, locale)?;
    let email = Email::parse(email, locale)?;
    check_new_password("password", password, email.as_str(), locale)?;
    let hash = passwords.hash(password.into()).await?;
    let created = insert_user(db, &name, &email, hash, role, Some(Utc::now()), None).await?;
    info!(
        user_id = created.id,
        role = role.as_str(),
        "account created"
    );
    Ok(created)
}

async fn insert_user(
    db: &impl ConnectionTrait,
    name: &str,
    email: &Email,
    password_hash: String,
    role: Role,
    verified_at: Option<DateTime<Utc>>,
    language: Option<&str>,
) -> Result<user::Model, AppError> {
    let now = Utc::now();
    let result = user::ActiveModel {
        // Without one, the column's default (English).
        language: language.map_or(sea_orm::NotSet, |l| Set(l.to_owned())),
        email: Set(email.as_str().to_owned()),
        name: Set(name.to_owned()),
        password_hash: Set(password_hash),
        role: Set(role),
        created_at: Set(now),
        updated_at: Set(now),
        email_verified_at: Set(verified_at),
        ..Default::default()
    }
    .insert(db)
    .await;
    match result {
        Ok(model) => Ok(model),
        Err(err) if is_unique_violation(&err) => Err(AppError::Conflict {
            message: td_string!(request::locale(), refusals.account.email_taken).to_owned(),
        }),
        Err(err) => Err(err.into()),
    }
}

/// Signs in: counts the attempt (refused while throttled), checks the e-mail and the
/// password, and starts a new session. `replaced_token` (the session cookie the browser
/// already had, if any) is ended, so a token planted before sign-in is worth nothing
/// after it. A successful attempt is taken back from the address's count.
///
/// # Errors
/// [`AppError::SignInFailed`] for an unknown e-mail or a wrong password (the same
/// answer for both), [`AppError::TooManyAttempts`] while throttled,
/// [`AppError::Unavailable`] when password hashing is saturated, database failures.
#[instrument(skip(db, passwords, password, replaced_token))]
#[allow(clippy::too_many_arguments)]
pub async fn log_in(
    db: &DatabaseConnection,
    passwords: &HashPool,
    policy: SessionPolicy,
    email: &str,
    password: &str,
    client_address: &str,
    replaced_token: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(user::Model, NewSession), AppError> {
    let email = Email::parse(email, request::locale()).map_err(|_| AppError::SignInFailed)?;
    let keys = throttle::keys_for(email.as_str(), client_address);
    throttle::admit(db, &keys, now).await?;

    let account = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?;
    let stored_hash = account
        .as_ref()
        .map_or_else(|| DUMMY_HASH.to_owned(), |u| u.password_hash.clone());
    let matches = passwords.verify(password.into(), stored_hash).await?;
    let Some(account) = account.filter(|_| matches) else {
        // Counted already, when admitted.
        return Err(AppError::SignInFailed);
    };

    throttle::forgive(db, &[keys[1].0.clone()]).await?;
    throttle::clear(db, &[keys[0].0.clone(), keys[2].0.clone()]).await?;
    if let Some(old) = replaced_token {
        log_out(db, old).await?;
    }
    let new_session = start_session(db, policy, account.id, now).await?;
    info!(user_id = account.id, "signed in");
    Ok((account, new_session))
}

/// The account a session token belongs to, if the session is still alive at `now`.
/// Ends sessions found expired; notes activity at most once a minute.
///
/// # Errors
/// Database failures only.
pub async fn session_user(
    db: &DatabaseConnection,
    policy: SessionPolicy,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<user::Model>, AppError> {
    let Some(found) = session::Entity::find_by_id(hash_token(token))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if now >= found.expires_at || now - found.last_seen_at >= policy.idle {
        found.delete(db).await?;
        return Ok(None);
    }
    let account = found.find_related(user::Entity).one(db).await?;
    if now - found.last_seen_at >= TOUCH_INTERVAL {
        let mut active = found.into_active_model();
        active.last_seen_at = Set(now);
        active.update(db).await?;
    }
    Ok(account)
}

/// Whether the session of `token` still signs in `user_id`, without counting the question
/// as activity (an open event stream must not keep an idle session alive).
///
/// # Errors
/// Database failures only.
pub async fn session_alive(
    db: &DatabaseConnection,
    policy: SessionPolicy,
    token: &str,
    user_id: i32,
) -> Result<bool, AppError> {
    let now = Utc::now();
    Ok(session::Entity::find_by_id(hash_token(token))
        .one(db)
        .await?
        .is_some_and(|s| {
            s.user_id == user_id && now < s.expires_at && now - s.last_seen_at < policy.idle
        }))
}

/// Ends the session of `token` (nothing happens for an unknown token).
///
/// # Errors
/// Database failures only.
pub async fn log_out(db: &DatabaseConnection, token: &str) -> Result<(), AppError> {
    session::Entity::delete_by_id(hash_token(token))
        .exec(db)
        .await?;
    Ok(())
}

/// Changes the password after checking the current one, ends every session of the
/// account, and starts a new one for the browser that made the change.
///
/// # Errors
/// [`AppError::Validation`] on `current_password` or `new_password`; database failures.
#[instrument(skip(db, passwords, current_password, new_password))]
pub async fn change_password(
    db: &DatabaseConnection,
    passwords: &HashPool,
    policy: SessionPolicy,
    user_id: i32,
    current_password: &str,
    new_password: &str,
    now: DateTime<Utc>,
) -> Result<NewSession, AppError> {
    let account = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if !passwords
        .verify(current_password.into(), account.password_hash.clone())
        .await?
    {
        return Err(AppError::validation(
            "current_password",
            td_string!(request::locale(), refusals.account.wrong_current_password),
        ));
    }
    check_new_password(
        "new_password",
        new_password,
        &account.email,
        request::locale(),
    )?;
    let hash = passwords.hash(new_password.into()).await?;
    let mut active = account.into_active_model();
    active.password_hash = Set(hash);
    active.updated_at = Set(now);
    active.update(db).await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    info!(user_id, "password changed; all sessions ended");
    start_session(db, policy, user_id, now).await
}

/// Changes the display name.
///
/// # Errors
/// [`AppError::Validation`] on `name`; database failures.
pub async fn update_name(
    db: &DatabaseConnection,
    user_id: i32,
    name: &str,
) -> Result<user::Model, AppError> {
    let name = parse_person_name(name, request::locale())?;
    let account = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let mut active = account.into_active_model();
    active.name = Set(name);
    active.updated_at = Set(Utc::now());
    Ok(active.update(db).await?)
}

/// Keeps `language` as the account's language (a plain field: the last choice wins).
///
/// # Errors
/// Database failures.
pub async fn set_language(
    db: &DatabaseConnection,
    user_id: i32,
    language: &str,
) -> Result<(), AppError> {
    user::Entity::update_many()
        .col_expr(user::Column::Language, Expr::value(language))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_a_real_argon2id_hash_so_unknown_emails_cost_the_same() {
        let parsed = argon2::PasswordHash::new(DUMMY_HASH).expect("valid PHC string");
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        assert_eq!(parsed.hash.map(|h| h.len()), Some(32));
    }

    #[test]
    fn tokens_are_long_random_and_stored_only_as_hashes() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "256 bits in unpadded base64url");
        let hashed = hash_token(&a);
        assert_eq!(hashed.len(), 64);
        assert!(!hashed.contains(&a));
        assert_eq!(hashed, hash_token(&a));
    }
}
