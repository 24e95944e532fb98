//! Opening the database: SQLite (default) or Postgres, chosen by the URL alone.

use std::time::Duration;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};
use tracing::info;

use super::settings::{Settings, redact_url};

/// Connects to the database named by `settings.database_url`.
///
/// For a SQLite file, its folder is created first and write-ahead logging is switched on
/// (readers then do not wait for a writer). An in-memory SQLite database exists once per
/// connection, so its pool holds exactly one.
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
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    let db = Database::connect(options).await?;

    if settings.is_sqlite() && !in_memory {
        db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
    }
    info!(database = %redact_url(url), "connected to the database");
    Ok(db)
}

/// The file path of a `sqlite://path?params` URL.
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty()).then(|| path.into())
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
}
