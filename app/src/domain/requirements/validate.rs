//! Checking a definition before it is saved: in the browser, and again on the server.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::domain::countries::is_country_code;

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
    for (language, text) in &set.details_translations {
        if !crate::domain::language::is_other(language) {
            problem(
                format!("details_translations.{language}"),
                "This language is not offered.",
            );
        } else if text.chars().count() > 5000 {
            problem(
                format!("details_translations.{language}"),
                "Keep the details under 5000 characters.",
            );
        }
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
        for (language, texts) in &item.translations {
            let at = |field: &str| format!("items.{i}.translations.{language}.{field}");
            if !crate::domain::language::is_other(language) {
                problem(at("label"), "This language is not offered.");
            }
            if texts.label.chars().count() > 200 {
                problem(at("label"), "Keep the label under 200 characters.");
            }
            let long = [&texts.explanation, &texts.agreement, &texts.pattern_message]
                .into_iter()
                .chain(texts.options.values())
                .any(|text| text.chars().count() > 5000);
            if long {
                problem(at("explanation"), "Keep each text under 5000 characters.");
            }
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
                valid_days,
                ..
            } => {
                if valid_days.is_some_and(|d| d == 0 || d > MAX_VALID_DAYS) {
                    problem(
                        at("valid_days"),
                        &format!("Give a validity from 1 to {MAX_VALID_DAYS} days, or none."),
                    );
                }
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
