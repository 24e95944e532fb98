//! After the review, on both databases: registration (start, fail with the provider's
//! message, retry, registered) and every refused step, the audit trail each role sees,
//! notifications kept in the outbox when no SMTP server is configured, and reason
//! templates.

use crate::common::{TestApp, TestDatabase, flow::*};
use app::{
    api::{
        mail::{Outbox, RetryMail},
        reasons::{DeleteReason, ListReasons, SaveReason},
        registration::RegistrationStep,
        review::ReviewItem,
    },
    backend::orders,
    domain::{
        Role,
        audit::AuditKind,
        order_view::OrderView,
        orders::{OrderStatus, ReviewDecision},
    },
};
use app::{components::trail::entry_text, i18n::Locale};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use serde_json::Value;

async fn step(app: &TestApp, admin: &str, id: i32, step: &str, message: &str) -> reqwest::Response {
    app.post_form(
        RegistrationStep::PATH,
        &[
            ("order_id", &id.to_string()),
            ("step", step),
            ("message", message),
        ],
        Some(admin),
    )
    .await
}

async fn approve_all(app: &TestApp, admin: &str, id: i32) {
    for key in ["nexus", "proof"] {
        approve(app, admin, id, key).await;
    }
}

fn kinds(order: &OrderView) -> Vec<String> {
    order
        .trail
        .iter()
        .map(|e| e.kind.as_str().to_owned())
        .collect()
}

async fn registration_runs_from_approved_to_registered_with_an_audit_trail(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    ada_submits(&app, &ada, id).await;
    approve_all(&app, &admin, id).await;
    assert_eq!(order(&app, &ada, id).await.status, OrderStatus::Approved);

    let started = step(&app, &admin, id, "start", "").await;
    assert_eq!(started.status(), StatusCode::OK);
    let view: OrderView = started.json().await.unwrap();
    assert_eq!(view.status, OrderStatus::Registering);
    let instructions = view.admin.and_then(|a| a.instructions).unwrap_or_default();
    assert!(
        instructions.contains("example.us"),
        "the manual module tells the admin what to do: {instructions}"
    );

    // Failing needs the provider's message; then the admin sees it and can retry.
    let no_message = step(&app, &admin, id, "failed", "  ").await;
    assert_eq!(no_message.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let failed = step(
        &app,
        &admin,
        id,
        "failed",
        "Registry: contact data incomplete",
    )
    .await;
    assert_eq!(failed.status(), StatusCode::OK);
    let view: OrderView = failed.json().await.unwrap();
    assert_eq!(view.status, OrderStatus::RegistrationFailed);
    assert_eq!(
        view.admin.and_then(|a| a.failure).as_deref(),
        Some("Registry: contact data incomplete")
    );

    let retried = step(&app, &admin, id, "start", "").await;
    assert_eq!(retried.status(), StatusCode::OK);
    let registered = step(&app, &admin, id, "registered", "").await;
    assert_eq!(registered.status(), StatusCode::OK);
    let admin_view: OrderView = registered.json().await.unwrap();
    assert_eq!(admin_view.status, OrderStatus::Registered);

    let customer_view = order(&app, &ada, id).await;
    assert_eq!(customer_view.status, OrderStatus::Registered);
    assert_eq!(customer_view.admin, None, "admin facts stay with admins");

    // Every step is in the trail with its actor; the customer's trail leaves out the
    // admins' e-mail notes and details.
    let everything = kinds(&admin_view);
    assert_eq!(
        everything
            .iter()
            .filter(|k| *k != "mail_queued")
            .map(String::as_str)
            .collect::<Vec<_>>(),
        [
            "placed",
            "document_uploaded",
            "submitted",
            "item_approved",
            "item_approved",
            "status_changed",
            "registration_started",
            "registration_failed",
            "registration_started",
            "registered",
        ]
    );
    assert!(everything.iter().any(|k| k == "mail_queued"));
    let trail = &admin_view.trail;
    assert_eq!(trail[0].actor, "Test Person", "Ada placed it");
    let failure = trail
        .iter()
        .find(|e| e.kind == AuditKind::RegistrationFailed)
        .unwrap();
    assert_eq!(
        failure.detail.as_deref(),
        Some("Registry: contact data incomplete")
    );
    assert_eq!(failure.actor, "Test Person");

    let seen_by_ada = kinds(&customer_view);
    assert!(!seen_by_ada.iter().any(|k| k == "mail_queued"));
    assert!(seen_by_ada.iter().any(|k| k == "registered"));
    assert!(
        customer_view.trail.iter().all(|e| e.detail.is_none()),
        "no admin details for the customer"
    );
}

async fn steps_out_of_order_are_refused_and_change_nothing(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;

    // Awaiting documents, then under review: nothing can be registered yet.
    assert_eq!(
        step(&app, &admin, id, "start", "").await.status(),
        StatusCode::CONFLICT
    );
    ada_submits(&app, &ada, id).await;
    for (name, message) in [("start", ""), ("registered", ""), ("failed", "x")] {
        let refused = step(&app, &admin, id, name, message).await;
        assert_eq!(
            refused.status(),
            StatusCode::CONFLICT,
            "{name} under review"
        );
    }
    assert_eq!(
        step(&app, &admin, id, "bogus", "").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(order(&app, &ada, id).await.status, OrderStatus::UnderReview);

    approve_all(&app, &admin, id).await;
    // Approved: cannot be marked registered or failed before it started.
    for (name, message) in [("registered", ""), ("failed", "x")] {
        let refused = step(&app, &admin, id, name, message).await;
        assert_eq!(
            refused.status(),
            StatusCode::CONFLICT,
            "{name} when approved"
        );
    }
    // No decision on an order that left the review.
    let admin_ctx = app.demo_admin_ctx().await;
    let late = orders::decide_item(&admin_ctx, id, "proof", 1, orders::Decision::Approve).await;
    assert!(matches!(late, Err(app::error::AppError::Conflict { .. })));

    // Two admins starting at once: one starts it, the other is told.
    let (a, b) = tokio::join!(
        step(&app, &admin, id, "start", ""),
        step(&app, &admin, id, "start", "")
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    assert_eq!(order(&app, &ada, id).await.status, OrderStatus::Registering);
    let started = kinds(&order(&app, &admin, id).await)
        .iter()
        .filter(|k| *k == "registration_started")
        .count();
    assert_eq!(started, 1);

    // A customer cannot take any step, even on their own order.
    let by_ada = step(&app, &ada, id, "registered", "").await;
    assert_eq!(by_ada.status(), StatusCode::FORBIDDEN);
    assert_eq!(order(&app, &ada, id).await.status, OrderStatus::Registering);
}

async fn without_smtp_notifications_are_kept_in_the_outbox_for_admins(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    ada_submits(&app, &ada, id).await;
    let rejected = decide(
        &app,
        &admin,
        id,
        "proof",
        ReviewDecision::Reject,
        Some("The scan is cut off at the bottom."),
    )
    .await;
    assert_eq!(rejected.status(), StatusCode::OK);
    approve(&app, &admin, id, "nexus").await;

    let response = app.post_form(Outbox::PATH, &[], Some(&admin)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let outbox: Value = response.json().await.unwrap();
    assert_eq!(outbox["sending"], false);
    let messages = outbox["page"]["messages"].as_array().unwrap();
    let find = |kind: &str| {
        messages
            .iter()
            .find(|m| m["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} message in {messages:?}"))
    };
    let requested = find("documents_requested");
    assert_eq!(requested["to"], "ada@example.com");
    assert_eq!(requested["status"], "kept");
    assert!(
        requested["body"]
            .as_str()
            .unwrap()
            .contains(&format!("/orders/{id}"))
    );
    // Both admins (the demo admin and root) hear of the submission.
    let to_admins: Vec<&str> = messages
        .iter()
        .filter(|m| m["kind"] == "submitted")
        .map(|m| m["to"].as_str().unwrap())
        .collect();
    assert_eq!(to_admins.len(), 2, "{to_admins:?}");
    assert!(to_admins.contains(&"root@example.com"));
    let rejection = find("items_rejected");
    assert_eq!(rejection["to"], "ada@example.com");
    assert!(
        rejection["body"]
            .as_str()
            .unwrap()
            .contains("The proof: The scan is cut off at the bottom."),
        "{rejection}"
    );

    // Kept messages are not "sent again": there is nowhere to send them.
    let retry = app
        .post_form(
            RetryMail::PATH,
            &[("id", &requested["id"].to_string())],
            Some(&admin),
        )
        .await;
    assert_eq!(retry.status(), StatusCode::CONFLICT);
    // Customers never read the outbox.
    assert_eq!(
        app.post_form(Outbox::PATH, &[], Some(&ada)).await.status(),
        StatusCode::FORBIDDEN
    );
}

async fn reason_templates_are_managed_and_fill_a_rejection(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;

    let empty = app
        .post_form(
            SaveReason::PATH,
            &[("title", " "), ("statement", "")],
            Some(&admin),
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problems: Value = empty.json().await.unwrap();
    let text = problems.to_string();
    assert!(
        text.contains("title") && text.contains("statement"),
        "{text}"
    );

    let save = |title: &'static str, statement: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            app.post_form(
                SaveReason::PATH,
                &[("title", title), ("statement", statement)],
                Some(admin),
            )
            .await
        }
    };
    let blurry: Value = save("Blurry scan", "The scan is blurry; upload a sharp copy.")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        save("Blurry scan", "Another text").await.status(),
        StatusCode::CONFLICT,
        "titles are unique"
    );
    let expired: Value = save("Expired", "The document has expired.")
        .await
        .json()
        .await
        .unwrap();
    let edited = app
        .post_form(
            SaveReason::PATH,
            &[
                ("id", &expired["id"].to_string()),
                ("title", "Expired document"),
                ("statement", "The document has expired; send a current one."),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(edited.status(), StatusCode::OK);
    let deleted = app
        .post_form(
            DeleteReason::PATH,
            &[("id", &expired["id"].to_string())],
            Some(&admin),
        )
        .await;
    assert_eq!(deleted.status(), StatusCode::OK);
    let list: Value = app
        .post_form(ListReasons::PATH, &[], Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["title"], "Blurry scan");

    // Rejecting with the template and no typed statement sends the template's words.
    ada_submits(&app, &ada, id).await;
    let template = i32::try_from(blurry["id"].as_i64().unwrap()).unwrap();
    let review = ReviewItem {
        order_id: id,
        item_key: "proof".into(),
        attempt: 1,
        decision: ReviewDecision::Reject,
        statement: Some(String::new()),
        template_id: Some(template),
    };
    let rejected = app.call(&review, Some(&admin)).await;
    assert_eq!(rejected.status(), StatusCode::OK);
    let seen = order(&app, &ada, id).await;
    assert_eq!(
        item(&seen, "proof").statement.as_deref(),
        Some("The scan is blurry; upload a sharp copy.")
    );
    let in_trail = seen
        .trail
        .iter()
        .find(|e| e.kind == AuditKind::ItemRejected)
        .unwrap();
    assert_eq!(
        in_trail.statement.as_deref(),
        Some("The scan is blurry; upload a sharp copy.")
    );
    assert_eq!(entry_text(Locale::en, in_trail), "Rejected “The proof”");
}

on_both_databases!(
    registration_runs_from_approved_to_registered_with_an_audit_trail,
    steps_out_of_order_are_refused_and_change_nothing,
    without_smtp_notifications_are_kept_in_the_outbox_for_admins,
    reason_templates_are_managed_and_fill_a_rejection,
);
