//! Decisions on a whole order and on several orders at once, on both databases: each
//! order is decided on its own (one transaction, one audit line per item), orders that
//! cannot be approved are left with the reason, and admins racing with bulk decisions
//! on the same orders decide every item exactly once.

use app::{
    api::{
        reasons::{ReasonTemplate, SaveReason},
        review::{BulkOutcome, ClaimOrder, DecideOrder, DecideOrders},
    },
    backend::entities::order_event,
    domain::{
        Role,
        orders::{ItemStatus, OrderStatus, ReviewDecision},
    },
};
use futures_util::future::join_all;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::common::{TestApp, TestDatabase, flow::*, spawn_app_with};

/// A server where Ada may keep several orders open, and three of her orders under
/// review.
async fn three_submitted(database: TestDatabase) -> (TestApp, [i32; 3]) {
    let app = spawn_app_with(database, &[("REGDOCS_MAX_OPEN_ORDERS", "50".to_owned())]).await;
    define_us(&app).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let mut ids = [0; 3];
    for (n, id) in ids.iter_mut().enumerate() {
        *id = placed(&app, &ada, &format!("bulk{n}.us")).await;
        ada_submits(&app, &ada, *id).await;
    }
    (app, ids)
}

async fn bulk(
    app: &TestApp,
    admin: &str,
    ids: &[i32],
    decision: ReviewDecision,
    template_id: Option<i32>,
) -> reqwest::Response {
    let args = DecideOrders {
        order_ids: ids
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(","),
        decision,
        statement: None,
        template_id,
    };
    app.call(&args, Some(admin)).await
}

/// Audit lines of `kind` for order `id`.
async fn lines(app: &TestApp, id: i32, kind: &str) -> u64 {
    order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(id))
        .filter(order_event::Column::Kind.eq(kind))
        .count(&app.db)
        .await
        .unwrap()
}

async fn bulk_approval_decides_each_order_on_its_own_and_says_why_not(database: TestDatabase) {
    let (app, [plain, rejected, claimed]) = three_submitted(database).await;
    let root = app.signed_in("root@example.com", Role::Admin).await;
    let ayse = app.signed_in("ayse@example.com", Role::Admin).await;
    // One order has a rejected item (it cannot be approved), another is Ayşe's.
    let refused = decide(
        &app,
        &root,
        rejected,
        "proof",
        ReviewDecision::Reject,
        Some("Blurred."),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::OK);
    let args = ClaimOrder {
        order_id: claimed,
        take_over: None,
    };
    assert_eq!(app.call(&args, Some(&ayse)).await.status(), StatusCode::OK);

    let response = bulk(
        &app,
        &root,
        &[plain, rejected, claimed],
        ReviewDecision::Approve,
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let outcome: BulkOutcome = response.json().await.unwrap();
    assert_eq!(
        outcome.done.iter().map(|l| l.order_id).collect::<Vec<_>>(),
        [plain]
    );
    assert_eq!(outcome.done[0].note, "2 items approved");
    let why: Vec<_> = outcome
        .not_done
        .iter()
        .map(|l| (l.order_id, l.note.clone()))
        .collect();
    assert_eq!(why.len(), 2);
    assert!(
        why[0].0 == rejected && why[0].1.contains("was rejected"),
        "{why:?}"
    );
    assert!(
        why[1].0 == claimed && why[1].1.contains("is reviewing"),
        "{why:?}"
    );
    assert_eq!(
        outcome.summary(),
        "Done for 1 order; 2 orders left as they were."
    );

    assert_eq!(
        order(&app, &root, plain).await.status,
        OrderStatus::Approved
    );
    assert_eq!(lines(&app, plain, "item_approved").await, 2);
    let left = order(&app, &root, rejected).await;
    assert_eq!(left.status, OrderStatus::UnderReview);
    assert_eq!(item(&left, "nexus").status, ItemStatus::Submitted);
    assert_eq!(
        order(&app, &root, claimed).await.status,
        OrderStatus::UnderReview
    );
    assert_eq!(lines(&app, claimed, "item_approved").await, 0);
}

async fn orders_are_rejected_together_with_one_reason_and_approved_whole(database: TestDatabase) {
    let (app, [first, second, third]) = three_submitted(database).await;
    let root = app.signed_in("root@example.com", Role::Admin).await;
    let saved = SaveReason {
        id: None,
        title: "Not eligible".into(),
        statement: "Only US residents and organisations may register .us names.".into(),
        translations: None,
    };
    let template: ReasonTemplate = app.call(&saved, Some(&root)).await.json().await.unwrap();

    let response = bulk(
        &app,
        &root,
        &[first, second],
        ReviewDecision::Reject,
        Some(template.id),
    )
    .await;
    let outcome: BulkOutcome = response.json().await.unwrap();
    assert_eq!(outcome.done.len(), 2, "{outcome:?}");
    for id in [first, second] {
        let seen = order(&app, &root, id).await;
        assert_eq!(seen.status, OrderStatus::ActionRequired);
        for key in ["nexus", "proof"] {
            assert_eq!(
                item(&seen, key).statement.as_deref(),
                Some(template.statement.as_str())
            );
        }
        assert_eq!(lines(&app, id, "item_rejected").await, 2);
    }

    // One order, every waiting item approved in one action.
    let args = DecideOrder {
        order_id: third,
        decision: ReviewDecision::Approve,
        statement: None,
        template_id: None,
    };
    assert_eq!(app.call(&args, Some(&root)).await.status(), StatusCode::OK);
    assert_eq!(
        order(&app, &root, third).await.status,
        OrderStatus::Approved
    );
    // Nothing waits any more: said so, nothing written.
    let again = app.call(&args, Some(&root)).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(lines(&app, third, "item_approved").await, 2);

    let nothing = bulk(&app, &root, &[], ReviewDecision::Approve, None).await;
    assert_eq!(nothing.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The overview's charts tell the same story: three submitted today, one approved,
    // two sent back, three reviews well within the target, one reason used four times.
    let sla = app.state.settings.sla_policy();
    let charts = app::backend::catalog::charts::charts(&app.db, sla, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(charts.days.len(), 30);
    let today = charts.days.last().unwrap();
    assert_eq!((today.submitted, today.approved, today.rejected), (3, 1, 2));
    let reviews: Vec<u32> = charts.review_times.iter().map(|b| b.count).collect();
    assert_eq!(reviews, [3, 0, 0, 0, 0, 0]);
    assert_eq!(charts.reasons.len(), 1);
    assert_eq!(charts.reasons[0].reason, template.statement);
    assert_eq!(charts.reasons[0].count, 4);
}

async fn admins_racing_with_bulk_approvals_decide_every_item_once(database: TestDatabase) {
    let (app, ids) = three_submitted(database).await;
    let mut admins = Vec::new();
    for n in 0..8 {
        admins.push(
            app.signed_in(&format!("admin{n}@example.com"), Role::Admin)
                .await,
        );
    }
    let responses = join_all(
        admins
            .iter()
            .map(|admin| bulk(&app, admin, &ids, ReviewDecision::Approve, None)),
    )
    .await;
    let mut done = 0;
    for response in responses {
        assert_eq!(response.status(), StatusCode::OK);
        let outcome: BulkOutcome = response.json().await.unwrap();
        done += outcome.done.len();
    }
    assert_eq!(done, 3, "each order approved by exactly one admin");
    for id in ids {
        assert_eq!(lines(&app, id, "item_approved").await, 2);
        assert_eq!(lines(&app, id, "status_changed").await, 1);
    }
}

on_both_databases!(
    bulk_approval_decides_each_order_on_its_own_and_says_why_not,
    orders_are_rejected_together_with_one_reason_and_approved_whole,
);
in_parallel_on_both_databases!(admins_racing_with_bulk_approvals_decide_every_item_once);
