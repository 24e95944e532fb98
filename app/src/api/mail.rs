//! The outbox: every e-mail regdocs sent, is sending, gave up on, or keeps because no
//! SMTP server is configured. Admins only.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

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

/// The outbox; admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn outbox(page: Option<u64>) -> Result<OutboxView, AppError> {
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    Ok(OutboxView {
        sending: state.mailer.is_sending(),
        page: crate::backend::mail::outbox_page(&state.db, page.unwrap_or(1)).await?,
    })
}

/// Queues a message that failed again; admins only.
///
/// # Errors
/// [`AppError::Conflict`] unless it failed and SMTP is configured.
#[server]
pub async fn retry_mail(id: i32) -> Result<(), AppError> {
    crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    crate::backend::mail::retry(&state.db, &state.mailer, id).await
}
