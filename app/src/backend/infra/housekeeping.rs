//! Keeping tables from growing without end: sessions that have ended (expired, or idle
//! past `REGDOCS_SESSION_IDLE_MINUTES`), throttle counters whose window ended long
//! ago and that block nothing, the API's idempotency answers older than a day and
//! sign-in links that have expired. Removing them changes no behaviour: an ended session is
//! refused anyway, and a counter whose window has ended starts afresh on the next attempt.
//! Runs every hour on one instance at a time (the one holding its lease).

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter};
use tracing::info;

use crate::{
    backend::{
        entities::{handoff_link, login_throttle, session},
        infra::{leases, state::AppState},
    },
    error::AppError,
};

/// Its name in the job leases.
pub const JOB: &str = "housekeeping";

/// How often a running server tidies.
const EVERY: Duration = Duration::from_secs(60 * 60);

/// Throttle counters are kept this long after their window started (the longest window
/// is an hour).
const THROTTLE_KEPT: chrono::Duration = chrono::Duration::days(1);

/// What one round removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tidied {
    pub sessions: u64,
    pub throttles: u64,
    pub idempotency: u64,
    pub links: u64,
}

/// Removes, as of `now`, the sessions that have ended (`idle`: how long a session may go
/// unused) and the throttle counters that are over.
///
/// # Errors
/// Database failures.
pub async fn tidy(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    idle: chrono::Duration,
) -> Result<Tidied, AppError> {
    let sessions = session::Entity::delete_many()
        .filter(
            Condition::any()
                .add(session::Column::ExpiresAt.lte(now))
                .add(session::Column::LastSeenAt.lte(now - idle)),
        )
        .exec(db)
        .await?
        .rows_affected;
    let throttles = login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::WindowStartedAt.lt(now - THROTTLE_KEPT))
        .filter(
            Condition::any()
                .add(login_throttle::Column::BlockedUntil.is_null())
                .add(login_throttle::Column::BlockedUntil.lt(now)),
        )
        .exec(db)
        .await?
        .rows_affected;
    let idempotency = crate::backend::billing::idempotency::sweep(db, now).await?;
    let links = handoff_link::Entity::delete_many()
        .filter(handoff_link::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?
        .rows_affected;
    let tidied = Tidied {
        sessions,
        throttles,
        idempotency,
        links,
    };
    if tidied != Tidied::default() {
        info!(
            sessions,
            throttles, idempotency, links, "removed ended sessions, counters, answers and links"
        );
    }
    Ok(tidied)
}

/// Tidies at start and then every hour, until the server shuts down (on one instance
/// at a time).
pub fn spawn(state: &AppState) {
    let idle = state.settings.session_policy().idle;
    leases::spawn_periodic(state, JOB, EVERY, true, move |state| async move {
        tidy(&state.db, Utc::now(), idle).await.map(|_| ())
    });
}
