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
    crate::backend::accounts::request::require_admin().await?;
    let state = crate::backend::infra::state::app_state()?;
    crate::backend::catalog::overview::overview(&state.db).await
}
