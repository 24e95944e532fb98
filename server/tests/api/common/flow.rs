//! The customer flow the order, review and registration tests share: `.us` defined with
//! a select, a conditional country and a PDF proof; Ada's order of example.us; uploads.

use app::{
    api::{
        definitions::SaveDefinitionInput,
        orders::{CancelOrder, GetOrder, PlaceOrder, SubmitOrder, upload_url},
        review::ReviewItem,
    },
    backend::{
        catalog::definitions,
        entities::{document, extension},
    },
    domain::{
        Role,
        order_view::{ItemView, OrderView},
        orders::ReviewDecision,
        requirements::{
            Condition, ConditionEffect, FileType, ItemDef, ItemKind, RequirementSet, SelectOption,
        },
    },
};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::{TestApp, TestDatabase, spawn_app};

pub const KB: usize = 1024;

pub fn pdf(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.resize(size, b'x');
    bytes
}

pub fn png(size: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.resize(size, 0);
    bytes
}

/// A PNG whose header says `width` × `height` pixels, `size` bytes long.
pub fn png_of(width: u32, height: u32, size: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend_from_slice(&width.to_be_bytes());
    bytes.extend_from_slice(&height.to_be_bytes());
    bytes.extend_from_slice(&[8, 2, 0, 0, 0]);
    bytes.resize(size.max(bytes.len()), 0);
    bytes
}

/// The seeded `.us` extension.
pub async fn us_extension(app: &TestApp) -> extension::Model {
    extension::Entity::find()
        .filter(extension::Column::Name.eq(".us"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// `.us` with: nexus (choice), nexus country (only for C31), and a PDF proof of at most
/// 100 KB, one or two files.
pub async fn define_us(app: &TestApp) {
    define_us_with_proof(app, 2, 100 * 1024).await;
}

/// [`define_us`] with a proof of at most `max_files` files of `max_size_bytes` each,
/// saved by the demo admin.
pub async fn define_us_with_proof(app: &TestApp, max_files: u32, max_size_bytes: u64) {
    define_us_as(app, us_requirements(max_files, max_size_bytes)).await;
}

/// Saves `requirements` as the definition of the seeded `.us`, as the demo admin.
pub async fn define_us_as(app: &TestApp, requirements: RequirementSet) {
    let us = us_extension(app).await;
    definitions::save(
        &app.demo_admin_ctx().await,
        SaveDefinitionInput {
            id: None,
            extension_id: us.id,
            revision: 0,
            requirements,
            imported_from: None,
        },
    )
    .await
    .unwrap();
}

/// The requirements [`define_us_with_proof`] saves.
pub fn us_requirements(max_files: u32, max_size_bytes: u64) -> RequirementSet {
    let item = |key: &str, kind: ItemKind| ItemDef {
        translations: Default::default(),
        applies_to: Default::default(),
        key: key.into(),
        label: format!("The {key}"),
        explanation: String::new(),
        required: true,
        kind,
        condition: None,
    };
    let mut country = item("nexus_country", ItemKind::Country);
    country.condition = Some(Condition {
        item: "nexus".into(),
        one_of: vec!["C31".into()],
        effect: ConditionEffect::Visible,
    });
    RequirementSet {
        details_translations: Default::default(),
        details: "usTLD asks for a nexus.".into(),
        items: vec![
            item(
                "nexus",
                ItemKind::Select {
                    options: vec![
                        SelectOption::new("C11", "Citizen"),
                        SelectOption::new("C31", "Foreign entity"),
                    ],
                },
            ),
            country,
            item(
                "proof",
                ItemKind::File {
                    allowed_types: vec![FileType::Pdf],
                    max_size_bytes,
                    min_size_bytes: 0,
                    min_pixels: None,
                    min_files: 1,
                    max_files,
                    document_kind: None,
                    valid_days: None,
                },
            ),
        ],
    }
}

/// A server with `.us` defined, Ada signed in, and her order of example.us.
pub async fn ada_orders_example_us(database: TestDatabase) -> (TestApp, String, i32) {
    ada_orders_example_us_on(spawn_app(database).await).await
}

/// `.us` defined on `app`, Ada signed in, and her order of example.us.
pub async fn ada_orders_example_us_on(app: TestApp) -> (TestApp, String, i32) {
    define_us(&app).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let id = placed(&app, &ada, "example.us").await;
    (app, ada, id)
}

pub async fn place(app: &TestApp, cookie: &str, domain: &str) -> reqwest::Response {
    app.post_form(PlaceOrder::PATH, &[("domain", domain)], Some(cookie))
        .await
}

pub async fn placed(app: &TestApp, cookie: &str, domain: &str) -> i32 {
    let response = place(app, cookie, domain).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );
    response.json().await.unwrap()
}

/// Order `id` as `cookie`'s account sees it.
pub async fn order(app: &TestApp, cookie: &str, id: i32) -> OrderView {
    let response = app.call(&GetOrder { id }, Some(cookie)).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// Item `key` of `order`.
pub fn item<'a>(order: &'a OrderView, key: &str) -> &'a ItemView {
    order.items.iter().find(|i| i.key == key).unwrap()
}

/// The customer submits order `id` with `answers`.
pub async fn submit(
    app: &TestApp,
    cookie: &str,
    id: i32,
    answers: &[(&str, &str)],
) -> reqwest::Response {
    let answers = answers
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    app.call(&SubmitOrder { id, answers }, Some(cookie)).await
}

pub async fn upload(
    app: &TestApp,
    cookie: &str,
    id: i32,
    key: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    app.client
        .post(app.url(&upload_url(id, key)))
        .header("cookie", cookie)
        .header("x-file-name", name)
        .body(bytes)
        .send()
        .await
        .unwrap()
}

pub async fn stored_documents(app: &TestApp) -> (u64, usize) {
    let rows = app::backend::entities::document::Entity::find()
        .count(&app.db)
        .await
        .unwrap();
    let files = app.state.documents.keys("orders").await.unwrap().len();
    (rows, files)
}

/// Ada answers nexus C11, uploads `proof.pdf` and submits; answers the PDF's bytes.
pub async fn ada_submits(app: &TestApp, ada: &str, id: i32) -> Vec<u8> {
    let bytes = pdf(3 * KB);
    let uploaded = upload(app, ada, id, "proof", "proof.pdf", bytes.clone()).await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let submitted = submit(app, ada, id, &[("nexus", "C11")]).await;
    assert_eq!(submitted.status(), StatusCode::OK);
    bytes
}

/// An admin's decision on attempt 1 of item `key` through the review server function,
/// with a statement for a rejection.
pub async fn decide(
    app: &TestApp,
    admin: &str,
    id: i32,
    key: &str,
    decision: ReviewDecision,
    statement: Option<&str>,
) -> reqwest::Response {
    let review = ReviewItem {
        order_id: id,
        item_key: key.to_owned(),
        attempt: 1,
        decision,
        statement: statement.map(str::to_owned),
        template_id: None,
    };
    app.call(&review, Some(admin)).await
}

/// [`decide`] to approve, which must succeed.
pub async fn approve(app: &TestApp, admin: &str, id: i32, key: &str) {
    let response = decide(app, admin, id, key, ReviewDecision::Approve, None).await;
    assert_eq!(response.status(), StatusCode::OK, "approve {key}");
}

/// [`decide`] to reject with `statement`, which must succeed.
pub async fn reject(app: &TestApp, admin: &str, id: i32, key: &str, statement: &str) {
    let response = decide(app, admin, id, key, ReviewDecision::Reject, Some(statement)).await;
    assert_eq!(response.status(), StatusCode::OK, "reject {key}");
}

/// Order `id` cancelled by `cookie`'s account, saying `statement`.
pub async fn cancel(app: &TestApp, cookie: &str, id: i32, statement: &str) -> reqwest::Response {
    app.post_form(
        CancelOrder::PATH,
        &[("id", &id.to_string()), ("statement", statement)],
        Some(cookie),
    )
    .await
}

/// The first document stored for order `id`.
pub async fn first_document(app: &TestApp, id: i32) -> document::Model {
    document::Entity::find()
        .filter(document::Column::OrderId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a document")
}
