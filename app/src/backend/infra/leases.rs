//! Jobs that must run once across several server instances on one database (the
//! sweeper, claim expiry, housekeeping) take a lease before each run: a row in
//! `job_leases` naming the instance that holds it and until when, taken or renewed in one
//! statement, on the database's clock. A lease that is free, lapsed or already this
//! instance's is taken; one held by a live instance is not. When its holder dies, the
//! lease runs out and another instance takes the job over. The same on SQLite (two
//! processes may share one database file, if only while one restarts).

use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use crate::error::AppError;

/// A server instance's name in the leases: new on every start.
pub fn new_holder() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Takes or renews the lease, `$1` the job, `$2` the holder, `$3` its length in seconds;
/// answers a row when the holder holds it. Only these statements touch the table, so
/// SQLite's times can be ISO 8601 text, which compares in time order.
const TAKE_POSTGRES: &str = r#"INSERT INTO "job_leases" ("name", "holder", "expires_at")
    VALUES ($1, $2, now() + make_interval(secs => $3))
    ON CONFLICT ("name") DO UPDATE
      SET "holder" = EXCLUDED."holder", "expires_at" = EXCLUDED."expires_at"
      WHERE "job_leases"."holder" = EXCLUDED."holder" OR "job_leases"."expires_at" < now()
    RETURNING "holder""#;
const TAKE_SQLITE: &str = r#"INSERT INTO "job_leases" ("name", "holder", "expires_at")
    VALUES ($1, $2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', printf('%+.3f seconds', $3)))
    ON CONFLICT ("name") DO UPDATE
      SET "holder" = excluded."holder", "expires_at" = excluded."expires_at"
      WHERE "job_leases"."holder" = excluded."holder"
         OR "job_leases"."expires_at" < strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    RETURNING "holder""#;

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
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        TAKE_POSTGRES
    } else {
        TAKE_SQLITE
    };
    let taken = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [job.into(), holder.into(), ttl.as_secs_f64().into()],
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
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
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
