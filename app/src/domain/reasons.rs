//! Reason templates: statements admins reuse when they reject an item.

use serde::{Deserialize, Serialize};

/// A saved statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonTemplate {
    pub id: i32,
    pub title: String,
    pub statement: String,
}
