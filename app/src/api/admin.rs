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
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::admin::overview(&state.db).await
}
