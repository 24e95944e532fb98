//! Test support: throw-away databases (SQLite in memory, Postgres created per test under
//! a UUID name and dropped afterwards) and `spawn_app`, which starts the real router on
//! a free port.

pub mod flow;
pub mod s3;
pub mod smtp;

use std::{net::SocketAddr, sync::Arc};

use app::backend::{infra::settings::Settings, infra::state::AppState};
use leptos::prelude::LeptosOptions;
use sea_orm::{
    ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait, QueryFilter,
};
use server::startup::Application;

/// Where the Postgres tests connect to create their databases.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database that exists only for one test.
pub struct TestDatabase {
    pub url: String,
    postgres_name: Option<String>,
    /// A SQLite file (removed with its journal files when the test ends).
    sqlite_file: Option<std::path::PathBuf>,
}

impl TestDatabase {
    /// An in-memory SQLite database (gone when its connection closes).
    pub fn sqlite() -> Self {
        Self {
            url: "sqlite::memory:".into(),
            postgres_name: None,
            sqlite_file: None,
        }
    }

    /// A SQLite database in a file, as `make run` has it: a pool of connections that
    /// really run at once (an in-memory one has a single connection, which hides every
    /// race).
    pub fn sqlite_file() -> Self {
        let path =
            std::env::temp_dir().join(format!("regdocs-test-{}.db", uuid::Uuid::new_v4().simple()));
        Self {
            url: format!("sqlite://{}?mode=rwc", path.display()),
            postgres_name: None,
            sqlite_file: Some(path),
        }
    }

    /// The same database, for a second server instance (dropped with the first only).
    pub fn again(&self) -> Self {
        Self {
            url: self.url.clone(),
            postgres_name: None,
            sqlite_file: None,
        }
    }

    /// A new, empty Postgres database named `regdocs_test_<uuid>`.
    ///
    /// Panics with a clear message when Postgres cannot be reached: a Postgres test that
    /// silently skipped would prove nothing.
    pub async fn postgres() -> Self {
        let admin_url = postgres_admin_url();
        let name = format!("regdocs_test_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(&admin_url).await.unwrap_or_else(|err| {
            panic!(
                "cannot reach Postgres at {admin_url} ({err}); start it or set TEST_DATABASE_URL"
            )
        });
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create the test database");
        admin.close().await.ok();
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(b, _)| b);
        Self {
            url: format!("{base}/{name}"),
            postgres_name: Some(name),
            sqlite_file: None,
        }
    }

    /// A database another [`TestDatabase`] owns (a second server instance on it); it is
    /// dropped with its owner, not with this.
    pub fn borrowed(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            postgres_name: None,
            sqlite_file: None,
        }
    }

    /// The Postgres database `name` at `url`, made by someone else: dropped with this.
    pub fn adopt(url: &str, name: &str) -> Self {
        Self {
            url: url.to_owned(),
            postgres_name: Some(name.to_owned()),
            sqlite_file: None,
        }
    }

    /// Drops the database now (Postgres); later use of it fails like a real outage.
    pub async fn drop_database(&self) {
        if let Some(name) = &self.postgres_name {
            let admin = Database::connect(&postgres_admin_url())
                .await
                .expect("reach Postgres");
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await
                .expect("drop the test database");
            admin.close().await.ok();
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(path) = self.sqlite_file.take() {
            for suffix in ["", "-wal", "-shm"] {
                let mut file = path.clone().into_os_string();
                file.push(suffix);
                let _ = std::fs::remove_file(file);
            }
        }
        let Some(name) = self.postgres_name.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot be blocked on: use a thread
        // with a runtime of its own, and wait for it so no database outlives the test.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(rt) = rt {
                rt.block_on(async {
                    if let Ok(admin) = Database::connect(&postgres_admin_url()).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await;
                        let _ = admin.close().await;
                    }
                });
            }
        })
        .join();
    }
}

/// Runs an async test function once on SQLite and once on Postgres, as two tests named
/// `<function>::sqlite` and `<function>::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($($test:ident),+ $(,)?) => {
        $(
            mod $test {
                #[tokio::test]
                async fn sqlite() {
                    super::$test($crate::common::TestDatabase::sqlite()).await;
                }

                #[tokio::test]
                async fn postgres() {
                    super::$test($crate::common::TestDatabase::postgres().await).await;
                }
            }
        )+
    };
}

/// Runs an async test function on a multi-threaded runtime once on a SQLite file and
/// once on Postgres, as `<function>::sqlite` and `<function>::postgres`: for invariants
/// that requests running truly at the same time could break.
#[macro_export]
macro_rules! in_parallel_on_both_databases {
    ($($test:ident),+ $(,)?) => {
        $(
            mod $test {
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() {
                    super::$test($crate::common::TestDatabase::sqlite_file()).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() {
                    super::$test($crate::common::TestDatabase::postgres().await).await;
                }
            }
        )+
    };
}

/// A running server and a client for it.
pub struct TestApp {
    pub addr: SocketAddr,
    /// Where `/metrics` is served alone (with `REGDOCS_METRICS_ADDR`).
    pub metrics_addr: Option<SocketAddr>,
    pub client: reqwest::Client,
    pub state: AppState,
    pub db: DatabaseConnection,
    pub database: TestDatabase,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }
}

/// The settings a test server runs with: the given database, demo seed on.
pub fn test_settings(database_url: &str) -> Settings {
    test_settings_with(database_url, &[])
}

/// [`test_settings`] with more variables (e-mail, registrar address ...).
pub fn test_settings_with(database_url: &str, extra: &[(&str, String)]) -> Settings {
    let data_dir =
        std::env::temp_dir().join(format!("regdocs-test-{}", uuid::Uuid::new_v4().simple()));
    Settings::from_vars(
        [
            ("DATABASE_URL".to_owned(), database_url.to_owned()),
            (
                "REGDOCS_DATA_DIR".to_owned(),
                data_dir.display().to_string(),
            ),
            ("REGDOCS_SEED_DEMO".to_owned(), "true".to_owned()),
            ("RUST_LOG".to_owned(), "warn".to_owned()),
        ]
        .into_iter()
        .chain(extra.iter().map(|(k, v)| ((*k).to_owned(), v.clone())))
        .collect::<Vec<_>>(),
    )
    .expect("test settings are valid")
}

/// Starts the real server on a free port with `database`.
pub async fn spawn_app(database: TestDatabase) -> TestApp {
    spawn_app_with(database, &[]).await
}

/// [`spawn_app`] with more settings.
pub async fn spawn_app_with(database: TestDatabase, extra: &[(&str, String)]) -> TestApp {
    server::telemetry::init(&std::env::var("RUST_LOG").unwrap_or_else(|_| "error".into()));
    let options = LeptosOptions::builder()
        .output_name(Arc::<str>::from("regdocs"))
        .site_root(Arc::<str>::from("target/site"))
        .site_addr(SocketAddr::from(([127, 0, 0, 1], 0)))
        .build();
    let app = Application::build(test_settings_with(&database.url, extra), options)
        .await
        .expect("the server starts");
    let addr = app.local_addr();
    let metrics_addr = app.metrics_addr();
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        // A guard against a hanging test, not a measurement: a request that gets no
        // complete answer in a minute fails, naming its URL, instead of stalling CI.
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("client");
    TestApp {
        addr,
        metrics_addr,
        client,
        db: state.db.clone(),
        state,
        database,
    }
}

impl TestApp {
    /// POSTs a form the way a server-function client does, with the given cookie.
    pub async fn post_form(
        &self,
        path: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let body: String = form
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request = self
            .client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(body);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request")
    }

    /// Calls server function `F` with its typed arguments, as the browser's client does
    /// (JSON or form encoded, as the function takes them).
    pub async fn call<F>(&self, args: &F, cookie: Option<&str>) -> reqwest::Response
    where
        F: leptos::server_fn::ServerFn + serde::Serialize,
    {
        let mut request = self
            .client
            .post(self.url(F::PATH))
            .header("accept", "application/json");
        // `PostUrl` input is form-encoded; the others here take JSON.
        request = if std::any::type_name::<F::Protocol>().contains("PostUrl") {
            request.form(args)
        } else {
            request.json(args)
        };
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request")
    }

    /// POSTs JSON the way a server function with JSON input is called.
    pub async fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(path))
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .body(body.to_string());
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request")
    }

    /// GETs `path` with the given cookie.
    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .expect("request")
    }

    /// Creates an account directly (customer or admin) and returns its session cookie
    /// after signing in through HTTP.
    pub async fn signed_in(&self, email: &str, role: app::domain::Role) -> String {
        app::backend::accounts::auth::create_account(
            &self.db,
            &self.state.passwords,
            "Test Person",
            email,
            TEST_PASSWORD,
            role,
        )
        .await
        .expect("create account");
        self.log_in(email, TEST_PASSWORD)
            .await
            .expect("sign in succeeds")
    }

    /// The id of the admin the demo seed created.
    pub async fn demo_admin_id(&self) -> i32 {
        app::backend::entities::user::Entity::find()
            .filter(
                app::backend::entities::user::Column::Email
                    .eq(app::backend::catalog::seed::DEMO_ADMIN_EMAIL),
            )
            .one(&self.db)
            .await
            .expect("query")
            .expect("the demo seed made an admin")
            .id
    }

    /// A service context acting as the demo admin.
    pub async fn demo_admin_ctx(&self) -> app::backend::infra::ctx::Ctx {
        let admin = app::backend::entities::user::Entity::find_by_id(self.demo_admin_id().await)
            .one(&self.db)
            .await
            .expect("query")
            .expect("the demo admin");
        app::backend::infra::ctx::Ctx::new(self.state.clone(), admin)
    }

    /// Signs in through the server function; the session cookie (`name=value`) on success.
    pub async fn log_in(&self, email: &str, password: &str) -> Result<String, reqwest::Response> {
        use leptos::server_fn::ServerFn;
        let response = self
            .post_form(
                app::api::account::LogIn::PATH,
                &[("email", email), ("password", password)],
                None,
            )
            .await;
        match session_cookie_of(&response) {
            Some(cookie) => Ok(cookie),
            None => Err(response),
        }
    }

    /// The account the cookie signs in, as `whoami` answers (JSON `null` when none).
    pub async fn whoami(&self, cookie: &str) -> serde_json::Value {
        use leptos::server_fn::ServerFn;
        let response = self
            .post_form(app::api::account::Whoami::PATH, &[], Some(cookie))
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.expect("json")
    }
}

/// The password every test account gets.
pub const TEST_PASSWORD: &str = "correct horse battery staple";

/// `name=value` of the session cookie a response sets, if it sets one with a value.
pub fn session_cookie_of(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|pair| pair.starts_with("regdocs_session=") && pair.len() > "regdocs_session=".len())
        .map(ToOwned::to_owned)
}

fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The data of the next `name` event of an event stream, reading more as needed.
pub async fn next_event(stream: &mut reqwest::Response, buffer: &mut String, name: &str) -> String {
    let wanted = format!("event: {name}\ndata: ");
    loop {
        if let Some(start) = buffer.find(&wanted) {
            let rest = &buffer[start + wanted.len()..];
            if let Some(end) = rest.find('\n') {
                let data = rest[..end].to_owned();
                *buffer = rest[end..].to_owned();
                return data;
            }
        }
        // A guard against a hanging test, not a measurement.
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(30), stream.chunk())
            .await
            .expect("an event within 30 s")
            .unwrap()
            .expect("the stream stays open");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

/// An upload whose body the test sends in two parts, so that other requests can happen
/// between them: the first part goes at once, the rest when `finish` is called.
pub struct SlowUpload {
    rest: tokio::sync::mpsc::Sender<Result<bytes::Bytes, std::io::Error>>,
    response: tokio::task::JoinHandle<reqwest::Result<reqwest::Response>>,
}

impl SlowUpload {
    /// Starts sending `bytes` to the upload address `url`.
    pub async fn start(client: &reqwest::Client, url: &str, cookie: &str, bytes: Vec<u8>) -> Self {
        let (sender, receiver) = tokio::sync::mpsc::channel(2);
        let body = futures_util::stream::unfold(receiver, |mut receiver| async move {
            receiver.recv().await.map(|chunk| (chunk, receiver))
        });
        let (head, tail) = bytes.split_at(bytes.len() / 2);
        sender
            .send(Ok(bytes::Bytes::copy_from_slice(head)))
            .await
            .unwrap();
        sender
            .send(Ok(bytes::Bytes::copy_from_slice(tail)))
            .await
            .unwrap();
        let request = client
            .post(url)
            .header("cookie", cookie)
            .header("x-file-name", "late.pdf")
            .body(reqwest::Body::wrap_stream(body));
        let response = tokio::spawn(request.send());
        // The sender is kept: the body is complete only when it is dropped.
        Self {
            rest: sender,
            response,
        }
    }

    /// Ends the body; the server's answer (or why there is none: the server went away).
    pub async fn finish(self) -> reqwest::Result<reqwest::Response> {
        drop(self.rest);
        self.response.await.expect("the request task")
    }
}
