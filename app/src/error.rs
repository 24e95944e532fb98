//! The one error type of regdocs, shared by server functions, routes and the browser.
//!
//! Every variant but `Internal` and `Transport` is something the user can act on, so its
//! message is shown as it is ([`AppError::text`], in the reader's language; `Display` is
//! the English of the REST API and the logs). `Internal` carries no details across the wire: the cause is
//! logged on the server (see [`AppError::internal`]) and the user sees a plain apology.

use leptos::prelude::FromServerFnError;
use leptos::server_fn::{codec::JsonEncoding, error::ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What can go wrong, in terms a user (or an API client) can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    NotFound,
    Unauthorized,
    /// The same answer for an unknown e-mail and a wrong password.
    SignInFailed,
    TooManyAttempts {
        retry_after_secs: u64,
    },
    Forbidden,
    Validation {
        field: String,
        message: String,
    },
    /// Several fields at fault at once (a whole form, such as a definition).
    Invalid {
        problems: Vec<crate::domain::requirements::FieldProblem>,
    },
    Conflict {
        message: String,
    },
    PayloadTooLarge {
        message: String,
    },
    /// The account's e-mail address is not confirmed yet (ordering needs it).
    NotVerified,
    /// Too many of these requests at once or in a short time (sign-ups, parallel
    /// uploads, open live pages); trying again later works.
    TooManyRequests {
        message: String,
        retry_after_secs: u64,
    },
    /// The server cannot serve this now (its database is unreachable, it is overloaded
    /// or shutting down); the same request will work again shortly.
    Unavailable,
    Internal,
    /// The browser could not talk to the server (network down, bad response...).
    Transport {
        message: String,
    },
}

impl AppError {
    /// A validation error for one field, shown next to that field.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Logs `cause` on the server and returns the detail-free [`AppError::Internal`].
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::Internal
    }

    /// The HTTP status that goes with this error.
    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Unauthorized | Self::SignInFailed => StatusCode::UNAUTHORIZED,
            Self::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::Validation { .. } | Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NotVerified => StatusCode::FORBIDDEN,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Transport { .. } => StatusCode::BAD_GATEWAY,
        }
    }

    /// Seconds after which the same request may succeed, for a `Retry-After` header.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::TooManyAttempts { retry_after_secs }
            | Self::TooManyRequests {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            Self::Unavailable => Some(5),
            _ => None,
        }
    }
}

impl AppError {
    /// The message in `locale`, as a page shows it. The variants with a message of their
    /// own carry it written already in the language of the request that failed (see
    /// `backend::accounts::request::locale`); the others are worded here.
    pub fn text(&self, locale: crate::i18n::Locale) -> String {
        use crate::i18n::td_string;
        match self {
            Self::NotFound => td_string!(locale, common.errors.not_found).to_owned(),
            Self::Unauthorized => td_string!(locale, common.errors.unauthorized).to_owned(),
            Self::SignInFailed => td_string!(locale, common.errors.sign_in_failed).to_owned(),
            Self::TooManyAttempts { retry_after_secs } => {
                let secs = *retry_after_secs;
                let wait = if secs < 60 {
                    td_string!(locale, common.errors.wait_seconds, count = secs).to_string()
                } else {
                    let minutes = if secs < 120 { 1 } else { secs.div_ceil(60) };
                    td_string!(locale, common.errors.wait_minutes, count = minutes).to_string()
                };
                td_string!(locale, common.errors.too_many_attempts, wait = &wait).to_string()
            }
            Self::Forbidden => td_string!(locale, common.errors.forbidden).to_owned(),
            Self::Invalid { .. } => td_string!(locale, common.errors.invalid).to_owned(),
            Self::NotVerified => td_string!(locale, common.errors.not_verified).to_owned(),
            Self::Unavailable => td_string!(locale, common.errors.unavailable).to_owned(),
            Self::Internal => td_string!(locale, common.errors.internal).to_owned(),
            Self::Transport { message } => {
                td_string!(locale, common.errors.transport, message = message).to_string()
            }
            Self::Validation { message, .. }
            | Self::Conflict { message }
            | Self::PayloadTooLarge { message }
            | Self::TooManyRequests { message, .. } => message.clone(),
        }
    }
}

/// English, as the REST API, the logs and the tests read it.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::i18n::Locale::en))
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Bad arguments sent to a server function are the caller's fault.
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::MissingArg(message) => {
                Self::Validation {
                    field: String::new(),
                    message,
                }
            }
            // On the server a failure to call a server function is ours (the browser
            // calling it had nothing to do with it): logged, and shown without details.
            #[cfg(feature = "ssr")]
            other => Self::internal(other),
            // In the browser it is the network or the server's answer.
            #[cfg(not(feature = "ssr"))]
            other => Self::Transport {
                message: other.to_string(),
            },
        }
    }
}

/// A database that cannot be reached (down, restarting, all connections busy for too
/// long) is a passing outage, answered 503; any other database error is a bug or a broken
/// invariant, answered 500 and logged.
#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        if crate::backend::infra::db::is_outage(&err) {
            tracing::warn!(error = %err, "database unreachable");
            Self::Unavailable
        } else {
            Self::internal(err)
        }
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        // In the request's language: the upload route's answer is shown as it is.
        let message = self.text(crate::backend::accounts::request::locale());
        let body = serde_json::json!({ "error": self, "message": message });
        let mut response = (self.status(), axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs() {
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_error_message_reveals_no_details() {
        let shown = AppError::Internal.to_string();
        assert!(shown.contains("went wrong on our side"));
    }

    #[test]
    fn errors_survive_the_round_trip_through_json() {
        let err = AppError::validation("name", "Too short");
        let json = serde_json::to_string(&err).expect("serialise");
        let back: AppError = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, err);
        assert_eq!(back.to_string(), "Too short");
    }

    #[test]
    fn throttling_says_how_long_to_wait() {
        let err = AppError::TooManyAttempts {
            retry_after_secs: 61,
        };
        assert_eq!(
            err.to_string(),
            "Too many failed attempts. Please wait 1 minute and try again."
        );
        let err = AppError::TooManyAttempts {
            retry_after_secs: 601,
        };
        assert!(err.to_string().contains("wait 11 minutes"));
    }

    #[test]
    fn bad_server_function_arguments_are_a_validation_error() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::MissingArg("domain".into()));
        assert!(matches!(err, AppError::Validation { .. }));
    }
}
