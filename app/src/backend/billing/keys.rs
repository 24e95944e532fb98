//! API keys: made, listed and revoked by admins; checked on every API call.
//!
//! A key is `rdk_` and 43 characters of 256 random bits, shown once when made; the
//! database keeps its SHA-256 (a key is found by its hash, so no secret is ever
//! compared character by character) and its first characters, to tell keys apart in
//! lists. A call acts with the rights of the admin who made the key, and the audit trail
//! names the key. Each key has its own limit of calls per minute, counted in the
//! database, so it holds across several server instances.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use tracing::{info, instrument};

use crate::{
    backend::{
        accounts::{
            auth::{hash_token, new_token},
            request,
            throttle::{self, Limit},
        },
        entities::{api_key, user},
        infra::{ctx::Ctx, state::AppState},
        orders::account_names,
    },
    domain::{
        Role,
        api_keys::{ApiKeyView, NewApiKey, check_key_name, check_rate},
    },
    error::AppError,
    i18n::td_string,
};

/// What every key starts with, so that a leaked one is recognisable (secret scanners).
pub const KEY_PREFIX: &str = "rdk_";

/// How much of a key is kept in clear to name it.
const SHOWN_CHARS: usize = 12;

/// `last_used_at` is written at most this often.
const TOUCH_INTERVAL: Duration = Duration::seconds(60);

/// Who is calling: a key that is valid now, and the admin whose rights it uses.
#[derive(Clone)]
pub struct Caller {
    pub key: api_key::Model,
    pub admin: user::Model,
}

impl Caller {
    /// Whether the key may change things.
    pub fn can_write(&self) -> bool {
        self.key.scopes.split_whitespace().any(|s| s == "write")
    }

    /// Refuses a read-only key.
    ///
    /// # Errors
    /// [`AppError::Forbidden`].
    pub fn require_write(&self) -> Result<(), AppError> {
        if self.can_write() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// A service context acting with the key's admin rights.
    pub fn as_admin(&self, state: &AppState) -> Ctx {
        Ctx::new(state.clone(), self.admin.clone()).through_key(self.key.id)
    }

    /// A service context acting for `customer` (placing their order, saving their
    /// answers), in the trail as the key.
    pub fn for_customer(&self, state: &AppState, customer: user::Model) -> Ctx {
        Ctx::new(state.clone(), customer).through_key(self.key.id)
    }
}

fn new_secret() -> String {
    format!("{KEY_PREFIX}{}", new_token())
}

fn view(model: api_key::Model, created_by: String) -> ApiKeyView {
    ApiKeyView {
        write: model.scopes.split_whitespace().any(|s| s == "write"),
        id: model.id,
        name: model.name,
        prefix: model.prefix,
        rate_per_minute: u32::try_from(model.rate_per_minute).unwrap_or(0),
        created_by,
        created_at: model.created_at,
        last_used_at: model.last_used_at,
        revoked_at: model.revoked_at,
    }
}

/// Makes a key named `name`; `write` lets it change things. Its secret is in the answer
/// and nowhere else.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but an admin; [`AppError::Invalid`] naming the
/// fields at fault.
#[instrument(skip(ctx), fields(by = ctx.id()))]
pub async fn create(
    ctx: &Ctx,
    name: &str,
    write: bool,
    rate_per_minute: u32,
) -> Result<NewApiKey, AppError> {
    ctx.ensure_admin()?;
    create_for(ctx.db(), &ctx.user, name, write, rate_per_minute).await
}

/// [`create`] for `admin` without a request (the operator's command line).
///
/// # Errors
/// [`AppError::Forbidden`] unless `admin` is an admin; [`AppError::Invalid`] naming the
/// fields at fault.
pub async fn create_for(
    db: &sea_orm::DatabaseConnection,
    admin: &user::Model,
    name: &str,
    write: bool,
    rate_per_minute: u32,
) -> Result<NewApiKey, AppError> {
    if admin.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let mut problems = Vec::new();
    let locale = request::locale();
    let name = check_key_name(name, locale).map_err(|m| problems.push(problem("name", m)));
    let rate = check_rate(rate_per_minute, locale)
        .map_err(|m| problems.push(problem("rate_per_minute", m)));
    let (Ok(name), Ok(rate)) = (name, rate) else {
        return Err(AppError::Invalid { problems });
    };
    let secret = new_secret();
    let created = api_key::ActiveModel {
        name: Set(name),
        prefix: Set(secret.chars().take(SHOWN_CHARS).collect()),
        secret_hash: Set(hash_token(&secret)),
        scopes: Set(if write { "read write" } else { "read" }.to_owned()),
        rate_per_minute: Set(i32::try_from(rate).unwrap_or(i32::MAX)),
        created_by: Set(admin.id),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    info!(key_id = created.id, write, "API key made");
    Ok(NewApiKey {
        key: view(created, admin.name.clone()),
        secret,
    })
}

fn problem(field: &str, message: String) -> crate::domain::requirements::FieldProblem {
    crate::domain::requirements::FieldProblem {
        field: field.to_owned(),
        message,
    }
}

/// Every key, the newest first, revoked ones included (their history stays readable).
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but an admin; database failures.
pub async fn list(ctx: &Ctx) -> Result<Vec<ApiKeyView>, AppError> {
    ctx.ensure_admin()?;
    let keys = api_key::Entity::find()
        .order_by_desc(api_key::Column::Id)
        .all(ctx.db())
        .await?;
    let names = account_names(ctx.db(), keys.iter().map(|k| k.created_by)).await?;
    Ok(keys
        .into_iter()
        .map(|k| {
            let by = names.get(&k.created_by).cloned().unwrap_or_default();
            view(k, by)
        })
        .collect())
}

/// Revokes key `id`: every call with it is refused from now on, on every instance.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but an admin; [`AppError::NotFound`];
/// [`AppError::Conflict`] when it is revoked already.
#[instrument(skip(ctx), fields(by = ctx.id()))]
pub async fn revoke(ctx: &Ctx, id: i32) -> Result<(), AppError> {
    ctx.ensure_admin()?;
    let updated = api_key::Entity::update_many()
        .col_expr(
            api_key::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Some(Utc::now())),
        )
        .filter(api_key::Column::Id.eq(id))
        .filter(api_key::Column::RevokedAt.is_null())
        .exec(ctx.db())
        .await?;
    if updated.rows_affected == 0 {
        return match api_key::Entity::find_by_id(id).one(ctx.db()).await? {
            Some(_) => Err(AppError::Conflict {
                message: td_string!(request::locale(), problems.api_keys.revoked_already)
                    .to_owned(),
            }),
            None => Err(AppError::NotFound),
        };
    }
    info!(key_id = id, "API key revoked");
    Ok(())
}

/// The caller presenting `secret`, if it is a key that is valid now; counts the call
/// against the key's limit.
///
/// # Errors
/// [`AppError::Unauthorized`] for an unknown or revoked key, or one whose admin is no
/// longer an admin; [`AppError::TooManyRequests`] over its limit; database failures.
pub async fn authenticate(
    state: &AppState,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<Caller, AppError> {
    if !secret.starts_with(KEY_PREFIX) {
        return Err(AppError::Unauthorized);
    }
    let db = &state.db;
    let key = api_key::Entity::find()
        .filter(api_key::Column::SecretHash.eq(hash_token(secret)))
        .one(db)
        .await?
        .filter(|k| k.revoked_at.is_none())
        .ok_or(AppError::Unauthorized)?;
    let admin = user::Entity::find_by_id(key.created_by)
        .one(db)
        .await?
        .filter(|u| u.role == Role::Admin)
        .ok_or(AppError::Unauthorized)?;
    let limit = Limit::per(key.rate_per_minute, Duration::minutes(1));
    throttle::admit(db, &[(format!("api:{}", key.id), limit)], now)
        .await
        .map_err(|err| match err {
            AppError::TooManyAttempts { retry_after_secs } => AppError::TooManyRequests {
                message: td_string!(
                    request::locale(),
                    problems.api_keys.rate_exceeded,
                    rate = key.rate_per_minute,
                    secs = retry_after_secs
                )
                .to_string(),
                retry_after_secs,
            },
            other => other,
        })?;
    let key = if key.last_used_at.is_none_or(|t| now - t >= TOUCH_INTERVAL) {
        let mut active = key.into_active_model();
        active.last_used_at = Set(Some(now));
        active.update(db).await?
    } else {
        key
    };
    Ok(Caller { key, admin })
}
