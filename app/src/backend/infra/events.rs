//! Live events: what changed, broadcast to every open event stream.
//!
//! Within one server a tokio broadcast channel carries them. On Postgres they also reach
//! every other server instance: an event is published with `pg_notify` inside the
//! transaction of the change (Postgres delivers it when, and only if, that commits), and
//! every instance (this one included) LISTENs, on a connection of its own outside the
//! app's pool, and hands what arrives to its own channel. On
//! SQLite (one instance by nature) events stay in-process.
//!
//! A slow subscriber that falls behind is not waited for: it is told it lagged and its
//! stream resends the current state instead of the missed events. After the LISTEN
//! connection was lost (events may have been missed meanwhile), every stream is told to
//! resend its state too ([`Event::Resync`]).

use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, Statement};
use tokio::sync::broadcast;
use tracing::{info, warn};

/// The Postgres channel events travel on.
pub const CHANNEL: &str = "regdocs_events";

/// Something that changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// An order changed state (submitted, decided ...).
    OrderChanged { order_id: i32, customer_id: i32 },
    /// Who reviews an order changed (claimed, released, expired): admins only.
    ClaimChanged { order_id: i32 },
    /// Events may have been missed: every stream sends its current state again.
    Resync,
}

impl Event {
    /// The text sent through `pg_notify`.
    pub fn encode(self) -> String {
        match self {
            Self::OrderChanged {
                order_id,
                customer_id,
            } => format!("order:{order_id}:{customer_id}"),
            Self::ClaimChanged { order_id } => format!("claim:{order_id}"),
            Self::Resync => "resync".to_owned(),
        }
    }

    /// Reads what [`Event::encode`] wrote; `None` for anything else.
    pub fn decode(text: &str) -> Option<Self> {
        if text == "resync" {
            return Some(Self::Resync);
        }
        if let Some(order) = text.strip_prefix("claim:") {
            return Some(Self::ClaimChanged {
                order_id: order.parse().ok()?,
            });
        }
        let rest = text.strip_prefix("order:")?;
        let (order, customer) = rest.split_once(':')?;
        Some(Self::OrderChanged {
            order_id: order.parse().ok()?,
            customer_id: customer.parse().ok()?,
        })
    }
}

/// A connection listening on [`CHANNEL`].
async fn listen(
    pool: &sea_orm::sqlx::PgPool,
) -> Result<sea_orm::sqlx::postgres::PgListener, sea_orm::sqlx::Error> {
    let mut listener = sea_orm::sqlx::postgres::PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// The broadcast channel every stream subscribes to.
#[derive(Clone)]
pub struct EventBus {
    sender: broadcast::Sender<Event>,
    /// Set on Postgres: events go through NOTIFY so every instance sees them.
    through_postgres: bool,
}

impl EventBus {
    /// An in-process bus keeping up to `capacity` events for slow subscribers.
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity);
        Self {
            sender,
            through_postgres: false,
        }
    }

    /// A bus shared by every server instance on the Postgres database `db`: starts
    /// listening, and publishes through NOTIFY from now on.
    ///
    /// # Errors
    /// When the first LISTEN fails (later losses are retried).
    pub async fn on_postgres(
        capacity: usize,
        db: &DatabaseConnection,
    ) -> Result<Self, sea_orm::DbErr> {
        let mut bus = Self::new(capacity);
        // A connection of its own, outside the app's pool: LISTEN holds it for as long
        // as the server runs, and must never take a request's place.
        let options = (*db.get_postgres_connection_pool().connect_options()).clone();
        let pool = sea_orm::sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .min_connections(0)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_lazy_with(options);
        let mut listener = listen(&pool)
            .await
            .map_err(|e| sea_orm::DbErr::Custom(format!("LISTEN {CHANNEL}: {e}")))?;
        info!(
            channel = CHANNEL,
            "live events shared through Postgres LISTEN/NOTIFY"
        );
        let sender = bus.sender.clone();
        tokio::spawn(async move {
            loop {
                // `try_recv` says when the connection is lost (`recv` would reconnect
                // silently, and the events sent meanwhile would go missing unnoticed).
                let lost = match listener.try_recv().await {
                    Ok(Some(notification)) => {
                        if let Some(event) = Event::decode(notification.payload()) {
                            let _ = sender.send(event);
                        }
                        continue;
                    }
                    Ok(None) => "the connection closed".to_owned(),
                    Err(err) => err.to_string(),
                };
                // What was sent meanwhile is lost: once listening again, every stream
                // resends its state. The lost listener gives its connection back first:
                // its pool has room for one.
                warn!(error = %lost, "LISTEN connection lost; reconnecting");
                drop(listener);
                listener = loop {
                    match listen(&pool).await {
                        Ok(listener) => break listener,
                        Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
                    }
                };
                info!("listening for live events again");
                let _ = sender.send(Event::Resync);
            }
        });
        bus.through_postgres = true;
        Ok(bus)
    }

    /// Commits `txn` and tells every subscriber (of every instance, on Postgres) of
    /// `event`. On Postgres the NOTIFY is part of the transaction: Postgres delivers it
    /// exactly when the change commits, so an instance dying right after its commit
    /// cannot leave the others' pages stale. In one process (SQLite) it is sent after
    /// the commit. Nobody listening is fine.
    ///
    /// # Errors
    /// Database failures (nothing is changed then, and nobody told).
    pub async fn commit_telling(
        &self,
        txn: DatabaseTransaction,
        event: Event,
    ) -> Result<(), sea_orm::DbErr> {
        if self.through_postgres {
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), event.encode().into()],
            ))
            .await?;
            txn.commit().await
        } else {
            txn.commit().await?;
            let _ = self.sender.send(event);
            Ok(())
        }
    }

    /// A new subscription.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.sender.subscribe()
    }
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new(1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_survive_the_trip_through_notify() {
        for event in [
            Event::OrderChanged {
                order_id: 42,
                customer_id: 7,
            },
            Event::ClaimChanged { order_id: 9 },
            Event::Resync,
        ] {
            assert_eq!(Event::decode(&event.encode()), Some(event));
        }
        for junk in [
            "",
            "order:",
            "order:1",
            "order:x:2",
            "claim:",
            "claim:x",
            "hello",
        ] {
            assert_eq!(Event::decode(junk), None, "{junk}");
        }
    }
}
