//! The extension list (admin) and the public list of what each extension requires.

use leptos::prelude::*;

use crate::error::AppError;

pub use crate::domain::extensions::{
    Direction, ExtensionList, ExtensionRow, ModuleInfo, PublicRequirements,
};

/// Every extension, in list order, with the registrar modules; admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn admin_list_extensions() -> Result<ExtensionList, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::catalog::extensions::list(&ctx).await
}

/// Adds an extension (`.us`, `com.au`, `.рф` or `.xn--p1ai`) at the end of the list.
///
/// # Errors
/// [`AppError::Validation`] on `name` or `registrar_module`; [`AppError::Conflict`] when
/// it exists already.
#[server]
pub async fn create_extension(
    name: String,
    registrar_module: String,
    enabled: Option<String>,
) -> Result<ExtensionRow, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::catalog::extensions::create(&ctx, &name, &registrar_module, enabled.is_some())
        .await
}

/// Changes an extension's registrar module and whether it is offered.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Validation`] on `registrar_module`.
#[server]
pub async fn update_extension(
    id: i32,
    registrar_module: String,
    enabled: Option<String>,
) -> Result<ExtensionRow, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::catalog::extensions::update(&ctx, id, &registrar_module, enabled.is_some())
        .await
}

/// Moves an extension one place up or down in the list.
///
/// # Errors
/// [`AppError::NotFound`].
#[server]
pub async fn move_extension(id: i32, direction: Direction) -> Result<(), AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::catalog::extensions::shift(&ctx, id, direction == Direction::Up).await
}

/// Deletes an extension that nothing uses.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] while documents are defined for it.
#[server]
pub async fn delete_extension(id: i32) -> Result<(), AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::catalog::extensions::delete(&ctx, id).await
}

/// What a customer must provide for `extension` (`us`, `.com.au`); public.
///
/// # Errors
/// [`AppError::NotFound`] for an extension that is not offered.
#[server]
pub async fn get_public_requirements(extension: String) -> Result<PublicRequirements, AppError> {
    let state = crate::backend::infra::state::app_state()?;
    crate::backend::catalog::definitions::public_requirements(&state.db, &extension).await
}
