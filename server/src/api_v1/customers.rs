//! `/api/v1/customers/{external_id}`: customers by the billing system's id, and their
//! one-time sign-in links.

use axum::{
    Extension, Json,
    extract::{Path, State},
    http::StatusCode,
};

use app::backend::{
    billing::{customers, handoff, keys::Caller},
    infra::state::AppState,
};

use super::{
    model::{Customer, CustomerInput, LinkInput, SignInLink},
    problem::{ApiJson, ApiResult, Problem},
};

/// Creates or updates a customer.
#[utoipa::path(
    put, path = "/api/v1/customers/{external_id}", tag = "Customers",
    params(("external_id" = String, Path, description = "The billing system's id of the customer")),
    request_body = CustomerInput,
    responses(
        (status = 201, description = "Created", body = Customer),
        (status = 200, description = "Updated", body = Customer),
        (status = 409, description = "Another account has the e-mail address", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = ["write"]))
)]
pub async fn put_customer(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(external_id): Path<String>,
    ApiJson(input): ApiJson<CustomerInput>,
) -> ApiResult<(StatusCode, Json<Customer>)> {
    let input = customers::CustomerInput {
        name: input.name,
        email: input.email,
        language: input.language,
    };
    let (customer, created) = customers::upsert(&caller, &state, &external_id, &input).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(customer.into())))
}

/// Reads a customer.
#[utoipa::path(
    get, path = "/api/v1/customers/{external_id}", tag = "Customers",
    params(("external_id" = String, Path, description = "The billing system's id of the customer")),
    responses(
        (status = 200, body = Customer),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = ["read"]))
)]
pub async fn get_customer(
    State(state): State<AppState>,
    Extension(_caller): Extension<Caller>,
    Path(external_id): Path<String>,
) -> ApiResult<Json<Customer>> {
    Ok(Json(customers::find(&state.db, &external_id).await?.into()))
}

/// Makes a one-time sign-in link for the customer, valid for five minutes.
#[utoipa::path(
    post, path = "/api/v1/customers/{external_id}/sign-in-links", tag = "Customers",
    params(("external_id" = String, Path, description = "The billing system's id of the customer")),
    request_body = LinkInput,
    responses(
        (status = 201, body = SignInLink),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The order is not the customer's", body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = ["write"]))
)]
pub async fn create_sign_in_link(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(external_id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<SignInLink>)> {
    // The body is optional: none asks for a link to the customer's orders.
    let input: LinkInput = if body.iter().all(u8::is_ascii_whitespace) {
        LinkInput::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| app::error::AppError::validation("body", e.to_string()))?
    };
    let link = handoff::issue(&caller, &state, &external_id, input.order_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(SignInLink {
            url: link.url,
            expires_at: link.expires_at,
        }),
    ))
}
