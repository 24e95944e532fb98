//! Jobs that must run once across several server instances on one Postgres database
//! (the sweeper, claim expiry) take a lease before each run: a row in `job_leases` naming
//! the instance that holds it and until when, taken or renewed in one statement, on the
//! database's clock. A lease that is free, lapsed or already this instance's is taken;
//! one held by a live instance is not. When its holder dies, the lease runs out and
//! another instance takes the job over. On SQLite (one instance by nature) every run
//! may go ahead.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use crate::error::AppError;

/// A server instance's name in the leases: new on every start.
pub fn new_holder() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Takes (or renews) the lease of `job` for `holder` for `ttl`; whether `holder` holds
/// it now and may run the job.
///
/// # Errors
/// Database failures.
pub async fn take(
    db: &DatabaseConnection,
    job: &str,
    holder: &str,
    ttl: Duration,
) -> Result<bool, AppError> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(true);
    }
    let seconds = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX) as f64 / 1000.0;
    let taken = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            r#"INSERT INTO "job_leases" ("name", "holder", "expires_at")
               VALUES ($1, $2, now() + make_interval(secs => $3))
               ON CONFLICT ("name") DO UPDATE
                 SET "holder" = EXCLUDED."holder", "expires_at" = EXCLUDED."expires_at"
                 WHERE "job_leases"."holder" = EXCLUDED."holder"
                    OR "job_leases"."expires_at" < now()
               RETURNING "holder""#,
            [job.into(), holder.into(), seconds.into()],
        ))
        .await?;
    Ok(taken.is_some())
}

/// Gives the lease of `job` up, if `holder` holds it (on shutdown: another instance need
/// not wait for it to run out).
///
/// # Errors
/// Database failures.
pub async fn release(db: &DatabaseConnection, job: &str, holder: &str) -> Result<(), AppError> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        r#"DELETE FROM "job_leases" WHERE "name" = $1 AND "holder" = $2"#,
        [job.into(), holder.into()],
    ))
    .await?;
    Ok(())
}

/// Runs `run` every `every` until the server shuts down, on one instance at a time:
/// each round first takes (or renews) `job`'s lease, for half a round more than a round,
/// and runs only if it holds it; on shutdown the lease is given up. The first round
/// runs at once when `at_start`, else after `every`. A failed round is logged and the
/// next one tries again.
pub fn spawn_periodic<F, Fut>(
    state: &crate::backend::infra::state::AppState,
    job: &'static str,
    every: Duration,
    at_start: bool,
    run: F,
) where
    F: Fn(crate::backend::infra::state::AppState) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(), AppError>> + Send,
{
    let state = state.clone();
    tokio::spawn(async move {
        let lease = every + every / 2;
        let mut due = at_start;
        loop {
            if due {
                match take(&state.db, job, &state.instance, lease).await {
                    Ok(true) => {
                        if let Err(err) = run(state.clone()).await {
                            tracing::warn!(job, error = %err, "a periodic job failed; trying again later");
                        }
                    }
                    Ok(false) => {}
                    Err(err) => tracing::warn!(job, error = %err, "cannot take the job's lease"),
                }
            }
            due = true;
            tokio::select! {
                () = tokio::time::sleep(every) => {}
                () = state.shutdown.fired() => {
                    let _ = release(&state.db, job, &state.instance).await;
                    return;
                }
            }
        }
    });
}
