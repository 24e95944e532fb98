//! The outbox: every e-mail regdocs sent, is sending, gave up on, or keeps because no
//! SMTP server is configured. Admins only.

use leptos::prelude::*;

use crate::error::AppError;

pub use crate::domain::outbox::{OutboxMessage, OutboxPage, OutboxView};

/// The outbox; admins only.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn outbox(page: Option<u64>) -> Result<OutboxView, AppError> {
    crate::backend::accounts::request::require_admin().await?;
    let state = crate::backend::infra::state::app_state()?;
    Ok(OutboxView {
        sending: state.mailer.is_sending(),
        page: crate::backend::infra::mail::outbox_page(&state.db, page.unwrap_or(1)).await?,
    })
}

/// Queues a message that failed again; admins only.
///
/// # Errors
/// [`AppError::Conflict`] unless it failed and SMTP is configured.
#[server]
pub async fn retry_mail(id: i32) -> Result<(), AppError> {
    crate::backend::accounts::request::require_admin().await?;
    let state = crate::backend::infra::state::app_state()?;
    crate::backend::infra::mail::retry(&state.db, &state.mailer, id).await
}
