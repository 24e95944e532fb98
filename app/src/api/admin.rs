//! The admin overview.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Headline figures for the admin start page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewFigures {
    pub customers: u64,
    pub admins: u64,
    pub extensions: u64,
    pub enabled_extensions: u64,
}

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
