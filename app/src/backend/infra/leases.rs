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
