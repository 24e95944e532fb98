//! The extension list and "extensions that require documents" over HTTP, as an admin
//! uses them, on both databases.

use crate::common::{TestApp, TestDatabase, spawn_app};
use app::{
    api::{
        catalog::ListOfferedExtensions,
        definitions::{ExtensionPreset, ListDefinitions, LoadDefinitionDraft, SaveDefinition},
        extensions::{
            AdminListExtensions, CreateExtension, DeleteExtension, GetPublicRequirements,
            MoveExtension, UpdateExtension,
        },
    },
    domain::Role,
};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn admin(app: &TestApp) -> String {
    app.signed_in("root@example.com", Role::Admin).await
}

async fn extensions(app: &TestApp, cookie: &str) -> Vec<Value> {
    let response = app
        .post_form(AdminListExtensions::PATH, &[], Some(cookie))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["extensions"].as_array().unwrap().clone()
}

fn find<'a>(list: &'a [Value], name: &str) -> &'a Value {
    list.iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {list:?}"))
}

fn names(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn admins_add_change_reorder_and_delete_extensions(database: TestDatabase) {
    let app = spawn_app(database).await;
    let cookie = admin(&app).await;

    // Add: Unicode is stored as punycode and shown as Unicode.
    let added = app
        .post_form(
            CreateExtension::PATH,
            &[
                ("name", ".рф"),
                ("registrar_module", "manual"),
                ("enabled", "on"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(added.status(), StatusCode::OK);
    let added: Value = added.json().await.unwrap();
    assert_eq!(added["name"], ".xn--p1ai");
    assert_eq!(added["display"], ".рф");
    let list = extensions(&app, &cookie).await;
    assert_eq!(
        names(&list).last().map(String::as_str),
        Some(".xn--p1ai"),
        "added at the end"
    );

    // Bad input is refused on its field and adds nothing.
    for (name, module) in [
        (".us", "manual"),
        ("not an ext", "manual"),
        (".xyz", "no-such-module"),
    ] {
        let refused = app
            .post_form(
                CreateExtension::PATH,
                &[("name", name), ("registrar_module", module)],
                Some(&cookie),
            )
            .await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
    }
    assert_eq!(extensions(&app, &cookie).await.len(), list.len());

    // Change: module and availability; a disabled extension leaves the public catalog.
    let net = find(&list, ".net")["id"].to_string();
    let changed = app
        .post_form(
            UpdateExtension::PATH,
            &[("id", &net), ("registrar_module", "presets")],
            Some(&cookie),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let list = extensions(&app, &cookie).await;
    assert_eq!(find(&list, ".net")["enabled"], false);
    assert_eq!(find(&list, ".net")["registrar_module"], "presets");
    let offered: Value = app
        .post_form(ListOfferedExtensions::PATH, &[], None)
        .await
        .json()
        .await
        .unwrap();
    assert!(!offered.as_array().unwrap().iter().any(|e| e == ".net"));

    // Reorder: .org moves above .net.
    let before = names(&list);
    let org = find(&list, ".org")["id"].to_string();
    let moved = app
        .post_form(
            MoveExtension::PATH,
            &[("id", &org), ("direction", "up")],
            Some(&cookie),
        )
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    let after = names(&extensions(&app, &cookie).await);
    let at = |list: &[String], n: &str| list.iter().position(|x| x == n).unwrap();
    assert_eq!(at(&after, ".org") + 1, at(&after, ".net"));
    assert_eq!(at(&before, ".net") + 1, at(&before, ".org"));
    // At the top, "up" changes nothing.
    let first = find(&extensions(&app, &cookie).await, &after[0])["id"].to_string();
    app.post_form(
        MoveExtension::PATH,
        &[("id", &first), ("direction", "up")],
        Some(&cookie),
    )
    .await;
    assert_eq!(names(&extensions(&app, &cookie).await), after);

    // Delete: an unused extension goes; one with requirements (.cn, seeded) stays.
    let rf = find(&extensions(&app, &cookie).await, ".xn--p1ai")["id"].to_string();
    let deleted = app
        .post_form(DeleteExtension::PATH, &[("id", &rf)], Some(&cookie))
        .await;
    assert_eq!(deleted.status(), StatusCode::OK);
    let cn = find(&extensions(&app, &cookie).await, ".cn").clone();
    assert_eq!(cn["has_definition"], true);
    let refused = app
        .post_form(
            DeleteExtension::PATH,
            &[("id", &cn["id"].to_string())],
            Some(&cookie),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let list = names(&extensions(&app, &cookie).await);
    assert!(!list.contains(&".xn--p1ai".to_owned()));
    assert!(list.contains(&".cn".to_owned()));
}

/// Saves `requirements` for extension `extension_id`; the response.
async fn save(app: &TestApp, cookie: &str, input: Value) -> reqwest::Response {
    app.post_json(
        SaveDefinition::PATH,
        &json!({ "input": input }),
        Some(cookie),
    )
    .await
}

async fn definitions(app: &TestApp, cookie: &str) -> Vec<Value> {
    let body: Value = app
        .post_form(ListDefinitions::PATH, &[], Some(cookie))
        .await
        .json()
        .await
        .unwrap();
    body.as_array().unwrap().clone()
}

async fn an_imported_preset_can_be_edited_and_says_so(database: TestDatabase) {
    let app = spawn_app(database).await;
    let cookie = admin(&app).await;

    // .us has no requirements yet and its module offers a preset.
    let draft: Value = app
        .post_form(LoadDefinitionDraft::PATH, &[], Some(&cookie))
        .await
        .json()
        .await
        .unwrap();
    let us = draft["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == ".us")
        .unwrap()
        .clone();
    assert_eq!(us["preset_from"], "Registry presets (register by hand)");
    let us_id = us["id"].as_i64().unwrap();
    let preset: Value = app
        .post_form(
            ExtensionPreset::PATH,
            &[("extension_id", &us_id.to_string())],
            Some(&cookie),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(preset["module"], "presets");

    // Import it unchanged.
    let requirements = preset["requirements"].clone();
    let created = save(
        &app,
        &cookie,
        json!({ "id": null, "extension_id": us_id, "revision": 0, "requirements": requirements, "imported_from": "presets" }),
    )
    .await;
    assert_eq!(created.status(), StatusCode::OK);
    let id: i64 = created.json().await.unwrap();
    let line = definitions(&app, &cookie)
        .await
        .into_iter()
        .find(|d| d["extension"] == ".us")
        .unwrap();
    assert_eq!(line["item_count"], 3);
    assert_eq!(line["source"]["edited"], false);

    // A second definition for the same extension is refused.
    let again = save(
        &app,
        &cookie,
        json!({ "id": null, "extension_id": us_id, "revision": 0, "requirements": requirements, "imported_from": null }),
    )
    .await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Edit: add "Proof of US presence", shown only for C31/C32.
    let draft: Value = app
        .post_form(
            LoadDefinitionDraft::PATH,
            &[("id", &id.to_string())],
            Some(&cookie),
        )
        .await
        .json()
        .await
        .unwrap();
    let mut edited = draft["requirements"].clone();
    edited["items"].as_array_mut().unwrap().push(json!({
        "key": "us_presence_proof", "label": "Proof of US presence", "explanation": "A lease, utility bill or bank statement.",
        "required": true, "kind": "file", "allowed_types": ["pdf"], "max_size_bytes": 5 * 1024 * 1024,
        "min_files": 1, "max_files": 1,
        "condition": { "item": "nexus_category", "one_of": ["C31", "C32"], "effect": "visible" }
    }));
    let revision = draft["revision"].as_i64().unwrap();
    let saved = save(
        &app,
        &cookie,
        json!({ "id": id, "extension_id": us_id, "revision": revision, "requirements": edited, "imported_from": null }),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let line = definitions(&app, &cookie)
        .await
        .into_iter()
        .find(|d| d["extension"] == ".us")
        .unwrap();
    assert_eq!(line["item_count"], 4);
    assert_eq!(line["document_items"], 1);
    assert_eq!(line["source"]["type"], "preset");
    assert_eq!(line["source"]["edited"], true);

    // Someone saving from the old revision gets a conflict, not a silent overwrite.
    let stale = save(
        &app,
        &cookie,
        json!({ "id": id, "extension_id": us_id, "revision": revision, "requirements": requirements, "imported_from": null }),
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let line = definitions(&app, &cookie)
        .await
        .into_iter()
        .find(|d| d["extension"] == ".us")
        .unwrap();
    assert_eq!(line["item_count"], 4, "the newer version stays");

    // Customers can read it before ordering.
    let public: Value = app
        .post_form(GetPublicRequirements::PATH, &[("extension", "us")], None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        public["requirements"]["items"][3]["label"],
        "Proof of US presence"
    );
    let page = app.get("/extensions/us").await.text().await.unwrap();
    assert!(page.contains("Proof of US presence"));
    assert!(
        page.contains("Asked for only when “Nexus category” is C31 or C32."),
        "{page}"
    );
}

async fn a_broken_definition_is_refused_with_every_problem_by_field(database: TestDatabase) {
    let app = spawn_app(database).await;
    let cookie = admin(&app).await;
    let draft: Value = app
        .post_form(LoadDefinitionDraft::PATH, &[], Some(&cookie))
        .await
        .json()
        .await
        .unwrap();
    let ca = draft["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == ".ca")
        .unwrap()["id"]
        .clone();

    let response = save(
        &app,
        &cookie,
        json!({ "id": null, "extension_id": ca, "revision": 0, "imported_from": null, "requirements": {
            "details": "CIRA needs these.",
            "items": [
                { "key": "legal_type", "label": "Legal type", "explanation": "", "required": true, "kind": "select",
                  "options": [{ "value": "CCO", "label": "Corporation" }], "condition": null },
                { "key": "legal_type", "label": "Again", "explanation": "", "required": true, "kind": "date", "condition": null },
                { "key": "number", "label": "Number", "explanation": "", "required": true, "kind": "text",
                  "min_len": null, "max_len": 20, "pattern": "([0-9]", "pattern_message": "digits", "condition": null },
                { "key": "scan", "label": "Scan", "explanation": "", "required": true, "kind": "file",
                  "allowed_types": ["pdf"], "max_size_bytes": 1_000_000_000_000u64, "min_files": 1, "max_files": 1, "condition": null }
            ]
        }}),
    )
    .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    let fields: Vec<&str> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "items.0.options",
            "items.1.key",
            "items.3.max_size_bytes",
            "items.2.pattern"
        ]
    );
    assert!(
        definitions(&app, &cookie)
            .await
            .iter()
            .all(|d| d["extension"] != ".ca"),
        "nothing saved"
    );
}

async fn extensions_without_requirements_say_so_and_unknown_ones_are_not_found(
    database: TestDatabase,
) {
    let app = spawn_app(database).await;

    let com: Value = app
        .post_form(GetPublicRequirements::PATH, &[("extension", ".com")], None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(com["requirements"], Value::Null);
    let cn: Value = app
        .post_form(GetPublicRequirements::PATH, &[("extension", "cn")], None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cn["requirements"]["items"][2]["kind"], "file");
    let unknown = app
        .post_form(GetPublicRequirements::PATH, &[("extension", "zz")], None)
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let page = app.get("/extensions/com").await.text().await.unwrap();
    assert!(page.contains("goes straight to registration"));
}

on_both_databases!(
    admins_add_change_reorder_and_delete_extensions,
    an_imported_preset_can_be_edited_and_says_so,
    a_broken_definition_is_refused_with_every_problem_by_field,
    extensions_without_requirements_say_so_and_unknown_ones_are_not_found,
);
