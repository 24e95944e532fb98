//! What an extension requires from the customer: general details and a list of
//! info/doc items, each of a kind with its own options, optionally conditional on the
//! answer to an earlier item. Shared by the admin editor (browser), the server that
//! stores definitions, presets of registrar modules, and later order snapshots.

use std::collections::{HashMap, HashSet};

#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

use super::{countries::is_country_code, identifiers::IdFormat};

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
}

/// Everything an extension requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::FromJsonQueryResult))]
pub struct RequirementSet {
    /// The general explanation shown to the customer above the items.
    pub details: String,
    pub items: Vec<ItemDef>,
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
        }
    }

    /// Whether anything is asked (a notice alone asks nothing).
    pub fn asks_anything(&self) -> bool {
        self.items
            .iter()
            .any(|i| !matches!(i.kind, ItemKind::Notice))
    }
}

/// One problem in a definition, located by a path such as `items.2.key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl FieldProblem {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

fn is_valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some('a'..='z'))
        && key.len() <= 40
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks a definition; every problem found, each with the field it belongs to.
///
/// Pattern syntax is checked by the server only (see `backend`); everything else here
/// runs in the browser before saving, and again on the server.
pub fn validate_definition(set: &RequirementSet, limits: DefinitionLimits) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut problem = |field: String, message: &str| {
        problems.push(FieldProblem {
            field,
            message: message.to_owned(),
        });
    };

    if set.details.trim().is_empty() {
        problem(
            "details".into(),
            "Explain to the customer what this extension needs and why.",
        );
    } else if set.details.chars().count() > 5000 {
        problem("details".into(), "Keep the details under 5000 characters.");
    }
    if set.items.is_empty() {
        problem("items".into(), "Add at least one item.");
    }
    if set.items.len() > MAX_ITEMS {
        problem("items".into(), "A definition has at most 50 items.");
    }

    // key -> (index, kind) of the items seen so far, for uniqueness and conditions.
    let mut earlier: HashMap<&str, (usize, &ItemKind)> = HashMap::new();
    for (i, item) in set.items.iter().enumerate() {
        let at = |field: &str| format!("items.{i}.{field}");
        if !is_valid_key(&item.key) {
            problem(
                at("key"),
                "Use 1–40 lower-case letters, digits or _, starting with a letter.",
            );
        } else if earlier.contains_key(item.key.as_str()) {
            problem(at("key"), "Another item already uses this key.");
        }
        if item.label.trim().is_empty() {
            problem(at("label"), "Give the item a label.");
        } else if item.label.chars().count() > 200 {
            problem(at("label"), "Keep the label under 200 characters.");
        }
        if item.explanation.chars().count() > 5000 {
            problem(
                at("explanation"),
                "Keep the explanation under 5000 characters.",
            );
        }

        match &item.kind {
            ItemKind::Text {
                min_len,
                max_len,
                pattern,
                pattern_message,
                ..
            } => {
                check_lengths(*min_len, *max_len, &at, &mut problem);
                if pattern.as_deref().is_some_and(|p| !p.trim().is_empty())
                    && pattern_message
                        .as_deref()
                        .is_none_or(|m| m.trim().is_empty())
                {
                    problem(
                        at("pattern_message"),
                        "Say in words what the pattern asks for; the customer sees it.",
                    );
                }
            }
            ItemKind::Textarea { min_len, max_len } => {
                check_lengths(*min_len, *max_len, &at, &mut problem)
            }
            ItemKind::Select { options } => {
                if options.len() < 2 {
                    problem(at("options"), "A choice needs at least two options.");
                }
                let mut values = HashSet::new();
                for (j, option) in options.iter().enumerate() {
                    if option.value.trim().is_empty() {
                        problem(
                            at(&format!("options.{j}.value")),
                            "Give the option a value.",
                        );
                    } else if !values.insert(option.value.as_str()) {
                        problem(
                            at(&format!("options.{j}.value")),
                            "Another option has this value.",
                        );
                    }
                    if option.label.trim().is_empty() {
                        problem(
                            at(&format!("options.{j}.label")),
                            "Give the option a label.",
                        );
                    }
                }
            }
            ItemKind::Checkbox { agreement, link } => {
                if agreement.trim().is_empty() {
                    problem(at("agreement"), "Write what the customer agrees to.");
                }
                if link.as_deref().is_some_and(|l| {
                    !l.is_empty() && !l.starts_with("https://") && !l.starts_with("http://")
                }) {
                    problem(at("link"), "The link must start with https:// or http://.");
                }
            }
            ItemKind::File {
                allowed_types,
                max_size_bytes,
                min_size_bytes,
                min_pixels,
                min_files,
                max_files,
            } => {
                if allowed_types.is_empty() {
                    problem(at("allowed_types"), "Allow at least one file type.");
                }
                if *min_size_bytes > 0 && min_size_bytes >= max_size_bytes {
                    problem(
                        at("min_size_bytes"),
                        "The smallest size must be below the size limit.",
                    );
                }
                if let Some(min) = min_pixels {
                    if !allowed_types.iter().any(|t| t.is_image()) {
                        problem(
                            at("min_pixels"),
                            "A picture size applies to images: allow JPEG, PNG or WebP.",
                        );
                    }
                    if min.width == 0
                        || min.height == 0
                        || min.width > MAX_PIXELS_SIDE
                        || min.height > MAX_PIXELS_SIDE
                    {
                        problem(
                            at("min_pixels"),
                            &format!(
                                "Give a width and a height from 1 to {MAX_PIXELS_SIDE} pixels."
                            ),
                        );
                    }
                }
                if *max_size_bytes == 0 {
                    problem(at("max_size_bytes"), "The size limit must be above zero.");
                } else if *max_size_bytes > limits.max_upload_bytes {
                    problem(
                        at("max_size_bytes"),
                        &format!(
                            "This server accepts files up to {}.",
                            human_size(limits.max_upload_bytes)
                        ),
                    );
                }
                if *max_files == 0 || *max_files > MAX_FILES_PER_ITEM {
                    problem(at("max_files"), "Ask for 1 to 20 files.");
                }
                if min_files > max_files {
                    problem(at("min_files"), "The minimum cannot be above the maximum.");
                }
                if item.required && *min_files == 0 {
                    problem(
                        at("min_files"),
                        "A required upload needs at least one file.",
                    );
                }
            }
            ItemKind::Country | ItemKind::Date => {}
            ItemKind::Notice => {
                if item.required {
                    problem(
                        at("required"),
                        "A notice asks for nothing, so it cannot be required.",
                    );
                }
                if item.explanation.trim().is_empty() {
                    problem(at("explanation"), "A notice needs its text.");
                }
            }
        }

        if let Some(condition) = &item.condition {
            match earlier.get(condition.item.as_str()) {
                None => problem(
                    at("condition.item"),
                    "A condition must refer to an item above this one.",
                ),
                Some((_, kind)) => {
                    if condition.one_of.is_empty() {
                        problem(at("condition.one_of"), "Pick at least one value.");
                    }
                    match (kind, kind.condition_values()) {
                        (ItemKind::Country, _) => {
                            if let Some(bad) = condition.one_of.iter().find(|v| !is_country_code(v))
                            {
                                problem(
                                    at("condition.one_of"),
                                    &format!("“{bad}” is not a country code."),
                                );
                            }
                        }
                        (_, Some(allowed)) => {
                            if let Some(bad) =
                                condition.one_of.iter().find(|v| !allowed.contains(*v))
                            {
                                problem(
                                    at("condition.one_of"),
                                    &format!(
                                        "“{bad}” is not a value of the item the condition refers to."
                                    ),
                                );
                            }
                        }
                        (_, None) => problem(
                            at("condition.item"),
                            "Conditions can refer to choice, country and agreement items only.",
                        ),
                    }
                }
            }
        }
        earlier.entry(item.key.as_str()).or_insert((i, &item.kind));
    }
    problems
}

fn check_lengths(
    min: Option<u32>,
    max: Option<u32>,
    at: &impl Fn(&str) -> String,
    problem: &mut impl FnMut(String, &str),
) {
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        problem(
            at("min_len"),
            "The minimum length cannot be above the maximum.",
        );
    }
    if max == Some(0) {
        problem(at("max_len"), "The maximum length must be above zero.");
    }
}

/// The sizes a file item accepts, for people: "up to 10 MB each", "55 KB to 1 MB each",
/// and the smallest picture: "up to 5 MB each, pictures at least 1200 × 800 pixels".
pub fn size_rule(min_bytes: u64, max_bytes: u64, min_pixels: Option<Pixels>) -> String {
    let sizes = if min_bytes > 0 {
        format!(
            "{} to {} each",
            human_size(min_bytes),
            human_size(max_bytes)
        )
    } else {
        format!("up to {} each", human_size(max_bytes))
    };
    match min_pixels {
        Some(p) => format!("{sizes}, pictures at least {p}"),
        None => sizes,
    }
}

/// "5 MB", "512 KB", "200 bytes" (powers of 1024, as file managers show).
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    use super::units::MB;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else if bytes >= KB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        format!("{bytes} bytes")
    }
}

/// The answers a customer gave so far, by item key (a file item's answer is its count).
pub type Answers = HashMap<String, String>;

/// Whether `item` is shown, given the answers so far.
pub fn is_visible(item: &ItemDef, answers: &Answers) -> bool {
    match &item.condition {
        Some(c) if c.effect == ConditionEffect::Visible => condition_holds(c, answers),
        _ => true,
    }
}

/// Whether `item` must be answered, given the answers so far.
pub fn is_required(item: &ItemDef, answers: &Answers) -> bool {
    item.required
        && match &item.condition {
            Some(c) => condition_holds(c, answers),
            None => true,
        }
}

fn condition_holds(condition: &Condition, answers: &Answers) -> bool {
    answers
        .get(&condition.item)
        .is_some_and(|value| condition.one_of.iter().any(|v| v == value))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: DefinitionLimits = DefinitionLimits {
        max_upload_bytes: 25 * crate::domain::units::MB,
    };

    #[test]
    fn a_transfer_asks_for_what_applies_to_transfers() {
        let mut kind = item(
            "kind",
            ItemKind::Select {
                options: vec![SelectOption::new("org", "Organisation")],
            },
        );
        kind.applies_to = AppliesTo::Registration;
        let mut company = item("company", ItemKind::Country);
        company.condition = Some(Condition {
            item: "kind".into(),
            one_of: vec!["org".into()],
            effect: ConditionEffect::Visible,
        });
        let mut id = item("id", ItemKind::Country);
        id.condition = Some(Condition {
            item: "kind".into(),
            one_of: vec!["org".into()],
            effect: ConditionEffect::Required,
        });
        let mut auth = item("auth_code_letter", ItemKind::Date);
        auth.applies_to = AppliesTo::Transfer;
        let set = RequirementSet {
            details: "d".into(),
            items: vec![kind, company, id, auth, item("always", ItemKind::Date)],
        };
        let keys = |s: &RequirementSet| s.items.iter().map(|i| i.key.clone()).collect::<Vec<_>>();
        assert_eq!(
            keys(&set.for_operation(Operation::Register)),
            ["kind", "company", "id", "always"]
        );
        let transfer = set.for_operation(Operation::Transfer);
        // `company` is shown only for a kind a transfer never asks: it is never shown;
        // `id` is required only then: it stays, optional.
        assert_eq!(keys(&transfer), ["id", "auth_code_letter", "always"]);
        assert!(!transfer.items[0].required && transfer.items[0].condition.is_none());
        assert!(transfer.items.iter().all(|i| i.applies_to.is_both()));
        assert!(transfer.asks_anything());
        // Stored definitions without the field apply to both.
        let old: ItemDef = serde_json::from_str(
            r#"{"key":"k","label":"L","explanation":"","required":true,"kind":"date","condition":null}"#,
        )
        .unwrap();
        assert_eq!(old.applies_to, AppliesTo::Both);
        assert!(!serde_json::to_string(&old).unwrap().contains("applies_to"));
    }

    fn item(key: &str, kind: ItemKind) -> ItemDef {
        ItemDef {
            applies_to: Default::default(),
            key: key.into(),
            label: format!("Label of {key}"),
            explanation: String::new(),
            required: true,
            kind,
            condition: None,
        }
    }

    fn select(key: &str, values: &[&str]) -> ItemDef {
        item(
            key,
            ItemKind::Select {
                options: values
                    .iter()
                    .map(|v| SelectOption::new(v, &format!("Option {v}")))
                    .collect(),
            },
        )
    }

    fn file(max: u64) -> ItemKind {
        ItemKind::File {
            allowed_types: vec![FileType::Pdf],
            max_size_bytes: max,
            min_size_bytes: 0,
            min_pixels: None,
            min_files: 1,
            max_files: 1,
        }
    }

    fn set(items: Vec<ItemDef>) -> RequirementSet {
        RequirementSet {
            details: "The .us registry asks for these.".into(),
            items,
        }
    }

    fn fields(set: &RequirementSet) -> Vec<String> {
        validate_definition(set, LIMITS)
            .into_iter()
            .map(|p| p.field)
            .collect()
    }

    fn when(item: &str, values: &[&str], effect: ConditionEffect) -> Option<Condition> {
        Some(Condition {
            item: item.into(),
            one_of: values.iter().map(|v| (*v).to_owned()).collect(),
            effect,
        })
    }

    #[test]
    fn a_sound_definition_has_no_problems() {
        let mut proof = item("proof", file(5 * crate::domain::units::MB));
        proof.condition = when("nexus", &["C31", "C32"], ConditionEffect::Visible);
        let s = set(vec![
            select("nexus", &["C11", "C31", "C32"]),
            item("country", ItemKind::Country),
            proof,
        ]);
        assert_eq!(validate_definition(&s, LIMITS), vec![]);
    }

    #[test]
    fn duplicate_keys_are_refused_on_the_second_item() {
        let s = set(vec![
            item("id", ItemKind::Date),
            item("id", ItemKind::Country),
        ]);
        assert_eq!(fields(&s), ["items.1.key"]);
    }

    #[test]
    fn malformed_keys_are_refused() {
        for bad in ["", "Id", "1st", "has space", "dash-ed", &"k".repeat(41)] {
            let s = set(vec![item(bad, ItemKind::Date)]);
            assert_eq!(fields(&s), ["items.0.key"], "{bad:?}");
        }
    }

    #[test]
    fn empty_details_labels_and_lists_are_refused() {
        let mut s = set(vec![]);
        s.details = " ".into();
        assert_eq!(fields(&s), ["details", "items"]);
        let mut nameless = item("a", ItemKind::Date);
        nameless.label = " ".into();
        assert_eq!(fields(&set(vec![nameless])), ["items.0.label"]);
    }

    #[test]
    fn a_select_needs_distinct_options() {
        assert_eq!(fields(&set(vec![select("a", &["x"])])), ["items.0.options"]);
        assert_eq!(
            fields(&set(vec![select("a", &["x", "x"])])),
            ["items.0.options.1.value"]
        );
        assert_eq!(
            fields(&set(vec![select("a", &["x", " "])])),
            ["items.0.options.1.value"]
        );
    }

    #[test]
    fn file_limits_must_fit_the_servers_limit() {
        assert_eq!(
            fields(&set(vec![item("f", file(LIMITS.max_upload_bytes + 1))])),
            ["items.0.max_size_bytes"]
        );
        assert_eq!(
            fields(&set(vec![item("f", file(0))])),
            ["items.0.max_size_bytes"]
        );
        let too_many = ItemKind::File {
            allowed_types: vec![],
            max_size_bytes: 1024,
            min_size_bytes: 0,
            min_pixels: None,
            min_files: 3,
            max_files: 2,
        };
        assert_eq!(
            fields(&set(vec![item("f", too_many)])),
            ["items.0.allowed_types", "items.0.min_files"]
        );
    }

    #[test]
    fn smallest_sizes_must_make_sense() {
        let with = |min_size_bytes, min_pixels, allowed_types| ItemKind::File {
            allowed_types,
            max_size_bytes: 1024,
            min_size_bytes,
            min_pixels,
            min_files: 1,
            max_files: 1,
        };
        let fine = with(512, Some(Pixels::new(1200, 800)), vec![FileType::Jpeg]);
        assert!(fields(&set(vec![item("f", fine)])).is_empty());
        let above_limit = with(1024, None, vec![FileType::Pdf]);
        assert_eq!(
            fields(&set(vec![item("f", above_limit)])),
            ["items.0.min_size_bytes"]
        );
        let pdf_only = with(0, Some(Pixels::new(100, 100)), vec![FileType::Pdf]);
        assert_eq!(
            fields(&set(vec![item("f", pdf_only)])),
            ["items.0.min_pixels"]
        );
        let zero = with(0, Some(Pixels::new(0, 100)), vec![FileType::Png]);
        assert_eq!(fields(&set(vec![item("f", zero)])), ["items.0.min_pixels"]);
    }

    #[test]
    fn size_rules_read_as_people_write_them() {
        let mb = crate::domain::units::MB;
        assert_eq!(size_rule(0, 10 * mb, None), "up to 10 MB each");
        assert_eq!(
            size_rule(55 * 1024, mb, Some(Pixels::new(1200, 800))),
            "55 KB to 1 MB each, pictures at least 1200 × 800 pixels"
        );
    }

    #[test]
    fn pictures_fit_a_minimum_either_way_round() {
        let min = Pixels::new(1200, 800);
        assert!(Pixels::new(1200, 800).at_least(min));
        assert!(Pixels::new(800, 1200).at_least(min));
        assert!(Pixels::new(4000, 3000).at_least(min));
        assert!(!Pixels::new(1199, 800).at_least(min));
        assert!(!Pixels::new(1000, 1000).at_least(min));
        assert_eq!(min.to_string(), "1200 × 800 pixels");
    }

    #[test]
    fn older_file_items_read_without_the_smallest_sizes() {
        let old = r#"{"kind":"file","allowed_types":["pdf"],"max_size_bytes":1024,"min_files":1,"max_files":1}"#;
        let kind: ItemKind = serde_json::from_str(old).unwrap();
        assert_eq!(kind, file(1024));
        assert_eq!(serde_json::to_string(&kind).unwrap(), old);
    }

    #[test]
    fn conditions_must_refer_to_earlier_items_and_their_values() {
        let mut later = item("country", ItemKind::Country);
        later.condition = when("nexus", &["C31"], ConditionEffect::Visible);
        let s = set(vec![later.clone(), select("nexus", &["C11", "C31"])]);
        assert_eq!(
            fields(&s),
            ["items.0.condition.item"],
            "refers to an item below"
        );

        let mut wrong_value = later.clone();
        wrong_value.condition = when("nexus", &["C99"], ConditionEffect::Visible);
        let s = set(vec![select("nexus", &["C11", "C31"]), wrong_value]);
        assert_eq!(fields(&s), ["items.1.condition.one_of"]);

        let mut on_text = later;
        on_text.condition = when("name", &["x"], ConditionEffect::Required);
        let text = item(
            "name",
            ItemKind::Text {
                min_len: None,
                max_len: None,
                pattern: None,
                pattern_message: None,
                format: None,
            },
        );
        assert_eq!(
            fields(&set(vec![text, on_text])),
            ["items.1.condition.item"]
        );
    }

    #[test]
    fn a_pattern_needs_words_for_the_customer() {
        let kind = ItemKind::Text {
            min_len: Some(5),
            max_len: Some(3),
            pattern: Some("^[0-9]{11}$".into()),
            pattern_message: None,
            format: None,
        };
        assert_eq!(
            fields(&set(vec![item("tckn", kind)])),
            ["items.0.min_len", "items.0.pattern_message"]
        );
    }

    #[test]
    fn notices_ask_for_nothing_and_agreements_need_their_text() {
        let mut notice = item("n", ItemKind::Notice);
        notice.explanation = "Read this.".into();
        assert_eq!(fields(&set(vec![notice.clone()])), ["items.0.required"]);
        notice.required = false;
        assert!(fields(&set(vec![notice])).is_empty());
        let agreement = ItemKind::Checkbox {
            agreement: "".into(),
            link: Some("ftp://x".into()),
        };
        assert_eq!(
            fields(&set(vec![item("agree", agreement)])),
            ["items.0.agreement", "items.0.link"]
        );
    }

    #[test]
    fn conditions_show_and_require_items_by_the_answers() {
        let mut proof = item("proof", file(1024));
        proof.condition = when("nexus", &["C31", "C32"], ConditionEffect::Visible);
        let mut purpose = item("purpose", ItemKind::Date);
        purpose.condition = when("nexus", &["C11"], ConditionEffect::Required);
        let mut answers = Answers::new();
        assert!(!is_visible(&proof, &answers));
        assert!(!is_required(&proof, &answers));
        answers.insert("nexus".into(), "C32".into());
        assert!(is_visible(&proof, &answers));
        assert!(is_required(&proof, &answers));
        assert!(
            is_visible(&purpose, &answers),
            "a required-only condition never hides"
        );
        assert!(!is_required(&purpose, &answers));
        answers.insert("nexus".into(), "C11".into());
        assert!(is_required(&purpose, &answers));
        assert!(!is_visible(&proof, &answers));
    }

    #[test]
    fn definitions_round_trip_through_json_with_a_flat_kind() {
        let s = set(vec![item("proof", file(2048))]);
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["items"][0]["kind"], "file");
        assert_eq!(json["items"][0]["allowed_types"][0], "pdf");
        let back: RequirementSet = serde_json::from_value(json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(human_size(5 * crate::domain::units::MB), "5 MB");
        assert_eq!(human_size(1536 * 1024), "1.5 MB");
        assert_eq!(human_size(55 * 1024), "55 KB");
        assert_eq!(human_size(200), "200 bytes");
    }
}
