//! The extension list (admin) and the public list of what each extension requires.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{domain::requirements::RequirementSet, error::AppError};

/// One extension as the admin list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionRow {
    pub id: i32,
    /// Stored form: lower case, punycode, with the dot.
    pub name: String,
    /// How people read it (Unicode for IDN extensions).
    pub display: String,
    pub registrar_module: String,
    pub module_label: String,
    pub enabled: bool,
    pub position: i32,
    /// Whether documents/information are defined for it (then it cannot be deleted).
    pub has_definition: bool,
    /// The label of its module when that module has a preset for it.
    pub preset_from: Option<String>,
}

/// A registrar module an extension can use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleInfo {
    pub name: String,
    pub label: String,
}

/// The admin extension list and the modules to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionList {
    pub extensions: Vec<ExtensionRow>,
    pub modules: Vec<ModuleInfo>,
}

/// What a customer has to provide for one extension, for the public page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicRequirements {
    pub extension: String,
    pub display: String,
    /// `None` when the extension needs nothing beyond the order itself.
    pub requirements: Option<RequirementSet>,
}

/// Every extension, in list order, with the registrar modules; admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn admin_list_extensions() -> Result<ExtensionList, AppError> {
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::extensions::list(&state.db).await
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
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::extensions::create(&state.db, &name, &registrar_module, enabled.is_some()).await
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
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::extensions::update(&state.db, id, &registrar_module, enabled.is_some()).await
}

/// Moves an extension one place `up` or `down` in the list.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Validation`] on `direction`.
#[server]
pub async fn move_extension(id: i32, direction: String) -> Result<(), AppError> {
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    let up = match direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::validation("direction", "Move up or down.")),
    };
    crate::backend::extensions::shift(&state.db, id, up).await
}

/// Deletes an extension that nothing uses.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] while documents are defined for it.
#[server]
pub async fn delete_extension(id: i32) -> Result<(), AppError> {
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::extensions::delete(&state.db, id).await
}

/// What a customer must provide for `extension` (`us`, `.com.au`); public.
///
/// # Errors
/// [`AppError::NotFound`] for an extension that is not offered.
#[server]
pub async fn get_public_requirements(extension: String) -> Result<PublicRequirements, AppError> {
    let state = crate::backend::state::app_state()?;
    crate::backend::definitions::public_requirements(&state.db, &extension).await
}
