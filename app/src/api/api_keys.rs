//! API keys for billing systems: made, listed and revoked by admins.

use leptos::prelude::*;

use crate::error::AppError;

pub use crate::domain::api_keys::{ApiKeyView, NewApiKey};

/// Every key, the newest first; admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn list_api_keys() -> Result<Vec<ApiKeyView>, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::billing::keys::list(&ctx).await
}

/// Makes a key; `scope` is `read` or `write` (read and write). The answer holds the
/// secret, shown once.
///
/// # Errors
/// [`AppError::Invalid`] on `name` / `rate_per_minute`.
#[server]
pub async fn create_api_key(
    name: String,
    scope: String,
    rate_per_minute: u32,
) -> Result<NewApiKey, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::billing::keys::create(&ctx, &name, scope == "write", rate_per_minute).await
}

/// Revokes a key at once.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] when revoked already.
#[server]
pub async fn revoke_api_key(id: i32) -> Result<(), AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::billing::keys::revoke(&ctx, id).await
}
