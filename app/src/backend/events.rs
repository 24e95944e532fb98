//! Live events: what changed, broadcast to every open event stream of this server.
//!
//! In-process (a tokio broadcast channel). A slow subscriber that falls behind is not
//! waited for: it is told it lagged and its stream resends the current state instead of
//! the missed events.

use tokio::sync::broadcast;

/// Something that changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// An order changed state (submitted, decided ...).
    OrderChanged { order_id: i32, customer_id: i32 },
}

/// The broadcast channel every stream subscribes to.
#[derive(Clone)]
pub struct EventBus {
    sender: broadcast::Sender<Event>,
}

impl EventBus {
    /// A bus keeping up to `capacity` events for slow subscribers.
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity);
        Self { sender }
    }

    /// Tells every subscriber; nobody listening is fine.
    pub fn publish(&self, event: Event) {
        let _ = self.sender.send(event);
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
