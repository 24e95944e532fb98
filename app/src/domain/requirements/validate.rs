//! Checking a definition before it is saved: in the browser, and again on the server.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::domain::{countries::is_country_code, units::human_size};
use crate::i18n::{Locale, td_string};

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

/// Checks a definition; every problem found, each with the field it belongs to and a
/// message in `locale`.
///
/// Pattern syntax is checked by the server only (see `backend`); everything else here
/// runs in the browser before saving, and again on the server.
pub fn validate_definition(
    set: &RequirementSet,
    limits: DefinitionLimits,
    locale: Locale,
) -> Vec<FieldProblem> {
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
            td_string!(locale, problems.definition.details_missing),
        );
    } else if set.details.chars().count() > 5000 {
        problem(
            "details".into(),
            td_string!(locale, problems.definition.details_too_long),
        );
    }
    for (language, text) in &set.details_translations {
        if !crate::domain::language::is_other(language) {
            problem(
                format!("details_translations.{language}"),
                td_string!(locale, problems.language_not_offered),
            );
        } else if text.chars().count() > 5000 {
            problem(
                format!("details_translations.{language}"),
                td_string!(locale, problems.definition.details_too_long),
            );
        }
    }
    if set.items.is_empty() {
        problem(
            "items".into(),
            td_string!(locale, problems.definition.no_items),
        );
    }
    if set.items.len() > MAX_ITEMS {
        problem(
            "items".into(),
            &td_string!(locale, problems.definition.too_many_items, max = MAX_ITEMS).to_string(),
        );
    }

    // key -> (index, kind) of the items seen so far, for uniqueness and conditions.
    let mut earlier: HashMap<&str, (usize, &ItemKind)> = HashMap::new();
    for (i, item) in set.items.iter().enumerate() {
        let at = |field: &str| format!("items.{i}.{field}");
        if !is_valid_key(&item.key) {
            problem(
                at("key"),
                td_string!(locale, problems.definition.key_format),
            );
        } else if earlier.contains_key(item.key.as_str()) {
            problem(at("key"), td_string!(locale, problems.definition.key_taken));
        }
        if item.label.trim().is_empty() {
            problem(
                at("label"),
                td_string!(locale, problems.definition.label_missing),
            );
        } else if item.label.chars().count() > 200 {
            problem(
                at("label"),
                td_string!(locale, problems.definition.label_too_long),
            );
        }
        for (language, texts) in &item.translations {
            let at = |field: &str| format!("items.{i}.translations.{language}.{field}");
            if !crate::domain::language::is_other(language) {
                problem(
                    at("label"),
                    td_string!(locale, problems.language_not_offered),
                );
            }
            if texts.label.chars().count() > 200 {
                problem(
                    at("label"),
                    td_string!(locale, problems.definition.label_too_long),
                );
            }
            let long = [&texts.explanation, &texts.agreement, &texts.pattern_message]
                .into_iter()
                .chain(texts.options.values())
                .any(|text| text.chars().count() > 5000);
            if long {
                problem(
                    at("explanation"),
                    td_string!(locale, problems.definition.texts_too_long),
                );
            }
        }
        if item.explanation.chars().count() > 5000 {
            problem(
                at("explanation"),
                td_string!(locale, problems.definition.explanation_too_long),
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
                check_lengths(*min_len, *max_len, locale, &at, &mut problem);
                if pattern.as_deref().is_some_and(|p| !p.trim().is_empty())
                    && pattern_message
                        .as_deref()
                        .is_none_or(|m| m.trim().is_empty())
                {
                    problem(
                        at("pattern_message"),
                        td_string!(locale, problems.definition.pattern_message_missing),
                    );
                }
            }
            ItemKind::Textarea { min_len, max_len } => {
                check_lengths(*min_len, *max_len, locale, &at, &mut problem)
            }
            ItemKind::Select { options } => {
                if options.len() < 2 {
                    problem(
                        at("options"),
                        td_string!(locale, problems.definition.options_too_few),
                    );
                }
                let mut values = HashSet::new();
                for (j, option) in options.iter().enumerate() {
                    if option.value.trim().is_empty() {
                        problem(
                            at(&format!("options.{j}.value")),
                            td_string!(locale, problems.definition.option_value_missing),
                        );
                    } else if !values.insert(option.value.as_str()) {
                        problem(
                            at(&format!("options.{j}.value")),
                            td_string!(locale, problems.definition.option_value_taken),
                        );
                    }
                    if option.label.trim().is_empty() {
                        problem(
                            at(&format!("options.{j}.label")),
                            td_string!(locale, problems.definition.option_label_missing),
                        );
                    }
                }
            }
            ItemKind::Checkbox { agreement, link } => {
                if agreement.trim().is_empty() {
                    problem(
                        at("agreement"),
                        td_string!(locale, problems.definition.agreement_missing),
                    );
                }
                if link.as_deref().is_some_and(|l| {
                    !l.is_empty() && !l.starts_with("https://") && !l.starts_with("http://")
                }) {
                    problem(
                        at("link"),
                        td_string!(locale, problems.definition.link_scheme),
                    );
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
                        &td_string!(
                            locale,
                            problems.definition.valid_days_range,
                            max = MAX_VALID_DAYS
                        )
                        .to_string(),
                    );
                }
                if allowed_types.is_empty() {
                    problem(
                        at("allowed_types"),
                        td_string!(locale, problems.definition.no_file_types),
                    );
                }
                if *min_size_bytes > 0 && min_size_bytes >= max_size_bytes {
                    problem(
                        at("min_size_bytes"),
                        td_string!(locale, problems.definition.min_size_not_below_max),
                    );
                }
                if let Some(min) = min_pixels {
                    if !allowed_types.iter().any(|t| t.is_image()) {
                        problem(
                            at("min_pixels"),
                            td_string!(locale, problems.definition.min_pixels_needs_images),
                        );
                    }
                    if min.width == 0
                        || min.height == 0
                        || min.width > MAX_PIXELS_SIDE
                        || min.height > MAX_PIXELS_SIDE
                    {
                        problem(
                            at("min_pixels"),
                            &td_string!(
                                locale,
                                problems.definition.min_pixels_range,
                                max = MAX_PIXELS_SIDE
                            )
                            .to_string(),
                        );
                    }
                }
                if *max_size_bytes == 0 {
                    problem(
                        at("max_size_bytes"),
                        td_string!(locale, problems.definition.max_size_zero),
                    );
                } else if *max_size_bytes > limits.max_upload_bytes {
                    let size = human_size(limits.max_upload_bytes, locale);
                    problem(
                        at("max_size_bytes"),
                        &td_string!(
                            locale,
                            problems.definition.max_size_over_server,
                            size = &size
                        )
                        .to_string(),
                    );
                }
                if *max_files == 0 || *max_files > MAX_FILES_PER_ITEM {
                    problem(
                        at("max_files"),
                        &td_string!(
                            locale,
                            problems.definition.max_files_range,
                            max = MAX_FILES_PER_ITEM
                        )
                        .to_string(),
                    );
                }
                if min_files > max_files {
                    problem(
                        at("min_files"),
                        td_string!(locale, problems.definition.min_files_above_max),
                    );
                }
                if item.required && *min_files == 0 {
                    problem(
                        at("min_files"),
                        td_string!(locale, problems.definition.required_upload_needs_file),
                    );
                }
            }
            ItemKind::Country | ItemKind::Date => {}
            ItemKind::Notice => {
                if item.required {
                    problem(
                        at("required"),
                        td_string!(locale, problems.definition.notice_required),
                    );
                }
                if item.explanation.trim().is_empty() {
                    problem(
                        at("explanation"),
                        td_string!(locale, problems.definition.notice_text_missing),
                    );
                }
            }
        }

        if let Some(condition) = &item.condition {
            match earlier.get(condition.item.as_str()) {
                None => problem(
                    at("condition.item"),
                    td_string!(locale, problems.definition.condition_item_not_above),
                ),
                Some((_, kind)) => {
                    if condition.one_of.is_empty() {
                        problem(
                            at("condition.one_of"),
                            td_string!(locale, problems.definition.condition_no_values),
                        );
                    }
                    match (kind, kind.condition_values()) {
                        (ItemKind::Country, _) => {
                            if let Some(bad) = condition.one_of.iter().find(|v| !is_country_code(v))
                            {
                                problem(
                                    at("condition.one_of"),
                                    &td_string!(
                                        locale,
                                        problems.definition.condition_not_country,
                                        value = bad
                                    )
                                    .to_string(),
                                );
                            }
                        }
                        (_, Some(allowed)) => {
                            if let Some(bad) =
                                condition.one_of.iter().find(|v| !allowed.contains(*v))
                            {
                                problem(
                                    at("condition.one_of"),
                                    &td_string!(
                                        locale,
                                        problems.definition.condition_not_value,
                                        value = bad
                                    )
                                    .to_string(),
                                );
                            }
                        }
                        (_, None) => problem(
                            at("condition.item"),
                            td_string!(locale, problems.definition.condition_item_kind),
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
    locale: Locale,
    at: &impl Fn(&str) -> String,
    problem: &mut impl FnMut(String, &str),
) {
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        problem(
            at("min_len"),
            td_string!(locale, problems.definition.min_len_above_max),
        );
    }
    if max == Some(0) {
        problem(
            at("max_len"),
            td_string!(locale, problems.definition.max_len_zero),
        );
    }
}
