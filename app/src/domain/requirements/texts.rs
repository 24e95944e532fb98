//! An item's and a definition's texts in other languages than English: what the
//! customer reads (label, explanation, the labels of a select's options, the agreement
//! of a checkbox, the message of a pattern), given per language by the admin or by a
//! preset. A text left empty, or a language without texts, shows the English one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ItemDef, ItemKind, RequirementSet};
use crate::domain::language::or_english;

/// The texts of one item in one language; empty strings fall back to English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemTexts {
    #[serde(default)]
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub explanation: String,
    /// A select's option labels by the option's value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
    /// A checkbox's agreement.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub agreement: String,
    /// A text item's message when the pattern does not match.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pattern_message: String,
}

impl ItemTexts {
    /// Whether nothing is given.
    pub fn is_empty(&self) -> bool {
        self.label.trim().is_empty()
            && self.explanation.trim().is_empty()
            && self.options.values().all(|v| v.trim().is_empty())
            && self.agreement.trim().is_empty()
            && self.pattern_message.trim().is_empty()
    }
}

/// Texts by language code (`tr`); English is the item's own.
pub type Translations = BTreeMap<String, ItemTexts>;

impl ItemDef {
    fn texts(&self, language: &str) -> Option<&ItemTexts> {
        self.translations.get(language)
    }

    /// The label in `language`, else in English.
    pub fn label_in(&self, language: &str) -> &str {
        or_english(self.texts(language).map(|t| &t.label), &self.label)
    }

    /// The explanation in `language`, else in English.
    pub fn explanation_in(&self, language: &str) -> &str {
        or_english(
            self.texts(language).map(|t| &t.explanation),
            &self.explanation,
        )
    }

    /// The same item with every text the customer reads in `language` (English where
    /// none is given), and no other languages: what a customer's page is sent.
    #[must_use]
    pub fn in_language(&self, language: &str) -> Self {
        let mut item = self.clone();
        let Some(texts) = self.translations.get(language) else {
            item.translations.clear();
            return item;
        };
        item.label = self.label_in(language).to_owned();
        item.explanation = self.explanation_in(language).to_owned();
        match &mut item.kind {
            ItemKind::Select { options } => {
                for option in options {
                    option.label =
                        or_english(texts.options.get(&option.value), &option.label).to_owned();
                }
            }
            ItemKind::Checkbox { agreement, .. } => {
                *agreement = or_english(Some(&texts.agreement), agreement).to_owned();
            }
            ItemKind::Text {
                pattern_message: Some(message),
                ..
            } => {
                *message = or_english(Some(&texts.pattern_message), message).to_owned();
            }
            _ => {}
        }
        item.translations.clear();
        item
    }
}

impl RequirementSet {
    /// The general details in `language`, else in English.
    pub fn details_in(&self, language: &str) -> &str {
        or_english(self.details_translations.get(language), &self.details)
    }

    /// The label of item `key` in `language` (English where none is given; the key
    /// itself for an item the set does not have).
    pub fn label_in<'a>(&'a self, key: &'a str, language: &str) -> &'a str {
        self.items
            .iter()
            .find(|i| i.key == key)
            .map_or(key, |i| i.label_in(language))
    }

    /// Item labels written in English and joined by ", " (how the history keeps the items
    /// of a re-verification), each in `language` where the set has it.
    pub fn labels_in(&self, english: &str, language: &str) -> String {
        english
            .split(", ")
            .map(|label| {
                self.items
                    .iter()
                    .find(|i| i.label == label)
                    .map_or(label, |i| i.label_in(language))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The whole set as a customer reading `language` sees it (see
    /// [`ItemDef::in_language`]).
    #[must_use]
    pub fn in_language(&self, language: &str) -> Self {
        Self {
            details: self.details_in(language).to_owned(),
            items: self.items.iter().map(|i| i.in_language(language)).collect(),
            details_translations: BTreeMap::new(),
        }
    }
}
