//! E-mail against a real SMTP server on loopback (aiosmtpd, started by each test): the
//! rejection mail carries the statements, the e-mail registrar module's mail carries the
//! documents as attachments, a refused provider address fails the registration with the
//! reason, and an unreachable server fails no review and is retried later (and a message
//! given up is queued again by an admin).

use crate::common::{
    TestApp, TestDatabase,
    flow::*,
    smtp::{SmtpSink, free_port},
    spawn_app_with,
};
use app::{
    api::{mail::RetryMail, registration::RegistrationStep},
    backend::{
        entities::{extension, mail_outbox},
        infra::mail::status,
    },
    domain::{
        Role,
        orders::{OrderStatus, ReviewDecision},
    },
};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;
use sha2::{Digest, Sha256};

async fn use_email_module(app: &TestApp) {
    let mut us: extension::ActiveModel = us_extension(app).await.into();
    us.registrar_module = Set("email".into());
    us.update(&app.db).await.unwrap();
}

/// The outbox message of `kind`, once `ready` holds for it (the worker sends in the
/// background); gives up after 10 s.
async fn outbox_row(
    app: &TestApp,
    kind: &str,
    ready: impl Fn(&mail_outbox::Model) -> bool,
) -> mail_outbox::Model {
    for _ in 0..100 {
        let row = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::Kind.eq(kind))
            .one(&app.db)
            .await
            .unwrap();
        if let Some(row) = row.filter(|r| ready(r)) {
            return row;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no {kind} message got there");
}

async fn start_registration(app: &TestApp, admin: &str, id: i32) -> Value {
    let response = app
        .post_form(
            RegistrationStep::PATH,
            &[("order_id", &id.to_string()), ("step", "start")],
            Some(admin),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn the_rejection_mail_carries_the_statements(database: TestDatabase) {
    let smtp = SmtpSink::start();
    let app = spawn_app_with(database, &smtp.settings()).await;
    let (app, ada, id) = ada_orders_example_us_on(app).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;

    let requested = smtp.wait_for("Documents needed for example.us").await;
    assert_eq!(requested["rcpt_tos"][0], "ada@example.com");
    assert_eq!(requested["from"], "regdocs <noreply@provider.test>");

    ada_submits(&app, &ada, id).await;
    let to_admins = smtp.wait_for("example.us is waiting for review").await;
    assert!(
        to_admins["text"]
            .as_str()
            .unwrap()
            .contains("ada@example.com")
    );

    approve(&app, &admin, id, "nexus").await;
    decide(
        &app,
        &admin,
        id,
        "proof",
        ReviewDecision::Reject,
        Some("The certificate is older than six months; send a current one."),
    )
    .await;

    let rejection = smtp.wait_for("Action required for example.us").await;
    assert_eq!(rejection["rcpt_tos"][0], "ada@example.com");
    let text = rejection["text"].as_str().unwrap();
    assert!(
        text.contains("The proof: The certificate is older than six months; send a current one."),
        "{text}"
    );
    assert!(
        !text.contains("The nexus:"),
        "approved items are not listed: {text}"
    );

    // The outbox knows it went out.
    let row = outbox_row(&app, "items_rejected", |r| r.status == status::SENT).await;
    assert!(row.sent_at.is_some());
    assert_eq!(row.attempts, 1);
}

async fn the_email_registrar_module_sends_values_and_documents_as_attachments(
    database: TestDatabase,
) {
    let smtp = SmtpSink::start();
    let mut settings = smtp.settings();
    settings.push(("REGDOCS_REGISTRAR_EMAIL", "docs@registrar.test".to_owned()));
    let app = spawn_app_with(database, &settings).await;
    let (app, ada, id) = ada_orders_example_us_on(app).await;
    use_email_module(&app).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    let pdf = ada_submits(&app, &ada, id).await;
    approve(&app, &admin, id, "nexus").await;
    approve(&app, &admin, id, "proof").await;

    let view = start_registration(&app, &admin, id).await;
    assert_eq!(view["status"], "registering");

    let mail = smtp.wait_for("Registration request: example.us").await;
    assert_eq!(mail["rcpt_tos"][0], "docs@registrar.test");
    let text = mail["text"].as_str().unwrap();
    assert!(text.contains("The nexus [nexus]: Citizen (C11)"), "{text}");
    assert!(
        text.contains("Registrant: Test Person <ada@example.com>"),
        "{text}"
    );
    let attachments = mail["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1, "{attachments:?}");
    assert_eq!(attachments[0]["filename"], "proof.pdf");
    assert_eq!(attachments[0]["content_type"], "application/pdf");
    assert_eq!(attachments[0]["size"], pdf.len());
    assert_eq!(
        attachments[0]["sha256"],
        format!("{:x}", Sha256::digest(&pdf)),
        "the attachment is the uploaded file, byte for byte"
    );
    let trail = view["trail"].as_array().unwrap();
    let started = trail
        .iter()
        .find(|e| e["kind"] == "registration_started")
        .unwrap();
    assert!(
        started["detail"]
            .as_str()
            .unwrap()
            .contains("docs@registrar.test")
    );
}

async fn a_refused_provider_address_fails_the_registration_with_the_reason(database: TestDatabase) {
    let smtp = SmtpSink::start();
    let mut settings = smtp.settings();
    settings.push((
        "REGDOCS_REGISTRAR_EMAIL",
        "refuse-all@registrar.test".to_owned(),
    ));
    let app = spawn_app_with(database, &settings).await;
    let (app, ada, id) = ada_orders_example_us_on(app).await;
    use_email_module(&app).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    ada_submits(&app, &ada, id).await;
    approve(&app, &admin, id, "nexus").await;
    approve(&app, &admin, id, "proof").await;

    let view = start_registration(&app, &admin, id).await;
    assert_eq!(view["status"], "registration_failed");
    let failure = view["admin"]["failure"].as_str().unwrap();
    assert!(
        failure.contains("550") && failure.contains("Mailbox unavailable"),
        "the SMTP server's answer is shown: {failure}"
    );
    // It can be tried again (and fails again, for the same reason).
    let again = start_registration(&app, &admin, id).await;
    assert_eq!(again["status"], "registration_failed");
    let attempts = again["trail"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "registration_started")
        .count();
    assert_eq!(attempts, 2);
    assert_eq!(
        order(&app, &ada, id).await.status,
        OrderStatus::RegistrationFailed
    );
}

async fn an_unreachable_smtp_server_fails_no_review_and_is_retried_later(database: TestDatabase) {
    let closed = free_port();
    let app = spawn_app_with(
        database,
        &[
            ("REGDOCS_SMTP_HOST", "127.0.0.1".to_owned()),
            ("REGDOCS_SMTP_PORT", closed.to_string()),
            ("REGDOCS_SMTP_SECURITY", "none".to_owned()),
        ],
    )
    .await;
    let (app, ada, id) = ada_orders_example_us_on(app).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    ada_submits(&app, &ada, id).await;
    approve(&app, &admin, id, "nexus").await;
    let rejected = decide(
        &app,
        &admin,
        id,
        "proof",
        ReviewDecision::Reject,
        Some("Unreadable."),
    )
    .await;
    assert_eq!(
        rejected.status(),
        StatusCode::OK,
        "the review does not wait for mail"
    );
    assert_eq!(
        order(&app, &ada, id).await.status,
        OrderStatus::ActionRequired
    );

    // The worker tries, fails, and plans the next attempt later.
    let row = outbox_row(&app, "items_rejected", |r| r.last_error.is_some()).await;
    assert_eq!(row.attempts, 1);
    assert_eq!(row.status, status::QUEUED, "still to be sent");
    assert!(
        row.next_attempt_at > chrono::Utc::now(),
        "not before the pause"
    );
    assert!(
        row.last_error.as_deref().unwrap().contains("SMTP"),
        "{:?}",
        row.last_error
    );

    // Given up after the last attempt, an admin can queue it again from the outbox.
    let mut given_up: mail_outbox::ActiveModel = row.into();
    given_up.status = Set(status::FAILED.to_owned());
    given_up.attempts = Set(app::backend::infra::mail::MAX_ATTEMPTS);
    let given_up = given_up.update(&app.db).await.unwrap();
    let by_ada = app
        .post_form(
            RetryMail::PATH,
            &[("id", &given_up.id.to_string())],
            Some(&ada),
        )
        .await;
    assert_eq!(by_ada.status(), StatusCode::FORBIDDEN);
    let again = app
        .post_form(
            RetryMail::PATH,
            &[("id", &given_up.id.to_string())],
            Some(&admin),
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    let requeued = mail_outbox::Entity::find_by_id(given_up.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(requeued.status, status::QUEUED);
    assert!(
        requeued.attempts <= 1,
        "counted afresh: {}",
        requeued.attempts
    );
    let twice = app
        .post_form(
            RetryMail::PATH,
            &[("id", &given_up.id.to_string())],
            Some(&admin),
        )
        .await;
    assert_eq!(
        twice.status(),
        StatusCode::CONFLICT,
        "only a failed message is sent again"
    );
}

on_both_databases!(
    the_rejection_mail_carries_the_statements,
    the_email_registrar_module_sends_values_and_documents_as_attachments,
    a_refused_provider_address_fails_the_registration_with_the_reason,
    an_unreachable_smtp_server_fails_no_review_and_is_retried_later,
);
