//! What one account may hold at once, on both databases: orders in progress, uploads in
//! flight, live pages; and an upload that stops sending is cut off and leaves nothing.

use app::{api::orders::CancelOrder, domain::Role};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;

use crate::common::{SlowUpload, TestApp, TestDatabase, flow::*, spawn_app_with};

/// Partial files of uploads still arriving.
fn uploads_in_flight(app: &TestApp) -> usize {
    let staging = app.state.documents.local_root().unwrap().join("staging");
    std::fs::read_dir(staging).map_or(0, Iterator::count)
}

async fn a_customer_has_a_limited_number_of_orders_in_progress(database: TestDatabase) {
    let app = spawn_app_with(database, &[("REGDOCS_MAX_OPEN_ORDERS", "2".to_owned())]).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let first = placed(&app, &ada, "one.com").await;
    placed(&app, &ada, "two.com").await;

    let third = place(&app, &ada, "three.com").await;
    assert_eq!(third.status(), StatusCode::CONFLICT);
    assert!(third.text().await.unwrap().contains("Finish or cancel one"));

    let cancelled = app
        .post_form(CancelOrder::PATH, &[("id", &first.to_string())], Some(&ada))
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    placed(&app, &ada, "three.com").await;
    // Someone else is not affected by Ada's orders.
    let eve = app.signed_in("eve@example.com", Role::Customer).await;
    placed(&app, &eve, "four.com").await;
}

async fn a_customer_sends_a_limited_number_of_uploads_at_once(database: TestDatabase) {
    let app = spawn_app_with(
        database,
        &[("REGDOCS_MAX_PARALLEL_UPLOADS", "2".to_owned())],
    )
    .await;
    define_us_with_proof(&app, 5, 100 * 1024).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let id = placed(&app, &ada, "example.us").await;
    let url = app.url(&app::api::orders::upload_url(id, "proof"));
    let first = SlowUpload::start(&app.client, &url, &ada, pdf(8 * KB)).await;
    let second = SlowUpload::start(&app.client, &url, &ada, pdf(8 * KB)).await;
    while uploads_in_flight(&app) < 2 {
        tokio::task::yield_now().await;
    }

    let third = upload(&app, &ada, id, "proof", "c.pdf", pdf(KB)).await;
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(third.headers().contains_key("retry-after"));

    assert_eq!(first.finish().await.unwrap().status(), StatusCode::CREATED);
    let fourth = upload(&app, &ada, id, "proof", "d.pdf", pdf(KB)).await;
    assert_eq!(fourth.status(), StatusCode::CREATED, "a slot came back");
    assert_eq!(second.finish().await.unwrap().status(), StatusCode::CREATED);
}

async fn an_account_keeps_a_limited_number_of_live_pages_open(database: TestDatabase) {
    let app = spawn_app_with(
        database,
        &[("REGDOCS_MAX_STREAMS_PER_ACCOUNT", "2".to_owned())],
    )
    .await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let eve = app.signed_in("eve@example.com", Role::Customer).await;
    let _one = app.get_with_cookie("/events", &ada).await;
    let _two = app.get_with_cookie("/events", &ada).await;

    let three = app.get_with_cookie("/events", &ada).await;
    assert_eq!(three.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.get_with_cookie("/events", &eve).await.status(),
        StatusCode::OK,
        "counted per account"
    );
}

async fn an_upload_that_stops_sending_is_cut_off_and_leaves_nothing(database: TestDatabase) {
    let app = spawn_app_with(database, &[("REGDOCS_UPLOAD_IDLE_SECS", "1".to_owned())]).await;
    define_us(&app).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let id = placed(&app, &ada, "example.us").await;
    let url = app.url(&app::api::orders::upload_url(id, "proof"));

    let stalled = SlowUpload::start(&app.client, &url, &ada, pdf(8 * KB)).await;
    while uploads_in_flight(&app) == 0 {
        tokio::task::yield_now().await;
    }
    // A second later the server gives up on it and removes what had arrived.
    while uploads_in_flight(&app) > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    let answer = stalled.finish().await;
    assert!(
        answer
            .as_ref()
            .map_or(true, |r| r.status() == StatusCode::UNPROCESSABLE_ENTITY),
        "{answer:?}"
    );
    assert_eq!(stored_documents(&app).await, (0, 0));
}

on_both_databases!(
    a_customer_has_a_limited_number_of_orders_in_progress,
    a_customer_sends_a_limited_number_of_uploads_at_once,
    an_account_keeps_a_limited_number_of_live_pages_open,
    an_upload_that_stops_sending_is_cut_off_and_leaves_nothing,
);
