//! The number of orders waiting for review (the admin badge), counted once per change and
//! shared by every admin's event stream.
//!
//! One task follows the event bus; after a change (or a burst of changes: whatever
//! arrived while it counted is covered by the next count) it counts once and publishes
//! the number in a `watch` channel that every admin stream reads. However many admins
//! follow the badge, a change costs one `COUNT` (an index-only scan of the partial index
//! on waiting orders, see migration 000010), not one per stream.
//!
//! Beside it, how many of them are past the review target (the badge's second colour):
//! counted the same way after changes, and every minute, since time alone makes orders
//! overdue.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use sea_orm::DatabaseConnection;
use tokio::sync::{broadcast::error::TryRecvError, watch};
use tracing::warn;

use crate::backend::{
    infra::{
        events::{Event, EventBus},
        shutdown::Shutdown,
    },
    orders::review::{overdue_count, pending_count},
};
use crate::domain::sla::SlaPolicy;

/// The shared count; cheap to clone.
#[derive(Clone)]
pub struct Backlog {
    current: watch::Receiver<Option<u64>>,
    overdue: watch::Receiver<Option<u64>>,
    counts: Arc<AtomicU64>,
}

/// Waits for a change that may move the count (claims do not); `false` once no change
/// can come any more.
async fn counting_change(changes: &mut tokio::sync::broadcast::Receiver<Event>) -> bool {
    loop {
        match changes.recv().await {
            Ok(Event::ClaimChanged { .. }) => {}
            Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => return true,
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return false,
        }
    }
}

/// Counts the overdue orders now, after changes, and every minute, until `shutdown`.
fn follow_overdue(
    db: DatabaseConnection,
    events: &EventBus,
    shutdown: Shutdown,
    sla: SlaPolicy,
) -> watch::Receiver<Option<u64>> {
    let (sender, overdue) = watch::channel(None);
    let mut changes = events.subscribe();
    tokio::spawn(async move {
        loop {
            match overdue_count(&db, sla, chrono::Utc::now()).await {
                Ok(count) => {
                    sender.send_if_modified(|last| {
                        let changed = *last != Some(count);
                        *last = Some(count);
                        changed
                    });
                }
                Err(err) => warn!(error = %err, "cannot count the overdue orders"),
            }
            tokio::select! {
                () = shutdown.fired() => return,
                () = tokio::time::sleep(Duration::from_secs(60)) => {}
                more = counting_change(&mut changes) => {
                    if !more {
                        return;
                    }
                }
            }
        }
    });
    overdue
}

impl Backlog {
    /// Starts counting now and after every change published on `events`, until `shutdown`.
    pub fn follow(
        db: DatabaseConnection,
        events: &EventBus,
        shutdown: Shutdown,
        sla: SlaPolicy,
    ) -> Self {
        let overdue = follow_overdue(db.clone(), events, shutdown.clone(), sla);
        let (sender, current) = watch::channel(None);
        let counts = Arc::new(AtomicU64::new(0));
        let mut changes = events.subscribe();
        let counted = counts.clone();
        tokio::spawn(async move {
            loop {
                counted.fetch_add(1, Ordering::Relaxed);
                match pending_count(&db).await {
                    Ok(count) => {
                        sender.send_if_modified(|last| {
                            let changed = *last != Some(count);
                            *last = Some(count);
                            changed
                        });
                    }
                    Err(err) => {
                        // Streams keep the last count; try again shortly.
                        warn!(error = %err, "cannot count the orders waiting for review");
                        tokio::select! {
                            () = shutdown.fired() => return,
                            () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                        }
                    }
                }
                tokio::select! {
                    () = shutdown.fired() => return,
                    more = counting_change(&mut changes) => {
                        if !more {
                            return;
                        }
                    }
                }
                // One count covers every change that arrived meanwhile.
                loop {
                    match changes.try_recv() {
                        Ok(_) | Err(TryRecvError::Lagged(_)) => {}
                        Err(TryRecvError::Empty) => break,
                        Err(TryRecvError::Closed) => return,
                    }
                }
            }
        });
        Self {
            current,
            overdue,
            counts,
        }
    }

    /// A receiver of the count of overdue orders: `None` until the first count.
    pub fn subscribe_overdue(&self) -> watch::Receiver<Option<u64>> {
        self.overdue.clone()
    }

    /// The last count of overdue orders.
    pub fn overdue(&self) -> Option<u64> {
        *self.overdue.borrow()
    }

    /// A receiver of the count: `None` until the first count succeeded.
    pub fn subscribe(&self) -> watch::Receiver<Option<u64>> {
        self.current.clone()
    }

    /// The last count; `None` until the first count succeeded.
    pub fn current(&self) -> Option<u64> {
        *self.current.borrow()
    }

    /// How many times the orders were counted since the start (for tests and benchmarks).
    pub fn counts(&self) -> u64 {
        self.counts.load(Ordering::Relaxed)
    }
}
