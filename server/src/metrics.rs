//! Prometheus metrics: what the server counts as it works, and `/metrics`, the text
//! format Prometheus scrapes, served on an address of its own (`REGDOCS_METRICS_ADDR`)
//! or on the app's address behind a bearer token (`REGDOCS_METRICS_TOKEN`); with
//! neither, there is no `/metrics`.
//!
//! Counted as it happens: requests per route, method and status with their latency
//! (`regdocs_http_*`), uploads stored and refused and the bytes stored
//! (`regdocs_upload*`), open event streams. Read from the database at each scrape: the
//! review queue's length and the age of its oldest order, the e-mail outbox's backlog,
//! the connection pool's use (see `app::backend::infra::gauges`).

use std::{sync::OnceLock, time::Duration, time::Instant};

use axum::{
    body::Body,
    extract::{MatchedPath, State},
    http::{HeaderMap, Request, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

use app::backend::infra::{gauges, state::AppState};

/// Request latency buckets, in seconds.
const SECONDS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The process's recorder (one per process: the test binary starts many servers).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("regdocs_http_request_duration_seconds".into()),
                SECONDS,
            )
            .expect("the buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was installed before: /metrics shows nothing");
        }
        // Histograms and summaries drain their buckets now and then (no runtime needed).
        let upkeep = handle.clone();
        std::thread::Builder::new()
            .name("metrics-upkeep".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_secs(5));
                    upkeep.run_upkeep();
                }
            })
            .expect("start the metrics upkeep thread");
        describe();
        handle
    })
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "regdocs_http_requests_total",
        "Requests answered, by route, method and status."
    );
    describe_histogram!(
        "regdocs_http_request_duration_seconds",
        Unit::Seconds,
        "Time to the response's head, by route and method (a stream's or a download's body may take longer)."
    );
    describe_counter!(
        "regdocs_uploads_total",
        "Uploads, by outcome (stored, refused) and status."
    );
    describe_counter!(
        "regdocs_upload_bytes_total",
        Unit::Bytes,
        "Bytes of documents stored."
    );
    describe_gauge!(
        "regdocs_event_streams_open",
        "Live pages (event streams) open on this server."
    );
    describe_gauge!("regdocs_review_queue_length", "Orders waiting for review.");
    describe_gauge!(
        "regdocs_review_queue_oldest_seconds",
        Unit::Seconds,
        "How long the order waiting longest for review has waited."
    );
    describe_gauge!("regdocs_outbox_backlog", "E-mails queued or being sent.");
    describe_gauge!(
        "regdocs_db_pool_connections",
        "Database connections of this server's pool, by state (idle, in_use), and its most (max)."
    );
}

/// Starts recording (idempotent); called when the server is built.
pub fn install() {
    handle();
}

/// Counts every request with its route (the route's pattern, never the raw path: the
/// number of series stays bounded), method, status and latency.
pub async fn track(request: Request<Body>, next: Next) -> Response {
    let route = match request.extensions().get::<MatchedPath>() {
        Some(path) => path.as_str().to_owned(),
        None if request.uri().path().starts_with("/pkg/") => "/pkg/*".to_owned(),
        None => "other".to_owned(),
    };
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    histogram!("regdocs_http_request_duration_seconds", "route" => route.clone(), "method" => method.clone())
        .record(started.elapsed().as_secs_f64());
    counter!("regdocs_http_requests_total", "route" => route, "method" => method, "status" => status)
        .increment(1);
    response
}

/// An upload's outcome: stored (with its size) or refused (with the status answered).
pub fn upload_done(stored_bytes: Option<u64>, status: StatusCode) {
    match stored_bytes {
        Some(bytes) => {
            counter!("regdocs_uploads_total", "outcome" => "stored", "status" => status.as_u16().to_string()).increment(1);
            counter!("regdocs_upload_bytes_total").increment(bytes);
        }
        None => {
            counter!("regdocs_uploads_total", "outcome" => "refused", "status" => status.as_u16().to_string()).increment(1);
        }
    }
}

/// Held by an open event stream: counted while it lives.
pub struct OpenStream(());

impl OpenStream {
    pub fn new() -> Self {
        gauge!("regdocs_event_streams_open").increment(1.0);
        Self(())
    }
}

impl Default for OpenStream {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        gauge!("regdocs_event_streams_open").decrement(1.0);
    }
}

/// The text Prometheus reads, with the database's figures read now.
async fn render(state: &AppState) -> Response {
    match gauges::read(state).await {
        Ok(now) => {
            gauge!("regdocs_review_queue_length").set(now.queue_length as f64);
            gauge!("regdocs_review_queue_oldest_seconds").set(now.queue_oldest_seconds);
            gauge!("regdocs_outbox_backlog").set(now.outbox_backlog as f64);
            let in_use = now.pool_open.saturating_sub(now.pool_idle);
            gauge!("regdocs_db_pool_connections", "state" => "idle").set(f64::from(now.pool_idle));
            gauge!("regdocs_db_pool_connections", "state" => "in_use").set(f64::from(in_use));
            gauge!("regdocs_db_pool_connections", "state" => "max").set(f64::from(now.pool_max));
        }
        // The figures counted in memory are still worth a scrape; the database's are
        // left as they were and the failure is logged.
        Err(err) => tracing::warn!(%err, "metrics: cannot read the database's figures"),
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle().render(),
    )
        .into_response()
}

/// `GET /metrics` on the app's address: only with `REGDOCS_METRICS_TOKEN`, and only for
/// requests that bring it as `Authorization: Bearer <token>`.
pub async fn metrics_with_token(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.settings.metrics_token.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compared as digests: no early exit that tells how much of a guess was right.
    if Sha256::digest(given.as_bytes()) != Sha256::digest(token.expose_secret().as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "A bearer token is needed.",
        )
            .into_response();
    }
    render(&state).await
}

/// `GET /metrics` on `REGDOCS_METRICS_ADDR`: whoever reaches that address may read.
pub async fn metrics_open(State(state): State<AppState>) -> Response {
    render(&state).await
}
