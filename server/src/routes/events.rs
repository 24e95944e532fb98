//! `GET /events`: the live event stream (server-sent events) of a signed-in browser.
//!
//! Admins get `pending` (the number of orders waiting for review) on connect and after
//! every change; customers get `order` (an order id, or `*` for "all") for their own
//! orders. A (re)connecting client always gets the current state first, and so does a
//! client that fell behind, instead of the events it missed. Comments keep idle
//! connections open through proxies. Every `REGDOCS_STREAM_RECHECK_SECS` the stream checks
//! that its session still exists; after a sign-out (or expiry) it ends.

use std::{convert::Infallible, time::Duration};

use axum::{
    extract::State,
    http::HeaderMap,
    response::{
        IntoResponse, Response,
        sse::{Event as SseEvent, KeepAlive, Sse},
    },
};
use tokio::sync::broadcast::error::RecvError;

use app::{
    backend::{
        auth::session_alive,
        events::Event,
        request::{account_from_headers, cookie_value},
        review::pending_count,
        state::AppState,
    },
    domain::Role,
    error::AppError,
};

/// What one subscriber sees.
#[derive(Clone, Copy)]
enum Audience {
    Admin,
    Customer(i32),
}

async fn snapshot(state: &AppState, audience: Audience) -> SseEvent {
    match audience {
        Audience::Admin => {
            let count = pending_count(&state.db).await.unwrap_or_default();
            SseEvent::default().event("pending").data(count.to_string())
        }
        Audience::Customer(_) => SseEvent::default().event("order").data("*"),
    }
}

/// The stream for the signed-in account; 401 without one.
pub async fn event_stream(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let account = match account_from_headers(&state, &headers).await {
        Ok(Some(account)) => account,
        Ok(None) => return AppError::Unauthorized.into_response(),
        Err(err) => return err.into_response(),
    };
    let audience = if Role::from_stored(&account.role) == Role::Admin {
        Audience::Admin
    } else {
        Audience::Customer(account.id)
    };
    let receiver = state.events.subscribe();
    let every = Duration::from_secs(u64::from(state.settings.stream_recheck_secs));
    let mut recheck = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let account_id = account.id;
    let initial = (true, receiver, recheck);
    let stream = futures_util::stream::unfold(
        initial,
        move |(first, mut receiver, mut recheck)| {
            let state = state.clone();
            let headers = headers.clone();
            async move {
                if first {
                    let event = snapshot(&state, audience).await;
                    return Some((Ok::<_, Infallible>(event), (false, receiver, recheck)));
                }
                loop {
                    let received = tokio::select! {
                        received = receiver.recv() => received,
                        _ = recheck.tick() => {
                            let alive = match cookie_value(&headers, state.settings.session_cookie_name()) {
                                Some(token) => session_alive(
                                    &state.db,
                                    state.settings.session_policy(),
                                    &token,
                                    account_id,
                                )
                                .await
                                .unwrap_or(true),
                                None => false,
                            };
                            if !alive {
                                return None;
                            }
                            continue;
                        }
                    };
                    match received {
                        Ok(Event::OrderChanged {
                            order_id,
                            customer_id,
                        }) => match audience {
                            Audience::Admin => {
                                let event = snapshot(&state, audience).await;
                                return Some((Ok(event), (false, receiver, recheck)));
                            }
                            Audience::Customer(id) if id == customer_id => {
                                let event = SseEvent::default()
                                    .event("order")
                                    .data(order_id.to_string());
                                return Some((Ok(event), (false, receiver, recheck)));
                            }
                            Audience::Customer(_) => {}
                        },
                        Ok(Event::Resync) | Err(RecvError::Lagged(_)) => {
                            let event = snapshot(&state, audience).await;
                            return Some((Ok(event), (false, receiver, recheck)));
                        }
                        Err(RecvError::Closed) => return None,
                    }
                }
            }
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
