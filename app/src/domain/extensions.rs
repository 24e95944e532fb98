//! The extension list as admins see it, and what each extension requires as the public
//! page shows it.

use serde::{Deserialize, Serialize};

use super::requirements::RequirementSet;

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

/// Where to move an extension in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}
