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
        details_translations: Default::default(),
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
        translations: Default::default(),
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
        document_kind: None,
        valid_days: None,
    }
}

fn set(items: Vec<ItemDef>) -> RequirementSet {
    RequirementSet {
        details_translations: Default::default(),
        details: "The .us registry asks for these.".into(),
        items,
    }
}

fn fields(set: &RequirementSet) -> Vec<String> {
    validate_definition(set, LIMITS, crate::i18n::Locale::en)
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
    assert_eq!(
        validate_definition(&s, LIMITS, crate::i18n::Locale::en),
        vec![]
    );
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
        document_kind: None,
        valid_days: Some(0),
    };
    assert_eq!(
        fields(&set(vec![item("f", too_many)])),
        [
            "items.0.valid_days",
            "items.0.allowed_types",
            "items.0.min_files"
        ]
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
        document_kind: None,
        valid_days: None,
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
fn items_named_in_english_are_named_in_the_readers_language() {
    let mut id = item("id", ItemKind::Date);
    id.translations.insert(
        "tr".into(),
        ItemTexts {
            label: "Kimlik".into(),
            ..Default::default()
        },
    );
    let set = set(vec![id, item("proof", ItemKind::Date)]);
    let asked = "Label of id, Label of proof, Gone";
    assert_eq!(set.labels_in(asked, "tr"), "Kimlik, Label of proof, Gone");
    assert_eq!(set.labels_in(asked, "en"), asked);
}
