//! Registration of an approved order through the extension's registrar module: start
//! (or retry), then mark registered or failed. Admins only.

use leptos::prelude::*;

use crate::{domain::order_view::OrderView, error::AppError};

/// What to do with the registration of order `order_id`: `start` (also a retry after a
/// failure), `registered`, or `failed` with the provider's `message`. Answers the
/// updated order.
///
/// # Errors
/// [`AppError::Conflict`] when the order is not in a state for that step (with the
/// reason); [`AppError::Validation`] on `message` or `step`; [`AppError::NotFound`].
#[server]
pub async fn registration_step(
    order_id: i32,
    step: String,
    message: Option<String>,
) -> Result<OrderView, AppError> {
    use crate::backend::{ctx::Ctx, registration};
    let ctx = Ctx::admin().await?;
    match step.as_str() {
        "start" => {
            registration::start(&ctx, order_id).await?;
        }
        "registered" => registration::mark_registered(&ctx, order_id).await?,
        "failed" => {
            registration::mark_failed(&ctx, order_id, &message.unwrap_or_default()).await?;
        }
        _ => {
            return Err(AppError::validation(
                "step",
                "Start the registration, or mark it registered or failed.",
            ));
        }
    }
    crate::backend::orders::view(&ctx, order_id).await
}
