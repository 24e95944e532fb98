//! The server's own shutdown, as a signal every long-lived task can wait for: event
//! streams end when it fires (their browsers reconnect, to another instance behind a
//! load balancer), background workers stop taking new work.

use tokio::sync::watch;

/// Fired once, when the server starts shutting down. Cheap to clone.
#[derive(Clone)]
pub struct Shutdown {
    sender: watch::Sender<bool>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self {
            sender: watch::Sender::new(false),
        }
    }
}

impl Shutdown {
    /// Starts the shutdown: every [`Shutdown::fired`] completes.
    pub fn fire(&self) {
        self.sender.send_replace(true);
    }

    /// Whether the shutdown has started.
    pub fn has_fired(&self) -> bool {
        *self.sender.borrow()
    }

    /// Completes once the shutdown has started (at once if it has).
    pub async fn fired(&self) {
        let mut receiver = self.sender.subscribe();
        // An error means the sender is gone, which only happens when everything stops.
        let _ = receiver.wait_for(|fired| *fired).await;
    }
}
