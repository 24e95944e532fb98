//! Building and running the server: database, migrations, demo seed, router, listener,
//! background work, and the graceful shutdown.
//!
//! On SIGTERM (what `docker stop`, systemd and Kubernetes send) the server stops
//! accepting connections, ends every event stream (browsers reconnect, to another
//! instance behind a load balancer), lets the requests and uploads in flight finish for
//! up to `REGDOCS_SHUTDOWN_GRACE_SECS`, and exits.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use app::{
    App,
    backend::{
        accounts::password::HashPool, catalog::seed::seed_demo_data, infra::db,
        infra::limits::PerAccount, infra::secrets::SigningKey, infra::settings::Settings,
        infra::shutdown::Shutdown, infra::state::AppState, infra::storage::DocumentStore,
        infra::sweeper, orders::backlog::Backlog,
    },
    shell,
};
use axum::{
    Router,
    body::Body,
    extract::DefaultBodyLimit,
    middleware::{from_fn, from_fn_with_state},
    routing::{get, post},
    serve::ListenerExt,
};
use http::Request;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use migrations::{Migrator, MigratorTrait};
use tokio::net::TcpListener;
use tower::Layer;
use tower_http::{
    compression::CompressionLayer,
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::{Level, info, warn};

use crate::{
    guards::{Guard, PageLocks, lock_private_areas, refuse_cross_site},
    headers::{private_by_default, with_security_headers},
    routes::{
        documents::{download_document, download_linked_document},
        events::event_stream,
        export::export_account,
        handoff::open_sign_in_link,
        health::health,
        uploads::upload_document,
    },
    server_fn_errors::map_server_fn_error_status,
    telemetry,
};

/// Reads the configuration from the environment and serves until SIGTERM or ctrl-c.
///
/// # Errors
/// When the configuration is unusable, the database unreachable, a migration fails or
/// the address is taken.
pub async fn run() -> anyhow::Result<()> {
    let settings = Settings::from_env().context("reading the configuration")?;
    telemetry::init(&settings.log_filter);
    let mut leptos_options = get_configuration(None)
        .context("reading the Leptos configuration")?
        .leptos_options;
    leptos_options.hash_files = hashed_assets(&leptos_options);
    let app = Application::build(settings, leptos_options).await?;
    info!("regdocs is listening on http://{}", app.local_addr());
    app.run_until_stopped(shutdown_signal()).await
}

/// Whether the site's files carry content hashes in their names: what
/// `LEPTOS_HASH_FILES` says (`cargo leptos serve` sets it), else whether the build left
/// its list of hashes (`hash.txt`) next to this binary, as `cargo leptos build` does with
/// `hash-files` on. Started any other way, the server still names the files the build made.
fn hashed_assets(options: &LeptosOptions) -> bool {
    if std::env::var_os("LEPTOS_HASH_FILES").is_some() {
        return options.hash_files;
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
        .is_some_and(|list| list.is_file())
}

/// A server that is bound to its address and ready to serve.
pub struct Application {
    listener: TcpListener,
    /// `REGDOCS_METRICS_ADDR`'s listener, serving `/metrics` alone.
    metrics: Option<TcpListener>,
    state: AppState,
}

impl Application {
    /// Connects to the database, applies pending migrations, seeds demo data when
    /// configured to, and binds `leptos_options.site_addr` (port 0 picks a free one).
    ///
    /// # Errors
    /// When any of those steps fails; the message says which.
    pub async fn build(settings: Settings, leptos_options: LeptosOptions) -> anyhow::Result<Self> {
        let patience = Duration::from_secs(u64::from(settings.db_wait_secs));
        let db = db::connect_waiting(&settings, patience)
            .await
            .context("connecting to the database")?;
        let passwords = HashPool::default();
        // Several instances starting at once on one Postgres database migrate and seed
        // one after the other (the others then find everything done).
        let setup = db::SetupLock::take(&db)
            .await
            .context("waiting for other instances' start-up")?;
        Migrator::up(&db, None)
            .await
            .context("applying database migrations")?;
        if settings.seed_demo {
            seed_demo_data(&db, &passwords)
                .await
                .context("seeding demo data")?;
        }
        setup.release().await;
        let signing_key = SigningKey::load(&db, settings.secret_key.as_ref())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("loading the signing key")?;
        let documents = DocumentStore::open(&settings.storage, &settings.aws)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| {
                format!(
                    "opening the document store at {}",
                    settings.storage.describe()
                )
            })?;
        info!(storage = %settings.storage.describe(), "documents are kept here");
        crate::metrics::install();
        let metrics = match settings.metrics_addr {
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("binding {addr} for /metrics"))?,
            ),
            None => None,
        };
        let listener = TcpListener::bind(leptos_options.site_addr)
            .await
            .with_context(|| format!("binding {}", leptos_options.site_addr))?;
        let mailer = app::backend::infra::mail::Mailer::from_settings(&settings)
            .map_err(|e| anyhow::anyhow!("e-mail settings: {e}"))?;
        if mailer.is_sending() {
            info!(host = ?settings.smtp_host, port = settings.smtp_port, "e-mail goes out over SMTP");
        } else {
            info!("no REGDOCS_SMTP_HOST: e-mail is kept in the outbox (Admin › Outbox)");
        }
        mailer.spawn_worker(db.clone(), documents.clone());
        let events = if settings.is_sqlite() {
            app::backend::infra::events::EventBus::default()
        } else {
            app::backend::infra::events::EventBus::on_postgres(1024, &db)
                .await
                .context("listening for live events on Postgres")?
        };
        let shutdown = Shutdown::default();
        let backlog = Backlog::follow(db.clone(), &events, shutdown.clone(), settings.sla_policy());
        let state = AppState {
            leptos_options,
            db,
            passwords,
            signing_key,
            uploads: PerAccount::new(settings.max_parallel_uploads),
            streams: PerAccount::new(settings.max_streams_per_account),
            shutdown,
            instance: app::backend::infra::leases::new_holder().into(),
            backlog,
            settings: Arc::new(settings),
            documents,
            events,
            mailer,
        };
        sweeper::spawn(&state);
        app::backend::infra::housekeeping::spawn(&state);
        app::backend::orders::retention::spawn(&state);
        app::backend::orders::reminders::spawn(&state);
        app::backend::orders::claims::spawn_expiry(&state);
        app::backend::billing::webhooks::spawn_worker(&state);
        Ok(Self {
            listener,
            metrics,
            state,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// The address `/metrics` is served on alone, if one is configured.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|l| l.local_addr().ok())
    }

    /// The shared state the server runs with.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes; then stops accepting, ends the event streams,
    /// and gives the requests in flight the grace period to finish.
    ///
    /// # Errors
    /// When the listener fails.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let stopping = self.state.shutdown.clone();
        let grace = Duration::from_secs(u64::from(self.state.settings.shutdown_grace_secs));
        tokio::spawn({
            let stopping = stopping.clone();
            async move {
                shutdown.await;
                info!(
                    grace_secs = grace.as_secs(),
                    "shutting down: no new connections; finishing requests in flight"
                );
                stopping.fire();
            }
        });
        if let Some(listener) = self.metrics {
            let scrape = Router::new()
                .route("/metrics", get(crate::metrics::metrics_open))
                .with_state(self.state.clone());
            let stopping = stopping.clone();
            tokio::spawn(async move {
                let served = axum::serve(listener, scrape)
                    .with_graceful_shutdown(async move { stopping.fired().await })
                    .await;
                if let Err(err) = served {
                    tracing::error!(%err, "serving /metrics");
                }
            });
        }
        let service = router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        // Without TCP_NODELAY a page streamed in several writes waits for the client's
        // delayed acknowledgement (~40 ms on Linux) before its last part goes out.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(err) = tcp.set_nodelay(true) {
                warn!(%err, "cannot set TCP_NODELAY");
            }
        });
        let serving = axum::serve(listener, service).with_graceful_shutdown({
            let stopping = stopping.clone();
            async move { stopping.fired().await }
        });
        let deadline = async {
            stopping.fired().await;
            tokio::time::sleep(grace).await;
        };
        tokio::select! {
            served = serving => served.context("serving HTTP"),
            () = deadline => {
                warn!("the grace period is over; exiting with requests still in flight");
                Ok(())
            }
        }
    }
}

/// The whole HTTP surface: pages and server functions (Leptos), the REST API for billing
/// systems (`/api/v1`), one-time sign-in links, `/health`, static files
/// with a rendered 404 page; around them the lock on private pages, server-function error
/// statuses, cross-site request refusal, security headers, compression and logging.
pub fn router(state: AppState) -> Router {
    let https = state.settings.is_https();
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            // The page marks its scripts with the nonce `headers::page_policy` puts in
            // its policy.
            let nonce = use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<crate::headers::PageNonce>().cloned());
            if let Some(nonce) = nonce {
                provide_context(leptos::nonce::Nonce::from_value(nonce.0));
            }
        }
    };
    let page = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    // Every request but an upload or an event stream must be answered within the
    // timeout; uploads have an idle timeout of their own, streams last.
    let timeout = Duration::from_secs(u64::from(state.settings.request_timeout_secs));
    let routes = generate_route_list(App);
    let pages = Arc::new(PageLocks::new(routes.iter().map(|r| r.path())));
    let app = Router::new()
        .route("/health", get(health))
        .route("/documents/{id}", get(download_document))
        .route("/documents/{id}/link", get(download_linked_document))
        .route("/sign-in/link/{token}", get(open_sign_in_link))
        .nest("/api/v1", crate::api_v1::router(&state))
        .leptos_routes_with_context(&state, routes, context.clone(), page)
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(TimeoutLayer::with_status_code(
            http::StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .route("/events", get(event_stream))
        // Building a large export may take longer than the timeout.
        .route("/account/export", get(export_account))
        // Uploads enforce their own limit while streaming.
        .route(
            "/api/orders/{order_id}/items/{item_key}/documents",
            post(upload_document).layer(DefaultBodyLimit::disable()),
        )
        .route("/metrics", get(crate::metrics::metrics_with_token))
        // Inside the routing: each request is counted under its route's pattern.
        .layer(from_fn(crate::metrics::track))
        .with_state(state.clone());
    // The lock may answer with another page, so it runs before routing: it wraps
    // the routed app as a service instead of being one of its layers.
    let guard = Guard {
        state: state.clone(),
        pages,
    };
    let locked = from_fn_with_state(guard, lock_private_areas).layer(app);
    let guarded = Router::new()
        .fallback_service(locked)
        .layer(from_fn(crate::headers::page_policy))
        .layer(from_fn(crate::headers::request_language))
        .layer(from_fn(map_server_fn_error_status))
        .layer(from_fn_with_state(state, refuse_cross_site));
    with_security_headers(guarded, https)
        .layer(from_fn(private_by_default))
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                // The path only: query strings may carry tokens.
                .make_span_with(|req: &Request<Body>| {
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}

/// Completes on ctrl-c or SIGTERM (what `docker stop` and systemd send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(%err, "cannot listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
