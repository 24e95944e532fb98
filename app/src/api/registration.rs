//! Registration of an approved order through the extension's registrar module: start
//! (or retry), then mark registered or failed. Admins only.

use leptos::prelude::*;

use crate::{api::orders::OrderView, error::AppError};

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
    use crate::backend::registration;
    let admin = crate::backend::request::require_admin().await?;
    let state = crate::backend::state::app_state()?;
    match step.as_str() {
        "start" => {
            registration::start(&state, admin.id, order_id).await?;
        }
        "registered" => registration::mark_registered(&state, admin.id, order_id).await?,
        "failed" => {
            registration::mark_failed(&state, admin.id, order_id, &message.unwrap_or_default())
                .await?;
        }
        _ => {
            return Err(AppError::validation(
                "step",
                "Start the registration, or mark it registered or failed.",
            ));
        }
    }
    crate::backend::orders::view(&state.db, &state.settings, &admin, order_id).await
}
