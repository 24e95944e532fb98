//! Gives server-function errors their real HTTP status.
//!
//! Leptos answers every failed server function with 500 and the encoded error. The
//! browser client decodes any 4xx/5xx the same way, so mapping the status to the
//! error (401, 403, 404, 409, 413, 422, 429, 503) costs it nothing, and logs, monitoring
//! and API clients see what really happened.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    middleware::Next,
    response::Response,
};
use http::StatusCode;

use app::error::AppError;

/// The header Leptos puts on server-function error responses.
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";
/// Encoded errors are small; anything bigger is left alone.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Rewrites the status of server-function error responses to the error's own.
pub async fn map_server_fn_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status();
        if let Some(secs) = error.retry_after_secs() {
            parts
                .headers
                .insert(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
