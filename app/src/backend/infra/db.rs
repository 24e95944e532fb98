//! Opening the database (SQLite by default, or Postgres, chosen by the URL alone), the one
//! way write transactions begin, and telling a passing outage from a real error.
//!
//! SQLite is set up as a real embedded database: write-ahead logging (readers never wait
//! for the writer), foreign keys enforced, a generous busy timeout, and every write
//! transaction taken as a write transaction at its start (`BEGIN IMMEDIATE`): a
//! transaction that read first and wrote later would otherwise fail at once with "database
//! is locked" when another writer got in between, however long the busy timeout. So
//! writers queue instead of failing.

use std::time::Duration;

use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr, RuntimeErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use tracing::{info, warn};

use crate::backend::infra::settings::{Settings, redact_url};
use crate::error::AppError;

/// How long an SQLite writer waits for the one before it before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Connects to the database named by `settings.database_url`.
///
/// For a SQLite file, its folder is created first. An in-memory SQLite database exists
/// once per connection, so its pool holds exactly one.
///
/// # Errors
/// [`DbErr`] when the database cannot be reached or the SQLite folder cannot be made.
pub async fn connect(settings: &Settings) -> Result<DatabaseConnection, DbErr> {
    let url = settings.database_url.as_str();
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let folder = sqlite_file(url).and_then(|p| p.parent().map(ToOwned::to_owned));
    if settings.is_sqlite()
        && !in_memory
        && let Some(parent) = folder.filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(&parent)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", parent.display())))?;
    }

    let mut options = ConnectOptions::new(url);
    options
        .max_connections(if in_memory {
            1
        } else {
            settings.db_max_connections
        })
        .min_connections(if in_memory { 1 } else { 0 })
        .connect_timeout(Duration::from_secs(5))
        // Waiting longer for a pooled connection than a writer waits for SQLite's lock
        // would turn a queue into failures; on Postgres a slow pool is an outage (503).
        .acquire_timeout(if settings.is_sqlite() {
            SQLITE_BUSY_TIMEOUT
        } else {
            Duration::from_secs(10)
        })
        .sqlx_logging(false);
    if settings.is_sqlite() {
        options.map_sqlx_sqlite_opts(move |opts| {
            let opts = opts
                .foreign_keys(true)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                // FULL: a commit is on disk when it returns (a decision is never lost).
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Full);
            if in_memory {
                opts
            } else {
                opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
            }
        });
    }
    let db = Database::connect(options).await?;
    info!(database = %redact_url(url), "connected to the database");
    Ok(db)
}

/// [`connect`], waiting for a database that is not up yet (a server started before its
/// database, as in a `docker compose up`): tries again every two seconds, saying so in
/// the log, for at most `patience`.
///
/// # Errors
/// The last connection error once `patience` has run out.
pub async fn connect_waiting(
    settings: &Settings,
    patience: Duration,
) -> Result<DatabaseConnection, DbErr> {
    let started = std::time::Instant::now();
    let mut said = false;
    loop {
        match connect(settings).await {
            Ok(db) => return Ok(db),
            Err(err) if started.elapsed() < patience && !settings.is_sqlite() => {
                if !said {
                    warn!(
                        database = %redact_url(&settings.database_url),
                        error = %err,
                        "waiting for the database to accept connections"
                    );
                    said = true;
                }
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            Err(err) => return Err(err),
        }
    }
}

/// Begins a transaction that will write: on SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), queueing behind the writer before it; on Postgres it is a plain
/// transaction (rows it depends on are locked by the caller, see
/// [`crate::backend::orders::lock`]).
///
/// # Errors
/// [`AppError::Unavailable`] when the database cannot be reached.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, AppError> {
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    };
    Ok(db.begin_with_options(options).await?)
}

/// Whether `err` means the database cannot be reached now (it is down or restarting,
/// the connection broke, the pool is exhausted, SQLite stayed locked), as opposed to a
/// statement that is wrong.
pub fn is_outage(err: &DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    let sqlx = match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        _ => return false,
    };
    match sqlx.as_ref() {
        Sqlx::Io(_)
        | Sqlx::Tls(_)
        | Sqlx::PoolTimedOut
        | Sqlx::PoolClosed
        | Sqlx::WorkerCrashed
        | Sqlx::Protocol(_) => true,
        Sqlx::Database(db_err) => db_err.code().is_some_and(|code| outage_code(&code)),
        _ => false,
    }
}

/// Postgres: connection exceptions (08…), shutdown and start-up (57P01-57P03), too many
/// connections (53300). SQLite: busy or locked (primary codes 5 and 6, any extension).
fn outage_code(code: &str) -> bool {
    if code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "53300") {
        return true;
    }
    code.parse::<u32>()
        .is_ok_and(|sqlite| matches!(sqlite & 0xff, 5 | 6))
}

/// Whether `err` is a unique-constraint violation (a rival got there first).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// The file path of a `sqlite://path?params` URL.
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty()).then(|| path.into())
}

/// Held while one instance migrates and seeds a Postgres database: a session-level
/// advisory lock on a connection of its own (outside the pool, which may have a single
/// connection), so instances starting together take turns. Nothing on SQLite.
pub struct SetupLock(Option<sea_orm::sqlx::PgConnection>);

/// The advisory lock's key: "regdocs setup".
const SETUP_LOCK_KEY: i64 = 0x7265_6764_6f63_7301;

impl SetupLock {
    /// Waits until no other instance is setting the database up, then holds the lock.
    ///
    /// # Errors
    /// When the lock's connection cannot be made.
    pub async fn take(db: &DatabaseConnection) -> Result<Self, DbErr> {
        use sea_orm::sqlx::Connection;
        if db.get_database_backend() != sea_orm::DbBackend::Postgres {
            return Ok(Self(None));
        }
        let options = (*db.get_postgres_connection_pool().connect_options()).clone();
        let mut connection = sea_orm::sqlx::PgConnection::connect_with(&options)
            .await
            .map_err(|e| DbErr::Custom(format!("setup lock connection: {e}")))?;
        sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(SETUP_LOCK_KEY)
            .execute(&mut connection)
            .await
            .map_err(|e| DbErr::Custom(format!("setup lock: {e}")))?;
        Ok(Self(Some(connection)))
    }

    /// Lets the next instance go on (closing the connection would too).
    pub async fn release(self) {
        use sea_orm::sqlx::Connection;
        if let Some(mut connection) = self.0 {
            let _ = sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(SETUP_LOCK_KEY)
                .execute(&mut connection)
                .await;
            let _ = connection.close().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_file_paths_are_found_in_urls() {
        assert_eq!(
            sqlite_file("sqlite://data/regdocs.db?mode=rwc"),
            Some("data/regdocs.db".into())
        );
        assert_eq!(sqlite_file("sqlite:///var/x.db"), Some("/var/x.db".into()));
        assert_eq!(sqlite_file("postgres://x"), None);
    }

    #[test]
    fn outages_are_told_from_errors_by_their_codes() {
        for code in ["08006", "08001", "57P01", "57P03", "53300", "5", "517", "6"] {
            assert!(outage_code(code), "{code}");
        }
        for code in ["23505", "42P01", "19", "2067", "1"] {
            assert!(!outage_code(code), "{code}");
        }
    }
}
