//! "Domain doc management": which extensions require documents/information, and what.

use leptos::{prelude::*, server_fn::codec::Json};

use crate::error::AppError;

pub use crate::domain::definitions::{
    DefinitionDraft, DefinitionSource, DefinitionSummary, ExtensionChoice, Preset,
    SaveDefinitionInput,
};

/// The extensions that require documents; admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn list_definitions() -> Result<Vec<DefinitionSummary>, AppError> {
    crate::backend::accounts::request::require_admin().await?;
    let state = crate::backend::infra::state::app_state()?;
    crate::backend::catalog::definitions::list(&state.db).await
}

/// The editor's starting point: an existing definition (`id`), or a new one.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown id; admins only.
#[server]
pub async fn load_definition_draft(id: Option<i32>) -> Result<DefinitionDraft, AppError> {
    crate::backend::accounts::request::require_admin().await?;
    let state = crate::backend::infra::state::app_state()?;
    crate::backend::catalog::definitions::draft(&state.db, &state.settings, id).await
}

/// The preset the extension's registrar module supplies, if any.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown extension; admins only.
#[server]
pub async fn extension_preset(extension_id: i32) -> Result<Option<Preset>, AppError> {
    crate::backend::accounts::request::require_admin().await?;
    let state = crate::backend::infra::state::app_state()?;
    crate::backend::catalog::definitions::preset(&state.db, extension_id).await
}

/// Creates or updates a definition; answers its id.
///
/// # Errors
/// [`AppError::Invalid`] listing every problem by field; [`AppError::Conflict`] when
/// someone saved in between or the extension has a definition already.
#[server(input = Json)]
pub async fn save_definition(input: SaveDefinitionInput) -> Result<i32, AppError> {
    crate::backend::accounts::request::require_admin().await?;
    let state = crate::backend::infra::state::app_state()?;
    crate::backend::catalog::definitions::save(&state.db, &state.settings, input).await
}

/// Removes the requirements of an extension (orders already placed keep their copy).
///
/// # Errors
/// [`AppError::NotFound`]; admins only.
#[server]
pub async fn delete_definition(id: i32) -> Result<(), AppError> {
    crate::backend::accounts::request::require_admin().await?;
    let state = crate::backend::infra::state::app_state()?;
    crate::backend::catalog::definitions::delete(&state.db, id).await
}
