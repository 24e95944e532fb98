//! Building and running the server: database, migrations, demo seed, router, listener,
//! graceful shutdown.

use std::{future::Future, net::SocketAddr, sync::Arc};

use anyhow::Context;
use app::{
    App,
    backend::{
        db, seed::seed_demo_data, settings::Settings, state::AppState, storage::DocumentStore,
    },
    shell,
};
use axum::{
    Router,
    body::Body,
    extract::DefaultBodyLimit,
    middleware::{from_fn, from_fn_with_state},
    routing::{get, post},
};
use http::Request;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use migrations::{Migrator, MigratorTrait};
use tokio::net::TcpListener;
use tower::Layer;
use tower_http::{
    compression::CompressionLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::{Level, info};

use crate::{
    guards::{lock_private_areas, refuse_cross_site},
    headers::with_security_headers,
    routes::{
        documents::download_document, events::event_stream, health::health,
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
    let leptos_options = get_configuration(None)
        .context("reading the Leptos configuration")?
        .leptos_options;
    let app = Application::build(settings, leptos_options).await?;
    info!("regdocs is listening on http://{}", app.local_addr());
    app.run_until_stopped(shutdown_signal()).await
}

/// A server that is bound to its address and ready to serve.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Connects to the database, applies pending migrations, seeds demo data when
    /// configured to, and binds `leptos_options.site_addr` (port 0 picks a free one).
    ///
    /// # Errors
    /// When any of those steps fails; the message says which.
    pub async fn build(settings: Settings, leptos_options: LeptosOptions) -> anyhow::Result<Self> {
        let db = db::connect(&settings)
            .await
            .context("connecting to the database")?;
        Migrator::up(&db, None)
            .await
            .context("applying database migrations")?;
        if settings.seed_demo {
            seed_demo_data(&db).await.context("seeding demo data")?;
        }
        let documents = DocumentStore::local(&settings.data_dir.join("documents"))
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| {
                format!(
                    "opening the document store under {}",
                    settings.data_dir.display()
                )
            })?;
        let listener = TcpListener::bind(leptos_options.site_addr)
            .await
            .with_context(|| format!("binding {}", leptos_options.site_addr))?;
        let mailer = app::backend::mail::Mailer::from_settings(&settings)
            .map_err(|e| anyhow::anyhow!("e-mail settings: {e}"))?;
        if mailer.is_sending() {
            info!(host = ?settings.smtp_host, port = settings.smtp_port, "e-mail goes out over SMTP");
        } else {
            info!("no REGDOCS_SMTP_HOST: e-mail is kept in the outbox (Admin › Outbox)");
        }
        mailer.spawn_worker(db.clone(), documents.clone());
        let events = if settings.is_sqlite() {
            app::backend::events::EventBus::default()
        } else {
            app::backend::events::EventBus::on_postgres(1024, &db)
                .await
                .context("listening for live events on Postgres")?
        };
        let state = AppState {
            leptos_options,
            db,
            settings: Arc::new(settings),
            documents,
            events,
            mailer,
        };
        Ok(Self { listener, state })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// The shared state the server runs with.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    ///
    /// # Errors
    /// When the listener fails.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let service = router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await
            .context("serving HTTP")
    }
}

/// The whole HTTP surface: pages and server functions (Leptos), `/health`, static files
/// with a rendered 404 page; around them the lock on private pages, server-function error
/// statuses, cross-site request refusal, security headers, compression and logging.
pub fn router(state: AppState) -> Router {
    let https = state.settings.is_https();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let page = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    let app = Router::new()
        .route("/health", get(health))
        .route("/documents/{id}", get(download_document))
        .route("/events", get(event_stream))
        // Uploads enforce their own limit while streaming.
        .route(
            "/api/orders/{order_id}/items/{item_key}/documents",
            post(upload_document).layer(DefaultBodyLimit::disable()),
        )
        .leptos_routes_with_context(&state, generate_route_list(App), context.clone(), page)
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .with_state(state.clone());
    // The lock may answer with another page, so it runs before routing: it wraps
    // the routed app as a service instead of being one of its layers.
    let locked = from_fn_with_state(state.clone(), lock_private_areas).layer(app);
    let guarded = Router::new()
        .fallback_service(locked)
        .layer(from_fn(map_server_fn_error_status))
        .layer(from_fn_with_state(state, refuse_cross_site));
    with_security_headers(guarded, https)
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
    info!("shutting down: finishing requests in flight");
}
