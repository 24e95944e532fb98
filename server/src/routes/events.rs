//! `GET /events`: the live event stream (server-sent events) of a signed-in browser.
//!
//! Admins get `pending` (the number of orders waiting for review) and `overdue` (how
//! many of them are past the review target) on connect and whenever they change, `order` (an order id) for every order that changed and `claim` (an
//! order id) when who reviews an order changed; customers get `order` (an order id, or
//! `*` for "all") for their own orders. A (re)connecting client always gets the current state first, and so does a
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
use tokio::sync::{
    broadcast::{self, error::RecvError},
    watch,
};

use app::{
    backend::{
        accounts::auth::session_alive,
        accounts::request::{account_from_headers, cookie_value},
        infra::events::Event,
        infra::limits::{self, Slot},
        infra::state::AppState,
    },
    domain::Role,
    error::AppError,
};

/// What one subscriber follows: admins the shared count of waiting orders, customers the
/// changes of their own orders.
enum Feed {
    Admin {
        pending: watch::Receiver<Option<u64>>,
        /// The count this page was sent last: the same count is not sent twice.
        sent: Option<u64>,
        /// Every order's changes and claims (an open order page follows its order).
        changes: broadcast::Receiver<Event>,
        overdue: watch::Receiver<Option<u64>>,
        sent_overdue: Option<u64>,
    },
    Customer {
        id: i32,
        changes: broadcast::Receiver<Event>,
    },
}

/// Where a stream is: all it holds while it waits for the next event (a few hundred
/// bytes; the count admins see is computed once for all of them, see `Backlog`).
struct Follow {
    feed: Feed,
    recheck: tokio::time::Interval,
    /// The session the stream belongs to, checked every `recheck`.
    session: Option<String>,
    account_id: i32,
    /// Sent before waiting for anything else (an admin's overdue count and "look again"
    /// after the first count).
    queued: std::collections::VecDeque<SseEvent>,
    /// Given back (one stream fewer for the account) when the stream ends.
    _slot: Slot,
    /// Counted in `regdocs_event_streams_open` while the stream lives.
    _open: crate::metrics::OpenStream,
}

impl Follow {
    /// The current state: the pending count for admins (`None` when it is the one sent
    /// last, or not counted yet), "look again" for customers.
    fn snapshot(&mut self) -> Option<SseEvent> {
        match &mut self.feed {
            Feed::Admin { pending, sent, .. } => {
                let count = (*pending.borrow_and_update())?;
                if *sent == Some(count) {
                    return None;
                }
                *sent = Some(count);
                Some(SseEvent::default().event("pending").data(count.to_string()))
            }
            Feed::Customer { .. } => Some(SseEvent::default().event("order").data("*")),
        }
    }

    /// The count of overdue orders, when it is not the one sent last (admins).
    fn overdue_snapshot(&mut self) -> Option<SseEvent> {
        let Feed::Admin {
            overdue,
            sent_overdue,
            ..
        } = &mut self.feed
        else {
            return None;
        };
        let count = (*overdue.borrow_and_update())?;
        if *sent_overdue == Some(count) {
            return None;
        }
        *sent_overdue = Some(count);
        Some(SseEvent::default().event("overdue").data(count.to_string()))
    }

    /// The state a new stream starts with. Right after the server started, the count of
    /// waiting orders may not be known yet: the stream waits a little for it.
    async fn first(&mut self) -> Option<SseEvent> {
        if let Feed::Admin { pending, .. } = &mut self.feed {
            let counted = pending.wait_for(Option::is_some);
            tokio::time::timeout(Duration::from_secs(5), counted)
                .await
                .ok()?
                .ok()?;
            if let Some(overdue) = self.overdue_snapshot() {
                self.queued.push_back(overdue);
            }
            // After a reconnect, an open order page may have missed changes: it looks
            // again.
            self.queued
                .push_back(SseEvent::default().event("order").data("*"));
        }
        self.snapshot()
    }

    /// Waits for the next thing to send; `None` ends the stream (shutdown, sign-out).
    async fn next(&mut self, state: &AppState) -> Option<SseEvent> {
        if let Some(queued) = self.queued.pop_front() {
            return Some(queued);
        }
        loop {
            let event = tokio::select! {
                () = state.shutdown.fired() => return None,
                _ = self.recheck.tick() => {
                    if !self.session_alive(state).await {
                        return None;
                    }
                    continue;
                }
                event = Self::change(&mut self.feed) => event?,
            };
            let event = match event {
                Change::Pending => self.snapshot(),
                Change::Overdue => self.overdue_snapshot(),
                Change::Order(id) => Some(SseEvent::default().event("order").data(id.to_string())),
                Change::Claim(id) => Some(SseEvent::default().event("claim").data(id.to_string())),
                // Admins' counts come through their own channel: an order page looks again.
                Change::Missed if matches!(self.feed, Feed::Admin { .. }) => {
                    Some(SseEvent::default().event("order").data("*"))
                }
                Change::Missed => self.snapshot(),
                Change::Other => None,
            };
            if event.is_some() {
                return event;
            }
        }
    }

    /// The next change of the feed; `None` when nothing can come any more.
    async fn change(feed: &mut Feed) -> Option<Change> {
        match feed {
            Feed::Admin {
                pending,
                changes,
                overdue,
                ..
            } => tokio::select! {
                changed = pending.changed() => changed.ok().map(|()| Change::Pending),
                changed = overdue.changed() => changed.ok().map(|()| Change::Overdue),
                event = changes.recv() => Some(match event {
                    Ok(Event::OrderChanged { order_id, .. }) => Change::Order(order_id),
                    Ok(Event::ClaimChanged { order_id }) => Change::Claim(order_id),
                    Ok(Event::Resync) | Err(RecvError::Lagged(_)) => Change::Missed,
                    Err(RecvError::Closed) => return None,
                }),
            },
            Feed::Customer { id, changes } => Some(match changes.recv().await {
                Ok(Event::OrderChanged {
                    order_id,
                    customer_id,
                }) if customer_id == *id => Change::Order(order_id),
                Ok(Event::OrderChanged { .. } | Event::ClaimChanged { .. }) => Change::Other,
                Ok(Event::Resync) | Err(RecvError::Lagged(_)) => Change::Missed,
                Err(RecvError::Closed) => return None,
            }),
        }
    }

    async fn session_alive(&self, state: &AppState) -> bool {
        let Some(token) = &self.session else {
            return false;
        };
        session_alive(
            &state.db,
            state.settings.session_policy(),
            token,
            self.account_id,
        )
        .await
        // A database hiccup does not end the stream.
        .unwrap_or(true)
    }
}

/// What woke a stream up.
enum Change {
    /// The count of waiting orders changed.
    Pending,
    /// The count of overdue orders changed.
    Overdue,
    /// An order changed (for a customer: one of theirs).
    Order(i32),
    /// Who reviews an order changed (admins).
    Claim(i32),
    /// Events may have been missed: send the current state.
    Missed,
    /// Someone else's order.
    Other,
}

/// The stream for the signed-in account; 401 without one.
pub async fn event_stream(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let account = match account_from_headers(&state, &headers).await {
        Ok(Some(account)) => account,
        Ok(None) => return AppError::Unauthorized.into_response(),
        Err(err) => return err.into_response(),
    };
    let Some(slot) = state.streams.try_take(account.id) else {
        return limits::too_many_live_pages().into_response();
    };
    if state.shutdown.has_fired() {
        return AppError::Unavailable.into_response();
    }
    let feed = if account.role == Role::Admin {
        Feed::Admin {
            pending: state.backlog.subscribe(),
            sent: None,
            changes: state.events.subscribe(),
            overdue: state.backlog.subscribe_overdue(),
            sent_overdue: None,
        }
    } else {
        Feed::Customer {
            id: account.id,
            changes: state.events.subscribe(),
        }
    };
    let every = Duration::from_secs(u64::from(state.settings.stream_recheck_secs));
    let mut recheck = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let follow = Follow {
        feed,
        recheck,
        session: cookie_value(&headers, state.settings.session_cookie_name()),
        account_id: account.id,
        queued: std::collections::VecDeque::new(),
        _slot: slot,
        _open: crate::metrics::OpenStream::new(),
    };
    drop(headers);
    let stream = futures_util::stream::unfold(
        (true, follow, state),
        |(first, mut follow, state)| async move {
            let event = if first {
                // Without a first state (the count of waiting orders cannot be read) the
                // stream ends, and the browser reconnects a little later.
                follow.first().await?
            } else {
                follow.next(&state).await?
            };
            Some((Ok::<_, Infallible>(event), (false, follow, state)))
        },
    );
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
