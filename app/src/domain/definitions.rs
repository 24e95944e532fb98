//! What the doc-management pages exchange with the server: definitions of which
//! information and documents an extension requires, as the editor and the list see them.

use serde::{Deserialize, Serialize};

use super::requirements::{DefinitionLimits, RequirementSet};

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
