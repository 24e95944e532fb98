//! The way out of an order, on both databases: a customer cancels while the order waits
//! for them or is under review, an admin cancels any order that has not ended with a
//! statement the customer sees (page, e-mail, live event), and the name is free again.

use app::{
    backend::entities::mail_outbox,
    domain::{
        Role,
        audit::{AuditEntry, AuditKind},
        order_view::OrderView,
        orders::OrderStatus,
    },
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::common::{TestApp, TestDatabase, flow::*, next_event};

fn last_entry(order: &OrderView) -> &AuditEntry {
    order
        .trail
        .iter()
        .rev()
        .find(|e| e.kind != AuditKind::MailQueued)
        .unwrap()
}

/// The newest e-mail queued for `to`.
async fn last_mail_to(app: &TestApp, to: &str) -> mail_outbox::Model {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(to))
        .order_by_desc(mail_outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a message")
}

async fn a_customer_cancels_an_order_and_the_name_is_free_again(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let eve = app.signed_in("eve@example.com", Role::Customer).await;
    assert_eq!(
        place(&app, &eve, "example.us").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "taken while Ada's order is open"
    );

    let cancelled = cancel(&app, &ada, id, "Ordered by mistake").await;

    assert_eq!(cancelled.status(), StatusCode::OK);
    let view: OrderView = cancelled.json().await.unwrap();
    assert_eq!(view.status, OrderStatus::Cancelled);
    let entry = last_entry(&view);
    assert_eq!(entry.kind, AuditKind::Cancelled);
    assert_eq!(entry.statement.as_deref(), Some("Ordered by mistake"));
    let mail = last_mail_to(&app, "ada@example.com").await;
    assert_eq!(mail.kind, "cancelled");
    assert!(
        mail.body.contains("cancelled, as you asked"),
        "{}",
        mail.body
    );
    // Free for anyone now, and nothing more can happen to the cancelled order.
    placed(&app, &eve, "example.us").await;
    assert_eq!(
        upload(&app, &ada, id, "proof", "late.pdf", pdf(KB))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        cancel(&app, &ada, id, "").await.status(),
        StatusCode::CONFLICT,
        "cancelled once"
    );
}

async fn an_admin_cancels_with_a_statement_the_customer_sees_live(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    ada_submits(&app, &ada, id).await;
    let mut stream = app.get_with_cookie("/events", &ada).await;
    let mut buffer = String::new();
    assert_eq!(next_event(&mut stream, &mut buffer, "order").await, "*");

    assert_eq!(
        cancel(&app, &admin, id, "  ").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "admins say why"
    );
    let statement = "The registry no longer accepts .us orders from this reseller.";
    assert_eq!(
        cancel(&app, &admin, id, statement).await.status(),
        StatusCode::OK
    );

    assert_eq!(
        next_event(&mut stream, &mut buffer, "order").await,
        id.to_string(),
        "the customer's page hears of it without a reload"
    );
    let view = order(&app, &ada, id).await;
    assert_eq!(view.status, OrderStatus::Cancelled);
    assert_eq!(last_entry(&view).statement.as_deref(), Some(statement));
    let mail = last_mail_to(&app, "ada@example.com").await;
    assert!(mail.body.contains(statement), "{}", mail.body);
    assert!(mail.body.contains("we have cancelled"), "{}", mail.body);
}

async fn who_may_cancel_follows_the_order_state(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    let eve = app.signed_in("eve@example.com", Role::Customer).await;
    assert_eq!(
        cancel(&app, &eve, id, "").await.status(),
        StatusCode::NOT_FOUND,
        "someone else's order does not exist"
    );
    ada_submits(&app, &ada, id).await;
    approve(&app, &admin, id, "nexus").await;
    approve(&app, &admin, id, "proof").await;
    assert_eq!(order(&app, &ada, id).await.status, OrderStatus::Approved);

    let late = cancel(&app, &ada, id, "").await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    assert!(late.text().await.unwrap().contains("contact us"));
    assert_eq!(
        cancel(&app, &admin, id, "Duplicate of another order.")
            .await
            .status(),
        StatusCode::OK
    );
    // What is cancelled stays cancelled.
    assert_eq!(order(&app, &admin, id).await.status, OrderStatus::Cancelled);
    assert_eq!(
        cancel(&app, &admin, id, "Again.").await.status(),
        StatusCode::CONFLICT
    );
}

on_both_databases!(
    a_customer_cancels_an_order_and_the_name_is_free_again,
    an_admin_cancels_with_a_statement_the_customer_sees_live,
    who_may_cancel_follows_the_order_state,
);
