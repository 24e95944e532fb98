//! The billing-system integration behind the REST API (`/api/v1`, served by the
//! `server` crate): API keys, customers and orders known by the billing system's ids,
//! idempotent POSTs, one-time sign-in links, requirements as JSON Schema, and webhooks
//! telling of every order change. Every
//! change to an order goes through the services in [`crate::backend::orders`], as the
//! pages' do.

pub mod customers;
pub mod handoff;
pub mod idempotency;
pub mod keys;
pub mod orders;
pub mod refusals;
pub mod schema;
pub mod webhooks;

use crate::{backend::accounts::request, error::AppError, i18n::td_string};

/// Checks an id a billing system gives (a customer's or an order's): 1 to 128 visible
/// ASCII characters, no spaces.
///
/// # Errors
/// [`AppError::Validation`] on `field`.
pub fn parse_external_id(field: &str, input: &str) -> Result<String, AppError> {
    let id = input.trim();
    if id.is_empty() || id.len() > 128 || !id.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::validation(
            field,
            td_string!(request::locale(), problems.billing.external_id),
        ));
    }
    Ok(id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_ids_are_visible_ascii_without_spaces() {
        assert_eq!(
            parse_external_id("customer", " WHMCS-42 ").as_deref(),
            Ok("WHMCS-42")
        );
        assert!(parse_external_id("customer", "").is_err());
        assert!(parse_external_id("customer", "a b").is_err());
        assert!(parse_external_id("customer", "ä").is_err());
        assert!(parse_external_id("customer", &"x".repeat(129)).is_err());
    }
}
