//! The one error type of regdocs, shared by server functions, routes and the browser.
//!
//! Every variant but `Internal` and `Transport` is something the user can act on, so its
//! message is shown as it is. `Internal` carries no details across the wire: the cause is
//! logged on the server (see [`AppError::internal`]) and the user sees a plain apology.

use leptos::prelude::FromServerFnError;
use leptos::server_fn::{codec::JsonEncoding, error::ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What can go wrong, in terms a user (or an API client) can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    #[error("We could not find what you asked for.")]
    NotFound,
    #[error("Please sign in first.")]
    Unauthorized,
    /// The same answer for an unknown e-mail and a wrong password.
    #[error("The e-mail address or the password is not right.")]
    SignInFailed,
    #[error("Too many failed attempts. Please wait {} and try again.", wait_phrase(*retry_after_secs))]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("You are not allowed to do that.")]
    Forbidden,
    #[error("{message}")]
    Validation { field: String, message: String },
    /// Several fields at fault at once (a whole form, such as a definition).
    #[error("Please correct the marked fields.")]
    Invalid {
        problems: Vec<crate::domain::requirements::FieldProblem>,
    },
    #[error("{message}")]
    Conflict { message: String },
    #[error("{message}")]
    PayloadTooLarge { message: String },
    /// The account's e-mail address is not confirmed yet (ordering needs it).
    #[error("Please confirm your e-mail address first: open the link we sent you.")]
    NotVerified,
    /// Too many of these requests at once or in a short time (sign-ups, parallel
    /// uploads, open live pages); trying again later works.
    #[error("{message}")]
    TooManyRequests {
        message: String,
        retry_after_secs: u64,
    },
    /// The server cannot serve this now (its database is unreachable, it is overloaded
    /// or shutting down); the same request will work again shortly.
    #[error("The service is briefly unavailable. Please try again in a moment.")]
    Unavailable,
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The browser could not talk to the server (network down, bad response...).
    #[error("Could not reach the server: {message}")]
    Transport { message: String },
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

/// "1 minute", "12 minutes" or "30 seconds".
fn wait_phrase(secs: u64) -> String {
    match secs {
        0..=59 => format!("{secs} seconds"),
        60..=119 => "1 minute".to_owned(),
        _ => format!("{} minutes", secs.div_ceil(60)),
    }
}

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
        let body = serde_json::json!({ "error": self, "message": self.to_string() });
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
