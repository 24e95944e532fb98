//! Registration of an approved order through the extension's registrar module: start
//! (or retry), then mark registered or failed. Admins only.

use leptos::prelude::*;

use crate::{
    domain::{order_view::OrderView, orders::RegistrationAction},
    error::AppError,
};

/// A step of the registration of order `order_id`: start it (also a retry after a
/// failure), mark it registered, or failed with the provider's `message`. Answers the
/// updated order.
///
/// # Errors
/// [`AppError::Conflict`] when the order is not in a state for that step (with the
/// reason); [`AppError::Validation`] on `message`; [`AppError::NotFound`].
#[server]
pub async fn registration_step(
    order_id: i32,
    step: RegistrationAction,
    message: Option<String>,
) -> Result<OrderView, AppError> {
    use crate::backend::{infra::ctx::Ctx, orders, orders::registration};
    let ctx = Ctx::admin().await?;
    registration::take_step(&ctx, order_id, step, message.as_deref()).await?;
    orders::view(&ctx, order_id).await
}
