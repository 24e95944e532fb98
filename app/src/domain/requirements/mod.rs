//! What an extension requires from the customer: general details and a list of
//! info/doc items, each of a kind with its own options, optionally conditional on the
//! answer to an earlier item. Shared by the admin editor (browser), the server that
//! stores definitions, presets of registrar modules, and later order snapshots.

use std::collections::HashSet;

#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

use super::identifiers::IdFormat;

/// Limits that come from the server's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefinitionLimits {
    /// No file item may allow more than this per file.
    pub max_upload_bytes: u64,
}

/// The most items one definition may have.
pub const MAX_ITEMS: usize = 50;
/// The most files one file item may ask for.
pub const MAX_FILES_PER_ITEM: u32 = 20;

/// A document type a file item can accept; decided from the file's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
    Webp,
}

impl FileType {
    pub const ALL: [FileType; 4] = [Self::Pdf, Self::Jpeg, Self::Png, Self::Webp];

    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Jpeg => "JPEG",
            Self::Png => "PNG",
            Self::Webp => "WebP",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    /// Whether files of this type are pictures (measured in pixels).
    pub fn is_image(self) -> bool {
        self != Self::Pdf
    }

    /// The file name extensions of the type, the usual one first (lower case, no dot).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Jpeg => &["jpg", "jpeg", "jpe"],
            Self::Png => &["png"],
            Self::Webp => &["webp"],
        }
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The largest side a minimum picture size may ask for.
pub const MAX_PIXELS_SIDE: u32 = 20_000;

/// A picture's size in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
}

impl Pixels {
    pub const fn new(width: u32, height: u32) -> Self {
        Self { width, height }
    }

    /// Whether a picture of this size is at least `min`, either way round: a portrait
    /// scan of a landscape card is as readable as a landscape one.
    pub fn at_least(self, min: Pixels) -> bool {
        (self.width >= min.width && self.height >= min.height)
            || (self.width >= min.height && self.height >= min.width)
    }
}

impl std::fmt::Display for Pixels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} × {} pixels", self.width, self.height)
    }
}

/// One choice of a select item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
}

impl SelectOption {
    pub fn new(value: &str, label: &str) -> Self {
        Self {
            value: value.to_owned(),
            label: label.to_owned(),
        }
    }
}

/// What a document is, whatever the extension: a document of one kind approved on one
/// order may be reused for an item of the same kind on another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A passport, an identity card.
    Identity,
    /// A trade register extract, a certificate of incorporation.
    CompanyRegistration,
    /// A trademark registration certificate.
    Trademark,
    /// Proof of a registry's eligibility rule (residence, profession, membership).
    Eligibility,
    /// Proof of address: a utility bill, a bank statement.
    Address,
}

impl DocumentKind {
    pub const ALL: [Self; 5] = [
        Self::Identity,
        Self::CompanyRegistration,
        Self::Trademark,
        Self::Eligibility,
        Self::Address,
    ];

    /// The machine name (`identity`, `company_registration` ...).
    pub fn name(self) -> &'static str {
        match self {
            Self::Identity => "identity",
            Self::CompanyRegistration => "company_registration",
            Self::Trademark => "trademark",
            Self::Eligibility => "eligibility",
            Self::Address => "address",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// For people: "Identity document".
    pub fn label(self) -> &'static str {
        match self {
            Self::Identity => "Identity document",
            Self::CompanyRegistration => "Company registration",
            Self::Trademark => "Trademark certificate",
            Self::Eligibility => "Proof of eligibility",
            Self::Address => "Proof of address",
        }
    }
}

/// The longest validity an item may give its documents (ten years).
pub const MAX_VALID_DAYS: u32 = 3650;

/// The kind of an item, with the options that kind has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ItemKind {
    /// One line of text.
    Text {
        min_len: Option<u32>,
        max_len: Option<u32>,
        /// A regular expression the whole value must match.
        pattern: Option<String>,
        /// Shown when the pattern does not match, e.g. "11 digits".
        pattern_message: Option<String>,
        /// A national identifier the answer must be, checksum included (TCKN, CPF ...).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        format: Option<IdFormat>,
    },
    /// Several lines of text.
    Textarea {
        min_len: Option<u32>,
        max_len: Option<u32>,
    },
    /// One of a fixed list.
    Select { options: Vec<SelectOption> },
    /// An ISO 3166-1 alpha-2 country.
    Country,
    /// A calendar date.
    Date,
    /// An agreement the customer ticks.
    Checkbox {
        agreement: String,
        link: Option<String>,
    },
    /// One or more uploaded documents.
    File {
        allowed_types: Vec<FileType>,
        max_size_bytes: u64,
        /// Smaller files are refused (0: any size), e.g. a scan of 20 KB cannot be read.
        #[serde(default, skip_serializing_if = "is_zero")]
        min_size_bytes: u64,
        /// Pictures smaller than this are refused (either way round; PDFs are not measured).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_pixels: Option<Pixels>,
        min_files: u32,
        max_files: u32,
        /// What the document is: an approved document of the same kind, from any order
        /// of the customer, may be reused for this item (without a kind: one of an item
        /// with the same key).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        document_kind: Option<DocumentKind>,
        /// For how many days after its approval a document is good for reuse, e.g. 183
        /// for "a certificate not older than 6 months" (none: as long as it is stored).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        valid_days: Option<u32>,
    },
    /// Text only, asks for nothing.
    Notice,
}

impl ItemKind {
    /// The machine name of the kind (`text`, `select` ...).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Text { .. } => "text",
            Self::Textarea { .. } => "textarea",
            Self::Select { .. } => "select",
            Self::Country => "country",
            Self::Date => "date",
            Self::Checkbox { .. } => "checkbox",
            Self::File { .. } => "file",
            Self::Notice => "notice",
        }
    }

    /// A human name of the kind.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Text { .. } => "Text",
            Self::Textarea { .. } => "Long text",
            Self::Select { .. } => "Choice",
            Self::Country => "Country",
            Self::Date => "Date",
            Self::Checkbox { .. } => "Agreement",
            Self::File { .. } => "Document upload",
            Self::Notice => "Notice",
        }
    }

    /// A fresh item kind of the given machine name, with sensible options.
    pub fn default_of(name: &str, limits: DefinitionLimits) -> Option<Self> {
        Some(match name {
            "text" => Self::Text {
                min_len: None,
                max_len: Some(200),
                pattern: None,
                pattern_message: None,
                format: None,
            },
            "textarea" => Self::Textarea {
                min_len: None,
                max_len: Some(2000),
            },
            "select" => Self::Select {
                options: Vec::new(),
            },
            "country" => Self::Country,
            "date" => Self::Date,
            "checkbox" => Self::Checkbox {
                agreement: String::new(),
                link: None,
            },
            "file" => Self::File {
                allowed_types: vec![FileType::Pdf, FileType::Jpeg, FileType::Png],
                max_size_bytes: limits.max_upload_bytes.min(10 * super::units::MB),
                min_size_bytes: 0,
                min_pixels: None,
                min_files: 1,
                max_files: 1,
                document_kind: None,
                valid_days: None,
            },
            "notice" => Self::Notice,
            _ => return None,
        })
    }

    /// The values a condition on an item of this kind can test, if they are a fixed set.
    fn condition_values(&self) -> Option<HashSet<String>> {
        match self {
            Self::Select { options } => Some(options.iter().map(|o| o.value.clone()).collect()),
            Self::Checkbox { .. } => Some(["checked".to_owned()].into()),
            Self::Country => None,
            _ => None,
        }
    }
}

/// The kinds in the order the editor offers them.
pub const KIND_NAMES: [&str; 8] = [
    "text", "textarea", "select", "country", "date", "checkbox", "file", "notice",
];

/// What a condition does to its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionEffect {
    /// The item is shown (and asked for) only when the condition holds.
    Visible,
    /// The item is always shown, but required only when the condition holds.
    Required,
}

/// "Only when item `item` is one of `one_of`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub item: String,
    pub one_of: Vec<String>,
    pub effect: ConditionEffect,
}

/// Which orders an item is asked in: registrations, transfers, or both (the default).
/// Several registries want documents for transfers too, but not always the same ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppliesTo {
    #[default]
    Both,
    Registration,
    Transfer,
}

impl AppliesTo {
    pub const ALL: [AppliesTo; 3] = [Self::Both, Self::Registration, Self::Transfer];

    pub fn is_both(&self) -> bool {
        *self == Self::Both
    }

    /// Whether an order of `operation` asks for the item.
    pub fn includes(self, operation: Operation) -> bool {
        match self {
            Self::Both => true,
            Self::Registration => operation == Operation::Register,
            Self::Transfer => operation == Operation::Transfer,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Both => "both",
            Self::Registration => "registration",
            Self::Transfer => "transfer",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == value)
    }

    /// What the editor says.
    pub fn label(self) -> &'static str {
        match self {
            Self::Both => "registrations and transfers",
            Self::Registration => "registrations only",
            Self::Transfer => "transfers only",
        }
    }
}

/// What an order does with its domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
pub enum Operation {
    /// A new registration.
    #[default]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "register"))]
    Register,
    /// A domain moving in from another registrar.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "transfer"))]
    Transfer,
}

impl Operation {
    pub const ALL: [Operation; 2] = [Self::Register, Self::Transfer];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::Transfer => "transfer",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Register => "Registration",
            Self::Transfer => "Transfer",
        }
    }
}

/// One info or document item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDef {
    /// Unique within the definition: lower-case letters, digits, `_`.
    pub key: String,
    pub label: String,
    /// The detailed explanation the customer sees.
    pub explanation: String,
    pub required: bool,
    #[serde(flatten)]
    pub kind: ItemKind,
    pub condition: Option<Condition>,
    /// Which orders ask for it (both when the definition does not say).
    #[serde(default, skip_serializing_if = "AppliesTo::is_both")]
    pub applies_to: AppliesTo,
    /// The texts in other languages than English, by language code (`tr`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub translations: Translations,
}

/// Everything an extension requires.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::FromJsonQueryResult))]
pub struct RequirementSet {
    /// The general explanation shown to the customer above the items.
    pub details: String,
    pub items: Vec<ItemDef>,
    /// The general explanation in other languages than English, by language code.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub details_translations: std::collections::BTreeMap<String, String>,
}

impl RequirementSet {
    /// What an order of `operation` asks for: the items that apply to it. An item whose
    /// condition tests an item that is not asked can never be shown (`Visible`) or
    /// required (`Required`): it is left out, or kept as optional.
    #[must_use]
    pub fn for_operation(&self, operation: Operation) -> Self {
        let asked: Vec<&str> = self
            .items
            .iter()
            .filter(|i| i.applies_to.includes(operation))
            .map(|i| i.key.as_str())
            .collect();
        let items = self
            .items
            .iter()
            .filter(|i| i.applies_to.includes(operation))
            .filter_map(|i| {
                let mut item = i.clone();
                match &i.condition {
                    Some(c) if !asked.contains(&c.item.as_str()) => match c.effect {
                        ConditionEffect::Visible => return None,
                        ConditionEffect::Required => {
                            item.condition = None;
                            item.required = false;
                        }
                    },
                    _ => {}
                }
                item.applies_to = AppliesTo::Both;
                Some(item)
            })
            .collect();
        Self {
            details: self.details.clone(),
            items,
            details_translations: self.details_translations.clone(),
        }
    }

    /// Whether anything is asked (a notice alone asks nothing).
    pub fn asks_anything(&self) -> bool {
        self.items
            .iter()
            .any(|i| !matches!(i.kind, ItemKind::Notice))
    }
}

/// The answers a customer gave so far, by item key (a file item's answer is its count).
mod answers;
mod texts;
mod validate;

pub use answers::{Answers, is_required, is_visible};
pub use texts::{ItemTexts, Translations};
pub use validate::{FieldProblem, validate_definition};

#[cfg(test)]
mod tests;
