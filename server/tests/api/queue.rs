//! The review queue and its badge, on both databases: a page is built with a fixed number
//! of queries whether it shows one order or fifty, pages follow each other by cursor, and
//! the badge costs one count per change however many admins follow it.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use app::{
    backend::{infra::db, orders::review},
    domain::{Role, claims::ClaimFilter, orders::OrderStatus, queue::QueueCursor},
};

use crate::common::{TestDatabase, flow::*, next_event, spawn_app_with, test_settings};

/// The review target the queue is read with here.
const SLA: app::domain::sla::SlaPolicy = app::domain::sla::SlaPolicy {
    target_minutes: 240,
    working_hours: None,
};

/// A page of the orders under review, as any admin sees it (claims do not filter).
async fn under_review(
    db: &sea_orm::DatabaseConnection,
    extension: Option<&str>,
    cursor: Option<QueueCursor>,
    sla: app::domain::sla::SlaPolicy,
) -> Result<app::domain::queue::QueuePage, app::error::AppError> {
    review::queue(
        db,
        OrderStatus::UnderReview,
        extension,
        cursor,
        ClaimFilter::All,
        0,
        sla,
    )
    .await
}

/// A server with `.us` defined and Ada signed in, allowed enough open orders and storage
/// to fill several pages of the queue.
async fn ada_may_order_many(database: TestDatabase) -> (crate::common::TestApp, String) {
    let app = spawn_app_with(
        database,
        &[
            ("REGDOCS_MAX_OPEN_ORDERS", "100".to_owned()),
            ("REGDOCS_CUSTOMER_QUOTA_MB", "100".to_owned()),
        ],
    )
    .await;
    define_us(&app).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    (app, ada)
}

async fn a_queue_page_costs_the_same_queries_for_one_order_and_for_fifty(database: TestDatabase) {
    let (app, ada) = ada_may_order_many(database).await;
    // A connection of its own, counting every statement it runs.
    let mut counted = db::connect(&test_settings(&app.database.url))
        .await
        .unwrap();
    let statements = Arc::new(AtomicUsize::new(0));
    let counter = statements.clone();
    counted.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    let mut queries_for = Vec::new();
    let mut submitted = 0;
    for wanted in [1, 50] {
        while submitted < wanted {
            let id = placed(&app, &ada, &format!("queued{submitted}.us")).await;
            ada_submits(&app, &ada, id).await;
            submitted += 1;
        }
        statements.store(0, Ordering::Relaxed);
        let page = under_review(&counted, None, None, SLA).await.unwrap();
        queries_for.push(statements.load(Ordering::Relaxed));
        assert_eq!(page.total, wanted);
        assert_eq!(page.rows.len(), wanted.min(20) as usize);
        assert!(
            page.rows
                .iter()
                .all(|r| r.open_items == 2 && r.customer_name == "Test Person")
        );
        if let Some(next) = page.next {
            statements.store(0, Ordering::Relaxed);
            let later = under_review(&counted, None, Some(QueueCursor::After(next)), SLA)
                .await
                .unwrap();
            queries_for.push(statements.load(Ordering::Relaxed));
            assert_eq!(later.rows.len(), 20);
        }
    }

    assert_eq!(queries_for.len(), 3);
    assert!(
        queries_for.iter().all(|n| *n == queries_for[0]),
        "queries for a page of 1, the first and the second page of 50 orders: {queries_for:?}"
    );
}

/// Following "Next" from the first page to the last shows every order once, oldest
/// first; following "Previous" back shows the same pages again.
async fn cursors_walk_the_whole_queue_both_ways(database: TestDatabase) {
    let (app, ada) = ada_may_order_many(database).await;
    let mut submitted_ids = Vec::new();
    for n in 0..45 {
        let id = placed(&app, &ada, &format!("walk{n}.us")).await;
        ada_submits(&app, &ada, id).await;
        submitted_ids.push(id);
    }
    // One placed but never submitted: another state, not in this queue.
    placed(&app, &ada, "waiting.us").await;

    let mut pages = Vec::new();
    let mut cursor = None;
    loop {
        let page = under_review(&app.db, Some("us"), cursor, SLA)
            .await
            .unwrap();
        assert_eq!(page.total, 45);
        assert_eq!(page.previous.is_some(), cursor.is_some());
        pages.push(page.rows.iter().map(|r| r.order_id).collect::<Vec<_>>());
        match page.next {
            Some(next) => cursor = Some(QueueCursor::After(next)),
            None => break,
        }
    }
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [20, 20, 5]);
    assert_eq!(
        pages.concat(),
        submitted_ids,
        "every order once, oldest first"
    );

    let mut back = Vec::new();
    let mut page = under_review(&app.db, None, cursor, SLA).await.unwrap();
    while let Some(previous) = page.previous {
        page = under_review(&app.db, None, Some(QueueCursor::Before(previous)), SLA)
            .await
            .unwrap();
        back.push(page.rows.iter().map(|r| r.order_id).collect::<Vec<_>>());
        assert!(page.next.is_some());
    }
    assert_eq!(back, [pages[1].clone(), pages[0].clone()]);

    // Someone else's extension: nothing.
    let none = under_review(&app.db, Some("eu"), None, SLA).await.unwrap();
    assert_eq!((none.total, none.rows.len(), none.next), (0, 0, None));
}

// A SQLite file: a second connection to an in-memory database would see another one.
in_parallel_on_both_databases!(a_queue_page_costs_the_same_queries_for_one_order_and_for_fifty);
on_both_databases!(cursors_walk_the_whole_queue_both_ways);

/// Orders become overdue as the clock passes the review target, whether or not anything
/// else happens; the count and the queue's marks follow the clock the test sets.
async fn overdue_orders_follow_the_clock(database: TestDatabase) {
    let (app, ada) = ada_may_order_many(database).await;
    for n in 0..3 {
        let id = placed(&app, &ada, &format!("late{n}.us")).await;
        ada_submits(&app, &ada, id).await;
    }
    placed(&app, &ada, "never-submitted.us").await;
    let now = chrono::Utc::now();
    let overdue =
        |hours: i64| review::overdue_count(&app.db, SLA, now + chrono::Duration::hours(hours));
    assert_eq!(overdue(0).await.unwrap(), 0);
    assert_eq!(overdue(3).await.unwrap(), 0);
    assert_eq!(overdue(5).await.unwrap(), 3);
    // Counted in working hours, a weekend stops the clock.
    let office = app::domain::sla::SlaPolicy {
        target_minutes: 240,
        working_hours: Some((0, 24)),
    };
    let monday = chrono::DateTime::parse_from_rfc3339("2030-01-07T00:00:00Z")
        .unwrap()
        .to_utc();
    let sunday = monday - chrono::Duration::hours(1);
    assert_eq!(
        review::overdue_count(&app.db, office, sunday)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        office.overdue_since(monday + chrono::Duration::hours(4)),
        monday,
        "four working hours back from Monday 04:00 is Monday 00:00"
    );

    let page = under_review(&app.db, None, None, SLA).await.unwrap();
    assert!(
        page.rows
            .iter()
            .all(|r| r.sla == app::domain::sla::SlaState::OnTime)
    );
    let tight = app::domain::sla::SlaPolicy {
        target_minutes: 0,
        working_hours: None,
    };
    let page = under_review(&app.db, None, None, tight).await.unwrap();
    assert!(
        page.rows
            .iter()
            .all(|r| r.sla == app::domain::sla::SlaState::Overdue)
    );
    // The badge's task counted them as of now: none overdue yet.
    assert_eq!(app.state.backlog.overdue(), Some(0));
}

on_both_databases!(overdue_orders_follow_the_clock);

/// However many admins follow the badge, a change is counted once (not once per stream),
/// and every admin's page hears the new count.
async fn the_badge_is_counted_once_per_change_for_every_admin_stream(database: TestDatabase) {
    let app = spawn_app_with(
        database,
        &[("REGDOCS_MAX_STREAMS_PER_ACCOUNT", "10".to_owned())],
    )
    .await;
    define_us(&app).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let id = placed(&app, &ada, "badge.us").await;
    let uploaded = upload(&app, &ada, id, "proof", "proof.pdf", pdf(3 * KB)).await;
    assert_eq!(uploaded.status(), reqwest::StatusCode::CREATED);

    let mut streams = Vec::new();
    for admin in ["root@example.com", "ayse@example.com", "li@example.com"] {
        let cookie = app.signed_in(admin, Role::Admin).await;
        for _ in 0..8 {
            let mut stream = app.get_with_cookie("/events", &cookie).await;
            let mut buffer = String::new();
            assert_eq!(next_event(&mut stream, &mut buffer, "pending").await, "0");
            streams.push((stream, buffer));
        }
    }

    let mut events = app.state.events.subscribe();
    let counted_before = app.state.backlog.counts();
    let submitted = submit(&app, &ada, id, &[("nexus", "C11")]).await;
    assert_eq!(submitted.status(), reqwest::StatusCode::OK);
    for (stream, buffer) in &mut streams {
        assert_eq!(next_event(stream, buffer, "pending").await, "1");
    }
    let counts = app.state.backlog.counts() - counted_before;
    // Every count was caused by an event already on the bus (the submission, perhaps the
    // upload's, arriving late through Postgres).
    let mut published = 0;
    while events.try_recv().is_ok() {
        published += 1;
    }
    assert!(counts >= 1, "the submission was counted");
    assert!(
        counts <= published,
        "{counts} counts for {published} events and {} streams",
        streams.len()
    );
}

on_both_databases!(the_badge_is_counted_once_per_change_for_every_admin_stream);
