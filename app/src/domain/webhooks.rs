//! Webhooks as the admin area shows them, and the events a billing system can follow.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Every event type, in the order an order's life meets them, with what it means.
pub const EVENT_TYPES: [(&str, &str); 8] = [
    ("order.placed", "an order was placed"),
    ("order.submitted", "the customer submitted it for review"),
    (
        "order.action_required",
        "items were rejected; the customer must act",
    ),
    ("order.approved", "every item was approved"),
    ("order.registering", "its registration started"),
    ("order.registered", "the domain was registered"),
    ("order.registration_failed", "the registration failed"),
    ("order.cancelled", "it was cancelled"),
];

/// Whether `name` is an event type.
pub fn is_event_type(name: &str) -> bool {
    EVENT_TYPES.iter().any(|(t, _)| *t == name)
}

/// One endpoint, without its secret (shown once, when it is added).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEndpointView {
    pub id: i32,
    pub url: String,
    pub events: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
}

/// An endpoint just added, with its signing secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWebhookEndpoint {
    pub endpoint: WebhookEndpointView,
    pub secret: String,
}

/// One attempt to deliver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookAttemptView {
    pub at: DateTime<Utc>,
    pub status_code: Option<u16>,
    pub response: Option<String>,
    pub error: Option<String>,
    pub duration_ms: u32,
}

/// One event for one endpoint, with its attempts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDeliveryView {
    pub id: i32,
    pub url: String,
    pub event_type: String,
    pub order_id: Option<i32>,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub next_attempt_at: DateTime<Utc>,
    pub attempts: Vec<WebhookAttemptView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_are_known_by_name() {
        assert!(is_event_type("order.approved"));
        assert!(!is_event_type("order.eaten"));
    }
}
