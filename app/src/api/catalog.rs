//! The public extension catalog.

use leptos::prelude::*;

use crate::{domain::ExtensionName, error::AppError};

/// The extensions customers can order, in the admin's order.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
#[server]
pub async fn list_offered_extensions() -> Result<Vec<ExtensionName>, AppError> {
    let state = crate::backend::infra::state::app_state()?;
    crate::backend::catalog::offered::offered_extensions(&state.db).await
}
