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
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::catalog::definitions::list(&ctx).await
}

/// The editor's starting point: an existing definition (`id`), or a new one.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown id; admins only.
#[server]
pub async fn load_definition_draft(id: Option<i32>) -> Result<DefinitionDraft, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::catalog::definitions::draft(&ctx, id).await
}

/// The preset the extension's registrar module supplies, if any.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown extension; admins only.
#[server]
pub async fn extension_preset(extension_id: i32) -> Result<Option<Preset>, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::catalog::definitions::preset(&ctx, extension_id).await
}

/// Creates or updates a definition; answers its id.
///
/// # Errors
/// [`AppError::Invalid`] listing every problem by field; [`AppError::Conflict`] when
/// someone saved in between or the extension has a definition already.
#[server(input = Json)]
pub async fn save_definition(input: SaveDefinitionInput) -> Result<i32, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::catalog::definitions::save(&ctx, input).await
}

/// Removes the requirements of an extension (orders already placed keep their copy).
///
/// # Errors
/// [`AppError::NotFound`]; admins only.
#[server]
pub async fn delete_definition(id: i32) -> Result<(), AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::catalog::definitions::delete(&ctx, id).await
}
