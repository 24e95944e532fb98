//! What the REST API refuses by itself, around the services it calls (a header, a query
//! parameter, the body, the API key), worded in the request's language like every other
//! refusal (English by default).

use crate::{backend::accounts::request, error::AppError, i18n::td_string};

/// A request the REST API refuses by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// An `Idempotency-Key` with other than visible ASCII characters.
    KeyNotAscii,
    /// The first request with this `Idempotency-Key` is still being answered.
    KeyBusy,
    /// This `Idempotency-Key` came with another request before.
    KeyReused,
    /// A body larger than `max_kb` kilobytes.
    BodyTooLarge { max_kb: usize },
    /// An `operation` other than `register` or `transfer`.
    Operation,
    /// A page `limit` outside 1 to `max`.
    Limit { max: u64 },
    /// A `status` that is no state of an order.
    Status,
    /// A `cursor` other than a page's `next_cursor`.
    Cursor,
    /// A registration's `result` other than `registered` or `failed`.
    RegistrationResult,
}

impl From<Refusal> for AppError {
    fn from(refusal: Refusal) -> Self {
        let locale = request::locale();
        match refusal {
            Refusal::KeyNotAscii => AppError::validation(
                "Idempotency-Key",
                td_string!(locale, refusals.api.visible_ascii),
            ),
            Refusal::KeyBusy => AppError::Conflict {
                message: td_string!(locale, refusals.api.idempotency_in_progress).to_owned(),
            },
            Refusal::KeyReused => AppError::validation(
                "Idempotency-Key",
                td_string!(locale, refusals.api.idempotency_mismatch),
            ),
            Refusal::BodyTooLarge { max_kb } => AppError::PayloadTooLarge {
                message: td_string!(locale, refusals.api.body_too_large, kb = max_kb).to_string(),
            },
            Refusal::Operation => {
                AppError::validation("operation", td_string!(locale, refusals.api.operation))
            }
            Refusal::Limit { max } => AppError::validation(
                "limit",
                td_string!(locale, refusals.api.limit, max = max).to_string(),
            ),
            Refusal::Status => {
                AppError::validation("status", td_string!(locale, refusals.api.status))
            }
            Refusal::Cursor => {
                AppError::validation("cursor", td_string!(locale, refusals.api.cursor))
            }
            Refusal::RegistrationResult => {
                AppError::validation("result", td_string!(locale, refusals.api.result))
            }
        }
    }
}

/// The `detail` of the problem the REST API answers for `err`, in the request's
/// language: the API's own words where a page's would not help a billing system (a
/// missing or read-only API key), the error's message otherwise.
pub fn problem_detail(err: &AppError) -> String {
    let locale = request::locale();
    match err {
        AppError::Unauthorized => td_string!(locale, refusals.api.unauthorized).to_owned(),
        AppError::Forbidden => td_string!(locale, refusals.api.read_only).to_owned(),
        other => other.text(locale),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_field_at_fault_in_english_outside_a_request() {
        assert_eq!(
            AppError::from(Refusal::Limit { max: 100 }),
            AppError::validation("limit", "From 1 to 100.")
        );
        assert_eq!(
            AppError::from(Refusal::BodyTooLarge { max_kb: 256 }).to_string(),
            "A request body is at most 256 KB."
        );
        assert!(problem_detail(&AppError::Forbidden).contains("write scope"));
        assert_eq!(
            problem_detail(&AppError::NotFound),
            AppError::NotFound.to_string()
        );
    }
}
