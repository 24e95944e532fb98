//! Webhooks against a real receiver (an HTTP server started by the test on loopback):
//! signed deliveries of every order change, retries with each attempt kept, re-sending,
//! deliveries written in the transaction of their change, and several workers sending
//! each delivery once. On both databases.

use std::{
    net::SocketAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use app::{
    backend::{
        billing::{keys, webhooks},
        entities::{webhook_attempt, webhook_delivery},
    },
    domain::Role,
};
use axum::{Router, body::Bytes, extract::State, http::HeaderMap, routing::post};
use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::common::{TestApp, TestDatabase, flow::define_us, spawn_app};

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    id: String,
    timestamp: String,
    signature: String,
    body: String,
    answered: u16,
}

#[derive(Clone, Default)]
struct Inbox {
    received: Arc<Mutex<Vec<Received>>>,
    /// Answer 500 to this many requests first.
    fail_first: Arc<AtomicUsize>,
}

async fn hook(
    State(inbox): State<Inbox>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    let failing = inbox
        .fail_first
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    let answered = if failing { 500 } else { 200 };
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    inbox.received.lock().unwrap().push(Received {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp"),
        signature: header("webhook-signature"),
        body: String::from_utf8_lossy(&body).into_owned(),
        answered,
    });
    if failing {
        (StatusCode::INTERNAL_SERVER_ERROR, "receiver down")
    } else {
        (StatusCode::OK, "thanks")
    }
}

/// A receiver on a free loopback port; its URL and what it got.
async fn receiver(fail_first: usize) -> (String, Inbox) {
    let inbox = Inbox::default();
    inbox.fail_first.store(fail_first, Ordering::SeqCst);
    let app = Router::new()
        .route("/hook", post(hook))
        .with_state(inbox.clone());
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/hook"), inbox)
}

impl Inbox {
    fn all(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits (up to 30 s) until `done` holds for what was received.
    async fn wait_for(&self, what: &str, done: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        for _ in 0..600 {
            let all = self.all();
            if done(&all) {
                return all;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the receiver never got {what}: {:?}", self.all());
    }
}

fn event_type(r: &Received) -> String {
    serde_json::from_str::<Value>(&r.body).unwrap()["type"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Verifies a delivery's signature as a receiver would, with the endpoint's secret.
fn signed_by(r: &Received, secret: &str) -> bool {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{}.{}.{}", r.id, r.timestamp, r.body).as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    r.signature.split(' ').any(|s| s == expected)
}

async fn api_key(app: &TestApp) -> String {
    keys::create(&app.demo_admin_ctx().await, "Billing", true, 6_000)
        .await
        .unwrap()
        .secret
}

async fn api_post(app: &TestApp, key: &str, path: &str, body: Value) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Creates customer `customer` and places `domain` for them through the API; the id.
async fn api_order(app: &TestApp, key: &str, customer: &str, domain: &str) -> i64 {
    let put = app
        .client
        .put(app.url(&format!("/api/v1/customers/{customer}")))
        .bearer_auth(key)
        .json(&json!({ "name": "Grace Hopper", "email": format!("{customer}@example.com") }))
        .send()
        .await
        .unwrap();
    assert!(put.status().is_success());
    let placed = api_post(
        app,
        key,
        "/api/v1/orders",
        json!({ "customer": customer, "external_id": format!("inv-{domain}"), "domain": domain }),
    )
    .await;
    assert!(placed.status().is_success(), "{}", placed.status());
    placed.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap()
}

async fn order_changes_reach_the_endpoint_signed(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (url, inbox) = receiver(0).await;
    let (cancel_url, cancel_inbox) = receiver(0).await;
    let admin = app.demo_admin_ctx().await;
    let all = webhooks::create_endpoint(&admin, &url, &[]).await.unwrap();
    assert!(all.secret.starts_with("whsec_"));
    // The admin page's form: the events it ticked, as `events[i]`.
    let cookie = app.signed_in("ops@example.com", Role::Admin).await;
    let form = app
        .post_form(
            <app::api::webhooks::CreateWebhookEndpoint as leptos::server_fn::ServerFn>::PATH,
            &[
                ("url", cancel_url.as_str()),
                ("events[7]", "order.cancelled"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(form.status(), StatusCode::OK);
    let only_cancel: Value = form.json().await.unwrap();
    assert_eq!(
        only_cancel["endpoint"]["events"],
        json!(["order.cancelled"])
    );
    let refused = webhooks::create_endpoint(&admin, "ftp://x", &["order.eaten".into()]).await;
    assert!(
        matches!(refused, Err(app::error::AppError::Invalid { problems }) if problems.len() == 2)
    );

    let key = api_key(&app).await;
    let id = api_order(&app, &key, "whmcs-1", "hooked.us").await;
    let got = inbox.wait_for("order.placed", |r| !r.is_empty()).await;
    let placed = &got[0];
    assert!(signed_by(placed, &all.secret), "a valid signature");
    assert!(!signed_by(placed, only_cancel["secret"].as_str().unwrap()));
    assert!(placed.id.starts_with("msg_"));
    let body: Value = serde_json::from_str(&placed.body).unwrap();
    assert_eq!(body["type"], "order.placed");
    assert_eq!(body["data"]["order"]["id"], id);
    assert_eq!(body["data"]["order"]["external_id"], "inv-hooked.us");
    assert_eq!(body["data"]["order"]["customer"], "whmcs-1");
    assert_eq!(body["data"]["order"]["status"], "awaiting_documents");
    let now = chrono::Utc::now().timestamp();
    assert!((placed.timestamp.parse::<i64>().unwrap() - now).abs() < 60);

    let cancelled = api_post(
        &app,
        &key,
        &format!("/api/v1/orders/{id}/cancel"),
        json!({ "statement": "Unpaid" }),
    )
    .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let got = inbox.wait_for("order.cancelled", |r| r.len() >= 2).await;
    assert_eq!(event_type(&got[1]), "order.cancelled");
    let only = cancel_inbox
        .wait_for("order.cancelled", |r| !r.is_empty())
        .await;
    assert_eq!(only.len(), 1);
    assert_eq!(event_type(&only[0]), "order.cancelled");

    // Turned off: nothing more goes there.
    webhooks::disable_endpoint(&admin, all.endpoint.id)
        .await
        .unwrap();
    api_order(&app, &key, "whmcs-2", "quiet.us").await;
    let views = webhooks::deliveries(&admin).await.unwrap();
    assert!(
        views
            .iter()
            .all(|d| d.event_type != "order.placed"
                || d.order_id == Some(i32::try_from(id).unwrap()))
    );
}

async fn a_failing_receiver_is_retried_and_every_attempt_kept(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (url, inbox) = receiver(2).await;
    let admin = app.demo_admin_ctx().await;
    let endpoint = webhooks::create_endpoint(&admin, &url, &["order.placed".into()])
        .await
        .unwrap();
    let key = api_key(&app).await;
    api_order(&app, &key, "whmcs-4", "flaky.us").await;
    // The worker tries at once and fails; each retry waits (30 s, then 2 min), which
    // the test skips by asking for what is due three hours later each round.
    inbox.wait_for("a first attempt", |r| !r.is_empty()).await;
    let client = webhooks::client().unwrap();
    let mut rounds = 0;
    while inbox.all().iter().all(|r| r.answered != 200) {
        rounds += 1;
        assert!(rounds < 50, "never delivered");
        let later = chrono::Utc::now() + chrono::Duration::hours(3 * rounds);
        webhooks::deliver_due(&app.db, &client, later)
            .await
            .unwrap();
    }
    let got = inbox.all();
    assert_eq!(
        got.iter().map(|r| r.answered).collect::<Vec<_>>(),
        [500, 500, 200]
    );
    assert!(
        got.iter().all(|r| r.id == got[0].id),
        "one webhook-id for every attempt"
    );
    assert!(got.iter().all(|r| signed_by(r, &endpoint.secret)));
    let delivery = webhook_delivery::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(delivery.status, "delivered");
    assert_eq!(delivery.attempts, 3);
    let attempts = webhook_attempt::Entity::find()
        .filter(webhook_attempt::Column::DeliveryId.eq(delivery.id))
        .order_by_asc(webhook_attempt::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        attempts.iter().map(|a| a.status_code).collect::<Vec<_>>(),
        [Some(500), Some(500), Some(200)]
    );
    assert_eq!(attempts[0].response.as_deref(), Some("receiver down"));
    let view = &webhooks::deliveries(&admin).await.unwrap()[0];
    assert_eq!(view.attempts.len(), 3);

    // Sent again by an admin: the same message, once more.
    webhooks::resend(&admin, delivery.id).await.unwrap();
    assert!(
        webhooks::resend(&admin, delivery.id).await.is_err(),
        "pending already"
    );
    webhooks::deliver_due(&app.db, &client, chrono::Utc::now())
        .await
        .unwrap();
    let got = inbox.wait_for("the resent message", |r| r.len() == 4).await;
    assert_eq!(got[3].id, got[0].id);
    assert_eq!(got[3].answered, 200);
}

async fn each_change_is_told_once_and_a_refused_one_never(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (url, inbox) = receiver(0).await;
    let admin = app.demo_admin_ctx().await;
    webhooks::create_endpoint(&admin, &url, &["order.cancelled".into()])
        .await
        .unwrap();
    let key = api_key(&app).await;
    let id = api_order(&app, &key, "whmcs-6", "raced.us").await;
    // Eight cancellations at once: one succeeds, one delivery is written.
    let path = format!("/api/v1/orders/{id}/cancel");
    let answers = futures_util::future::join_all((0..8).map(|n| {
        api_post(
            &app,
            &key,
            &path,
            json!({ "statement": format!("Unpaid ({n})") }),
        )
    }))
    .await;
    let done = answers
        .iter()
        .filter(|r| r.status() == StatusCode::OK)
        .count();
    assert_eq!(done, 1);
    assert!(
        answers
            .iter()
            .all(|r| r.status() == StatusCode::OK || r.status() == StatusCode::CONFLICT)
    );
    let written = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::EventType.eq("order.cancelled"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(written, 1);
    let got = inbox.wait_for("order.cancelled", |r| !r.is_empty()).await;
    assert_eq!(got.len(), 1);
}

async fn several_workers_send_each_delivery_once(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (url, inbox) = receiver(0).await;
    webhooks::create_endpoint(&app.demo_admin_ctx().await, &url, &["order.placed".into()])
        .await
        .unwrap();
    let key = api_key(&app).await;
    for n in 0..12 {
        api_order(&app, &key, &format!("whmcs-w{n}"), &format!("worker{n}.us")).await;
    }
    // Four more workers besides the server's own, as four more instances would run.
    let client = webhooks::client().unwrap();
    futures_util::future::join_all((0..4).map(|_| {
        let db = app.db.clone();
        let client = client.clone();
        async move {
            for _ in 0..5 {
                webhooks::deliver_due(&db, &client, chrono::Utc::now())
                    .await
                    .unwrap();
            }
        }
    }))
    .await;
    let got = inbox.wait_for("twelve messages", |r| r.len() >= 12).await;
    let mut ids: Vec<&str> = got.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 12);
    assert_eq!(got.len(), 12, "each message once");
    let pending = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::Status.ne("delivered"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(pending, 0);
}

on_both_databases!(
    order_changes_reach_the_endpoint_signed,
    a_failing_receiver_is_retried_and_every_attempt_kept,
);

in_parallel_on_both_databases!(
    each_change_is_told_once_and_a_refused_one_never,
    several_workers_send_each_delivery_once,
);
