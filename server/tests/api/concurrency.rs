//! Invariants that requests running at the same time could break, each checked after
//! running the racing action many times at once (N of them, in several rounds), on a
//! SQLite file with a real connection pool and on Postgres, through the real HTTP routes:
//! files per item, the storage quota, nothing attached to a decided attempt, every fully
//! decided order moves on, one open order per name, every failed sign-in counted, and no
//! request answering 500.

use std::future::Future;

use app::{
    api::orders::{CancelOrder, SaveDraft, upload_url},
    backend::entities::{document, item_attempt, login_throttle, order},
    domain::{
        Role,
        orders::{OrderStatus, ReviewDecision},
    },
};
use futures_util::future::join_all;
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::common::{SlowUpload, TEST_PASSWORD, TestApp, TestDatabase, flow::*, spawn_app_with};

/// How many requests race in each round.
const N: usize = 24;

/// Runs every future at once and collects their results.
async fn at_once<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    join_all(futures).await
}

/// A server whose per-customer limit on parallel uploads does not get in the way.
async fn racing_app(database: TestDatabase, extra: &[(&str, String)]) -> TestApp {
    let mut settings = vec![("REGDOCS_MAX_PARALLEL_UPLOADS", "1000".to_owned())];
    settings.extend(extra.iter().cloned());
    spawn_app_with(database, &settings).await
}

fn statuses(responses: &[reqwest::Response]) -> Vec<StatusCode> {
    responses.iter().map(reqwest::Response::status).collect()
}

fn count(statuses: &[StatusCode], wanted: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == wanted).count()
}

/// How many orders were placed (the server function answers 200, or redirects a browser
/// that posted a plain form).
fn placed_count(statuses: &[StatusCode]) -> usize {
    statuses
        .iter()
        .filter(|s| s.is_success() || s.is_redirection())
        .count()
}

/// Nothing may remain in staging once every upload has been answered, and every
/// document row has its file (and every file its row).
async fn assert_store_consistent(app: &TestApp) {
    let staged = app.state.documents.keys("staging").await.unwrap();
    assert!(staged.is_empty(), "left in staging: {staged:?}");
    let (rows, files) = stored_documents(app).await;
    assert_eq!(rows, u64::try_from(files).unwrap(), "rows and files agree");
}

async fn uploads_to_one_item_never_exceed_its_file_limit(database: TestDatabase) {
    let app = racing_app(database, &[]).await;
    define_us(&app).await; // the proof takes at most 2 files
    for round in 0..3 {
        let customer = app
            .signed_in(&format!("racer{round}@example.com"), Role::Customer)
            .await;
        let id = placed(&app, &customer, &format!("race{round}.us")).await;

        let responses =
            at_once(
                (0..N).map(|i| {
                    let (app, customer) = (&app, &customer);
                    async move {
                        upload(app, customer, id, "proof", &format!("{i}.pdf"), pdf(2 * KB)).await
                    }
                }),
            )
            .await;

        let statuses = statuses(&responses);
        assert_eq!(count(&statuses, StatusCode::CREATED), 2, "{statuses:?}");
        assert_eq!(
            count(&statuses, StatusCode::CONFLICT),
            N - 2,
            "{statuses:?}"
        );
        let view = order(&app, &customer, id).await;
        assert_eq!(item(&view, "proof").documents.len(), 2);
    }
    assert_store_consistent(&app).await;
}

async fn parallel_uploads_never_overrun_the_storage_quota(database: TestDatabase) {
    // 1 MiB of quota; files of 100 KiB: ten fit, the eleventh does not.
    let app = racing_app(database, &[("REGDOCS_CUSTOMER_QUOTA_MB", "1".to_owned())]).await;
    define_us_with_proof(&app, 20, 200 * 1024).await;
    let quota = app.state.settings.customer_quota_bytes();
    for round in 0..2 {
        let customer = app
            .signed_in(&format!("hoarder{round}@example.com"), Role::Customer)
            .await;
        let id = placed(&app, &customer, &format!("hoard{round}.us")).await;

        let responses = at_once((0..N).map(|i| {
            let (app, customer) = (&app, &customer);
            async move {
                upload(
                    app,
                    customer,
                    id,
                    "proof",
                    &format!("{i}.pdf"),
                    pdf(100 * KB),
                )
                .await
            }
        }))
        .await;

        let statuses = statuses(&responses);
        assert_eq!(count(&statuses, StatusCode::CREATED), 10, "{statuses:?}");
        assert_eq!(
            count(&statuses, StatusCode::PAYLOAD_TOO_LARGE),
            N - 10,
            "{statuses:?}"
        );
        let view = order(&app, &customer, id).await;
        let used = view.quota_used_bytes;
        assert!(used <= quota, "{used} bytes stored of {quota}");
        assert_eq!(used, 10 * 100 * 1024);
    }
    assert_store_consistent(&app).await;
}

/// How many uploads are on their way into staging right now (their partial files).
fn uploads_in_flight(app: &TestApp) -> usize {
    let staging = app.state.documents.local_root().unwrap().join("staging");
    std::fs::read_dir(staging).map_or(0, Iterator::count)
}

async fn an_upload_finishing_after_approval_is_not_attached_to_the_approved_attempt(
    database: TestDatabase,
) {
    let app = racing_app(database, &[]).await;
    define_us_with_proof(&app, 5, 100 * 1024).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    let mut orders = Vec::new();
    for i in 0..N {
        let customer = app
            .signed_in(&format!("late{i}@example.com"), Role::Customer)
            .await;
        let id = placed(&app, &customer, &format!("late{i}.us")).await;
        let first = upload(&app, &customer, id, "proof", "first.pdf", pdf(2 * KB)).await;
        assert_eq!(first.status(), StatusCode::CREATED);
        let first_id = first.json::<serde_json::Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap();
        orders.push((customer, id, first_id));
    }

    // Every second upload starts while its item is editable ...
    let mut late = Vec::new();
    for (customer, id, _) in &orders {
        late.push(
            SlowUpload::start(
                &app.client,
                &app.url(&upload_url(*id, "proof")),
                customer,
                pdf(8 * KB),
            )
            .await,
        );
    }
    // ... and is well under way (in staging) before anything else happens.
    while uploads_in_flight(&app) < N {
        tokio::task::yield_now().await;
    }
    // Meanwhile every customer submits and the admins approve everything, all at once.
    let submitted = at_once(orders.iter().map(|(customer, id, _)| {
        let app = &app;
        async move { submit(app, customer, *id, &[("nexus", "C11")]).await }
    }))
    .await;
    assert!(statuses(&submitted).iter().all(|s| *s == StatusCode::OK));
    let decided = at_once(orders.iter().flat_map(|(_, id, _)| {
        ["nexus", "proof"].map(|key| decide(&app, &admin, *id, key, ReviewDecision::Approve, None))
    }))
    .await;
    assert!(
        statuses(&decided).iter().all(|s| *s == StatusCode::OK),
        "{:?}",
        statuses(&decided)
    );

    let finished: Vec<reqwest::Response> = at_once(late.into_iter().map(SlowUpload::finish))
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();

    assert!(
        statuses(&finished)
            .iter()
            .all(|s| *s == StatusCode::CONFLICT),
        "{:?}",
        statuses(&finished)
    );
    for (customer, id, first_id) in &orders {
        let view = order(&app, customer, *id).await;
        assert_eq!(view.status, OrderStatus::Approved);
        let documents: Vec<i64> = item(&view, "proof")
            .documents
            .iter()
            .map(|d| i64::from(d.id))
            .collect();
        assert_eq!(documents, [*first_id], "only what was approved");
        let attempt = item_attempt::Entity::find()
            .filter(item_attempt::Column::OrderId.eq(*id))
            .filter(item_attempt::Column::ItemKey.eq("proof"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            attempt.decided_documents(),
            [i32::try_from(*first_id).unwrap()],
            "the approval froze exactly the documents it was made on"
        );
    }
    assert_store_consistent(&app).await;
}

async fn an_order_whose_items_are_all_decided_never_stays_under_review(database: TestDatabase) {
    let app = racing_app(database, &[]).await;
    define_us(&app).await;
    let ayse = app.signed_in("ayse@example.com", Role::Admin).await;
    let bob = app.signed_in("bob@example.com", Role::Admin).await;
    for round in 0..2 {
        let mut ids = Vec::new();
        for i in 0..N / 2 {
            let customer = app
                .signed_in(&format!("c{round}-{i}@example.com"), Role::Customer)
                .await;
            let id = placed(&app, &customer, &format!("decided{round}-{i}.us")).await;
            ada_submits(&app, &customer, id).await;
            ids.push(id);
        }

        // Two admins decide the last two open items of every order at the same moment;
        // in every other order one of them rejects.
        let decisions = at_once(ids.iter().enumerate().flat_map(|(n, id)| {
            let (proof, statement) = if n % 2 == 0 {
                (ReviewDecision::Approve, None)
            } else {
                (ReviewDecision::Reject, Some("Unreadable."))
            };
            [
                decide(&app, &ayse, *id, "nexus", ReviewDecision::Approve, None),
                decide(&app, &bob, *id, "proof", proof, statement),
            ]
        }))
        .await;

        assert!(
            statuses(&decisions).iter().all(|s| *s == StatusCode::OK),
            "{:?}",
            statuses(&decisions)
        );
        for (n, id) in ids.iter().enumerate() {
            let stored = order::Entity::find_by_id(*id)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            let expected = if n % 2 == 0 {
                OrderStatus::Approved
            } else {
                OrderStatus::ActionRequired
            };
            assert_eq!(stored.status, expected, "order {id}");
        }
    }
}

async fn one_name_gets_one_open_order_however_many_ask_at_once(database: TestDatabase) {
    let app = racing_app(database, &[]).await;
    define_us(&app).await;
    let mut customers = Vec::new();
    for i in 0..N {
        customers.push(
            app.signed_in(&format!("buyer{i}@example.com"), Role::Customer)
                .await,
        );
    }
    for name in ["contested.us", "contested.com", "xn--bcher-kva.com"] {
        let responses = at_once(customers.iter().map(|c| place(&app, c, name))).await;

        let statuses = statuses(&responses);
        assert_eq!(placed_count(&statuses), 1, "{name}: {statuses:?}");
        assert_eq!(
            count(&statuses, StatusCode::UNPROCESSABLE_ENTITY),
            N - 1,
            "{name}: {statuses:?}"
        );
        for refused in responses
            .into_iter()
            .filter(|r| r.status() == StatusCode::UNPROCESSABLE_ENTITY)
        {
            let text = refused.text().await.unwrap();
            assert!(text.contains("is not available"), "{text}");
            assert!(!text.contains("buyer"), "nobody learns who has it: {text}");
        }
        let open = order::Entity::find()
            .filter(order::Column::Domain.eq(name))
            .filter(order::Column::Status.ne(OrderStatus::Cancelled))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(open, 1, "{name}");
    }
}

async fn a_cancelled_name_can_be_ordered_again_by_exactly_one(database: TestDatabase) {
    let app = racing_app(database, &[]).await;
    define_us(&app).await;
    let first = app.signed_in("first@example.com", Role::Customer).await;
    let id = placed(&app, &first, "freed.us").await;
    let mut customers = Vec::new();
    for i in 0..N {
        customers.push(
            app.signed_in(&format!("next{i}@example.com"), Role::Customer)
                .await,
        );
    }

    // The cancellation and everyone's orders race.
    let id_text = id.to_string();
    let form = [("id", id_text.as_str())];
    let cancel = app.post_form(CancelOrder::PATH, &form, Some(&first));
    let (cancelled, responses) = tokio::join!(
        cancel,
        at_once(customers.iter().map(|c| place(&app, c, "freed.us")))
    );
    assert_eq!(cancelled.status(), StatusCode::OK);
    let statuses = statuses(&responses);
    let won = placed_count(&statuses);
    assert!(won <= 1, "{statuses:?}");
    assert_eq!(
        won + count(&statuses, StatusCode::UNPROCESSABLE_ENTITY),
        N,
        "{statuses:?}"
    );
    // If everyone asked before the name was free, it can be ordered now.
    if won == 0 {
        placed(&app, &customers[0], "freed.us").await;
    }
    let open = order::Entity::find()
        .filter(order::Column::Domain.eq("freed.us"))
        .filter(order::Column::Status.ne(OrderStatus::Cancelled))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(open, 1);
}

async fn every_parallel_failed_sign_in_is_counted(database: TestDatabase) {
    let app = racing_app(database, &[]).await;
    app.signed_in("ada@example.com", Role::Customer).await;
    for round in 0..2 {
        let guesses = at_once((0..N).map(|i| {
            let app = &app;
            async move {
                app.log_in("ada@example.com", &format!("guess {round} {i}"))
                    .await
            }
        }))
        .await;

        let statuses: Vec<StatusCode> = guesses
            .iter()
            .map(|r| {
                r.as_ref()
                    .map_or_else(reqwest::Response::status, |_| StatusCode::OK)
            })
            .collect();
        let limit =
            usize::try_from(app::backend::accounts::throttle::PAIR_LIMIT.max_failures).unwrap();
        let checked = count(&statuses, StatusCode::UNAUTHORIZED);
        if round == 0 {
            assert_eq!(checked, limit, "{statuses:?}");
        } else {
            assert_eq!(checked, 0, "still blocked: {statuses:?}");
        }
        assert_eq!(
            count(&statuses, StatusCode::TOO_MANY_REQUESTS),
            N - checked,
            "{statuses:?}"
        );
    }
    let pair = login_throttle::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|row| row.key.starts_with("pair:ada@example.com|"))
        .unwrap();
    assert_eq!(
        pair.failures,
        app::backend::accounts::throttle::PAIR_LIMIT.max_failures
    );
    // The right password is refused too while the block lasts (from this address).
    let blocked = app
        .log_in("ada@example.com", TEST_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn fifty_writers_at_once_all_succeed(database: TestDatabase) {
    let app = racing_app(database, &[]).await;
    define_us(&app).await;
    let mut orders = Vec::new();
    for i in 0..50 {
        let customer = app
            .signed_in(&format!("writer{i}@example.com"), Role::Customer)
            .await;
        let id = placed(&app, &customer, &format!("writer{i}.us")).await;
        orders.push((customer, id));
    }

    // Fifty drafts, fifty uploads and fifty new orders, all at once.
    let drafts = at_once(orders.iter().map(|(customer, id)| {
        let app = &app;
        async move {
            app.call(
                &SaveDraft {
                    id: *id,
                    answers: [("nexus".to_owned(), "C11".to_owned())].into(),
                },
                Some(customer),
            )
            .await
        }
    }));
    let uploads = at_once(
        orders
            .iter()
            .map(|(customer, id)| upload(&app, customer, *id, "proof", "p.pdf", pdf(KB))),
    );
    let placed = at_once(orders.iter().enumerate().map(|(i, (customer, _))| {
        let app = &app;
        async move { place(app, customer, &format!("more{i}.com")).await }
    }));
    let (drafts, uploads, placed) = tokio::join!(drafts, uploads, placed);

    assert!(statuses(&drafts).iter().all(|s| *s == StatusCode::OK));
    assert!(statuses(&uploads).iter().all(|s| *s == StatusCode::CREATED));
    assert_eq!(placed_count(&statuses(&placed)), 50);
    assert_eq!(document::Entity::find().count(&app.db).await.unwrap(), 50);
    assert_store_consistent(&app).await;
}

in_parallel_on_both_databases!(
    uploads_to_one_item_never_exceed_its_file_limit,
    parallel_uploads_never_overrun_the_storage_quota,
    an_upload_finishing_after_approval_is_not_attached_to_the_approved_attempt,
    an_order_whose_items_are_all_decided_never_stays_under_review,
    one_name_gets_one_open_order_however_many_ask_at_once,
    a_cancelled_name_can_be_ordered_again_by_exactly_one,
    every_parallel_failed_sign_in_is_counted,
    fifty_writers_at_once_all_succeed,
);
