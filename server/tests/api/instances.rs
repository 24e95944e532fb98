//! Several server instances on one database, as behind a load balancer: on Postgres they
//! start together (migrations and seed take turns), a change made through one reaches
//! the live pages of the other, and the LISTEN connection of each instance stays outside
//! its connection pool; on both databases, with the racing parts run truly at once, the
//! periodic jobs run on one instance at a time (job leases, taken over when the holder's
//! lapses) and the e-mail outbox sends each message once however many workers race for
//! it.

use std::{collections::HashSet, time::Duration};

use app::backend::{
    entities::mail_outbox,
    infra::{
        leases,
        mail::{NewMail, status},
    },
    orders::claims::EXPIRY_JOB,
};
use app::domain::Role;
use futures_util::future::join_all;
use reqwest::StatusCode;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, Statement,
};

use crate::common::{TestApp, TestDatabase, flow::*, next_event, smtp::SmtpSink, spawn_app_with};

/// Two instances on one new Postgres database, started at the same time.
async fn two_instances(extra: &[(&str, String)]) -> (TestApp, TestApp) {
    two_instances_on(TestDatabase::postgres().await, extra).await
}

/// Two instances on `database`: started at the same time on Postgres, one after the
/// other on SQLite (whose start-up takes no lock: two processes on one file start in
/// turn).
async fn two_instances_on(database: TestDatabase, extra: &[(&str, String)]) -> (TestApp, TestApp) {
    let again = database.again();
    if database.url.starts_with("sqlite:") {
        let first = spawn_app_with(database, extra).await;
        (first, spawn_app_with(again, extra).await)
    } else {
        tokio::join!(
            spawn_app_with(database, extra),
            spawn_app_with(again, extra)
        )
    }
}

in_parallel_on_both_databases!(
    periodic_jobs_run_on_one_instance_at_a_time,
    two_instances_send_each_e_mail_once
);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_starting_together_share_one_database() {
    let (a, b) = two_instances(&[]).await;
    // Both found it migrated and seeded once: one set of demo extensions, no twice.
    let row =
        a.db.query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            r#"SELECT COUNT(*) AS "all", COUNT(DISTINCT "name") AS "names" FROM "extensions""#,
        ))
        .await
        .unwrap()
        .unwrap();
    let all = row.try_get::<i64>("", "all").unwrap();
    assert!(all > 0);
    assert_eq!(all, row.try_get::<i64>("", "names").unwrap());
    assert_eq!(b.get("/health").await.status(), StatusCode::OK);

    // A session made on one is good on the other, and a change made through one reaches
    // the other's live page.
    define_us(&a).await;
    let ada = a.signed_in("ada@example.com", Role::Customer).await;
    let mut stream = b.get_with_cookie("/events", &ada).await;
    assert_eq!(stream.status(), StatusCode::OK);
    let mut buffer = String::new();
    assert_eq!(next_event(&mut stream, &mut buffer, "order").await, "*");
    let id = placed(&a, &ada, "example.us").await;
    assert_eq!(
        next_event(&mut stream, &mut buffer, "order").await,
        id.to_string()
    );
}

async fn periodic_jobs_run_on_one_instance_at_a_time(database: TestDatabase) {
    let (a, b) = two_instances_on(database, &[]).await;
    let (one, two) = (&*a.state.instance, &*b.state.instance);
    assert_ne!(one, two);

    // The sweeper ran at start on exactly one of them, which holds its lease.
    let holder =
        a.db.query_one_raw(Statement::from_string(
            a.db.get_database_backend(),
            r#"SELECT "holder" FROM "job_leases" WHERE "name" = 'sweeper'"#,
        ))
        .await
        .unwrap()
        .expect("the sweeper's lease")
        .try_get::<String>("", "holder")
        .unwrap();
    assert!(holder == one || holder == two, "{holder}");
    // So do the purge of documents past their retention and the reminders: each job's
    // lease names one of the two (one row per job), as soon as it started.
    for job in [
        app::backend::orders::retention::JOB,
        app::backend::orders::reminders::JOB,
    ] {
        let mut holders = Vec::new();
        for _ in 0..100 {
            holders =
                a.db.query_all_raw(Statement::from_sql_and_values(
                    a.db.get_database_backend(),
                    r#"SELECT "holder" FROM "job_leases" WHERE "name" = $1"#,
                    [job.into()],
                ))
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.try_get::<String>("", "holder").unwrap())
                .collect::<Vec<_>>();
            if !holders.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(holders.len(), 1, "{job}: {holders:?}");
        assert!(holders[0] == one || holders[0] == two, "{job}: {holders:?}");
    }

    // Sixteen instances race for a free lease, half through each server's pool: one
    // gets it.
    let short = Duration::from_millis(800);
    let race = |job: &'static str| {
        let (a, b) = (&a, &b);
        join_all((0..16).map(move |n| async move {
            let holder = format!("racer-{n}");
            let db = if n % 2 == 0 { &a.db } else { &b.db };
            leases::take(db, job, &holder, short)
                .await
                .unwrap()
                .then_some(holder)
        }))
    };
    let winners: Vec<String> = race(EXPIRY_JOB).await.into_iter().flatten().collect();
    assert_eq!(winners.len(), 1, "{winners:?}");
    let winner = &winners[0];
    // Renewed by its holder, refused to the others until it lapses, then taken over by
    // one of them in a new race.
    assert!(
        leases::take(&a.db, EXPIRY_JOB, winner, short)
            .await
            .unwrap()
    );
    assert!(!leases::take(&b.db, EXPIRY_JOB, two, short).await.unwrap());
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let next: Vec<String> = race(EXPIRY_JOB).await.into_iter().flatten().collect();
    assert_eq!(next.len(), 1, "{next:?}");
    assert!(
        !leases::take(&a.db, EXPIRY_JOB, winner, short)
            .await
            .unwrap()
            || next[0] == *winner
    );
    // Given up on shutdown: another need not wait.
    leases::release(&b.db, EXPIRY_JOB, &next[0]).await.unwrap();
    assert!(
        leases::take(&a.db, EXPIRY_JOB, one, Duration::from_secs(60))
            .await
            .unwrap()
    );
}

async fn two_instances_send_each_e_mail_once(database: TestDatabase) {
    let sink = SmtpSink::start();
    let (a, b) = two_instances_on(database, &sink.settings()).await;
    const MESSAGES: usize = 40;
    for n in 0..MESSAGES {
        let mail = NewMail {
            kind: "test",
            order_id: None,
            to: "someone@example.com".into(),
            subject: format!("Message {n}"),
            body: "Hello.".into(),
            attachments: Vec::new(),
            immediate: false,
        };
        a.state.mailer.queue(&a.db, mail).await.unwrap();
    }
    // Both instances' workers run, and both are also driven by hand, at the same time.
    for _ in 0..3 {
        let (x, y) = tokio::join!(
            a.state.mailer.deliver_due(&a.db, &a.state.documents),
            b.state.mailer.deliver_due(&b.db, &b.state.documents)
        );
        x.unwrap();
        y.unwrap();
    }
    let sent = || {
        mail_outbox::Entity::find()
            .filter(mail_outbox::Column::Status.eq(status::SENT))
            .count(&a.db)
    };
    for _ in 0..100 {
        if sent().await.unwrap() == MESSAGES as u64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sent().await.unwrap(), MESSAGES as u64);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received = sink.messages();
    let subjects: HashSet<String> = received
        .iter()
        .map(|m| m["subject"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(subjects.len(), MESSAGES);
    assert_eq!(received.len(), MESSAGES, "no message went out twice");
}

#[tokio::test]
async fn the_listen_connection_takes_no_place_in_the_pool() {
    // A pool of one connection: were LISTEN holding it, no request could be answered.
    let app = spawn_app_with(
        TestDatabase::postgres().await,
        &[("REGDOCS_DB_MAX_CONNECTIONS", "1".to_owned())],
    )
    .await;
    let acquired = tokio::time::timeout(
        Duration::from_secs(5),
        app.db.get_postgres_connection_pool().acquire(),
    )
    .await;
    assert!(
        matches!(acquired, Ok(Ok(_))),
        "the pool's one connection is free"
    );
    drop(acquired);
    assert_eq!(app.get("/health").await.status(), StatusCode::OK);
    // And live events still arrive, through LISTEN on its own connection.
    let (app, ada, id) = ada_orders_example_us_on(app).await;
    let mut stream = app.get_with_cookie("/events", &ada).await;
    let mut buffer = String::new();
    assert_eq!(next_event(&mut stream, &mut buffer, "order").await, "*");
    let bytes = pdf(2000);
    assert_eq!(
        upload(&app, &ada, id, "proof", "proof.pdf", bytes)
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        next_event(&mut stream, &mut buffer, "order").await,
        id.to_string()
    );
}
