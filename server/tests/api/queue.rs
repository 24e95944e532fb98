//! The review queue, on both databases: a page is built with a fixed number of queries,
//! whether it shows one order or fifty.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use app::{
    backend::{infra::db, orders::review},
    domain::{Role, orders::OrderStatus},
};

use crate::common::{TestDatabase, flow::*, spawn_app_with, test_settings};

async fn a_queue_page_costs_the_same_queries_for_one_order_and_for_fifty(database: TestDatabase) {
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
        let page = review::queue(&counted, OrderStatus::UnderReview, None, 1)
            .await
            .unwrap();
        queries_for.push(statements.load(Ordering::Relaxed));
        assert_eq!(page.total, wanted);
        assert_eq!(page.rows.len(), wanted.min(20) as usize);
        assert!(
            page.rows
                .iter()
                .all(|r| r.open_items == 2 && r.customer_name == "Test Person")
        );
    }

    assert_eq!(
        queries_for[0], queries_for[1],
        "queries for a page of 1 and of 20 of 50 orders"
    );
}

// A SQLite file: a second connection to an in-memory database would see another one.
in_parallel_on_both_databases!(a_queue_page_costs_the_same_queries_for_one_order_and_for_fifty);
