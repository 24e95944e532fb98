//! The outbox as admins read it: every e-mail regdocs sent, is sending, gave up on, or
//! keeps because no SMTP server is configured.

use serde::{Deserialize, Serialize};

/// One message in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i32,
    pub kind: String,
    pub order_id: Option<i32>,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Names of the attached documents.
    pub attachments: Vec<String>,
    /// `queued`, `sent`, `failed` or `kept`.
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

/// A page of the outbox, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxPage {
    pub messages: Vec<OutboxMessage>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// Whether e-mail goes out over SMTP, and the page of messages asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxView {
    pub sending: bool,
    pub page: OutboxPage,
}
