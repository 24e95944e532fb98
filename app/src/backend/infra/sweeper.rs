//! Clearing up after crashes: what a process that died mid-way can leave behind, removed
//! once it is old enough that nothing can still be working on it.
//!
//! - staged uploads (`staging/…`) never promoted: the upload was refused, or the
//!   process died between staging and its order's lock;
//! - partial files of a local store: the process died in the middle of an upload;
//! - documents under `orders/` without a row: the process died between promoting a
//!   document and committing its row (or a removal committed and the delete failed);
//!   and those only purged rows name (a purge that failed half-way);
//! - outbox messages left `sending` by an action that died before sending them.
//!
//! Rows are never touched: a document row always has its file (it commits only after
//! the file is on disk), so only files without rows are removed.

use std::{collections::HashSet, time::Duration};

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use tracing::info;

use crate::backend::{
    entities::document,
    infra::leases,
    infra::mail,
    infra::state::AppState,
    infra::storage::{DOCUMENTS, DocumentStore, STAGING},
};
use crate::error::AppError;

/// Leftovers younger than this are left alone: an upload may still be on its way.
pub const MAX_AGE: chrono::Duration = chrono::Duration::hours(1);

/// How often a running server sweeps.
const EVERY: Duration = Duration::from_secs(10 * 60);

/// What one sweep removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sweep {
    pub staged: usize,
    pub partial: usize,
    pub orphans: usize,
    pub mail_requeued: u64,
}

/// Removes what was left behind before `now - max_age`.
///
/// # Errors
/// Database or storage failures (what was removed before stays removed).
pub async fn sweep(
    db: &DatabaseConnection,
    store: &DocumentStore,
    now: DateTime<Utc>,
    max_age: chrono::Duration,
) -> Result<Sweep, AppError> {
    let cutoff = now - max_age;
    // First, and whatever the storage says below: e-mails are not held up by a store
    // that is unreachable for a while.
    let mut done = Sweep {
        mail_requeued: mail::requeue_abandoned(db, now).await?,
        ..Sweep::default()
    };
    for (key, written) in store.objects(STAGING).await? {
        if written < cutoff {
            store.delete(&key).await?;
            done.staged += 1;
        }
    }
    let before = std::time::SystemTime::from(cutoff);
    done.partial = store.remove_partial_files(before).await?;

    let old: Vec<String> = store
        .objects(DOCUMENTS)
        .await?
        .into_iter()
        .filter(|(_, written)| *written < cutoff)
        .map(|(key, _)| key)
        .collect();
    for batch in old.chunks(500) {
        let known: HashSet<String> = document::Entity::find()
            .select_only()
            .column(document::Column::StorageKey)
            .filter(document::Column::StorageKey.is_in(batch.iter().cloned()))
            // An object only purged documents name is left over from a failed purge.
            .filter(document::Column::PurgedAt.is_null())
            .into_tuple::<String>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        for key in batch.iter().filter(|k| !known.contains(*k)) {
            store.delete(key).await?;
            done.orphans += 1;
        }
    }
    if done != Sweep::default() {
        info!(
            staged = done.staged,
            partial = done.partial,
            orphans = done.orphans,
            mail_requeued = done.mail_requeued,
            "swept what crashes left behind"
        );
    }
    Ok(done)
}

/// The sweeper's name in the job leases.
pub const JOB: &str = "sweeper";

/// Sweeps at start and then every ten minutes, until the server shuts down: on one
/// instance at a time (the one holding the sweeper's lease).
pub fn spawn(state: &AppState) {
    leases::spawn_periodic(state, JOB, EVERY, true, |state| async move {
        sweep(&state.db, &state.documents, Utc::now(), MAX_AGE)
            .await
            .map(|_| ())
    });
}
