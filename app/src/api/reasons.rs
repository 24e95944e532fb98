//! Reason templates: statements admins reuse when they reject an item.

use leptos::prelude::*;

use crate::error::AppError;

pub use crate::domain::reasons::ReasonTemplate;

/// Every template, by title; admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn list_reasons() -> Result<Vec<ReasonTemplate>, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::orders::reasons::list(&ctx).await
}

/// Adds a template (`id` empty) or changes one; `translations` holds the statement in
/// other languages than English by language code (a form sends `translations[tr]`).
///
/// # Errors
/// [`AppError::Invalid`] on `title` / `statement`; [`AppError::Conflict`] for a title in
/// use; [`AppError::NotFound`].
#[server]
pub async fn save_reason(
    id: Option<i32>,
    title: String,
    statement: String,
    translations: Option<std::collections::BTreeMap<String, String>>,
) -> Result<ReasonTemplate, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::orders::reasons::save(
        &ctx,
        id,
        &title,
        &statement,
        &translations.unwrap_or_default(),
    )
    .await
}

/// Deletes a template (statements already sent stay as they were).
///
/// # Errors
/// [`AppError::NotFound`].
#[server]
pub async fn delete_reason(id: i32) -> Result<(), AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::orders::reasons::delete(&ctx, id).await
}
