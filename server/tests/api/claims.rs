//! Claims on orders and the live admin order page, on both databases: a claim stops
//! other admins' decisions until they take it over, claims lapse after inactivity (with
//! a clock the test sets), admins racing to claim end with one holder, decisions keep
//! who made them, and admins' streams hear of every order's changes and claims.

use app::{
    api::review::{ClaimOrder, ReleaseOrder},
    backend::{
        entities::{order, user},
        orders::{claims, review},
    },
    domain::{
        Role,
        claims::ClaimFilter,
        orders::{OrderStatus, ReviewDecision},
    },
};
use futures_util::future::join_all;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

use crate::common::{TestApp, TestDatabase, flow::*, next_event};

/// An admin called `name`, signed in: their cookie and id.
async fn admin_named(app: &TestApp, email: &str, name: &str) -> (String, i32) {
    let cookie = app.signed_in(email, Role::Admin).await;
    user::Entity::update_many()
        .col_expr(user::Column::Name, Expr::value(name))
        .filter(user::Column::Email.eq(email))
        .exec(&app.db)
        .await
        .unwrap();
    let id = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    (cookie, id)
}

async fn claim(app: &TestApp, cookie: &str, id: i32, take_over: bool) -> reqwest::Response {
    let args = ClaimOrder {
        order_id: id,
        take_over: Some(take_over),
    };
    app.call(&args, Some(cookie)).await
}

/// An order of Ada's under review, and two admins.
async fn submitted_order(database: TestDatabase) -> (TestApp, i32, (String, i32), (String, i32)) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    ada_submits(&app, &ada, id).await;
    let ayse = admin_named(&app, "ayse@example.com", "Ayşe Yılmaz").await;
    let li = admin_named(&app, "li@example.com", "Li Wei").await;
    (app, id, ayse, li)
}

async fn a_claim_stops_other_admins_until_they_take_it_over(database: TestDatabase) {
    let (app, id, (ayse, _), (li, li_id)) = submitted_order(database).await;
    assert_eq!(claim(&app, &ayse, id, false).await.status(), StatusCode::OK);

    // Li is told who reviews it, for a decision and for a claim.
    let refused = decide(&app, &li, id, "nexus", ReviewDecision::Approve, None).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Ayşe Yılmaz is reviewing")
    );
    let refused = claim(&app, &li, id, false).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let seen = order(&app, &li, id).await;
    let held = seen.claim.expect("Li sees the claim");
    assert_eq!(
        (held.admin_name.as_str(), held.mine),
        ("Ayşe Yılmaz", false)
    );
    assert_eq!(
        seen.items
            .iter()
            .filter(|i| i.status.can_be_decided())
            .count(),
        2
    );

    // Ayşe decides while she holds it; then Li takes over, and Ayşe is the one refused.
    approve(&app, &ayse, id, "nexus").await;
    assert_eq!(claim(&app, &li, id, true).await.status(), StatusCode::OK);
    let refused = decide(&app, &ayse, id, "proof", ReviewDecision::Approve, None).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    approve(&app, &li, id, "proof").await;

    let done = order(&app, &li, id).await;
    assert_eq!(done.status, OrderStatus::Approved);
    assert!(done.claim.as_ref().is_some_and(|c| c.mine));
    let deciders: Vec<_> = done
        .items
        .iter()
        .filter_map(|i| Some((i.key.as_str(), i.history.first()?.decided_by.clone())))
        .collect();
    assert_eq!(
        deciders,
        [
            ("nexus", Some("Ayşe Yılmaz".to_owned())),
            ("proof", Some("Li Wei".to_owned()))
        ]
    );
    let stored = order::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.claimed_by, Some(li_id));

    // Releasing frees it for everyone.
    let args = ReleaseOrder { order_id: id };
    assert_eq!(app.call(&args, Some(&li)).await.status(), StatusCode::OK);
    assert!(order(&app, &ayse, id).await.claim.is_none());
}

async fn claims_lapse_after_inactivity(database: TestDatabase) {
    let (app, id, (ayse, ayse_id), (li, _)) = submitted_order(database).await;
    assert_eq!(claim(&app, &ayse, id, false).await.status(), StatusCode::OK);
    let queue = |filter, viewer| {
        review::queue(
            &app.db,
            OrderStatus::UnderReview,
            None,
            None,
            filter,
            viewer,
            app.state.settings.sla_policy(),
        )
    };
    let mine = queue(ClaimFilter::Mine, ayse_id).await.unwrap();
    assert_eq!(mine.rows.len(), 1);
    assert_eq!(mine.rows[0].claimed_by.as_deref(), Some("Ayşe Yılmaz"));
    assert!(mine.rows[0].claimed_by_me);
    assert_eq!(
        queue(ClaimFilter::Unclaimed, ayse_id).await.unwrap().total,
        0
    );

    // Nothing lapses before its time, and everything after (15 minutes by default).
    let mut events = app.state.events.subscribe();
    let now = chrono::Utc::now();
    let early = claims::expire(
        &app.db,
        &app.state.events,
        now + chrono::Duration::minutes(10),
    );
    assert_eq!(early.await.unwrap(), 0);
    let late = claims::expire(
        &app.db,
        &app.state.events,
        now + chrono::Duration::minutes(16),
    );
    assert_eq!(late.await.unwrap(), 1);
    let told = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            if let Ok(app::backend::infra::events::Event::ClaimChanged { order_id }) =
                events.recv().await
            {
                break order_id;
            }
        }
    });
    assert_eq!(told.await.expect("admins are told"), id);

    assert_eq!(queue(ClaimFilter::Mine, ayse_id).await.unwrap().total, 0);
    let unclaimed = queue(ClaimFilter::Unclaimed, ayse_id).await.unwrap();
    assert_eq!(unclaimed.rows[0].claimed_by, None);
    // Li may decide now without taking anything over.
    approve(&app, &li, id, "nexus").await;
}

async fn admins_claiming_at_once_end_with_one_holder(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    ada_submits(&app, &ada, id).await;
    let mut admins = Vec::new();
    for n in 0..12 {
        admins.push(
            admin_named(
                &app,
                &format!("admin{n}@example.com"),
                &format!("Admin {n}"),
            )
            .await,
        );
    }
    let responses = join_all(
        admins
            .iter()
            .map(|(cookie, _)| claim(&app, cookie, id, false)),
    )
    .await;
    let won: Vec<usize> = responses
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status() == StatusCode::OK)
        .map(|(n, _)| n)
        .collect();
    assert_eq!(won.len(), 1, "one claim holds");
    assert!(
        responses
            .iter()
            .all(|r| matches!(r.status(), StatusCode::OK | StatusCode::CONFLICT))
    );
    let stored = order::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.claimed_by, Some(admins[won[0]].1));
}

async fn admin_streams_hear_of_every_order_and_claim(database: TestDatabase) {
    let (app, ada, id) = ada_orders_example_us(database).await;
    let (ayse, _) = admin_named(&app, "ayse@example.com", "Ayşe Yılmaz").await;
    let mut stream = app.get_with_cookie("/events", &ayse).await;
    let mut buffer = String::new();
    assert_eq!(next_event(&mut stream, &mut buffer, "pending").await, "0");
    assert_eq!(next_event(&mut stream, &mut buffer, "overdue").await, "0");
    // Right after connecting: "look again" (a reconnect may have missed changes).
    assert_eq!(next_event(&mut stream, &mut buffer, "order").await, "*");

    ada_submits(&app, &ada, id).await;
    assert_eq!(
        next_event(&mut stream, &mut buffer, "order").await,
        id.to_string()
    );
    assert_eq!(claim(&app, &ayse, id, false).await.status(), StatusCode::OK);
    assert_eq!(
        next_event(&mut stream, &mut buffer, "claim").await,
        id.to_string()
    );
}

on_both_databases!(
    a_claim_stops_other_admins_until_they_take_it_over,
    claims_lapse_after_inactivity,
    admin_streams_hear_of_every_order_and_claim,
);
in_parallel_on_both_databases!(admins_claiming_at_once_end_with_one_holder);
