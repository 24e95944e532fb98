//! The admin overview.

use leptos::prelude::*;

use crate::error::AppError;

pub use crate::domain::overview::OverviewFigures;

/// Headline figures; admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn admin_overview() -> Result<OverviewFigures, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::catalog::overview::overview(&ctx).await
}
