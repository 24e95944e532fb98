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
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    Ok(OutboxView {
        sending: ctx.state.mailer.is_sending(),
        page: crate::backend::infra::mail::outbox_page(&ctx, page.unwrap_or(1)).await?,
    })
}

/// Queues a message that failed again; admins only.
///
/// # Errors
/// [`AppError::Conflict`] unless it failed and SMTP is configured.
#[server]
pub async fn retry_mail(id: i32) -> Result<(), AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::infra::mail::retry(&ctx, id).await
}
