//! A registered domain verified again (#14): an admin asks the customer again for chosen
//! items, the order reopens with a new attempt for them (trail, e-mail, no cancelling),
//! the customer supplies them and the order is registered again once they are approved;
//! two admins asking at once reopen it once. Reminders go once before an approval runs
//! out, with a clock the test controls. On both databases.

use app::{
    api::{
        registration::RegistrationStep,
        review::{RequestReverification, ReviewItem},
    },
    backend::{
        entities::{document, mail_outbox},
        orders::reminders,
    },
    domain::{
        Role,
        audit::AuditKind,
        orders::{ItemStatus, OrderStatus, ReviewDecision},
        requirements::ItemKind,
    },
};
use app::{components::trail::entry_text, i18n::Locale};
use chrono::{Duration, Utc};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::common::{TestApp, TestDatabase, flow::*, spawn_app};

/// Ada's example.us approved and registered; her cookie, the admin's and the order.
async fn registered(app: &TestApp) -> (String, String, i32) {
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let id = placed(app, &ada, "example.us").await;
    ada_submits(app, &ada, id).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    approve(app, &admin, id, "nexus").await;
    approve(app, &admin, id, "proof").await;
    for step in ["start", "registered"] {
        let done = app
            .post_form(
                RegistrationStep::PATH,
                &[
                    ("order_id", &id.to_string()),
                    ("step", step),
                    ("message", ""),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(done.status(), StatusCode::OK, "{step}");
    }
    (ada, admin, id)
}

async fn ask_again(
    app: &TestApp,
    cookie: &str,
    id: i32,
    keys: &[&str],
    statement: &str,
) -> reqwest::Response {
    let call = RequestReverification {
        order_id: id,
        item_keys: keys.iter().map(|k| (*k).to_owned()).collect(),
        statement: statement.to_owned(),
    };
    app.call(&call, Some(cookie)).await
}

/// `.us` whose proof stays valid for `days` after its approval.
async fn define_us_with_proof_valid_for(app: &TestApp, days: u32) {
    let mut requirements = us_requirements(2, 100 * 1024);
    if let Some(ItemKind::File { valid_days, .. }) = requirements
        .items
        .iter_mut()
        .find(|i| i.key == "proof")
        .map(|i| &mut i.kind)
    {
        *valid_days = Some(days);
    }
    define_us_as(app, requirements).await;
}

async fn kinds_of_mail_to(app: &TestApp, to: &str) -> Vec<String> {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(to))
        .order_by_asc(mail_outbox::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.kind)
        .collect()
}

async fn a_registered_domain_is_verified_again(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (ada, admin, id) = registered(&app).await;
    let before = order(&app, &admin, id).await;
    let registered_at = before.registered_at.clone().expect("registered");

    // Refused: by a customer, without a statement, for no item or an unknown one.
    let why = "The registry audits .us registrants this year.";
    assert_eq!(
        ask_again(&app, &ada, id, &["proof"], why).await.status(),
        StatusCode::FORBIDDEN
    );
    // (The nexus country is asked only of foreign entities: Ada never saw it.)
    for (keys, statement) in [
        (&["proof"][..], " "),
        (&[][..], why),
        (&["nope"][..], why),
        (&["nexus_country"][..], why),
    ] {
        let refused = ask_again(&app, &admin, id, keys, statement).await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{keys:?}"
        );
    }
    assert_eq!(
        order(&app, &admin, id).await.status,
        OrderStatus::Registered
    );

    let asked = ask_again(&app, &admin, id, &["proof"], why).await;
    assert_eq!(asked.status(), StatusCode::OK);
    let seen = order(&app, &ada, id).await;
    assert_eq!(seen.status, OrderStatus::ActionRequired);
    assert_eq!(seen.registered_at.as_deref(), Some(registered_at.as_str()));
    let proof = item(&seen, "proof");
    assert_eq!((proof.status, proof.attempt), (ItemStatus::Missing, 2));
    assert!(proof.documents.is_empty());
    assert_eq!(item(&seen, "nexus").status, ItemStatus::Approved);
    let entry = seen
        .trail
        .iter()
        .find(|e| e.kind == AuditKind::ReverificationRequested)
        .expect("in the customer's trail");
    assert_eq!(entry.statement.as_deref(), Some(why));
    assert!(
        entry_text(Locale::en, entry).contains("The proof"),
        "{}",
        entry_text(Locale::en, entry)
    );
    assert_eq!(
        kinds_of_mail_to(&app, "ada@example.com")
            .await
            .last()
            .map(String::as_str),
        Some("reverification_requested")
    );
    // Once reopened it is not a registered order any more: not asked twice, not cancelled.
    assert_eq!(
        ask_again(&app, &admin, id, &["proof"], why).await.status(),
        StatusCode::CONFLICT
    );
    let cancelled = cancel(&app, &ada, id, "").await;
    assert_eq!(cancelled.status(), StatusCode::CONFLICT);

    // Ada sends a current proof; the admin approves it; registered again, not registering.
    let uploaded = upload(&app, &ada, id, "proof", "proof-2026.pdf", pdf(5 * 1024)).await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    assert_eq!(
        submit(&app, &ada, id, &[("nexus", "C11")]).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        order(&app, &admin, id).await.status,
        OrderStatus::UnderReview
    );
    let review = ReviewItem {
        order_id: id,
        item_key: "proof".into(),
        attempt: 2,
        decision: ReviewDecision::Approve,
        statement: None,
        template_id: None,
    };
    assert_eq!(
        app.call(&review, Some(&admin)).await.status(),
        StatusCode::OK
    );
    let done = order(&app, &ada, id).await;
    assert_eq!(done.status, OrderStatus::Registered);
    assert_eq!(done.registered_at.as_deref(), Some(registered_at.as_str()));
    assert_eq!(item(&done, "proof").history.len(), 2);
    assert!(
        item(&done, "proof")
            .history
            .iter()
            .all(|a| a.decision == ItemStatus::Approved)
    );
    assert_eq!(
        kinds_of_mail_to(&app, "ada@example.com")
            .await
            .last()
            .map(String::as_str),
        Some("reverified")
    );
}

async fn only_a_registered_order_is_verified_again(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    let id = placed(&app, &ada, "example.us").await;
    let refused = ask_again(&app, &admin, id, &["proof"], "Again, please.").await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert_eq!(
        order(&app, &ada, id).await.status,
        OrderStatus::AwaitingDocuments
    );
}

/// Two admins ask again at the same time: the order reopens once, one new attempt.
async fn two_admins_asking_at_once_reopen_the_order_once(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (_, admin, id) = registered(&app).await;
    let calls = (0..6).map(|n| {
        let app = &app;
        let admin = &admin;
        async move {
            ask_again(app, admin, id, &["proof"], &format!("Audit number {n}."))
                .await
                .status()
        }
    });
    let statuses = futures_util::future::join_all(calls).await;
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(ok, 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT)
    );
    let seen = order(&app, &admin, id).await;
    assert_eq!(item(&seen, "proof").attempt, 2);
    let asked = seen
        .trail
        .iter()
        .filter(|e| e.kind == AuditKind::ReverificationRequested)
        .count();
    assert_eq!(asked, 1);
}

async fn a_reminder_goes_once_before_an_approval_runs_out(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us_with_proof_valid_for(&app, 60).await;
    let (_, _, id) = registered(&app).await;
    let ahead = Duration::days(30);
    let now = Utc::now();
    // 60 days of validity, reminded 30 days ahead: not on day 20, on day 31, once.
    assert_eq!(
        reminders::remind_due(&app.state, ahead, now + Duration::days(20))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        reminders::remind_due(&app.state, ahead, now + Duration::days(31))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        reminders::remind_due(&app.state, ahead, now + Duration::days(45))
            .await
            .unwrap(),
        0
    );
    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Kind.eq("documents_expiring"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to_address, "ada@example.com");
    let until = (now + Duration::days(60)).format("%Y-%m-%d").to_string();
    assert!(
        mail[0].body.contains(&format!("valid until {until}")),
        "{}",
        mail[0].body
    );
    assert!(mail[0].body.contains("proof.pdf"));
    let reminded = document::Entity::find()
        .filter(document::Column::OrderId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(reminded.reminded_at.is_some());
}

async fn an_order_not_registered_gets_no_reminder(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us_with_proof_valid_for(&app, 10).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    let id = placed(&app, &ada, "example.us").await;
    ada_submits(&app, &ada, id).await;
    approve(&app, &admin, id, "proof").await;
    let later = Utc::now() + Duration::days(9);
    assert_eq!(
        reminders::remind_due(&app.state, Duration::days(30), later)
            .await
            .unwrap(),
        0
    );
}

/// Six reminder rounds at once (as if the lease had let several instances run the job):
/// the customer hears once.
async fn reminder_rounds_at_once_remind_once(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us_with_proof_valid_for(&app, 60).await;
    registered(&app).await;
    let later = Utc::now() + Duration::days(31);
    let rounds = (0..6).map(|_| reminders::remind_due(&app.state, Duration::days(30), later));
    let sent: u64 = futures_util::future::join_all(rounds)
        .await
        .into_iter()
        .map(Result::unwrap)
        .sum();
    assert_eq!(sent, 1);
    let kinds = kinds_of_mail_to(&app, "ada@example.com").await;
    assert_eq!(
        kinds.iter().filter(|k| *k == "documents_expiring").count(),
        1
    );
}

on_both_databases!(
    a_registered_domain_is_verified_again,
    only_a_registered_order_is_verified_again,
    a_reminder_goes_once_before_an_approval_runs_out,
    an_order_not_registered_gets_no_reminder,
);

in_parallel_on_both_databases!(
    two_admins_asking_at_once_reopen_the_order_once,
    reminder_rounds_at_once_remind_once,
);
