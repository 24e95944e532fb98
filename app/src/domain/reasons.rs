//! Reason templates: statements admins reuse when they reject an item.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A saved statement, in English and, where given, in other languages: picked for an
/// item, it is written in the customer's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonTemplate {
    pub id: i32,
    pub title: String,
    pub statement: String,
    /// The statement by language code (`tr`), besides English.
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
}

impl ReasonTemplate {
    /// The statement in `language`, else in English.
    pub fn statement_in(&self, language: &str) -> &str {
        super::language::or_english(self.translations.get(language), &self.statement)
    }
}
