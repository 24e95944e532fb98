//! `/metrics` in Prometheus text format: on the app's address only with the bearer token,
//! or alone on an address of its own; requests counted per route with their latency,
//! uploads stored and refused with their bytes, open event streams, and the review
//! queue, outbox and connection pool read at each scrape. The recorder is one per process
//! (as in production), so the tests compare figures before and after.

use std::time::Duration;

use app::domain::Role;
use reqwest::StatusCode;

use crate::common::{TestApp, TestDatabase, flow::*, spawn_app, spawn_app_with};

const TOKEN: &str = "scrape-token-for-the-tests";

async fn with_token(database: TestDatabase) -> TestApp {
    spawn_app_with(database, &[("REGDOCS_METRICS_TOKEN", TOKEN.to_owned())]).await
}

async fn scrape(app: &TestApp) -> String {
    let response = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    response.text().await.unwrap()
}

/// The sum of the samples of `name` whose labels include every one of `labels`.
fn value(text: &str, name: &str, labels: &[(&str, &str)]) -> f64 {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit_once(' '))
        .filter(|(series, _)| {
            let (metric, rest) = series.split_once('{').unwrap_or((series, ""));
            metric == name
                && labels
                    .iter()
                    .all(|(k, v)| rest.contains(&format!("{k}=\"{v}\"")))
        })
        .map(|(_, v)| v.parse::<f64>().unwrap())
        .sum()
}

on_both_databases!(
    scraping_on_the_app_address_needs_the_token,
    uploads_streams_and_the_queue_are_counted
);

async fn scraping_on_the_app_address_needs_the_token(database: TestDatabase) {
    let app = with_token(database).await;
    let none = app.get("/metrics").await;
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(none.headers()["www-authenticate"], "Bearer");
    let wrong = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("scrape-token-for-the-test")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    let health = [("route", "/health"), ("method", "GET"), ("status", "200")];
    let before = value(&scrape(&app).await, "regdocs_http_requests_total", &health);
    for _ in 0..3 {
        assert_eq!(app.get("/health").await.status(), StatusCode::OK);
    }
    let text = scrape(&app).await;
    assert_eq!(
        value(&text, "regdocs_http_requests_total", &health),
        before + 3.0
    );
    // Latency as a histogram, by route, with its buckets.
    assert!(
        value(
            &text,
            "regdocs_http_request_duration_seconds_count",
            &[("route", "/health")]
        ) >= 3.0
    );
    assert!(
        text.contains("regdocs_http_request_duration_seconds_bucket{"),
        "{text}"
    );
    // A page is counted under its route's pattern, not its path.
    app.get("/extensions/us").await;
    let text = scrape(&app).await;
    assert!(
        value(
            &text,
            "regdocs_http_requests_total",
            &[("route", "/extensions/{name}")]
        ) >= 1.0,
        "{text}"
    );
    // The pool: what it holds and its most.
    assert_eq!(
        value(&text, "regdocs_db_pool_connections", &[("state", "max")]),
        10.0
    );
    assert!(text.contains("# HELP regdocs_review_queue_length"));
}

async fn uploads_streams_and_the_queue_are_counted(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us_on(with_token(database).await).await;
    let before = scrape(&app).await;
    let stored = |t: &str| value(t, "regdocs_uploads_total", &[("outcome", "stored")]);
    let refused = |t: &str| {
        value(
            t,
            "regdocs_uploads_total",
            &[("outcome", "refused"), ("status", "422")],
        )
    };
    let bytes = |t: &str| value(t, "regdocs_upload_bytes_total", &[]);
    let streams = |t: &str| value(t, "regdocs_event_streams_open", &[]);

    let upload_ok = upload(&app, &ada, id, "proof", "proof.pdf", pdf(3000)).await;
    assert_eq!(upload_ok.status(), StatusCode::CREATED);
    let wrong = upload(&app, &ada, id, "proof", "photo.pdf", png(3000)).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let stream = app.get_with_cookie("/events", &ada).await;
    assert_eq!(stream.status(), StatusCode::OK);

    let during = scrape(&app).await;
    assert_eq!(stored(&during), stored(&before) + 1.0);
    assert_eq!(refused(&during), refused(&before) + 1.0);
    assert_eq!(bytes(&during), bytes(&before) + 3000.0);
    assert_eq!(streams(&during), streams(&before) + 1.0);

    // The stream closed by its browser: counted no more.
    drop(stream);
    let mut now = scrape(&app).await;
    for _ in 0..50 {
        if streams(&now) == streams(&before) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        now = scrape(&app).await;
    }
    assert_eq!(streams(&now), streams(&before));

    // Submitted: the queue has one order, waiting for some time now.
    assert_eq!(value(&now, "regdocs_review_queue_length", &[]), 0.0);
    assert_eq!(
        submit(&app, &ada, id, &[("nexus", "C11")]).await.status(),
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    let text = scrape(&app).await;
    assert_eq!(value(&text, "regdocs_review_queue_length", &[]), 1.0);
    assert!(
        value(&text, "regdocs_review_queue_oldest_seconds", &[]) > 0.0,
        "{text}"
    );
    let _admin = app.signed_in("admin@example.com", Role::Admin).await;
}

#[tokio::test]
async fn without_a_token_there_is_no_metrics_route() {
    let app = spawn_app(TestDatabase::sqlite()).await;
    assert_eq!(app.get("/metrics").await.status(), StatusCode::NOT_FOUND);
    assert!(app.metrics_addr.is_none());
}

#[tokio::test]
async fn an_address_of_its_own_serves_metrics_alone() {
    let app = spawn_app_with(
        TestDatabase::sqlite(),
        &[("REGDOCS_METRICS_ADDR", "127.0.0.1:0".to_owned())],
    )
    .await;
    let addr = app.metrics_addr.expect("bound");
    let metrics = reqwest::get(format!("http://{addr}/metrics"))
        .await
        .unwrap();
    assert_eq!(metrics.status(), StatusCode::OK);
    assert!(
        metrics
            .text()
            .await
            .unwrap()
            .contains("regdocs_db_pool_connections")
    );
    // Nothing else there, and no /metrics on the app's address.
    let other = reqwest::get(format!("http://{addr}/health")).await.unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/metrics").await.status(), StatusCode::NOT_FOUND);
}
