//! A customer deletes their account: open orders cancelled, every document's bytes
//! deleted (rows kept with their SHA-256 and decisions), personal data erased from every
//! table that held it, signed out for good; refused while an order is being registered.
//! On both databases.

use app::{
    api::{account::DeleteAccount, registration::RegistrationStep},
    backend::{
        accounts::{auth::create_account, deletion::mentions},
        entities::{document, item_attempt, order, user},
    },
    domain::{
        Role,
        orders::{OrderStatus, ReviewDecision},
    },
};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::common::{TEST_PASSWORD, TestApp, TestDatabase, flow::*, spawn_app};

async fn ada(app: &TestApp) -> String {
    create_account(
        &app.db,
        &app.state.passwords,
        "Ada Lovelace",
        "ada.lovelace@example.com",
        TEST_PASSWORD,
        Role::Customer,
    )
    .await
    .unwrap();
    app.log_in("ada.lovelace@example.com", TEST_PASSWORD)
        .await
        .unwrap()
}

async fn delete(app: &TestApp, cookie: &str, confirmation: &str) -> reqwest::Response {
    app.post_form(
        DeleteAccount::PATH,
        &[("confirmation", confirmation)],
        Some(cookie),
    )
    .await
}

async fn deleting_an_account_erases_the_customer_and_keeps_the_records(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let ada = ada(&app).await;
    let id = placed(&app, &ada, "example.us").await;
    ada_submits(&app, &ada, id).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    decide(
        &app,
        &admin,
        id,
        "proof",
        ReviewDecision::Reject,
        Some("The scan is unreadable."),
    )
    .await;
    let other = placed(&app, &ada, "second.us").await;
    let before = mentions(&app.db, "ada.lovelace@example.com").await.unwrap();
    assert!(
        before.contains(&"users".to_owned()) && before.contains(&"mail_outbox".to_owned()),
        "{before:?}"
    );
    assert!(!mentions(&app.db, "proof.pdf").await.unwrap().is_empty());

    let refused = delete(&app, &ada, "someone@example.com").await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        order(&app, &ada, other).await.status,
        OrderStatus::AwaitingDocuments
    );

    let deleted = delete(&app, &ada, "Ada.Lovelace@example.com").await;
    assert!(
        deleted.status().is_success() || deleted.status().is_redirection(),
        "{}",
        deleted.status()
    );

    // Nothing personal is left anywhere.
    for needle in [
        "ada.lovelace@example.com",
        "Ada Lovelace",
        "C11",
        "proof.pdf",
    ] {
        assert_eq!(
            mentions(&app.db, needle).await.unwrap(),
            Vec::<String>::new(),
            "{needle}"
        );
    }
    let account = user::Entity::find_by_id(user_id(&app, id).await)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the row stays, pseudonymised");
    assert!(account.email.ends_with("@deleted.invalid"));
    assert!(account.deleted_at.is_some());
    assert_eq!(account.password_hash, "!");
    // No stored object is left, but each document's facts and decision are.
    assert!(app.state.documents.keys("orders").await.unwrap().is_empty());
    let docs = document::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(docs.len(), 1);
    assert!(docs[0].purged_at.is_some());
    assert_eq!(docs[0].sha256.len(), 64);
    let attempts = item_attempt::Entity::find()
        .filter(item_attempt::Column::ItemKey.eq("proof"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        attempts[0].statement.as_deref(),
        Some("The scan is unreadable.")
    );
    assert!(attempts[0].decided_by.is_some());
    // Both orders ended.
    for o in order::Entity::find().all(&app.db).await.unwrap() {
        assert_eq!(o.status, OrderStatus::Cancelled, "{}", o.domain);
    }
    // Signed out, for good.
    assert!(app.whoami(&ada).await.is_null());
    assert!(
        app.log_in("ada.lovelace@example.com", TEST_PASSWORD)
            .await
            .is_err()
    );
    // The admin's page says so, instead of offering it.
    let seen = order(&app, &admin, id).await;
    let shown = &item(&seen, "proof").history[0].documents[0];
    assert!(shown.purged_at.is_some());
    assert_eq!(shown.name, "(erased)");
    // The document is gone for the admin too.
    let gone = app
        .get_with_cookie(&format!("/documents/{}", docs[0].id), &admin)
        .await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

async fn user_id(app: &TestApp, order_id: i32) -> i32 {
    order::Entity::find_by_id(order_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .customer_id
}

async fn an_order_being_registered_holds_the_deletion(database: TestDatabase) {
    let app = spawn_app(database).await;
    let ada = ada(&app).await;
    let id = placed(&app, &ada, "plain.com").await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    let started = app
        .post_form(
            RegistrationStep::PATH,
            &[
                ("order_id", &id.to_string()),
                ("step", "start"),
                ("message", ""),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(started.status(), StatusCode::OK);
    let refused = delete(&app, &ada, "ada.lovelace@example.com").await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert_eq!(app.whoami(&ada).await["email"], "ada.lovelace@example.com");
    // An admin's account is not deleted this way.
    let refused = delete(&app, &admin, "root@example.com").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

/// The customer deletes their account while orders are being placed and files arrive
/// for it: whatever got in before is cancelled and purged with the rest, nothing gets in
/// after, and no request fails with a server error.
async fn deleting_while_ordering_and_uploading_leaves_nothing_behind(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let ada = ada(&app).await;
    let id = placed(&app, &ada, "example.us").await;
    let user = user_id(&app, id).await;
    let places = (0..4).map(|n| {
        let (app, ada) = (&app, &ada);
        async move { place(app, ada, &format!("race{n}.us")).await.status() }
    });
    let uploads = (0..4).map(|n| {
        let (app, ada) = (&app, &ada);
        async move {
            upload(
                app,
                ada,
                id,
                "proof",
                &format!("race-{n}.pdf"),
                pdf(3 * 1024),
            )
            .await
            .status()
        }
    });
    let (deleted, placed, uploaded) = tokio::join!(
        delete(&app, &ada, "ada.lovelace@example.com"),
        futures_util::future::join_all(places),
        futures_util::future::join_all(uploads)
    );
    assert!(
        deleted.status().is_success() || deleted.status().is_redirection(),
        "{}",
        deleted.status()
    );
    for status in placed.iter().chain(&uploaded) {
        assert!(!status.is_server_error(), "{status}");
    }
    let orders = order::Entity::find()
        .filter(order::Column::CustomerId.eq(user))
        .all(&app.db)
        .await
        .unwrap();
    for o in &orders {
        assert_eq!(o.status, OrderStatus::Cancelled, "{}", o.domain);
    }
    let ids: Vec<i32> = orders.iter().map(|o| o.id).collect();
    let documents = document::Entity::find()
        .filter(document::Column::OrderId.is_in(ids))
        .all(&app.db)
        .await
        .unwrap();
    assert!(documents.iter().all(|d| d.purged_at.is_some()));
    assert!(app.state.documents.keys("orders").await.unwrap().is_empty());
    for needle in [
        "ada.lovelace@example.com",
        "Ada Lovelace",
        "race-0.pdf",
        "race-3.pdf",
    ] {
        assert_eq!(
            mentions(&app.db, needle).await.unwrap(),
            Vec::<String>::new(),
            "{needle}"
        );
    }
}

in_parallel_on_both_databases!(deleting_while_ordering_and_uploading_leaves_nothing_behind);

on_both_databases!(
    deleting_an_account_erases_the_customer_and_keeps_the_records,
    an_order_being_registered_holds_the_deletion,
);
