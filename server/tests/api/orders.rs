//! Ordering and supplying documents over HTTP, on both databases: the order's initial
//! state, streamed uploads and everything that must be refused (too big, wrong type,
//! cut off, not yours), submission, and resubmission after a rejection.

use crate::common::{TestDatabase, flow::*, next_event, spawn_app, spawn_app_with};
use std::collections::HashMap;

use app::{
    api::{
        definitions::SaveDefinitionInput,
        orders::{GetOrder, RemoveDocument, SaveDraft, SubmitOrder, upload_url},
    },
    backend::{catalog::definitions, orders},
    domain::{
        Role,
        order_view::{DocumentView, OrderView},
        orders::{ItemStatus, OrderStatus},
    },
};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn an_order_waits_for_documents_only_when_its_extension_needs_them(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;

    let us = placed(&app, &ada, "Example.US").await;
    let com = placed(&app, &ada, "example.com").await;

    let us = order(&app, &ada, us).await;
    assert_eq!(us.status, OrderStatus::AwaitingDocuments);
    assert_eq!(us.domain, "example.us");
    assert_eq!(
        us.requirements.as_ref().unwrap().items.len(),
        3,
        "a snapshot of the requirements"
    );
    assert_eq!(item(&us, "nexus").status, ItemStatus::Missing);
    assert_eq!(
        order(&app, &ada, com).await.status,
        OrderStatus::ReadyToRegister
    );
    // IDN: stored in punycode, shown in Unicode.
    let idn = placed(&app, &ada, "Bücher.com").await;
    assert_eq!(order(&app, &ada, idn).await.domain, "bücher.com");
    let stored = app::backend::entities::order::Entity::find_by_id(idn)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.domain, "xn--bcher-kva.com");

    for (domain, why) in [
        ("example", "extension"),
        ("exa mple.us", "letters"),
        ("example.xyz", "offer"),
        ("example.us", "already"),
    ] {
        let refused = place(&app, &ada, domain).await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{domain}"
        );
        assert!(refused.text().await.unwrap().contains(why), "{domain}");
    }
}

async fn later_edits_of_the_requirements_do_not_change_orders_in_flight(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;

    let admin = app.demo_admin_ctx().await;
    let draft = definitions::draft(&admin, Some(1)).await.unwrap();
    let mut changed = draft.requirements.clone();
    changed.items.truncate(1);
    definitions::save(
        &admin,
        SaveDefinitionInput {
            id: draft.id,
            extension_id: draft.extension_id.unwrap(),
            revision: draft.revision,
            requirements: changed,
            imported_from: None,
        },
    )
    .await
    .unwrap();

    assert_eq!(
        order(&app, &ada, id)
            .await
            .requirements
            .unwrap()
            .items
            .len(),
        3
    );
}

async fn a_pdf_streams_in_and_is_kept_with_its_hash(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let body = pdf(40 * KB);

    let response = upload(
        &app,
        &ada,
        id,
        "proof",
        "lease%20agreement.pdf",
        body.clone(),
    )
    .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let doc: Value = response.json().await.unwrap();
    assert_eq!(doc["name"], "lease agreement.pdf");
    assert_eq!(doc["content_type"], "application/pdf");
    assert_eq!(doc["size_bytes"], 40 * KB);
    let row = app::backend::entities::document::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    use sha2::Digest;
    let expected: String = sha2::Sha256::digest(&body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(row.sha256, expected);
    assert_eq!(stored_documents(&app).await, (1, 1));
    assert_eq!(
        item(&order(&app, &ada, id).await, "proof").status,
        ItemStatus::Draft
    );
}

async fn an_upload_over_the_limit_gets_413_and_leaves_nothing(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;

    // Announced too big: refused before reading.
    let announced = upload(&app, &ada, id, "proof", "big.pdf", pdf(101 * KB)).await;
    assert_eq!(announced.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(announced.text().await.unwrap().contains("100 KB"));

    // Streamed without a length: refused while streaming.
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = pdf(150 * KB)
        .chunks(16 * KB)
        .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
        .collect();
    let streamed = app
        .client
        .post(app.url(&upload_url(id, "proof")))
        .header("cookie", &ada)
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(streamed.status(), StatusCode::PAYLOAD_TOO_LARGE);

    assert_eq!(stored_documents(&app).await, (0, 0));
}

async fn a_renamed_png_and_html_are_refused_by_their_content(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;

    let renamed = upload(&app, &ada, id, "proof", "scan.pdf", png(2 * KB)).await;
    assert_eq!(renamed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        renamed
            .text()
            .await
            .unwrap()
            .contains("not one of the accepted types (PDF)")
    );
    let html = upload(
        &app,
        &ada,
        id,
        "proof",
        "page.pdf",
        b"<!DOCTYPE html><script>alert(1)</script>".to_vec(),
    )
    .await;
    assert_eq!(html.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let svg = upload(
        &app,
        &ada,
        id,
        "proof",
        "x.pdf",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
    )
    .await;
    assert_eq!(svg.status(), StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(stored_documents(&app).await, (0, 0));
}

async fn an_upload_cut_off_half_way_leaves_no_row_and_no_file(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;

    // Announce 80 KB, send 40 KB, and hang up.
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nCookie: {ada}\r\nContent-Length: {}\r\n\r\n",
        upload_url(id, "proof"),
        app.addr,
        80 * KB
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&pdf(40 * KB)).await.unwrap();
    stream.flush().await.unwrap();
    stream.shutdown().await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    drop(stream);

    // The server notices the broken body; give its handler the moment it needs by
    // waiting on the outcome itself, not on a clock.
    for _ in 0..100 {
        if stored_documents(&app).await == (0, 0)
            && app.state.documents.keys("").await.unwrap().is_empty()
        {
            break;
        }
        tokio::task::yield_now().await;
    }
    assert_eq!(stored_documents(&app).await, (0, 0));
    assert!(
        app.state.documents.keys("").await.unwrap().is_empty(),
        "no staging file either"
    );
    // And a complete upload afterwards works.
    assert_eq!(
        upload(&app, &ada, id, "proof", "ok.pdf", pdf(KB))
            .await
            .status(),
        StatusCode::CREATED
    );
}

async fn another_customers_order_items_and_documents_are_not_found(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let eve = app.signed_in("eve@example.com", Role::Customer).await;
    let doc: DocumentView = upload(&app, &ada, id, "proof", "a.pdf", pdf(KB))
        .await
        .json()
        .await
        .unwrap();

    let answers: HashMap<String, String> = [("nexus".to_owned(), "C11".to_owned())].into();
    let attempts = [
        app.call(&GetOrder { id }, Some(&eve)).await,
        app.call(
            &SaveDraft {
                id,
                answers: answers.clone(),
            },
            Some(&eve),
        )
        .await,
        app.call(&SubmitOrder { id, answers }, Some(&eve)).await,
        app.call(&RemoveDocument { id: doc.id }, Some(&eve)).await,
        upload(&app, &eve, id, "proof", "b.pdf", pdf(KB)).await,
        app.get_with_cookie(&format!("/orders/{id}"), &eve).await,
    ];
    for (i, response) in attempts.into_iter().enumerate() {
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "endpoint #{i}");
    }
    // Ada's order is untouched.
    let mine = order(&app, &ada, id).await;
    assert_eq!(item(&mine, "nexus").status, ItemStatus::Missing);
    assert_eq!(item(&mine, "proof").documents.len(), 1);
}

async fn submitting_with_a_missing_item_lists_that_item(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;

    let response = submit(&app, &ada, id, &[("nexus", "C31")]).await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    let fields: Vec<&str> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["nexus_country", "proof"]);
    let kept = order(&app, &ada, id).await;
    assert_eq!(kept.status, OrderStatus::AwaitingDocuments);
    assert_eq!(
        item(&kept, "nexus").value.as_deref(),
        Some("C31"),
        "the answers given are kept as a draft"
    );
}

async fn a_submitted_order_is_under_review_and_frozen(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    upload(&app, &ada, id, "proof", "a.pdf", pdf(KB)).await;
    let answers = [("nexus", "C11")];

    let submitted = submit(&app, &ada, id, &answers).await;
    assert_eq!(submitted.status(), StatusCode::OK);
    let view: OrderView = submitted.json().await.unwrap();
    assert_eq!(view.status, OrderStatus::UnderReview);
    assert_eq!(item(&view, "nexus").status, ItemStatus::Submitted);

    let again = submit(&app, &ada, id, &answers).await;
    assert_eq!(
        again.status(),
        StatusCode::CONFLICT,
        "no second submit while under review"
    );
    let draft = app
        .call(
            &SaveDraft {
                id,
                answers: [("nexus".to_owned(), "C31".to_owned())].into(),
            },
            Some(&ada),
        )
        .await;
    assert_eq!(draft.status(), StatusCode::CONFLICT);
    assert_eq!(
        upload(&app, &ada, id, "proof", "b.pdf", pdf(KB))
            .await
            .status(),
        StatusCode::CONFLICT
    );
}

async fn a_rejected_item_is_replaced_and_resubmitted_keeping_its_history(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let admin = app.demo_admin_ctx().await;
    let first: DocumentView = upload(&app, &ada, id, "proof", "blurry.pdf", pdf(KB))
        .await
        .json()
        .await
        .unwrap();
    let answers = [("nexus", "C11")];
    assert_eq!(
        submit(&app, &ada, id, &answers).await.status(),
        StatusCode::OK
    );

    // The review (the admin console's service): nexus approved, proof rejected.
    orders::decide_item(&admin, id, "nexus", 1, orders::Decision::Approve)
        .await
        .unwrap();
    let status = orders::decide_item(
        &admin,
        id,
        "proof",
        1,
        orders::Decision::Reject {
            statement: "The scan is unreadable; please upload a sharper copy.".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(status.as_str(), "action_required");

    let view = order(&app, &ada, id).await;
    let proof = item(&view, "proof");
    assert_eq!(proof.status, ItemStatus::Rejected);
    assert_eq!(
        proof.statement.as_deref(),
        Some("The scan is unreadable; please upload a sharper copy.")
    );
    assert_eq!(proof.documents.len(), 0, "the new attempt starts empty");
    // The approved item cannot change; the old document cannot be removed.
    let change = app
        .call(
            &SaveDraft {
                id,
                answers: [("nexus".to_owned(), "C31".to_owned())].into(),
            },
            Some(&ada),
        )
        .await;
    assert_eq!(change.status(), StatusCode::CONFLICT);
    let remove_old = app.call(&RemoveDocument { id: first.id }, Some(&ada)).await;
    assert_eq!(remove_old.status(), StatusCode::CONFLICT);

    assert_eq!(
        upload(&app, &ada, id, "proof", "sharp.pdf", pdf(2 * KB))
            .await
            .status(),
        StatusCode::CREATED
    );
    let resubmitted = submit(&app, &ada, id, &answers).await;
    assert_eq!(resubmitted.status(), StatusCode::OK);

    let view: OrderView = resubmitted.json().await.unwrap();
    assert_eq!(view.status, OrderStatus::UnderReview);
    let history = &item(&view, "proof").history;
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].decision, ItemStatus::Rejected);
    assert_eq!(
        history[0].statement.as_deref(),
        Some("The scan is unreadable; please upload a sharper copy.")
    );
    assert_eq!(history[0].documents[0].name, "blurry.pdf");
    assert_eq!(history[1].decision, ItemStatus::Submitted);
    assert_eq!(history[1].documents[0].name, "sharp.pdf");
    assert_eq!(
        item(&view, "nexus").status,
        ItemStatus::Approved,
        "approved items stay approved"
    );
}

async fn two_admins_deciding_one_item_cannot_both_win(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let admin = app.demo_admin_ctx().await;
    upload(&app, &ada, id, "proof", "a.pdf", pdf(KB)).await;
    submit(&app, &ada, id, &[("nexus", "C11")]).await;

    let (a, b) = tokio::join!(
        orders::decide_item(&admin, id, "proof", 1, orders::Decision::Approve),
        orders::decide_item(
            &admin,
            id,
            "proof",
            1,
            orders::Decision::Reject {
                statement: "No.".into()
            }
        ),
    );

    assert_eq!(
        [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "{a:?} {b:?}"
    );
    let loser = if a.is_err() { a } else { b };
    assert!(matches!(loser, Err(app::error::AppError::Conflict { .. })));
    let refused = orders::decide_item(&admin, id, "nexus", 7, orders::Decision::Approve).await;
    assert!(
        refused.is_err(),
        "a decision on an attempt that was never submitted is refused"
    );
}

async fn documents_download_only_for_their_owner_and_admins_with_safe_headers(
    database: TestDatabase,
) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let eve = app.signed_in("eve@example.com", Role::Customer).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    let body = pdf(20 * KB);
    let doc: Value = upload(&app, &ada, id, "proof", "Kimlik%20%C3%B6.pdf", body.clone())
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/documents/{}", doc["id"]);

    let mine = app.get_with_cookie(&path, &ada).await;
    assert_eq!(mine.status(), StatusCode::OK);
    let h = mine.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(
        h["content-disposition"],
        "attachment; filename=\"Kimlik _.pdf\"; filename*=UTF-8''Kimlik%20%C3%B6.pdf"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(mine.bytes().await.unwrap().as_ref(), body.as_slice());

    let preview = app.get_with_cookie(&format!("{path}?inline=1"), &ada).await;
    assert!(
        preview.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline;")
    );
    assert!(
        preview.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("sandbox")
    );

    assert_eq!(
        app.get_with_cookie(&path, &admin).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get_with_cookie(&path, &eve).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get_with_cookie("/documents/99999", &admin)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

async fn admins_review_items_from_the_queue_and_the_badge_counts_down(database: TestDatabase) {
    use app::api::review::{PendingReviews, ReviewItem, ReviewQueue};
    let (app, ada, id) = ada_orders_example_us(database).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    upload(&app, &ada, id, "proof", "a.pdf", pdf(KB)).await;
    let count = || async {
        app.post_form(PendingReviews::PATH, &[], Some(&admin))
            .await
            .json::<app::api::review::BadgeCounts>()
            .await
            .unwrap()
            .pending
    };
    assert_eq!(count().await, 0);
    submit(&app, &ada, id, &[("nexus", "C11")]).await;
    assert_eq!(count().await, 1);

    let queue: Value = app
        .post_form(ReviewQueue::PATH, &[], Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["total"], 1);
    assert_eq!(queue["rows"][0]["domain"], "example.us");
    assert_eq!(queue["rows"][0]["customer_email"], "ada@example.com");
    assert_eq!(queue["rows"][0]["open_items"], 2);
    let page = app
        .get_with_cookie(&format!("/admin/orders/{id}"), &admin)
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Reject with this statement"));
    assert!(page.contains("/documents/"));

    let decide = |key: &'static str, decision: &'static str, statement: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.post_form(
                ReviewItem::PATH,
                &[
                    ("order_id", &id.to_string()),
                    ("item_key", key),
                    ("attempt", "1"),
                    ("decision", decision),
                    ("statement", statement),
                ],
                Some(&admin),
            )
            .await
        }
    };
    let no_statement = decide("proof", "reject", " ").await;
    assert_eq!(
        no_statement.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a rejection needs a statement"
    );
    assert_eq!(
        decide("nexus", "approve", "").await.status(),
        StatusCode::OK
    );
    let again = decide("nexus", "reject", "Too late").await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "decided already");
    let rejected = decide("proof", "reject", "Unreadable scan.").await;
    assert_eq!(rejected.status(), StatusCode::OK);
    let view: Value = rejected.json().await.unwrap();
    assert_eq!(view["status"], "action_required");
    assert_eq!(count().await, 0);
    assert_eq!(
        item(&order(&app, &ada, id).await, "proof")
            .statement
            .as_deref(),
        Some("Unreadable scan.")
    );
}

async fn the_event_stream_sends_the_count_on_connect_and_after_a_submit(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let eve = app.signed_in("eve@example.com", Role::Customer).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    upload(&app, &ada, id, "proof", "a.pdf", pdf(KB)).await;

    assert_eq!(app.get("/events").await.status(), StatusCode::UNAUTHORIZED);
    let mut admin_stream = app.get_with_cookie("/events", &admin).await;
    assert_eq!(admin_stream.headers()["content-type"], "text/event-stream");
    let mut ada_stream = app.get_with_cookie("/events", &ada).await;
    let mut eve_stream = app.get_with_cookie("/events", &eve).await;
    let (mut a, mut c, mut e) = (String::new(), String::new(), String::new());
    // Every customer stream starts with a request to show the current state.
    assert_eq!(
        next_event(&mut admin_stream, &mut a, "pending").await,
        "0",
        "the current count on connect"
    );
    assert_eq!(next_event(&mut ada_stream, &mut c, "order").await, "*");
    assert_eq!(next_event(&mut eve_stream, &mut e, "order").await, "*");

    submit(&app, &ada, id, &[("nexus", "C11")]).await;
    assert_eq!(next_event(&mut admin_stream, &mut a, "pending").await, "1");

    use app::api::review::ReviewItem;
    app.post_form(
        ReviewItem::PATH,
        &[
            ("order_id", &id.to_string()),
            ("item_key", "nexus"),
            ("attempt", "1"),
            ("decision", "approve"),
        ],
        Some(&admin),
    )
    .await;
    assert_eq!(
        next_event(&mut ada_stream, &mut c, "order").await,
        id.to_string(),
        "the owner hears of the decision"
    );

    // A reconnecting admin gets the current count, never a stale one.
    let mut again = app.get_with_cookie("/events", &admin).await;
    assert_eq!(
        next_event(&mut again, &mut String::new(), "pending").await,
        "1"
    );
}

async fn an_event_stream_ends_when_its_session_does(database: TestDatabase) {
    let app = spawn_app_with(database, &[("REGDOCS_STREAM_RECHECK_SECS", "1".to_owned())]).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let mut stream = app.get_with_cookie("/events", &ada).await;
    let mut buffer = String::new();
    assert_eq!(next_event(&mut stream, &mut buffer, "order").await, "*");

    let out = app
        .post_form(app::api::account::LogOut::PATH, &[], Some(&ada))
        .await;
    assert!(out.status().is_success() || out.status().is_redirection());
    // A guard against a hanging test, not a measurement: the stream must end by itself.
    loop {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(20), stream.chunk())
            .await
            .expect("the stream of a signed-out session ends");
        match chunk {
            Ok(Some(bytes)) => assert!(
                !String::from_utf8_lossy(&bytes).contains("data:"),
                "no more events after the sign-out"
            ),
            Ok(None) | Err(_) => break,
        }
    }
}

/// Two server instances on one Postgres database: a submission made through one reaches
/// the admin's stream on the other (LISTEN/NOTIFY). Postgres only: SQLite is one instance
/// by nature.
#[tokio::test]
async fn events_reach_the_streams_of_every_server_instance_on_postgres() {
    let database = TestDatabase::postgres().await;
    let url = database.url.clone();
    let first = spawn_app(database).await;
    let second = spawn_app(TestDatabase::borrowed(&url)).await;
    define_us(&first).await;
    let ada = first.signed_in("ada@example.com", Role::Customer).await;
    let admin = first.signed_in("root@example.com", Role::Admin).await;
    let id = placed(&first, &ada, "example.us").await;

    // Sessions live in the database: the admin's cookie works on the other instance.
    let mut stream = second.get_with_cookie("/events", &admin).await;
    let mut buffer = String::new();
    assert_eq!(next_event(&mut stream, &mut buffer, "pending").await, "0");

    ada_submits(&first, &ada, id).await;
    assert_eq!(
        next_event(&mut stream, &mut buffer, "pending").await,
        "1",
        "the other instance heard of the submission"
    );
}

async fn personal_answers_are_never_cached_and_downloads_are_named_for_their_real_type(
    database: TestDatabase,
) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    // A PDF called .png, and a name with a right-to-left override ("invoice\u{202E}fdp.exe"
    // shows as "invoiceexe.pdf").
    let disguised: Value = upload(&app, &ada, id, "proof", "scan.png", pdf(KB))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(disguised["name"], "scan.png.pdf");
    let reversed: Value = upload(&app, &ada, id, "proof", "invoice%E2%80%AEfdp.exe", pdf(KB))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reversed["name"], "invoicefdp.exe.pdf");
    let download = app
        .get_with_cookie(&format!("/documents/{}", disguised["id"]), &ada)
        .await;
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename=\"scan.png.pdf\""),
    );

    let page = app.get_with_cookie(&format!("/orders/{id}"), &ada).await;
    let answer = app
        .post_form(GetOrder::PATH, &[("id", &id.to_string())], Some(&ada))
        .await;
    let account = app.get_with_cookie("/account", &ada).await;
    let stream = app.get_with_cookie("/events", &ada).await;
    for (what, response) in [
        ("order page", &page),
        ("server function", &answer),
        ("account page", &account),
        ("document", &download),
        ("event stream", &stream),
    ] {
        assert_eq!(response.status(), StatusCode::OK, "{what}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{what}");
    }
}

/// The browser's checker and the server read names typed in Unicode alike: every name
/// the shared rules accept is accepted by the server (offered or not), every name they
/// refuse is refused as malformed.
async fn the_server_reads_typed_names_as_the_browser_does(database: TestDatabase) {
    let app = spawn_app(database).await;
    for (typed, stored) in app::domain::names::TYPED_NAMES {
        let response = app
            .post_form(
                app::api::orders::CheckDomain::PATH,
                &[("domain", typed)],
                None,
            )
            .await;
        let status = response.status();
        let text = response.text().await.unwrap();
        let not_offered = text.contains("do not offer");
        match stored {
            Some(ascii) => assert!(
                status == StatusCode::OK || not_offered,
                "{typed:?} ({ascii}) was refused: {status} {text}"
            ),
            None => assert!(
                status == StatusCode::UNPROCESSABLE_ENTITY && !not_offered,
                "{typed:?} was accepted: {status} {text}"
            ),
        }
    }
}

on_both_databases!(
    the_server_reads_typed_names_as_the_browser_does,
    personal_answers_are_never_cached_and_downloads_are_named_for_their_real_type,
    the_event_stream_sends_the_count_on_connect_and_after_a_submit,
    an_event_stream_ends_when_its_session_does,
    admins_review_items_from_the_queue_and_the_badge_counts_down,
    documents_download_only_for_their_owner_and_admins_with_safe_headers,
    an_order_waits_for_documents_only_when_its_extension_needs_them,
    later_edits_of_the_requirements_do_not_change_orders_in_flight,
    a_pdf_streams_in_and_is_kept_with_its_hash,
    an_upload_over_the_limit_gets_413_and_leaves_nothing,
    a_renamed_png_and_html_are_refused_by_their_content,
    an_upload_cut_off_half_way_leaves_no_row_and_no_file,
    another_customers_order_items_and_documents_are_not_found,
    submitting_with_a_missing_item_lists_that_item,
    a_submitted_order_is_under_review_and_frozen,
    a_rejected_item_is_replaced_and_resubmitted_keeping_its_history,
    two_admins_deciding_one_item_cannot_both_win,
);

/// The transition table is the law: for every pair of states, `OrderTx::move_to` moves
/// an order exactly when `OrderStatus::can_become` allows it, and a refused move changes
/// nothing.
async fn orders_move_only_along_the_transition_table(database: TestDatabase) {
    use app::backend::{entities::order, orders::OrderTx};
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let (app, _ada, id) = ada_orders_example_us(database).await;
    for from in OrderStatus::ALL {
        for to in OrderStatus::ALL {
            let mut stored = order::Entity::find_by_id(id)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .into_active_model();
            stored.status = Set(from);
            stored.update(&app.db).await.unwrap();

            let mut tx = OrderTx::lock(&app.db, id).await.unwrap();
            let moved = tx.move_to(to).await;
            if moved.is_ok() {
                tx.commit(&app.state.events).await.unwrap();
            } else {
                drop(tx);
            }

            let now = order::Entity::find_by_id(id)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .status;
            if from.can_become(to) {
                assert!(moved.is_ok(), "{from:?} → {to:?} is allowed");
                assert_eq!(now, to);
            } else {
                assert!(
                    matches!(moved, Err(app::error::AppError::Conflict { .. })),
                    "{from:?} → {to:?} is refused"
                );
                assert_eq!(now, from, "a refused move changes nothing");
            }
        }
    }
}

on_both_databases!(orders_move_only_along_the_transition_table);
