//! A customer's export (`GET /account/export`): one ZIP with a manifest that parses and
//! lists their account, orders, answers, decisions and documents, and the documents'
//! bytes; nothing of another customer; refused signed out. On both databases.

use std::io::Read;

use app::domain::Role;
use reqwest::StatusCode;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{TestDatabase, flow::*};

async fn a_customer_downloads_everything_held_about_them(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let proof = ada_submits(&app, &ada, id).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    decide(
        &app,
        &admin,
        id,
        "proof",
        app::domain::orders::ReviewDecision::Reject,
        Some("The scan is unreadable."),
    )
    .await;
    // Another customer's order must not appear.
    let grace = app.signed_in("grace@example.com", Role::Customer).await;
    placed(&app, &grace, "grace.us").await;

    let response = app.get_with_cookie("/account/export", &ada).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/zip");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"regdocs-export-")
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    let bytes = response.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut text = String::new();
    zip.by_name("manifest.json")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let manifest: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(manifest["format"], "regdocs-export/1");
    assert_eq!(manifest["account"]["email"], "ada@example.com");
    let orders = manifest["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 1, "only Ada's order");
    let order = &orders[0];
    assert_eq!(order["domain"], "example.us");
    let nexus = order["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "nexus")
        .unwrap();
    assert_eq!(nexus["value"], "C11");
    let proof_item = order["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "proof")
        .unwrap();
    assert_eq!(proof_item["attempts"][0]["decision"], "rejected");
    assert_eq!(
        proof_item["attempts"][0]["statement"],
        "The scan is unreadable."
    );
    assert!(
        order["trail"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["statement"] == "The scan is unreadable.")
    );
    let doc = &order["documents"][0];
    assert_eq!(doc["sha256"], format!("{:x}", Sha256::digest(&proof)));
    let mut stored = Vec::new();
    zip.by_name(doc["file"].as_str().unwrap())
        .unwrap()
        .read_to_end(&mut stored)
        .unwrap();
    assert_eq!(stored, proof);
    // Nothing else: the manifest and Ada's one document.
    assert_eq!(zip.len(), 2);
    let names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("grace")), "{names:?}");
    // The temporary file is gone from the data directory.
    let exports = app.state.settings.data_dir.join("exports");
    assert_eq!(std::fs::read_dir(exports).unwrap().count(), 0);

    assert_eq!(
        app.get("/account/export").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

on_both_databases!(a_customer_downloads_everything_held_about_them);
