//! `GET /sign-in/link/{token}`: a one-time sign-in link a billing system asked for.
//! Opening it signs the customer in with a new session (the session this browser had
//! ends) and lands on the order it names; a used, expired or unknown link leads to the
//! sign-in page, which says why. Never cached, and the link's address is not passed on
//! as a referrer.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::Utc;

use app::{
    backend::{
        accounts::request::{cookie_value, session_cookie},
        billing::handoff,
        infra::state::AppState,
    },
    error::AppError,
};

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(location) {
        headers.insert(header::LOCATION, location);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// Redeems the link and sends the browser on.
pub async fn open_sign_in_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let replaced = cookie_value(&headers, state.settings.session_cookie_name());
    match handoff::redeem(
        &state.db,
        state.settings.session_policy(),
        &token,
        replaced.as_deref(),
        Utc::now(),
    )
    .await
    {
        Ok(redeemed) => {
            let mut response = see_other(&redeemed.landing);
            if let Ok(cookie) =
                HeaderValue::from_str(&session_cookie(&state.settings, &redeemed.session))
            {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(AppError::NotFound) => see_other("/login?link=expired"),
        Err(err) => err.into_response(),
    }
}
