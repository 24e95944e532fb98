//! `GET /events`: the live event stream (server-sent events) of a signed-in browser.
//!
//! Admins get `pending` (the number of orders waiting for review) on connect and after
//! every change; customers get `order` (an order id, or `*` for "all") for their own
//! orders. A (re)connecting client always gets the current state first, and so does a
//! client that fell behind, instead of the events it missed. Comments keep idle
//! connections open through proxies. Every `REGDOCS_STREAM_RECHECK_SECS` the stream checks
//! that its session still exists; after a sign-out (or expiry) it ends. Streams end when
//! the server shuts down (the browser reconnects, to another instance if there is one),
//! and one account may keep `REGDOCS_MAX_STREAMS_PER_ACCOUNT` open at once.

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
        accounts::auth::session_alive,
        accounts::request::{account_from_headers, cookie_value},
        infra::events::Event,
        infra::limits::Slot,
        infra::state::AppState,
        orders::review::pending_count,
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

/// Where a stream is: what it holds while it waits for the next event.
struct Follow {
    receiver: tokio::sync::broadcast::Receiver<Event>,
    recheck: tokio::time::Interval,
    /// Given back (one stream fewer for the account) when the stream ends.
    _slot: Slot,
    /// The count an admin's page was sent last: the same count is not sent twice.
    sent_pending: Option<u64>,
}

/// The current state for `audience`: the pending count for admins (`None` when it is the
/// one sent last, or cannot be read now), "look again" for customers.
async fn snapshot(state: &AppState, audience: Audience, follow: &mut Follow) -> Option<SseEvent> {
    match audience {
        Audience::Admin => {
            let count = pending_count(&state.db).await.ok()?;
            if follow.sent_pending == Some(count) {
                return None;
            }
            follow.sent_pending = Some(count);
            Some(SseEvent::default().event("pending").data(count.to_string()))
        }
        Audience::Customer(_) => Some(SseEvent::default().event("order").data("*")),
    }
}

/// The stream for the signed-in account; 401 without one.
pub async fn event_stream(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let account = match account_from_headers(&state, &headers).await {
        Ok(Some(account)) => account,
        Ok(None) => return AppError::Unauthorized.into_response(),
        Err(err) => return err.into_response(),
    };
    let audience = if account.role == Role::Admin {
        Audience::Admin
    } else {
        Audience::Customer(account.id)
    };
    let Some(slot) = state.streams.try_take(account.id) else {
        return AppError::TooManyRequests {
            message:
                "Too many pages of this account are open and following live updates; close some."
                    .into(),
            retry_after_secs: 30,
        }
        .into_response();
    };
    if state.shutdown.has_fired() {
        return AppError::Unavailable.into_response();
    }
    let receiver = state.events.subscribe();
    let every = Duration::from_secs(u64::from(state.settings.stream_recheck_secs));
    let mut recheck = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let account_id = account.id;
    let follow = Follow {
        receiver,
        recheck,
        _slot: slot,
        sent_pending: None,
    };
    let stream = futures_util::stream::unfold((true, follow), move |(first, mut follow)| {
        let state = state.clone();
        let headers = headers.clone();
        async move {
            if first {
                // Without a first state (the database is unreachable) the stream ends,
                // and the browser reconnects a little later.
                let event = snapshot(&state, audience, &mut follow).await?;
                return Some((Ok::<_, Infallible>(event), (false, follow)));
            }
            loop {
                let received = tokio::select! {
                    () = state.shutdown.fired() => return None,
                    received = follow.receiver.recv() => received,
                    _ = follow.recheck.tick() => {
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
                let event = match received {
                    Ok(Event::OrderChanged {
                        order_id,
                        customer_id,
                    }) => match audience {
                        Audience::Admin => snapshot(&state, audience, &mut follow).await,
                        Audience::Customer(id) if id == customer_id => Some(
                            SseEvent::default()
                                .event("order")
                                .data(order_id.to_string()),
                        ),
                        Audience::Customer(_) => None,
                    },
                    Ok(Event::Resync) | Err(RecvError::Lagged(_)) => {
                        snapshot(&state, audience, &mut follow).await
                    }
                    Err(RecvError::Closed) => return None,
                };
                if let Some(event) = event {
                    return Some((Ok(event), (false, follow)));
                }
            }
        }
    });
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response();
    // Personal data: no cache keeps it (axum's `no-cache` would let one revalidate).
    response.headers_mut().insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("no-store"),
    );
    response
}
