//! Orders and their items: states, the transitions between them, and the checking of a
//! customer's answers against the requirements snapshot of the order.

use std::collections::HashMap;

#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

use super::{
    countries::is_country_code,
    language::{code, or_english},
    requirements::{
        Answers, FieldProblem, ItemDef, ItemKind, RequirementSet, is_required, is_visible,
    },
};
use crate::i18n::{Locale, td_string};

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")
)]
pub enum OrderStatus {
    /// In progress: the customer has to supply the required items.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "awaiting_documents"))]
    AwaitingDocuments,
    /// Submitted; staff are reviewing it.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "under_review"))]
    UnderReview,
    /// Some items were rejected; the customer replaces them.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "action_required"))]
    ActionRequired,
    /// Everything approved; registration can start.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "approved"))]
    Approved,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "registering"))]
    Registering,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "registered"))]
    Registered,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "registration_failed"))]
    RegistrationFailed,
    /// The extension needs nothing: registration can start at once.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "ready_to_register"))]
    ReadyToRegister,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "cancelled"))]
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 9] = [
        Self::AwaitingDocuments,
        Self::UnderReview,
        Self::ActionRequired,
        Self::Approved,
        Self::Registering,
        Self::Registered,
        Self::RegistrationFailed,
        Self::ReadyToRegister,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingDocuments => "awaiting_documents",
            Self::UnderReview => "under_review",
            Self::ActionRequired => "action_required",
            Self::Approved => "approved",
            Self::Registering => "registering",
            Self::Registered => "registered",
            Self::RegistrationFailed => "registration_failed",
            Self::ReadyToRegister => "ready_to_register",
            Self::Cancelled => "cancelled",
        }
    }

    /// Reads a stored status.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// A short name for a status pill.
    pub fn label(self) -> &'static str {
        match self {
            Self::AwaitingDocuments => "In progress — awaiting documents",
            Self::UnderReview => "Under review",
            Self::ActionRequired => "Action required",
            Self::Approved => "Approved",
            Self::Registering => "Registering",
            Self::Registered => "Registered",
            Self::RegistrationFailed => "Registration failed",
            Self::ReadyToRegister => "Ready to register",
            Self::Cancelled => "Cancelled",
        }
    }

    /// Whether the customer may change answers and documents now.
    pub fn customer_can_edit(self) -> bool {
        matches!(self, Self::AwaitingDocuments | Self::ActionRequired)
    }

    /// Whether moving from `self` to `next` is allowed: the one table every change of
    /// an order's state is checked against.
    pub fn can_become(self, next: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, next),
            (AwaitingDocuments | ActionRequired, UnderReview)
                | (UnderReview, ActionRequired | Approved)
                // Re-verification: a registered domain's items asked for again, and the
                // order registered again once they are approved (no new registration).
                | (Registered, ActionRequired)
                | (UnderReview, Registered)
                | (Approved | ReadyToRegister | RegistrationFailed, Registering)
                | (Registering, Registered | RegistrationFailed)
                | (
                    AwaitingDocuments
                        | UnderReview
                        | ActionRequired
                        | Approved
                        | ReadyToRegister
                        | RegistrationFailed,
                    Cancelled
                )
        )
    }

    /// Whether the order has ended (closed): nothing more happens to it, but for an admin
    /// who reopens a registered domain's order for re-verification.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Registered | Self::Cancelled)
    }

    /// Whether the customer may cancel the order themselves: while it waits for them, is
    /// under review, or (needing no documents) waits for its registration. Once approved,
    /// only an admin can (the registration may be about to start).
    pub fn customer_can_cancel(self) -> bool {
        matches!(
            self,
            Self::AwaitingDocuments
                | Self::ActionRequired
                | Self::UnderReview
                | Self::ReadyToRegister
        )
    }
}

/// Where one item of an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
pub enum ItemStatus {
    /// Nothing supplied yet.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "missing"))]
    Missing,
    /// Supplied but not submitted.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "draft"))]
    Draft,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "submitted"))]
    Submitted,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "approved"))]
    Approved,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "rejected"))]
    Rejected,
}

impl ItemStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Missing,
            Self::Draft,
            Self::Submitted,
            Self::Approved,
            Self::Rejected,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Missing => "Missing",
            Self::Draft => "Draft",
            Self::Submitted => "Submitted",
            Self::Approved => "Approved",
            Self::Rejected => "Rejected",
        }
    }

    /// Whether a customer may change the item while the order is editable: anything but
    /// an item already submitted or approved.
    pub fn customer_can_edit(self) -> bool {
        matches!(self, Self::Missing | Self::Draft | Self::Rejected)
    }

    /// Whether an admin may decide (approve or reject) the item: only once submitted.
    pub fn can_be_decided(self) -> bool {
        self == Self::Submitted
    }
}

/// What an admin decides about a submitted item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    Approve,
    /// With a statement the customer sees.
    Reject,
}

/// A step of an approved order's registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationAction {
    /// Start the registration (or retry it after a failure).
    Start,
    /// The provider confirmed it.
    Registered,
    /// The provider refused it, with its message.
    Failed,
}

/// Checks one answer against its item; `None` when it is acceptable, else what is wrong
/// in `locale`. Empty answers are judged by [`check_submission`], which knows whether
/// the item is required.
///
/// The pattern of a text item is checked by the caller that can run regular
/// expressions (the server); `pattern_ok` carries its verdict.
pub fn check_answer(
    item: &ItemDef,
    value: &str,
    pattern_ok: bool,
    locale: Locale,
) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let chars = u32::try_from(value.chars().count()).unwrap_or(u32::MAX);
    match &item.kind {
        ItemKind::Text {
            min_len,
            max_len,
            pattern_message,
            format,
            ..
        } => {
            if let Some(min) = min_len.filter(|m| chars < *m) {
                return Some(
                    td_string!(locale, checks.answer.enter_at_least, min = min).to_string(),
                );
            }
            if let Some(max) = max_len.filter(|m| chars > *m) {
                return Some(at_most_characters(max, locale));
            }
            if let Some(Err(problem)) = format.map(|f| f.check(value)) {
                return Some(problem.text(locale));
            }
            if !pattern_ok {
                return Some(match pattern_message {
                    Some(m) => {
                        // The admin's words for the pattern, in the reader's language
                        // when they gave them.
                        let texts = item.translations.get(code(locale));
                        let expected = or_english(texts.map(|t| &t.pattern_message), m);
                        td_string!(locale, checks.answer.pattern_expected, expected = expected)
                            .to_string()
                    }
                    None => td_string!(locale, checks.answer.pattern).to_owned(),
                });
            }
            None
        }
        ItemKind::Textarea { min_len, max_len } => {
            if let Some(min) = min_len.filter(|m| chars < *m) {
                return Some(
                    td_string!(locale, checks.answer.write_at_least, min = min).to_string(),
                );
            }
            max_len
                .filter(|m| chars > *m)
                .map(|max| at_most_characters(max, locale))
        }
        ItemKind::Select { options } => (!options.iter().any(|o| o.value == value))
            .then(|| td_string!(locale, checks.answer.choose_option).to_owned()),
        ItemKind::Country => (!is_country_code(value))
            .then(|| td_string!(locale, checks.answer.choose_country).to_owned()),
        ItemKind::Date => {
            (!is_date(value)).then(|| td_string!(locale, checks.answer.date).to_owned())
        }
        ItemKind::Checkbox { .. } => (value != "checked").then(|| tick_the_box(locale)),
        ItemKind::File { .. } | ItemKind::Notice => None,
    }
}

/// The refusal of a text longer than `max` characters (a line or a paragraph alike).
fn at_most_characters(max: u32, locale: Locale) -> String {
    td_string!(locale, checks.answer.at_most, max = max).to_string()
}

/// The refusal of a checkbox left unticked (required, or ticked with a wrong value).
fn tick_the_box(locale: Locale) -> String {
    td_string!(locale, checks.answer.tick_the_box).to_owned()
}

/// A calendar date `YYYY-MM-DD`.
fn is_date(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    if !(1800..=2200).contains(&y) || !(1..=12).contains(&m) || y.to_string().len() != 4 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&d)
}

/// Checks a whole submission: every visible required item answered, every answer
/// acceptable, every document item with an allowed number of files. Problems are keyed
/// by item key and worded in `locale`. `file_counts` gives the documents of each file
/// item; `pattern_ok` tells whether a text item's pattern matches.
pub fn check_submission(
    set: &RequirementSet,
    answers: &Answers,
    file_counts: &HashMap<String, u32>,
    pattern_ok: &dyn Fn(&ItemDef, &str) -> bool,
    locale: Locale,
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    for item in &set.items {
        if !is_visible(item, answers) {
            continue;
        }
        let required = is_required(item, answers);
        let problem = match &item.kind {
            ItemKind::Notice => None,
            ItemKind::File {
                min_files,
                max_files,
                ..
            } => {
                let count = file_counts.get(&item.key).copied().unwrap_or(0);
                if count == 0 && required {
                    Some(td_string!(locale, checks.answer.upload_document).to_owned())
                } else if count > 0 && count < *min_files {
                    Some(
                        td_string!(locale, checks.answer.files_at_least, min = min_files)
                            .to_string(),
                    )
                } else if count > *max_files {
                    Some(
                        td_string!(locale, checks.answer.files_at_most, max = max_files)
                            .to_string(),
                    )
                } else {
                    None
                }
            }
            _ => {
                let value = answers.get(&item.key).map(String::as_str).unwrap_or("");
                if value.trim().is_empty() {
                    required.then(|| match item.kind {
                        ItemKind::Checkbox { .. } => tick_the_box(locale),
                        _ => td_string!(locale, checks.answer.fill_in).to_owned(),
                    })
                } else {
                    check_answer(item, value, pattern_ok(item, value.trim()), locale)
                }
            }
        };
        if let Some(message) = problem {
            problems.push(FieldProblem {
                field: item.key.clone(),
                message,
            });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::requirements::{Condition, ConditionEffect, FileType, SelectOption};

    fn us() -> RequirementSet {
        RequirementSet {
            details_translations: Default::default(),
            details: "usTLD".into(),
            items: vec![
                ItemDef {
                    translations: Default::default(),
                    applies_to: Default::default(),
                    key: "nexus".into(),
                    label: "Nexus".into(),
                    explanation: String::new(),
                    required: true,
                    kind: ItemKind::Select {
                        options: ["C11", "C31"]
                            .iter()
                            .map(|v| SelectOption::new(v, v))
                            .collect(),
                    },
                    condition: None,
                },
                ItemDef {
                    translations: Default::default(),
                    applies_to: Default::default(),
                    key: "country".into(),
                    label: "Country".into(),
                    explanation: String::new(),
                    required: true,
                    kind: ItemKind::Country,
                    condition: Some(Condition {
                        item: "nexus".into(),
                        one_of: vec!["C31".into()],
                        effect: ConditionEffect::Visible,
                    }),
                },
                ItemDef {
                    translations: Default::default(),
                    applies_to: Default::default(),
                    key: "proof".into(),
                    label: "Proof".into(),
                    explanation: String::new(),
                    required: true,
                    kind: ItemKind::File {
                        allowed_types: vec![FileType::Pdf],
                        max_size_bytes: 1024,
                        min_size_bytes: 0,
                        min_pixels: None,
                        min_files: 1,
                        max_files: 2,
                        document_kind: None,
                        valid_days: None,
                    },
                    condition: None,
                },
            ],
        }
    }

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn keys(problems: Vec<FieldProblem>) -> Vec<String> {
        problems.into_iter().map(|p| p.field).collect()
    }

    /// Checks `answers` against [`us`], every pattern matching.
    fn check(answers: &Answers, files: &HashMap<String, u32>) -> Vec<FieldProblem> {
        check_submission(&us(), answers, files, &|_, _| true, Locale::en)
    }

    #[test]
    fn missing_required_items_are_listed_by_key() {
        let problems = check(&answers(&[]), &HashMap::new());
        assert_eq!(keys(problems), ["nexus", "proof"]);
    }

    #[test]
    fn conditional_items_count_only_when_shown() {
        let files = HashMap::from([("proof".to_owned(), 1)]);
        assert!(check(&answers(&[("nexus", "C11")]), &files).is_empty());
        let problems = check(&answers(&[("nexus", "C31")]), &files);
        assert_eq!(keys(problems), ["country"]);
        let problems = check(&answers(&[("nexus", "C31"), ("country", "XX")]), &files);
        assert_eq!(keys(problems), ["country"], "not a country code");
        assert!(check(&answers(&[("nexus", "C31"), ("country", "DE")]), &files).is_empty());
    }

    #[test]
    fn answers_must_fit_their_kind() {
        let files = HashMap::from([("proof".to_owned(), 3)]);
        let problems = check(&answers(&[("nexus", "C99")]), &files);
        assert_eq!(
            problems
                .iter()
                .map(|p| p.message.as_str())
                .collect::<Vec<_>>(),
            [
                "Please choose one of the options.",
                "Please upload at most 2 files.",
            ],
            "unknown option, too many files"
        );
        assert_eq!(keys(problems), ["nexus", "proof"]);
    }

    #[test]
    fn problems_are_worded_in_the_readers_language() {
        let problems = check_submission(
            &us(),
            &answers(&[]),
            &HashMap::new(),
            &|_, _| true,
            Locale::tr,
        );
        assert_eq!(problems[0].message, "Lütfen bu alanı doldurun.");
        assert_eq!(problems[1].message, "Lütfen bu belgeyi yükleyin.");
    }

    #[test]
    fn dates_are_real_calendar_dates() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2023-13-01"));
        assert!(!is_date("23-01-01"));
        assert!(!is_date("2023-1-1x"));
    }

    #[test]
    fn order_transitions_follow_the_flow_and_refuse_the_rest() {
        use OrderStatus::*;
        assert!(AwaitingDocuments.can_become(UnderReview));
        assert!(ActionRequired.can_become(UnderReview));
        assert!(UnderReview.can_become(Approved));
        assert!(Approved.can_become(Registering));
        assert!(Registering.can_become(Registered));
        assert!(RegistrationFailed.can_become(Registering), "retry");
        assert!(
            !UnderReview.can_become(UnderReview),
            "no second submit while under review"
        );
        assert!(!AwaitingDocuments.can_become(Approved));
        assert!(!Registered.can_become(Cancelled));
        assert!(!Cancelled.can_become(UnderReview));
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn an_identifier_item_refuses_a_number_whose_check_digits_do_not_match() {
        let item = ItemDef {
            translations: Default::default(),
            applies_to: Default::default(),
            key: "tckn".into(),
            label: "T.C. Kimlik No".into(),
            explanation: String::new(),
            required: true,
            kind: ItemKind::Text {
                min_len: None,
                max_len: Some(40),
                pattern: None,
                pattern_message: None,
                format: Some(crate::domain::identifiers::IdFormat::TrTckn),
            },
            condition: None,
        };
        assert_eq!(check_answer(&item, "10000000146", true, Locale::en), None);
        assert_eq!(
            check_answer(&item, "10000000147", true, Locale::en).as_deref(),
            Some("This T.C. Kimlik No's check digits do not match; check for a typo.")
        );
        // Old definitions (stored before the check existed) read as "no check".
        let stored =
            r#"{"kind":"text","min_len":null,"max_len":20,"pattern":null,"pattern_message":null}"#;
        let kind: ItemKind = serde_json::from_str(stored).unwrap();
        assert!(matches!(kind, ItemKind::Text { format: None, .. }));
    }

    #[test]
    fn whoever_may_cancel_can_only_reach_cancelled_from_a_state_that_has_not_ended() {
        for status in OrderStatus::ALL {
            if status.customer_can_cancel() {
                assert!(status.can_become(OrderStatus::Cancelled), "{status:?}");
            }
            if status.is_final() {
                assert!(
                    OrderStatus::ALL.iter().all(|next| !status.can_become(*next)
                        || (status == OrderStatus::Registered
                            && *next == OrderStatus::ActionRequired)),
                    "{status:?} has ended (a registered one reopens for re-verification only)"
                );
            }
        }
        assert!(!OrderStatus::Approved.customer_can_cancel());
        assert!(!OrderStatus::Registering.can_become(OrderStatus::Cancelled));
        assert!(OrderStatus::RegistrationFailed.can_become(OrderStatus::Cancelled));
    }

    #[test]
    fn only_submitted_items_can_be_decided_and_only_open_ones_edited() {
        assert!(ItemStatus::Submitted.can_be_decided());
        assert!(
            !ItemStatus::Draft.can_be_decided(),
            "no approval of an item never submitted"
        );
        assert!(ItemStatus::Rejected.customer_can_edit());
        assert!(!ItemStatus::Approved.customer_can_edit());
        assert!(!ItemStatus::Submitted.customer_can_edit());
    }
}
