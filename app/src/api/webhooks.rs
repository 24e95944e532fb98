//! Webhook endpoints and their deliveries, for admins.

use leptos::prelude::*;

use crate::error::AppError;

pub use crate::domain::webhooks::{NewWebhookEndpoint, WebhookDeliveryView, WebhookEndpointView};

/// Every endpoint, the newest first.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn list_webhook_endpoints() -> Result<Vec<WebhookEndpointView>, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::billing::webhooks::endpoints(&ctx).await
}

/// Adds an endpoint; `events` are the event types wanted (the form sends them as
/// `events[0]`, `events[1]` …; none means all). The answer holds the signing secret.
///
/// # Errors
/// [`AppError::Invalid`] on `url` / `events`.
#[server]
pub async fn create_webhook_endpoint(
    url: String,
    events: Option<Vec<String>>,
) -> Result<NewWebhookEndpoint, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::billing::webhooks::create_endpoint(&ctx, &url, &events.unwrap_or_default())
        .await
}

/// Stops sending to an endpoint.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] when it is off already.
#[server]
pub async fn disable_webhook_endpoint(id: i32) -> Result<(), AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::billing::webhooks::disable_endpoint(&ctx, id).await
}

/// The latest deliveries with their attempts.
///
/// # Errors
/// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
#[server]
pub async fn list_webhook_deliveries() -> Result<Vec<WebhookDeliveryView>, AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::billing::webhooks::deliveries(&ctx).await
}

/// Sends a delivery again (same `webhook-id`).
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] while it is pending.
#[server]
pub async fn resend_webhook(id: i32) -> Result<(), AppError> {
    let ctx = crate::backend::infra::ctx::Ctx::admin().await?;
    crate::backend::billing::webhooks::resend(&ctx, id).await
}
