//! The `http` registrar module against a real provider endpoint (an HTTP server started
//! by the test): the approved order POSTed and signed, documents fetched through their
//! signed links, and the provider's answers (failed with its message, later, then
//! registered through the API). On both databases.

use std::{
    collections::VecDeque,
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use app::{
    api::registration::RegistrationStep,
    backend::{billing::keys, entities::extension, orders::http_registrar},
    domain::{Role, order_view::OrderView, orders::OrderStatus},
};
use axum::{Router, body::Bytes, extract::State, http::HeaderMap, routing::post};
use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, Mac};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::common::{TestApp, TestDatabase, flow::*, spawn_app_with};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

#[derive(Clone, Default)]
struct Provider {
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    answers: Arc<Mutex<VecDeque<(u16, &'static str)>>>,
}

async fn endpoint(
    State(p): State<Provider>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    p.got
        .lock()
        .unwrap()
        .push((headers, String::from_utf8_lossy(&body).into_owned()));
    let (status, body) = p
        .answers
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or((500, "no answer left"));
    (StatusCode::from_u16(status).unwrap(), body)
}

async fn provider(answers: &[(u16, &'static str)]) -> (String, Provider) {
    let p = Provider::default();
    p.answers.lock().unwrap().extend(answers.iter().copied());
    let app = Router::new()
        .route("/register", post(endpoint))
        .with_state(p.clone());
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/register"), p)
}

async fn start(app: &TestApp, admin: &str, id: i32) -> OrderView {
    let response = app
        .post_form(
            RegistrationStep::PATH,
            &[
                ("order_id", &id.to_string()),
                ("step", "start"),
                ("message", ""),
            ],
            Some(admin),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// The path of a URL the server made with its public address.
fn path_of(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    rest[rest.find('/').unwrap()..].to_owned()
}

async fn the_provider_gets_the_signed_order_and_its_answer_decides(database: TestDatabase) {
    let (url, provider) = provider(&[
        (200, r#"{"result":"failed","message":"Nexus not proven"}"#),
        (202, ""),
    ])
    .await;
    let app = spawn_app_with(
        database,
        &[
            ("REGDOCS_REGISTRAR_HTTP_URL", url),
            ("REGDOCS_REGISTRAR_HTTP_SECRET", SECRET.to_owned()),
        ],
    )
    .await;
    define_us(&app).await;
    extension::Entity::update_many()
        .col_expr(extension::Column::RegistrarModule, Expr::value("http"))
        .filter(extension::Column::Name.eq(".us"))
        .exec(&app.db)
        .await
        .unwrap();
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let id = placed(&app, &ada, "example.us").await;
    let bytes = ada_submits(&app, &ada, id).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    approve(&app, &admin, id, "nexus").await;
    approve(&app, &admin, id, "proof").await;

    // First answer: refused, with the provider's message for the admin.
    let view = start(&app, &admin, id).await;
    assert_eq!(view.status, OrderStatus::RegistrationFailed);
    assert_eq!(
        view.admin.and_then(|a| a.failure).as_deref(),
        Some("Nexus not proven")
    );
    let (headers, body) = provider.got.lock().unwrap()[0].clone();
    let header = |name: &str| headers[name].to_str().unwrap().to_owned();
    let key = STANDARD
        .decode(SECRET.trim_start_matches("whsec_"))
        .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(
        format!(
            "{}.{}.{body}",
            header("webhook-id"),
            header("webhook-timestamp")
        )
        .as_bytes(),
    );
    assert_eq!(
        header("webhook-signature"),
        format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
    );
    let sent: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(sent["type"], "registration.requested");
    assert_eq!(sent["order"]["domain"], "example.us");
    assert_eq!(sent["registrant"]["email"], "ada@example.com");
    assert_eq!(
        sent["values"],
        json!([{ "key": "nexus", "label": "The nexus", "value": "C11" }])
    );
    let doc = &sent["documents"][0];
    assert_eq!(doc["item_key"], "proof");

    // The document comes through its link, without a session; an altered or expired
    // link finds nothing.
    let link = path_of(doc["url"].as_str().unwrap());
    let fetched = app.get(&link).await;
    assert_eq!(fetched.status(), StatusCode::OK);
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), bytes.as_slice());
    let forged = link.replace("signature=", "signature=x");
    assert_eq!(app.get(&forged).await.status(), StatusCode::NOT_FOUND);
    let doc_id = i32::try_from(doc["id"].as_i64().unwrap()).unwrap();
    let expired = http_registrar::document_link(
        &app.state,
        doc_id,
        chrono::Utc::now() - chrono::Duration::seconds(1),
    );
    assert_eq!(
        app.get(&path_of(&expired)).await.status(),
        StatusCode::NOT_FOUND
    );
    let other = link.replacen(
        &format!("/documents/{doc_id}/"),
        &format!("/documents/{}/", doc_id + 1),
        1,
    );
    assert_eq!(app.get(&other).await.status(), StatusCode::NOT_FOUND);

    // Retried: the provider will answer later, through the API.
    let view = start(&app, &admin, id).await;
    assert_eq!(view.status, OrderStatus::Registering);
    assert_eq!(provider.got.lock().unwrap().len(), 2);
    let key = keys::create(&app.demo_admin_ctx().await, "Provider", true, 100)
        .await
        .unwrap();
    let reported = app
        .client
        .post(app.url(&path_of(sent["report_to"].as_str().unwrap())))
        .bearer_auth(&key.secret)
        .json(&json!({ "result": "registered" }))
        .send()
        .await
        .unwrap();
    assert_eq!(reported.status(), StatusCode::OK);
    assert_eq!(order(&app, &ada, id).await.status, OrderStatus::Registered);
}

async fn a_provider_that_confirms_at_once_registers_the_domain(database: TestDatabase) {
    let (url, _provider) = provider(&[(200, r#"{"result":"registered"}"#)]).await;
    let app = spawn_app_with(
        database,
        &[
            ("REGDOCS_REGISTRAR_HTTP_URL", url),
            ("REGDOCS_REGISTRAR_HTTP_SECRET", SECRET.to_owned()),
        ],
    )
    .await;
    define_us(&app).await;
    extension::Entity::update_many()
        .col_expr(extension::Column::RegistrarModule, Expr::value("http"))
        .filter(extension::Column::Name.eq(".us"))
        .exec(&app.db)
        .await
        .unwrap();
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let id = placed(&app, &ada, "example.us").await;
    ada_submits(&app, &ada, id).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    approve(&app, &admin, id, "nexus").await;
    approve(&app, &admin, id, "proof").await;
    let view = start(&app, &admin, id).await;
    assert_eq!(view.status, OrderStatus::Registered);
    assert!(
        view.trail
            .iter()
            .any(|e| e.detail.as_deref() == Some("confirmed by the provider's endpoint"))
    );
}

on_both_databases!(
    the_provider_gets_the_signed_order_and_its_answer_decides,
    a_provider_that_confirms_at_once_registers_the_domain,
);
