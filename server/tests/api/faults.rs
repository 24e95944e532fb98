//! Faults, with the real `server` binary in its own process: killed in the middle of an
//! upload (SIGKILL), stopped with event streams and uploads open (SIGTERM), its database
//! dropping every connection or refusing them for a while, a database that is not there
//! yet at start, and a flood of anonymous sign-ups.

use std::{
    net::{SocketAddr, TcpListener},
    path::{Path, PathBuf},
    process::Stdio,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use app::{
    api::{
        account::{LogIn, SignUp},
        definitions::{SaveDefinition, SaveDefinitionInput},
        orders::{GetOrder, PlaceOrder, upload_url},
    },
    backend::{
        accounts::auth, accounts::password::HashPool, entities::document, infra::db,
        infra::storage::DocumentStore, infra::sweeper,
    },
    domain::Role,
};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
};

use crate::common::{
    SlowUpload, TEST_PASSWORD, TestDatabase, flow::*, postgres_admin_url, session_cookie_of,
    test_settings,
};

/// The `server` binary, running in a process of its own.
struct ServerProcess {
    child: Child,
    addr: SocketAddr,
    client: reqwest::Client,
    /// What it logged (standard output and error), line by line.
    log: Arc<Mutex<Vec<String>>>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl ServerProcess {
    /// Starts the server on `database_url` with documents under `data_dir`, without
    /// waiting for it to be ready.
    fn spawn(database_url: &str, data_dir: &Path, extra: &[(&str, &str)]) -> Self {
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
        command
            .current_dir(workspace)
            .env("LEPTOS_SITE_ADDR", addr.to_string())
            .env("LEPTOS_OUTPUT_NAME", "regdocs")
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env("DATABASE_URL", database_url)
            .env("REGDOCS_DATA_DIR", data_dir)
            .env("REGDOCS_PUBLIC_URL", format!("http://{addr}"))
            .env("RUST_LOG", "info")
            .envs(extra.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = command.spawn().expect("the server binary starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = log.clone();
        let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
        tokio::spawn(async move {
            while let Ok(Some(line)) = stdout.next_line().await {
                lines.lock().unwrap().push(line);
            }
        });
        let lines = log.clone();
        let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
        tokio::spawn(async move {
            while let Ok(Some(line)) = stderr.next_line().await {
                lines.lock().unwrap().push(line);
            }
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        Self {
            child,
            addr,
            client,
            log,
        }
    }

    /// [`ServerProcess::spawn`], then waits until it answers `/health`.
    async fn start(database_url: &str, data_dir: &Path, extra: &[(&str, &str)]) -> Self {
        let server = Self::spawn(database_url, data_dir, extra);
        server.wait_until_healthy(Duration::from_secs(60)).await;
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    async fn health(&self) -> Option<StatusCode> {
        self.client
            .get(self.url("/health"))
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .ok()
            .map(|r| r.status())
    }

    async fn wait_until_healthy(&self, within: Duration) {
        let deadline = Instant::now() + within;
        while self.health().await != Some(StatusCode::OK) {
            assert!(
                Instant::now() < deadline,
                "the server did not become healthy; it logged:\n{}",
                self.log.lock().unwrap().join("\n")
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn logged(&self, text: &str) -> bool {
        self.log.lock().unwrap().iter().any(|l| l.contains(text))
    }

    fn signal(&self, signal: &str) {
        let pid = self.child.id().expect("still running").to_string();
        let sent = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    /// The most memory the process has held (`VmHWM`), in bytes.
    fn peak_memory(&self) -> u64 {
        let pid = self.child.id().expect("still running");
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        let line = status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .expect("VmHWM in /proc");
        line.split_whitespace()
            .nth(1)
            .unwrap()
            .parse::<u64>()
            .unwrap()
            * 1024
    }

    async fn log_in(&self, email: &str) -> String {
        let response = self
            .client
            .post(self.url(LogIn::PATH))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(format!(
                "email={}&password={}",
                email.replace('@', "%40"),
                TEST_PASSWORD.replace(' ', "+")
            ))
            .send()
            .await
            .unwrap();
        session_cookie_of(&response).expect("signed in")
    }

    async fn post_form(&self, path: &str, body: String, cookie: &str) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header("cookie", cookie)
            .body(body)
            .send()
            .await
            .unwrap()
    }

    async fn place(&self, cookie: &str, domain: &str) -> i32 {
        let response = self
            .post_form(PlaceOrder::PATH, format!("domain={domain}"), cookie)
            .await;
        assert!(response.status().is_success(), "{}", response.status());
        response.json().await.unwrap()
    }

    async fn upload(&self, cookie: &str, id: i32, bytes: Vec<u8>) -> reqwest::Response {
        self.client
            .post(self.url(&upload_url(id, "proof")))
            .header("cookie", cookie)
            .header("x-file-name", "proof.pdf")
            .body(bytes)
            .send()
            .await
            .unwrap()
    }

    async fn stream(&self, cookie: &str) -> reqwest::Response {
        let response = self
            .client
            .get(self.url("/events"))
            .header("cookie", cookie)
            .timeout(Duration::from_secs(120))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response
    }

    /// Waits for the process to exit by itself; how long it took, and how it ended.
    async fn exit_within(&mut self, within: Duration) -> (Duration, std::process::ExitStatus) {
        let started = Instant::now();
        let status = tokio::time::timeout(within, self.child.wait())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "still running after {within:?}; it logged:\n{}",
                    self.log.lock().unwrap().join("\n")
                )
            })
            .unwrap();
        (started.elapsed(), status)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // A failing test shows what the server said.
        if std::thread::panicking() {
            let log = self.log.lock().unwrap();
            let from = log.len().saturating_sub(60);
            eprintln!(
                "the server logged (last lines):\n{}",
                log[from..].join("\n")
            );
        }
    }
}

/// A throw-away directory for a server's documents.
fn data_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regdocs-fault-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The database a test shares with its server process, and `.us` defined there by an
/// admin through the server.
async fn shared_database(server: &ServerProcess, database_url: &str) -> DatabaseConnection {
    let conn = db::connect(&test_settings(database_url)).await.unwrap();
    auth::create_account(
        &conn,
        &HashPool::default(),
        "Root",
        "root@example.com",
        TEST_PASSWORD,
        Role::Admin,
    )
    .await
    .unwrap();
    let admin = server.log_in("root@example.com").await;
    let us = app::backend::entities::extension::Entity::find()
        .filter(app::backend::entities::extension::Column::Name.eq(".us"))
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    let input = SaveDefinitionInput {
        id: None,
        extension_id: us.id,
        revision: 0,
        requirements: us_requirements(2, 100 * 1024),
        imported_from: None,
    };
    let saved = server
        .client
        .post(server.url(SaveDefinition::PATH))
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .header("cookie", admin)
        .body(serde_json::json!({ "input": input }).to_string())
        .send()
        .await
        .unwrap();
    assert!(saved.status().is_success(), "{}", saved.status());
    conn
}

/// A confirmed customer `email`, signed in, with an order of `<name>.us`.
async fn customer_with_order(
    server: &ServerProcess,
    conn: &DatabaseConnection,
    email: &str,
) -> (String, i32) {
    auth::create_account(
        conn,
        &HashPool::default(),
        "Ada",
        email,
        TEST_PASSWORD,
        Role::Customer,
    )
    .await
    .unwrap();
    let cookie = server.log_in(email).await;
    let domain = format!("{}.us", email.split('@').next().unwrap());
    let id = server.place(&cookie, &domain).await;
    (cookie, id)
}

/// Every document row has its file in the store, and (after a sweep) every file its row.
async fn rows_and_files(conn: &DatabaseConnection, store: &DocumentStore) -> (u64, usize) {
    let rows = document::Entity::find().count(conn).await.unwrap();
    for row in document::Entity::find().all(conn).await.unwrap() {
        assert!(
            store.exists(&row.storage_key).await.unwrap(),
            "row {} has its file",
            row.id
        );
    }
    (rows, store.keys("orders").await.unwrap().len())
}

/// Partial files of interrupted uploads in the store's staging folder.
fn partial_files(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("documents").join("staging")).map_or(0, Iterator::count)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_mid_upload_leaves_no_row_without_a_file_and_the_sweeper_clears_the_rest() {
    let dir = data_dir();
    let database = TestDatabase::sqlite_file();
    let mut server = ServerProcess::start(&database.url, &dir, &[]).await;
    let conn = shared_database(&server, &database.url).await;
    let (ada, id) = customer_with_order(&server, &conn, "ada@example.com").await;
    assert_eq!(
        server.upload(&ada, id, pdf(3 * KB)).await.status(),
        StatusCode::CREATED
    );
    let half_sent = SlowUpload::start(
        &server.client,
        &server.url(&upload_url(id, "proof")),
        &ada,
        pdf(64 * KB),
    )
    .await;
    while partial_files(&dir) == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    server.signal("KILL");
    server.exit_within(Duration::from_secs(10)).await;
    assert!(half_sent.finish().await.is_err(), "the upload was cut off");

    let server = ServerProcess::start(&database.url, &dir, &[]).await;
    let store = DocumentStore::local(&dir.join("documents")).unwrap();
    // Nothing of the cut-off upload is visible: one row, one file, no staged object.
    assert_eq!(rows_and_files(&conn, &store).await, (1, 1));
    assert!(store.keys("staging").await.unwrap().is_empty());
    assert_eq!(
        partial_files(&dir),
        1,
        "the half-written file is still on disk"
    );
    let view = server
        .post_form(GetOrder::PATH, format!("id={id}"), &ada)
        .await;
    let view: app::domain::order_view::OrderView = view.json().await.unwrap();
    assert_eq!(item(&view, "proof").documents.len(), 1);

    // An hour later the sweeper clears what the crash left.
    let later = chrono::Utc::now() + chrono::Duration::hours(2);
    let swept = sweeper::sweep(&conn, &store, later, sweeper::MAX_AGE)
        .await
        .unwrap();
    assert_eq!(swept.partial, 1);
    assert_eq!(partial_files(&dir), 0);
    assert_eq!(
        rows_and_files(&conn, &store).await,
        (1, 1),
        "rows keep their files"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_ends_event_streams_lets_uploads_finish_within_the_grace_period_and_exits() {
    let dir = data_dir();
    let database = TestDatabase::sqlite_file();
    let mut server =
        ServerProcess::start(&database.url, &dir, &[("REGDOCS_SHUTDOWN_GRACE_SECS", "5")]).await;
    let conn = shared_database(&server, &database.url).await;
    let (ada, id) = customer_with_order(&server, &conn, "ada@example.com").await;
    let (eve, eve_order) = customer_with_order(&server, &conn, "eve@example.com").await;
    let mut streams = Vec::new();
    for cookie in [&ada, &ada, &eve] {
        streams.push(server.stream(cookie).await);
    }
    let url = |id| server.url(&upload_url(id, "proof"));
    let finishing = SlowUpload::start(&server.client, &url(id), &ada, pdf(32 * KB)).await;
    let stalled = SlowUpload::start(&server.client, &url(eve_order), &eve, pdf(32 * KB)).await;
    while partial_files(&dir) < 2 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    let stopped_at = Instant::now();
    server.signal("TERM");

    // Every event stream ends at once (its browser reconnects elsewhere).
    for mut stream in streams {
        let ended = tokio::time::timeout(Duration::from_secs(3), async {
            while let Ok(Some(_)) = stream.chunk().await {}
        })
        .await;
        assert!(ended.is_ok(), "a stream still open after SIGTERM");
    }
    // New connections are no longer taken.
    let refused = reqwest::Client::new()
        .get(server.url("/health"))
        .timeout(Duration::from_secs(2))
        .send()
        .await;
    assert!(refused.is_err(), "a new request after SIGTERM: {refused:?}");
    // The upload in flight finishes and is stored ...
    let finished = finishing
        .finish()
        .await
        .expect("an answer within the grace period");
    assert_eq!(finished.status(), StatusCode::CREATED);
    // ... while one that does not finish keeps the server no longer than the grace period.
    let (_, status) = server.exit_within(Duration::from_secs(15)).await;
    let took = stopped_at.elapsed();
    eprintln!("SIGTERM: streams ended, upload in flight stored, exited after {took:?} (grace 5 s)");
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_secs(10), "exited after {took:?}");
    assert!(server.logged("shutting down"));
    assert!(
        stalled.finish().await.is_err(),
        "the stalled upload was cut off"
    );

    let store = DocumentStore::local(&dir.join("documents")).unwrap();
    assert_eq!(
        rows_and_files(&conn, &store).await,
        (1, 1),
        "the finished upload is stored, the cut-off one is not"
    );
    assert!(store.keys("staging").await.unwrap().is_empty());
}

/// Kills every connection to the test database but the caller's.
async fn drop_connections(admin: &DatabaseConnection, name: &str) {
    admin
        .execute_unprepared(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_going_away_makes_requests_fail_cleanly_and_everything_resumes_after() {
    let database = TestDatabase::postgres().await;
    let name = database.url.rsplit('/').next().unwrap().to_owned();
    let dir = data_dir();
    let server = ServerProcess::start(&database.url, &dir, &[]).await;
    let conn = shared_database(&server, &database.url).await;
    let (ada, id) = customer_with_order(&server, &conn, "ada@example.com").await;
    conn.close().await.unwrap();
    let admin_conn = sea_orm::Database::connect(&postgres_admin_url())
        .await
        .unwrap();
    let mut stream = server.stream(&ada).await;
    let mut buffer = String::new();
    assert_eq!(
        crate::common::next_event(&mut stream, &mut buffer, "order").await,
        "*"
    );
    let get_order = || server.post_form(GetOrder::PATH, format!("id={id}"), &ada);

    // Every connection dropped at once: the pool replaces them, nothing fails, and the
    // stream is told to look again once the server listens for events again.
    drop_connections(&admin_conn, &name).await;
    assert_eq!(get_order().await.status(), StatusCode::OK);
    assert_eq!(
        crate::common::next_event(&mut stream, &mut buffer, "order").await,
        "*"
    );

    // Then an outage: the database refuses connections for a while.
    admin_conn
        .execute_unprepared(&format!(
            "ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS false"
        ))
        .await
        .unwrap();
    drop_connections(&admin_conn, &name).await;
    let asked = Instant::now();
    let during = get_order().await;
    eprintln!(
        "Postgres refusing connections: answered {} in {:?}",
        during.status(),
        asked.elapsed()
    );
    assert_eq!(during.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(during.headers().contains_key("retry-after"));
    assert_eq!(server.health().await, Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(
        server.upload(&ada, id, pdf(KB)).await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );

    admin_conn
        .execute_unprepared(&format!(
            "ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS true"
        ))
        .await
        .unwrap();
    // Back without a restart: requests work; the open stream is told to look again once
    // the server listens for events again, and hears of later changes.
    let back = Instant::now();
    server.wait_until_healthy(Duration::from_secs(30)).await;
    eprintln!(
        "Postgres accepting again: healthy after {:?}",
        back.elapsed()
    );
    assert_eq!(get_order().await.status(), StatusCode::OK);
    assert_eq!(
        crate::common::next_event(&mut stream, &mut buffer, "order").await,
        "*",
        "the state again after the outage"
    );
    assert_eq!(
        server.upload(&ada, id, pdf(KB)).await.status(),
        StatusCode::CREATED
    );
    // (Another "look again" may come first: harmless, the page reloads once more.)
    let mut heard = String::new();
    while heard != id.to_string() {
        heard = crate::common::next_event(&mut stream, &mut buffer, "order").await;
    }
    admin_conn.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_started_before_its_database_waits_for_it() {
    let name = format!("regdocs_test_{}", uuid::Uuid::new_v4().simple());
    let base = postgres_admin_url();
    let base = base.rsplit_once('/').unwrap().0;
    let url = format!("{base}/{name}");
    let dir = data_dir();
    let server = ServerProcess::spawn(&url, &dir, &[]);
    while !server.logged("waiting for the database") {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(server.health().await, None, "not serving yet");

    // The database appears; the server comes up without being restarted.
    let created = Instant::now();
    let admin = sea_orm::Database::connect(&postgres_admin_url())
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .unwrap();
    let _dropped_at_the_end = TestDatabase::adopt(&url, &name);
    server.wait_until_healthy(Duration::from_secs(60)).await;
    eprintln!(
        "database created {:?} before the waiting server answered",
        created.elapsed()
    );
    admin.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_sign_ups_at_once_keep_memory_bounded_and_health_answering() {
    let dir = data_dir();
    let database = TestDatabase::sqlite_file();
    let server = ServerProcess::start(
        &database.url,
        &dir,
        // Every request from its own address, and no ceiling on sign-ups per minute:
        // only the bounded password hashing stands between the flood and the memory.
        &[
            ("REGDOCS_TRUST_X_FORWARDED_FOR", "true"),
            ("REGDOCS_SIGNUPS_PER_MINUTE", "100000"),
        ],
    )
    .await;
    let before = server.peak_memory();

    let flood =
        futures_util::future::join_all((0..200).map(|i| {
            let request = server
            .client
            .post(server.url(SignUp::PATH))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header("x-forwarded-for", format!("10.1.{}.{}", i / 250, i % 250 + 1))
            .body(format!(
                "name=Flood+{i}&email=flood{i}%40example.com&password=a+long+enough+passphrase+{i}"
            ));
            async move { request.send().await.map(|r| r.status()) }
        }));
    let health = async {
        let mut slowest = Duration::ZERO;
        for _ in 0..30 {
            let asked = Instant::now();
            assert_eq!(server.health().await, Some(StatusCode::OK));
            slowest = slowest.max(asked.elapsed());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        slowest
    };
    let (statuses, slowest_health) = tokio::join!(flood, health);

    let statuses: Vec<StatusCode> = statuses.into_iter().map(Result::unwrap).collect();
    let created = statuses.iter().filter(|s| s.is_success()).count();
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    let busy = statuses
        .iter()
        .filter(|s| **s == StatusCode::SERVICE_UNAVAILABLE)
        .count();
    assert_eq!(created + limited + busy, 200, "nothing else: {statuses:?}");
    assert!(created >= 1, "some accounts are made");
    assert!(
        busy >= 1,
        "the rest is refused at once, not queued without end"
    );
    let peak = server.peak_memory();
    eprintln!(
        "sign-up flood: {created} created, {limited} limited (429), {busy} busy (503); \
         peak memory {} MB (at start {} MB); slowest /health {slowest_health:?}",
        peak / 1_000_000,
        before / 1_000_000
    );
    assert!(peak < 300_000_000, "peak memory {peak} bytes");
    assert!(
        slowest_health < Duration::from_secs(1),
        "{slowest_health:?}"
    );
}

async fn an_email_left_sending_by_a_crash_goes_back_to_the_queue(database: TestDatabase) {
    use app::backend::entities::mail_outbox;
    use sea_orm::{ActiveModelTrait, Set};
    let app = crate::common::spawn_app(database).await;
    let now = chrono::Utc::now();
    let row = |subject: &str, lease_ends: chrono::DateTime<chrono::Utc>| mail_outbox::ActiveModel {
        kind: Set("registration".into()),
        order_id: Set(None),
        to_address: Set("provider@example.net".into()),
        subject: Set(subject.into()),
        body: Set("…".into()),
        attachments: Set(None),
        status: Set(app::backend::infra::mail::status::SENDING.into()),
        attempts: Set(0),
        next_attempt_at: Set(lease_ends),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    };
    // The process that was sending the first died; the second is being sent right now.
    let abandoned = row("abandoned", now - chrono::Duration::minutes(1))
        .insert(&app.db)
        .await
        .unwrap();
    let in_flight = row("in flight", now + chrono::Duration::minutes(5))
        .insert(&app.db)
        .await
        .unwrap();

    // (The server's own sweeper, which runs at start, may get there first.)
    sweeper::sweep(&app.db, &app.state.documents, now, sweeper::MAX_AGE)
        .await
        .unwrap();

    let status = |id| {
        let db = app.db.clone();
        async move {
            mail_outbox::Entity::find_by_id(id)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .status
        }
    };
    assert_eq!(
        status(abandoned.id).await,
        app::backend::infra::mail::status::QUEUED
    );
    assert_eq!(
        status(in_flight.id).await,
        app::backend::infra::mail::status::SENDING
    );
}

on_both_databases!(an_email_left_sending_by_a_crash_goes_back_to_the_queue);

/// Two server processes on one Postgres database and one S3-compatible store, as behind
/// a load balancer: a customer uploads and submits through one; an admin on the other
/// sees the badge change live and downloads the document, which lives in the bucket.
#[tokio::test]
async fn two_server_processes_share_one_database_and_one_bucket() {
    let moto = crate::common::s3::MotoS3::start().await;
    let bucket = moto.bucket().await;
    let settings = moto.settings(&bucket, "shared");
    let extra: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let database = TestDatabase::postgres().await;
    let one = ServerProcess::start(&database.url, &data_dir(), &extra).await;
    let two = ServerProcess::start(&database.url, &data_dir(), &extra).await;
    let conn = shared_database(&one, &database.url).await;
    let (ada, id) = customer_with_order(&one, &conn, "ada@example.com").await;

    // The admin works on the second server and follows the badge there.
    let admin = two.log_in("root@example.com").await;
    let mut stream = two.stream(&admin).await;
    let mut buffer = String::new();
    assert_eq!(
        crate::common::next_event(&mut stream, &mut buffer, "pending").await,
        "0"
    );

    // The customer uploads and submits through the first.
    let bytes = pdf(3 * KB);
    let uploaded = one.upload(&ada, id, bytes.clone()).await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let doc: app::domain::order_view::DocumentView = uploaded.json().await.unwrap();
    let submitted = one
        .client
        .post(one.url(app::api::orders::SubmitOrder::PATH))
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .header("cookie", &ada)
        .body(serde_json::json!({ "id": id, "answers": { "nexus": "C11" } }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), StatusCode::OK);

    // The second server's admin page hears of it, and gets the document from the bucket.
    assert_eq!(
        crate::common::next_event(&mut stream, &mut buffer, "pending").await,
        "1"
    );
    let download = two
        .client
        .get(two.url(&format!("/documents/{}", doc.id)))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap(), bytes);
    let keys = moto.keys(&bucket).await;
    assert!(
        keys.iter().any(|k| k.starts_with("shared/orders/")),
        "{keys:?}"
    );
    assert!(
        !keys.iter().any(|k| k.starts_with("shared/staging/")),
        "{keys:?}"
    );
}
