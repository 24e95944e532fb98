//! The REST API for billing systems (`/api/v1`): API keys, customers and orders by the
//! billing system's ids, idempotency, one-time sign-in links, approved documents, the
//! registration report, requirements as JSON Schema, errors as problem details, and
//! the OpenAPI document. Races on both databases.

use std::collections::HashSet;

use app::{
    backend::{
        billing::keys,
        entities::{api_key, handoff_link, order},
    },
    domain::Role,
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::common::{
    TestApp, TestDatabase,
    flow::{ada_orders_example_us, ada_submits, approve, define_us},
    session_cookie_of, spawn_app,
};

/// A key made by the demo admin: (secret, id).
async fn key(app: &TestApp, write: bool, rate: u32) -> (String, i32) {
    let made = keys::create(&app.demo_admin_ctx().await, "WHMCS test", write, rate)
        .await
        .expect("key made");
    (made.secret, made.key.id)
}

async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    secret: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app
        .client
        .request(method, app.url(path))
        .bearer_auth(secret);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("request")
}

async fn get(app: &TestApp, path: &str, secret: &str) -> reqwest::Response {
    call(app, reqwest::Method::GET, path, secret, None).await
}

async fn post(app: &TestApp, path: &str, secret: &str, body: Value) -> reqwest::Response {
    call(app, reqwest::Method::POST, path, secret, Some(body)).await
}

async fn put(app: &TestApp, path: &str, secret: &str, body: Value) -> reqwest::Response {
    call(app, reqwest::Method::PUT, path, secret, Some(body)).await
}

/// The problem a response carries, checking its media type.
async fn problem(response: reqwest::Response) -> Value {
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json",
        "a problem, status {}",
        response.status()
    );
    response.json().await.expect("problem json")
}

async fn customer(app: &TestApp, secret: &str, id: &str) {
    let response = put(
        app,
        &format!("/api/v1/customers/{id}"),
        secret,
        json!({ "name": "Grace Hopper", "email": format!("{id}@example.com") }),
    )
    .await;
    assert!(response.status().is_success(), "{}", response.status());
}

async fn keys_are_checked_scoped_and_revocable(database: TestDatabase) {
    let app = spawn_app(database).await;
    let (reader, _) = key(&app, false, 100).await;
    let (writer, writer_id) = key(&app, true, 100).await;

    // Only a hash is stored, and the key names itself.
    assert!(writer.starts_with("rdk_"));
    let stored = api_key::Entity::find_by_id(writer_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(stored.secret_hash, writer);
    assert!(!stored.secret_hash.contains(&writer[4..]));
    assert!(writer.starts_with(&stored.prefix));

    let none = app.get("/api/v1/orders").await;
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    assert!(
        none.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    let body = problem(none).await;
    assert_eq!(body["status"], 401);
    let wrong = get(&app, "/api/v1/orders", "rdk_not-a-key").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    assert_eq!(
        get(&app, "/api/v1/orders", &reader).await.status(),
        StatusCode::OK
    );
    let refused = put(
        &app,
        "/api/v1/customers/c-1",
        &reader,
        json!({ "name": "Grace Hopper", "email": "grace@example.com" }),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(
        problem(refused).await["detail"]
            .as_str()
            .unwrap()
            .contains("write")
    );

    keys::revoke(&app.demo_admin_ctx().await, writer_id)
        .await
        .unwrap();
    assert_eq!(
        get(&app, "/api/v1/orders", &writer).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let listed = keys::list(&app.demo_admin_ctx().await).await.unwrap();
    assert!(
        listed
            .iter()
            .any(|k| k.id == writer_id && k.revoked_at.is_some())
    );
}

async fn a_billing_system_runs_an_order_through_the_api(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (secret, _) = key(&app, true, 1000).await;

    let created = put(
        &app,
        "/api/v1/customers/whmcs-7",
        &secret,
        json!({ "name": "Grace Hopper", "email": "grace@example.com", "language": "tr" }),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let updated = put(
        &app,
        "/api/v1/customers/whmcs-7",
        &secret,
        json!({ "name": "Grace B. Hopper", "email": "grace@example.com" }),
    )
    .await;
    assert_eq!(updated.status(), StatusCode::OK);
    let grace: Value = updated.json().await.unwrap();
    assert_eq!(grace["name"], "Grace B. Hopper");
    assert_eq!(grace["language"], "tr");

    let placed = post(
        &app,
        "/api/v1/orders",
        &secret,
        json!({ "customer": "whmcs-7", "external_id": "inv-1001", "domain": "grace.us",
                "answers": { "nexus": "C11" } }),
    )
    .await;
    assert_eq!(placed.status(), StatusCode::CREATED);
    let location = placed.headers()["location"].to_str().unwrap().to_owned();
    let order: Value = placed.json().await.unwrap();
    let id = order["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/orders/{id}"));
    assert_eq!(order["status"], "awaiting_documents");
    assert_eq!(order["customer"], "whmcs-7");
    assert_eq!(order["external_id"], "inv-1001");
    let nexus = order["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "nexus")
        .unwrap();
    assert_eq!(nexus["value"], "C11");
    assert_eq!(nexus["status"], "draft");
    assert_eq!(nexus["label"], "The nexus");
    assert_eq!(order["trail"][0]["kind"], "placed");
    assert_eq!(order["trail"][0]["actor"], "API key “WHMCS test”");

    // The same order again: the same answer, nothing new.
    let again = post(
        &app,
        "/api/v1/orders",
        &secret,
        json!({ "customer": "whmcs-7", "external_id": "inv-1001", "domain": "grace.us" }),
    )
    .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<Value>().await.unwrap()["id"], id);
    // The same id for another domain is someone else's order.
    let clash = post(
        &app,
        "/api/v1/orders",
        &secret,
        json!({ "customer": "whmcs-7", "external_id": "inv-1001", "domain": "other.us" }),
    )
    .await;
    assert_eq!(clash.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(clash).await["field"], "external_id");
    // Bad input names its field; documents cannot be prefilled; unknown customers fail.
    for (body, field) in [
        (
            json!({ "customer": "whmcs-7", "external_id": "inv-2", "domain": "bad domain" }),
            "domain",
        ),
        (
            json!({ "customer": "whmcs-7", "external_id": "inv-3", "domain": "grace2.us",
                 "answers": { "proof": "x" } }),
            "answers.proof",
        ),
        (
            json!({ "customer": "nobody", "external_id": "inv-4", "domain": "grace3.us" }),
            "customer",
        ),
        (
            json!({ "customer": "whmcs-7", "external_id": "has space", "domain": "grace4.us" }),
            "external_id",
        ),
    ] {
        let refused = post(&app, "/api/v1/orders", &secret, body).await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}"
        );
        assert_eq!(problem(refused).await["field"], field);
    }
    let not_json = app
        .client
        .post(app.url("/api/v1/orders"))
        .bearer_auth(&secret)
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(not_json).await["field"], "body");
    // Nothing of the refused requests was kept.
    let orders = order::Entity::find()
        .filter(order::Column::ExternalId.is_not_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(orders, 1);

    // Pages of two, newest first, by cursor.
    for n in 2..=3 {
        let placed = post(
            &app,
            "/api/v1/orders",
            &secret,
            json!({ "customer": "whmcs-7", "external_id": format!("inv-100{n}"),
                    "domain": format!("grace{n}.us") }),
        )
        .await;
        assert_eq!(placed.status(), StatusCode::CREATED);
    }
    let first: Value = get(&app, "/api/v1/orders?limit=2", &secret)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["orders"].as_array().unwrap().len(), 2);
    assert_eq!(first["orders"][0]["external_id"], "inv-1003");
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = get(
        &app,
        &format!("/api/v1/orders?limit=2&cursor={cursor}"),
        &secret,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(second["orders"].as_array().unwrap().len(), 1);
    assert_eq!(second["orders"][0]["external_id"], "inv-1001");
    assert!(second["next_cursor"].is_null());
    let by_external: Value = get(&app, "/api/v1/orders?external_id=inv-1002", &secret)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_external["orders"][0]["domain"], "grace2.us");
    let bad_status = get(&app, "/api/v1/orders?status=lost", &secret).await;
    assert_eq!(problem(bad_status).await["field"], "status");

    // Cancelled with a statement the customer sees.
    let cancelled = post(
        &app,
        &format!("/api/v1/orders/{id}/cancel"),
        &secret,
        json!({ "statement": "The invoice was not paid." }),
    )
    .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let cancelled: Value = cancelled.json().await.unwrap();
    assert_eq!(cancelled["status"], "cancelled");
    let entry = cancelled["trail"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "cancelled")
        .unwrap()
        .clone();
    assert_eq!(entry["statement"], "The invoice was not paid.");
    let twice = post(
        &app,
        &format!("/api/v1/orders/{id}/cancel"),
        &secret,
        json!({ "statement": "Again" }),
    )
    .await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    assert_eq!(
        get(&app, "/api/v1/orders/999999", &secret).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/api/v1/nothing-here", &secret).await.status(),
        StatusCode::NOT_FOUND
    );
}

async fn one_billing_order_sent_many_times_at_once_is_placed_once(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (secret, _) = key(&app, true, 1000).await;
    customer(&app, &secret, "whmcs-9").await;
    let body = json!({ "customer": "whmcs-9", "external_id": "inv-9", "domain": "rush.us" });
    let answers = futures_util::future::join_all(
        (0..12).map(|_| post(&app, "/api/v1/orders", &secret, body.clone())),
    )
    .await;
    let mut ids = HashSet::new();
    let mut created = 0;
    for response in answers {
        let status = response.status();
        assert!(
            status == StatusCode::CREATED || status == StatusCode::OK,
            "{status}"
        );
        created += usize::from(status == StatusCode::CREATED);
        ids.insert(
            response.json::<Value>().await.unwrap()["id"]
                .as_i64()
                .unwrap(),
        );
    }
    assert_eq!(created, 1);
    assert_eq!(ids.len(), 1);
    let stored = order::Entity::find()
        .filter(order::Column::ExternalId.eq("inv-9"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 1);
}

async fn an_idempotency_key_replays_the_first_answer(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (secret, _) = key(&app, true, 1000).await;
    customer(&app, &secret, "whmcs-5").await;
    let send = |key: &'static str, body: Value| {
        app.client
            .post(app.url("/api/v1/customers/whmcs-5/sign-in-links"))
            .bearer_auth(&secret)
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    // Many at once with one key: one link made, every answer the same or "wait".
    let answers = futures_util::future::join_all((0..10).map(|_| send("link-1", json!({})))).await;
    let mut urls = HashSet::new();
    for response in answers {
        let response = response.unwrap();
        match response.status() {
            StatusCode::CREATED => {
                urls.insert(
                    response.json::<Value>().await.unwrap()["url"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                );
            }
            StatusCode::CONFLICT => {
                problem(response).await;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(urls.len(), 1, "one answer for one key");
    assert_eq!(
        handoff_link::Entity::find().count(&app.db).await.unwrap(),
        1
    );

    let replayed = send("link-1", json!({})).await.unwrap();
    assert_eq!(replayed.status(), StatusCode::CREATED);
    assert_eq!(replayed.headers()["idempotent-replayed"], "true");
    let url = replayed.json::<Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(urls.contains(&url));
    assert_eq!(
        handoff_link::Entity::find().count(&app.db).await.unwrap(),
        1
    );

    let reused = send("link-1", json!({ "order_id": 1 })).await.unwrap();
    assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(reused).await["field"], "Idempotency-Key");
    // A refusal is kept too: the same bad request again is refused the same way.
    let bad = send("link-2", json!({ "order_id": 424242 })).await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad_again = send("link-2", json!({ "order_id": 424242 })).await.unwrap();
    assert_eq!(bad_again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_again.headers()["idempotent-replayed"], "true");
}

async fn a_sign_in_link_works_once_for_its_customer(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (secret, _) = key(&app, true, 1000).await;
    customer(&app, &secret, "whmcs-3").await;
    let placed: Value = post(
        &app,
        "/api/v1/orders",
        &secret,
        json!({ "customer": "whmcs-3", "external_id": "inv-3", "domain": "linked.us" }),
    )
    .await
    .json()
    .await
    .unwrap();
    let id = placed["id"].as_i64().unwrap();
    let link = |order_id: Option<i64>| {
        let app = &app;
        let secret = &secret;
        async move {
            let made = post(
                app,
                "/api/v1/customers/whmcs-3/sign-in-links",
                secret,
                json!({ "order_id": order_id }),
            )
            .await;
            assert_eq!(made.status(), StatusCode::CREATED);
            let url = made.json::<Value>().await.unwrap()["url"]
                .as_str()
                .unwrap()
                .to_owned();
            url.split_once("/sign-in/")
                .map(|(_, p)| format!("/sign-in/{p}"))
                .unwrap()
        }
    };

    let path = link(Some(id)).await;
    let opened = app.get(&path).await;
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        opened.headers()["location"],
        format!("/orders/{id}").as_str()
    );
    let cookie = session_cookie_of(&opened).expect("a session");
    let page = app.get_with_cookie(&format!("/orders/{id}"), &cookie).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("linked.us"));
    assert_eq!(app.whoami(&cookie).await["email"], "whmcs-3@example.com");

    let again = app.get(&path).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(again.headers()["location"], "/login?link=expired");
    assert!(session_cookie_of(&again).is_none());

    // Opened many times at once, a link signs in once.
    let path = link(None).await;
    let opened = futures_util::future::join_all((0..8).map(|_| app.get(&path))).await;
    let sessions = opened
        .iter()
        .filter(|r| session_cookie_of(r).is_some())
        .count();
    assert_eq!(sessions, 1);
    assert!(opened.iter().any(|r| r.headers()["location"] == "/orders"));

    // A customer without a password cannot sign in with one.
    assert!(app.log_in("whmcs-3@example.com", "!").await.is_err());
    // The order must be the customer's.
    let other = app.signed_in("ada@example.com", Role::Customer).await;
    let ada_order = crate::common::flow::placed(&app, &other, "ada.us").await;
    let refused = post(
        &app,
        "/api/v1/customers/whmcs-3/sign-in-links",
        &secret,
        json!({ "order_id": ada_order }),
    )
    .await;
    assert_eq!(problem(refused).await["field"], "order_id");
    // Signed in through a link, a customer sees their own orders only.
    let theirs = app
        .get_with_cookie(&format!("/orders/{ada_order}"), &cookie)
        .await;
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    assert!(!theirs.text().await.unwrap().contains("ada.us"));
    let listed = app
        .call(&app::api::orders::MyOrders {}, Some(&cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        listed.contains("linked.us") && !listed.contains("ada.us"),
        "{listed}"
    );

    // A link not used in time no longer works.
    let path = link(Some(id)).await;
    handoff_link::Entity::update_many()
        .col_expr(
            handoff_link::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::seconds(1)),
        )
        .filter(handoff_link::Column::UsedAt.is_null())
        .exec(&app.db)
        .await
        .unwrap();
    let late = app.get(&path).await;
    assert_eq!(late.headers()["location"], "/login?link=expired");
    assert!(session_cookie_of(&late).is_none());
}

async fn each_key_has_its_own_rate(database: TestDatabase) {
    let app = spawn_app(database).await;
    let (slow, _) = key(&app, false, 3).await;
    let (other, _) = key(&app, false, 100).await;
    for _ in 0..3 {
        assert_eq!(
            get(&app, "/api/v1/orders", &slow).await.status(),
            StatusCode::OK
        );
    }
    let limited = get(&app, "/api/v1/orders", &slow).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key("retry-after"));
    assert_eq!(problem(limited).await["status"], 429);
    assert_eq!(
        get(&app, "/api/v1/orders", &other).await.status(),
        StatusCode::OK
    );
}

async fn requirements_are_published_as_json_schema(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (secret, _) = key(&app, false, 100).await;
    let response = get(&app, "/api/v1/extensions/us/requirements", &secret).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "application/schema+json"
    );
    let schema: Value = response.json().await.unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["required"], json!(["nexus"]));
    assert_eq!(schema["properties"]["nexus"]["oneOf"][0]["const"], "C11");
    assert!(
        schema["properties"]["nexus_country"]["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("DE"))
    );
    assert_eq!(schema["x-regdocs-documents"][0]["key"], "proof");
    assert_eq!(
        get(&app, "/api/v1/extensions/.us/requirements", &secret)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        get(&app, "/api/v1/extensions/nope/requirements", &secret)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

async fn approved_documents_are_listed_downloaded_and_registration_reported(
    database: TestDatabase,
) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let (secret, _) = key(&app, true, 1000).await;
    let bytes = ada_submits(&app, &ada, id).await;
    let listed: Value = get(&app, &format!("/api/v1/orders/{id}/documents"), &secret)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["documents"], json!([]), "nothing is approved yet");
    let early = post(
        &app,
        &format!("/api/v1/orders/{id}/registration"),
        &secret,
        json!({ "result": "registered" }),
    )
    .await;
    assert_eq!(early.status(), StatusCode::CONFLICT);

    let admin = app.signed_in("admin2@example.com", Role::Admin).await;
    approve(&app, &admin, id, "nexus").await;
    approve(&app, &admin, id, "proof").await;
    let listed: Value = get(&app, &format!("/api/v1/orders/{id}/documents"), &secret)
        .await
        .json()
        .await
        .unwrap();
    let doc = &listed["documents"][0];
    assert_eq!(doc["item_key"], "proof");
    assert_eq!(doc["size_bytes"], bytes.len());
    let download = get(&app, doc["download"].as_str().unwrap(), &secret).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap().as_ref(), bytes.as_slice());

    let failed = post(
        &app,
        &format!("/api/v1/orders/{id}/registration"),
        &secret,
        json!({ "result": "failed" }),
    )
    .await;
    assert_eq!(problem(failed).await["field"], "message");
    let failed = post(
        &app,
        &format!("/api/v1/orders/{id}/registration"),
        &secret,
        json!({ "result": "failed", "message": "Registry timeout" }),
    )
    .await;
    let failed: Value = failed.json().await.unwrap();
    assert_eq!(failed["status"], "registration_failed");
    assert_eq!(failed["registration_failure"], "Registry timeout");
    let registered = post(
        &app,
        &format!("/api/v1/orders/{id}/registration"),
        &secret,
        json!({ "result": "registered" }),
    )
    .await;
    assert_eq!(registered.status(), StatusCode::OK);
    let registered: Value = registered.json().await.unwrap();
    assert_eq!(registered["status"], "registered");
    // The customer sees it too.
    let seen = crate::common::flow::order(&app, &ada, id).await;
    assert_eq!(seen.status, app::domain::orders::OrderStatus::Registered);
}

async fn the_api_describes_itself(database: TestDatabase) {
    let app = spawn_app(database).await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/customers/{external_id}",
        "/api/v1/customers/{external_id}/sign-in-links",
        "/api/v1/orders",
        "/api/v1/orders/{id}",
        "/api/v1/orders/{id}/cancel",
        "/api/v1/orders/{id}/registration",
        "/api/v1/orders/{id}/documents",
        "/api/v1/documents/{id}",
        "/api/v1/extensions/{name}/requirements",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is described");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["api_key"]["scheme"],
        "bearer"
    );
    assert!(doc["components"]["schemas"].get("Order").is_some());
    let page = app.get("/api/v1/docs").await;
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.starts_with("default-src 'none'; style-src 'sha256-"),
        "{csp}"
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("POST</span><code>/api/v1/orders</code>"));
    assert!(html.contains("id=\"schema-Order\""));
    assert!(!html.contains("<script"));
}

async fn a_transfer_asks_for_what_applies_to_transfers(database: TestDatabase) {
    let app = spawn_app(database).await;
    let mut requirements = crate::common::flow::us_requirements(2, 100 * 1024);
    let proof = requirements
        .items
        .iter_mut()
        .find(|i| i.key == "proof")
        .unwrap();
    proof.applies_to = app::domain::requirements::AppliesTo::Registration;
    crate::common::flow::define_us_as(&app, requirements).await;
    let (secret, _) = key(&app, true, 1000).await;
    customer(&app, &secret, "whmcs-t").await;

    let moved: Value = post(
        &app,
        "/api/v1/orders",
        &secret,
        json!({ "customer": "whmcs-t", "external_id": "inv-t1", "domain": "moving.us",
                "operation": "transfer" }),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(moved["operation"], "transfer");
    let keys: Vec<&str> = moved["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["nexus", "nexus_country"]);
    let registered: Value = post(
        &app,
        "/api/v1/orders",
        &secret,
        json!({ "customer": "whmcs-t", "external_id": "inv-t2", "domain": "fresh.us" }),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(registered["operation"], "register");
    assert_eq!(registered["items"].as_array().unwrap().len(), 3);
    let refused = post(
        &app,
        "/api/v1/orders",
        &secret,
        json!({ "customer": "whmcs-t", "external_id": "inv-t3", "domain": "other.us", "operation": "move" }),
    )
    .await;
    assert_eq!(problem(refused).await["field"], "operation");

    let transfers: Value = get(&app, "/api/v1/orders?operation=transfer", &secret)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(transfers["orders"].as_array().unwrap().len(), 1);
    assert_eq!(transfers["orders"][0]["domain"], "moving.us");
    let schema: Value = get(
        &app,
        "/api/v1/extensions/us/requirements?operation=transfer",
        &secret,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(schema["x-regdocs-documents"], json!([]));
    let schema: Value = get(&app, "/api/v1/extensions/us/requirements", &secret)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(schema["x-regdocs-documents"][0]["key"], "proof");

    // A customer's own transfer, from the order page's form.
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let placed = app
        .post_form(
            <app::api::orders::PlaceOrder as leptos::server_fn::ServerFn>::PATH,
            &[("domain", "adamoves.us"), ("operation", "transfer")],
            Some(&ada),
        )
        .await;
    assert!(placed.status().is_success() || placed.status().is_redirection());
    let id: i32 = placed.json().await.unwrap();
    let view = crate::common::flow::order(&app, &ada, id).await;
    assert_eq!(
        view.operation,
        app::domain::requirements::Operation::Transfer
    );
    assert!(view.items.iter().all(|i| i.key != "proof"));
}

on_both_databases!(
    a_transfer_asks_for_what_applies_to_transfers,
    keys_are_checked_scoped_and_revocable,
    a_billing_system_runs_an_order_through_the_api,
    each_key_has_its_own_rate,
    requirements_are_published_as_json_schema,
    approved_documents_are_listed_downloaded_and_registration_reported,
    the_api_describes_itself,
);

in_parallel_on_both_databases!(
    a_sign_in_link_works_once_for_its_customer,
    one_billing_order_sent_many_times_at_once_is_placed_once,
    an_idempotency_key_replays_the_first_answer,
);
