//! The REST API for billing systems, under `/api/v1`: JSON in and out, errors as RFC 9457
//! problems, `Authorization: Bearer <API key>` on every call but the OpenAPI document,
//! `Idempotency-Key` honoured on every POST. Handlers call the same services as the
//! pages (`app::backend::billing`, which calls `app::backend::orders`).

pub mod customers;
pub mod docs;
pub mod model;
pub mod orders;
pub mod problem;

use axum::{
    Router,
    body::{Body, to_bytes},
    extract::{Request, State},
    middleware::{Next, from_fn_with_state},
    response::{IntoResponse, Response},
    routing::{get, post, put},
};
use chrono::Utc;
use http::{HeaderValue, Method, StatusCode, header};

use app::{
    backend::{
        billing::{
            idempotency::{self, Begun},
            keys::{self, Caller},
            refusals::Refusal,
        },
        infra::state::AppState,
    },
    error::AppError,
};

use problem::ApiError;

/// The largest request body the API reads (JSON only; documents are uploaded by
/// customers, not through the API).
const MAX_BODY: usize = 256 * 1024;

/// The API's routes, with the key check and idempotency around them.
pub fn router(state: &AppState) -> Router<AppState> {
    let calls = Router::new()
        .route(
            "/customers/{external_id}",
            put(customers::put_customer).get(customers::get_customer),
        )
        .route(
            "/customers/{external_id}/sign-in-links",
            post(customers::create_sign_in_link),
        )
        .route(
            "/orders",
            post(orders::create_order).get(orders::list_orders),
        )
        .route("/orders/{id}", get(orders::get_order))
        .route("/orders/{id}/cancel", post(orders::cancel_order))
        .route(
            "/orders/{id}/registration",
            post(orders::report_registration),
        )
        .route("/orders/{id}/documents", get(orders::list_documents))
        .route("/documents/{id}", get(orders::download_document))
        .route("/extensions/{name}/requirements", get(orders::requirements))
        .layer(from_fn_with_state(state.clone(), idempotent))
        .layer(from_fn_with_state(state.clone(), authenticate));
    Router::new()
        .route("/openapi.json", get(docs::openapi_json))
        .route("/docs", get(docs::reference_page))
        .merge(calls)
        .fallback(orders::not_found)
}

/// The API key of `Authorization: Bearer …`, if the header has that form.
fn bearer(request: &Request) -> Option<&str> {
    request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Refuses calls without a valid key (401) or over the key's rate (429); hands the
/// caller to the handlers.
async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(secret) = bearer(&request) else {
        return ApiError(AppError::Unauthorized).into_response();
    };
    match keys::authenticate(&state, secret, Utc::now()).await {
        Ok(caller) => {
            request.extensions_mut().insert(caller);
            let mut response = next.run(request).await;
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(err) => ApiError(err).into_response(),
    }
}

/// `Idempotency-Key` on a POST: the first request is carried out and its answer kept; the
/// same request again gets that answer (with `Idempotent-Replayed: true`); the key with
/// another request is refused (422); while the first is being answered, 409.
async fn idempotent(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(value) = request.headers().get("idempotency-key") else {
        return next.run(request).await;
    };
    let key = match value
        .to_str()
        .map_err(|_| AppError::from(Refusal::KeyNotAscii))
        .and_then(idempotency::parse_key)
    {
        Ok(key) => key,
        Err(err) => return ApiError(err).into_response(),
    };
    let Some(caller) = request.extensions().get::<Caller>().cloned() else {
        return ApiError(AppError::Unauthorized).into_response();
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return ApiError::from(Refusal::BodyTooLarge {
            max_kb: MAX_BODY / 1024,
        })
        .into_response();
    };
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), ToString::to_string);
    let fingerprint = idempotency::fingerprint(parts.method.as_str(), &path, &bytes);
    let key_id = caller.key.id;
    match idempotency::begin(&state.db, key_id, &key, &fingerprint, Utc::now()).await {
        Err(err) => return ApiError(err).into_response(),
        Ok(Begun::Replay { status, body }) => return replay(status, body),
        Ok(Begun::InProgress) => return ApiError::from(Refusal::KeyBusy).into_response(),
        Ok(Begun::Mismatch) => return ApiError::from(Refusal::KeyReused).into_response(),
        Ok(Begun::Fresh) => {}
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        let _ = idempotency::abandon(&state.db, key_id, &key).await;
        return ApiError(AppError::Internal).into_response();
    };
    let kept = if parts.status.is_server_error() {
        // Our failure: the same request may work when tried again.
        idempotency::abandon(&state.db, key_id, &key).await
    } else {
        idempotency::finish(
            &state.db,
            key_id,
            &key,
            parts.status.as_u16(),
            &String::from_utf8_lossy(&bytes),
        )
        .await
    };
    if let Err(err) = kept {
        tracing::warn!(%err, "could not keep an idempotent answer");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A kept answer, given again.
fn replay(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let content_type = if status.is_success() {
        "application/json"
    } else {
        "application/problem+json"
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}
