//! "Domain doc management": which extensions require documents/information, and what.

use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

use crate::{
    domain::requirements::{DefinitionLimits, RequirementSet},
    error::AppError,
};

/// Where a definition came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DefinitionSource {
    /// Written by an admin.
    Manual,
    /// Imported from a registrar module's preset, and possibly edited since.
    Preset {
        module: String,
        module_label: String,
        edited: bool,
    },
}

impl DefinitionSource {
    /// "Manual", or "From preset “Registry presets”", with ", edited" when changed.
    pub fn describe(&self) -> String {
        match self {
            Self::Manual => "Manual".to_owned(),
            Self::Preset {
                module_label,
                edited,
                ..
            } => {
                let edited = if *edited { ", edited" } else { "" };
                format!("From preset “{module_label}”{edited}")
            }
        }
    }
}

/// One line of the doc-management list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefinitionSummary {
    pub id: i32,
    pub extension: String,
    pub item_count: usize,
    pub document_items: usize,
    pub source: DefinitionSource,
}

/// An extension that can still be given requirements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionChoice {
    pub id: i32,
    pub name: String,
    /// The label of the module that has a preset for it, if one has.
    pub preset_from: Option<String>,
}

/// What the editor needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefinitionDraft {
    /// `None` for a new definition.
    pub id: Option<i32>,
    pub extension_id: Option<i32>,
    pub extension: Option<String>,
    pub revision: i32,
    pub requirements: RequirementSet,
    pub source: DefinitionSource,
    /// For a new definition: the extensions without requirements yet.
    pub choices: Vec<ExtensionChoice>,
    /// For an existing one: the label of the module with a preset for its extension.
    pub preset_from: Option<String>,
    pub limits: DefinitionLimits,
}

/// A registrar module's preset, ready to load into the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preset {
    pub module: String,
    pub module_label: String,
    pub requirements: RequirementSet,
}

/// What the editor saves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveDefinitionInput {
    pub id: Option<i32>,
    pub extension_id: i32,
    /// The revision the editor started from; a newer one in the database is a conflict.
    pub revision: i32,
    pub requirements: RequirementSet,
    /// The module whose preset the editor imported, if it did.
    pub imported_from: Option<String>,
}

/// The extensions that require documents; admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn list_definitions() -> Result<Vec<DefinitionSummary>, AppError> {
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::definitions::list(&state.db).await
}

/// The editor's starting point: an existing definition (`id`), or a new one.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown id; admins only.
#[server]
pub async fn load_definition_draft(id: Option<i32>) -> Result<DefinitionDraft, AppError> {
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::definitions::draft(&state.db, &state.settings, id).await
}

/// The preset the extension's registrar module supplies, if any.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown extension; admins only.
#[server]
pub async fn extension_preset(extension_id: i32) -> Result<Option<Preset>, AppError> {
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::definitions::preset(&state.db, extension_id).await
}

/// Creates or updates a definition; answers its id.
///
/// # Errors
/// [`AppError::Invalid`] listing every problem by field; [`AppError::Conflict`] when
/// someone saved in between or the extension has a definition already.
#[server(input = Json)]
pub async fn save_definition(input: SaveDefinitionInput) -> Result<i32, AppError> {
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::definitions::save(&state.db, &state.settings, input).await
}

/// Removes the requirements of an extension (orders already placed keep their copy).
///
/// # Errors
/// [`AppError::NotFound`]; admins only.
#[server]
pub async fn delete_definition(id: i32) -> Result<(), AppError> {
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::definitions::delete(&state.db, id).await
}
