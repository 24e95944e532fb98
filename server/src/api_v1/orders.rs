//! `/api/v1/orders`: placing, reading, listing and cancelling orders, reporting their
//! registration, and the documents of their approved items.

use axum::{
    Extension, Json,
    extract::{Path, Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use app::{
    backend::{
        billing::{keys::Caller, orders, refusals::Refusal},
        infra::state::AppState,
        orders::registration::Reported,
    },
    domain::{orders::OrderStatus, requirements::Operation},
    error::AppError,
};

use super::{
    model::{
        CancelInput, Document, DocumentList, NewOrder, Order, OrderPage, OrderQuery,
        RegistrationReport, RequirementsQuery,
    },
    problem::{ApiJson, ApiResult, Problem},
};

/// The most orders on one page.
const MAX_PAGE: u64 = 100;

/// `register` or `transfer`, if given.
fn operation(value: Option<&str>) -> Result<Option<Operation>, AppError> {
    value
        .map(|v| Operation::parse(v).ok_or_else(|| AppError::from(Refusal::Operation)))
        .transpose()
}

async fn order(caller: &Caller, state: &AppState, id: i32) -> ApiResult<Order> {
    Ok(orders::get(caller, state, id).await?.into())
}

/// Places an order for a customer. The same `external_id` again answers the order
/// placed the first time (200 instead of 201).
#[utoipa::path(
    post, path = "/api/v1/orders", tag = "Orders",
    request_body = NewOrder,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe: the same request again gets the same answer")),
    responses(
        (status = 201, description = "Placed", body = Order),
        (status = 200, description = "Placed before with this external id", body = Order),
        (status = 409, description = "The customer has the most orders in progress", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (unknown customer, domain not offered or taken, external id of another order, answer to no item)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = ["write"]))
)]
pub async fn create_order(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    ApiJson(input): ApiJson<NewOrder>,
) -> ApiResult<Response> {
    let placed = orders::create(
        &caller,
        &state,
        &orders::NewOrder {
            customer: input.customer,
            external_id: input.external_id,
            domain: input.domain,
            operation: operation(input.operation.as_deref())?.unwrap_or_default(),
            answers: input.answers,
        },
    )
    .await?;
    let body = order(&caller, &state, placed.id).await?;
    let status = if placed.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let mut response = (status, Json(body)).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/orders/{}", placed.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// Reads an order: its state, items with their state, statements and attempts, and its
/// audit trail.
#[utoipa::path(
    get, path = "/api/v1/orders/{id}", tag = "Orders",
    params(("id" = i32, Path, description = "regdocs' id of the order")),
    responses(
        (status = 200, body = Order),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = ["read"]))
)]
pub async fn get_order(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i32>,
) -> ApiResult<Json<Order>> {
    Ok(Json(order(&caller, &state, id).await?))
}

/// Lists orders, the newest first, a page at a time (follow `next_cursor`).
#[utoipa::path(
    get, path = "/api/v1/orders", tag = "Orders",
    params(OrderQuery),
    responses(
        (status = 200, body = OrderPage),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = ["read"]))
)]
pub async fn list_orders(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    query: Result<Query<OrderQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<OrderPage>> {
    let Query(query) =
        query.map_err(|rejection| AppError::validation("query", rejection.body_text()))?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(Refusal::Limit { max: MAX_PAGE }.into());
    }
    let status = match query.status.as_deref() {
        None => None,
        Some(s) => Some(
            OrderStatus::ALL
                .into_iter()
                .find(|st| st.as_str() == s)
                .ok_or(Refusal::Status)?,
        ),
    };
    let before = match query.cursor.as_deref() {
        None => None,
        Some(c) => Some(c.parse::<i32>().map_err(|_| Refusal::Cursor)?),
    };
    if let Some(external_id) = &query.external_id {
        let found = match orders::id_of(&state.db, external_id).await {
            Ok(id) => Some(id),
            Err(AppError::NotFound) => None,
            Err(err) => return Err(err.into()),
        };
        let (rows, _) = orders::list(
            &caller,
            &state,
            &orders::OrderFilter {
                before: found.map(|id| id + 1),
                limit: 1,
                ..Default::default()
            },
        )
        .await?;
        let rows = rows
            .into_iter()
            .filter(|r| Some(r.order.id) == found)
            .map(Into::into)
            .collect();
        return Ok(Json(OrderPage {
            orders: rows,
            next_cursor: None,
        }));
    }
    let (rows, next) = orders::list(
        &caller,
        &state,
        &orders::OrderFilter {
            status,
            operation: operation(query.operation.as_deref())?,
            customer: query.customer,
            domain: query.domain,
            updated_since: query.updated_since,
            before,
            limit,
        },
    )
    .await?;
    Ok(Json(OrderPage {
        orders: rows.into_iter().map(Into::into).collect(),
        next_cursor: next.map(|id| id.to_string()),
    }))
}

/// Cancels an order that has not ended; the customer sees the statement.
#[utoipa::path(
    post, path = "/api/v1/orders/{id}/cancel", tag = "Orders",
    params(("id" = i32, Path)),
    request_body = CancelInput,
    responses(
        (status = 200, body = Order),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order has ended", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = ["write"]))
)]
pub async fn cancel_order(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i32>,
    ApiJson(input): ApiJson<CancelInput>,
) -> ApiResult<Json<Order>> {
    orders::cancel(&caller, &state, id, &input.statement).await?;
    Ok(Json(order(&caller, &state, id).await?))
}

/// Reports the result of a registration the billing system made itself.
#[utoipa::path(
    post, path = "/api/v1/orders/{id}/registration", tag = "Orders",
    params(("id" = i32, Path)),
    request_body = RegistrationReport,
    responses(
        (status = 200, body = Order),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order is not approved or being registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = ["write"]))
)]
pub async fn report_registration(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i32>,
    ApiJson(input): ApiJson<RegistrationReport>,
) -> ApiResult<Json<Order>> {
    let outcome = match input.result.as_str() {
        "registered" => Reported::Registered,
        "failed" => Reported::Failed(input.message.as_deref().unwrap_or("")),
        _ => {
            return Err(Refusal::RegistrationResult.into());
        }
    };
    orders::report(&caller, &state, id, outcome).await?;
    Ok(Json(order(&caller, &state, id).await?))
}

/// Lists the documents of the order's approved items.
#[utoipa::path(
    get, path = "/api/v1/orders/{id}/documents", tag = "Documents",
    params(("id" = i32, Path)),
    responses(
        (status = 200, body = DocumentList),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = ["read"]))
)]
pub async fn list_documents(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i32>,
) -> ApiResult<Json<DocumentList>> {
    let documents = orders::approved_documents(&caller, &state, id).await?;
    Ok(Json(DocumentList {
        documents: documents.iter().map(Document::approved).collect(),
    }))
}

/// Downloads a document of an approved item.
#[utoipa::path(
    get, path = "/api/v1/documents/{id}", tag = "Documents",
    params(("id" = i32, Path)),
    responses(
        (status = 200, description = "The document's bytes", content_type = "application/octet-stream"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = ["read"]))
)]
pub async fn download_document(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i32>,
) -> ApiResult<Response> {
    let doc = orders::approved_document(&caller, &state, id).await?;
    Ok(crate::routes::documents::serve(&state, doc, false).await)
}

/// An extension's requirements as JSON Schema.
#[utoipa::path(
    get, path = "/api/v1/extensions/{name}/requirements", tag = "Requirements",
    params(("name" = String, Path, description = "The extension: `us`, `com.au`, `av.tr`"), RequirementsQuery),
    responses(
        (status = 200, description = "JSON Schema (2020-12) of the `answers` of an order; documents under `x-regdocs-documents`", content_type = "application/schema+json"),
        (status = 404, description = "Not offered", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = ["read"]))
)]
pub async fn requirements(
    State(state): State<AppState>,
    Extension(_caller): Extension<Caller>,
    Path(name): Path<String>,
    query: Result<Query<RequirementsQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let Query(query) =
        query.map_err(|rejection| AppError::validation("query", rejection.body_text()))?;
    let operation = operation(query.operation.as_deref())?.unwrap_or_default();
    let id = format!(
        "{}/api/v1/extensions/{name}/requirements?operation={}",
        state.settings.public_url.trim_end_matches('/'),
        operation.as_str()
    );
    let schema =
        app::backend::billing::schema::of_extension(&state.db, &name, operation, &id).await?;
    let mut response = Json(schema).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/schema+json"),
    );
    Ok(response)
}

/// `404` for anything else under `/api/v1`.
pub async fn not_found() -> super::problem::ApiError {
    AppError::NotFound.into()
}
