//! Errors of the REST API as RFC 9457 problem details (`application/problem+json`), with
//! the field at fault, and the JSON body extractor whose refusals are problems too.

use axum::{
    extract::{FromRequest, rejection::JsonRejection},
    response::{IntoResponse, Response},
};
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;
use utoipa::ToSchema;

use app::{
    backend::billing::refusals::{Refusal, problem_detail},
    error::AppError,
};

/// One field at fault.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field, as the request names it (`domain`, `answers.nexus_category`).
    pub field: String,
    pub message: String,
}

/// An error, as RFC 9457 describes it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// What kind of problem (a URI naming it; `about:blank` for plain HTTP errors).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    pub status: u16,
    /// What went wrong this time, for a person.
    pub detail: String,
    /// The field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every field at fault, when there are several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// Seconds to wait before trying again (also in `Retry-After`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

/// An API error: answered as a problem.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        Self(err)
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        Self(refusal.into())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let field = match &rejection {
            JsonRejection::MissingJsonContentType(_) => "Content-Type",
            _ => "body",
        };
        Self(AppError::validation(field, rejection.body_text()))
    }
}

/// The problem type and title of an error.
fn kind_of(err: &AppError) -> (&'static str, &'static str) {
    match err {
        AppError::NotFound => ("not-found", "Not found"),
        AppError::Unauthorized | AppError::SignInFailed => {
            ("unauthorized", "Missing or invalid API key")
        }
        AppError::Forbidden | AppError::NotVerified => ("forbidden", "Not allowed"),
        AppError::Validation { .. } | AppError::Invalid { .. } => ("validation", "Invalid request"),
        AppError::Conflict { .. } => ("conflict", "Conflict"),
        AppError::PayloadTooLarge { .. } => ("too-large", "Payload too large"),
        AppError::TooManyAttempts { .. } | AppError::TooManyRequests { .. } => {
            ("rate-limited", "Too many requests")
        }
        AppError::Unavailable => ("unavailable", "Service unavailable"),
        AppError::Internal | AppError::Transport { .. } => ("internal", "Internal error"),
    }
}

impl Problem {
    /// The problem for `err`.
    pub fn of(err: &AppError) -> Self {
        let (kind, title) = kind_of(err);
        let (field, errors) = match err {
            AppError::Validation { field, .. } if !field.is_empty() => {
                (Some(field.clone()), Vec::new())
            }
            AppError::Invalid { problems } => (
                problems.first().map(|p| p.field.clone()),
                problems
                    .iter()
                    .map(|p| FieldProblem {
                        field: p.field.clone(),
                        message: p.message.clone(),
                    })
                    .collect(),
            ),
            _ => (None, Vec::new()),
        };
        Self {
            kind: format!("https://regdocs.dev/problems/{kind}"),
            title: title.to_owned(),
            status: err.status().as_u16(),
            detail: problem_detail(err),
            field,
            errors,
            retry_after: err.retry_after_secs(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = Problem::of(&self.0);
        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = problem.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"regdocs API\""),
            );
        }
        response
    }
}

/// A JSON body whose refusals (not JSON, wrong shape, wrong content type) are problems.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// What every handler answers.
pub type ApiResult<T> = Result<T, ApiError>;
