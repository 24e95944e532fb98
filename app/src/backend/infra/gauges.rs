//! What the metrics endpoint reads from the database when it is scraped: the review
//! queue (its length and how long the oldest order waits), the e-mail outbox's backlog
//! and the connection pool's use. A few indexed reads per scrape, none per request.

use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseBackend, EntityTrait, PaginatorTrait, QueryFilter};

use crate::{
    backend::{
        entities::mail_outbox,
        infra::{mail::status, state::AppState},
        orders::review,
    },
    error::AppError,
};

/// The figures of one scrape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gauges {
    /// Orders waiting for review.
    pub queue_length: u64,
    /// How long the order waiting longest has waited, in seconds (0 with none).
    pub queue_oldest_seconds: f64,
    /// E-mails queued or being sent.
    pub outbox_backlog: u64,
    /// Database connections open, of them idle, and the most the pool opens.
    pub pool_open: u32,
    pub pool_idle: u32,
    pub pool_max: u32,
}

/// Reads the figures now.
///
/// # Errors
/// Database failures.
pub async fn read(state: &AppState) -> Result<Gauges, AppError> {
    let db = &state.db;
    // The shared count the admin badge shows; counted now if not counted yet.
    let queue_length = match state.backlog.current() {
        Some(count) => count,
        None => review::pending_count(db).await?,
    };
    let queue_oldest_seconds = review::oldest_waiting(db).await?.map_or(0.0, |since| {
        (Utc::now() - since).num_milliseconds().max(0) as f64 / 1000.0
    });
    let outbox_backlog = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Status.is_in([status::QUEUED, status::SENDING]))
        .count(db)
        .await?;
    let (pool_open, pool_idle) = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (
                pool.size(),
                u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
            )
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            (
                pool.size(),
                u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
            )
        }
    };
    Ok(Gauges {
        queue_length,
        queue_oldest_seconds,
        outbox_backlog,
        pool_open,
        pool_idle,
        pool_max: state.settings.db_max_connections,
    })
}
