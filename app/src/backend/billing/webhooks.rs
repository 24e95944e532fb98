//! Webhooks: every change of an order (placed, submitted, action required, approved,
//! registering, registered, registration failed, cancelled) is delivered as JSON to the
//! endpoints admins registered for it, signed the Standard Webhooks way
//! (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of
//! "id.timestamp.body">`).
//!
//! A delivery is written in the transaction of the change it tells about ([`enqueue`],
//! called by `OrderTx` and by placing an order), so no change goes untold and nothing is
//! told of a change that was rolled back. A worker on every instance sends what is due,
//! woken by every order event (which Postgres carries to every instance) and every few
//! seconds for retries; each delivery is claimed with a lease first and its outcome is
//! written only while the claim is still the worker's, so one is sent once even with
//! several instances. A receiver that does not answer 2xx is tried again after 30 s,
//! 2 min, 8 min, 32 min, then every 2 h, eight attempts in all; every attempt is kept
//! with its status and the start of the answer, and an admin can send any delivery
//! again (same `webhook-id`).

use std::time::{Duration, Instant};

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{DateTime, SubsecRound, Utc};
use hmac::{Hmac, Mac};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, sea_query::Expr,
};
use serde_json::json;
use sha2::Sha256;
use tracing::{info, instrument, warn};

use crate::{
    backend::{
        accounts::request,
        entities::{order, user, webhook_attempt, webhook_delivery, webhook_endpoint},
        infra::{ctx::Ctx, events::Event, mail::retry_pause, state::AppState},
    },
    domain::{
        orders::OrderStatus,
        requirements::FieldProblem,
        webhooks::{
            EVENT_TYPES, NewWebhookEndpoint, WebhookAttemptView, WebhookDeliveryView,
            WebhookEndpointView, is_event_type,
        },
    },
    error::AppError,
    i18n::td_string,
};

/// Attempts before a delivery is given up as failed.
pub const MAX_ATTEMPTS: i32 = 8;

/// How long a worker may take over one delivery before another may take it over.
const CLAIM_LEASE: chrono::Duration = chrono::Duration::minutes(2);

/// A receiver gets this long to answer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// How much of an answer is kept.
const RESPONSE_KEPT: usize = 1024;

/// The longest endpoint address accepted.
const MAX_URL: usize = 2048;

/// Delivery states.
pub mod status {
    pub const PENDING: &str = "pending";
    pub const DELIVERED: &str = "delivered";
    pub const FAILED: &str = "failed";
}

/// The event an order's move to `status` is, if it is one.
pub fn event_for(status: OrderStatus) -> Option<&'static str> {
    Some(match status {
        OrderStatus::UnderReview => "order.submitted",
        OrderStatus::ActionRequired => "order.action_required",
        OrderStatus::Approved => "order.approved",
        OrderStatus::Registering => "order.registering",
        OrderStatus::Registered => "order.registered",
        OrderStatus::RegistrationFailed => "order.registration_failed",
        OrderStatus::Cancelled => "order.cancelled",
        OrderStatus::AwaitingDocuments | OrderStatus::ReadyToRegister => return None,
    })
}

fn random_bytes<const N: usize>() -> [u8; N] {
    use rand::RngCore;
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// The signature of `body` sent as message `id` at `timestamp` (Unix seconds), with
/// `secret` (`whsec_…`): what `webhook-signature` carries.
///
/// # Errors
/// When the secret is not `whsec_` and base64.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Result<String, String> {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .map_err(|e| format!("the endpoint's secret is not base64: {e}"))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|e| e.to_string())?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Ok(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// Writes, in the transaction `txn` of the change, a delivery of `event_type` about
/// `order` to every enabled endpoint that wants it.
///
/// # Errors
/// Database failures (the change fails with them).
pub async fn enqueue(
    txn: &impl ConnectionTrait,
    order: &order::Model,
    event_type: &str,
) -> Result<(), AppError> {
    let endpoints = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::DisabledAt.is_null())
        .all(txn)
        .await?;
    let wanted: Vec<_> = endpoints
        .into_iter()
        .filter(|e| e.events.split_whitespace().any(|t| t == event_type))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let customer = user::Entity::find_by_id(order.customer_id)
        .one(txn)
        .await?
        .and_then(|u| u.external_id);
    let now = Utc::now();
    let payload = json!({
        "type": event_type,
        "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": {
            "order": {
                "id": order.id,
                "external_id": order.external_id,
                "customer": customer,
                "domain": order.domain,
                "status": order.status.as_str(),
                "updated_at": order.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            }
        }
    })
    .to_string();
    for endpoint in wanted {
        webhook_delivery::ActiveModel {
            endpoint_id: Set(endpoint.id),
            message_id: Set(format!("msg_{}", uuid::Uuid::new_v4().simple())),
            event_type: Set(event_type.to_owned()),
            order_id: Set(Some(order.id)),
            payload: Set(payload.clone()),
            status: Set(status::PENDING.to_owned()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            last_error: Set(None),
            created_at: Set(now),
            delivered_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// The HTTP client deliveries go out with: no redirects followed, a timeout per call.
///
/// # Errors
/// When the TLS set-up fails.
pub fn client() -> Result<object_store_tls::Client, AppError> {
    // TLS on ring, like the S3 client; installed once per process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    object_store_tls::Client::builder()
        .redirect(object_store_tls::redirect::Policy::none())
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .user_agent("regdocs-webhooks/1")
        .build()
        .map_err(AppError::internal)
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub delivered: u32,
    pub failed: u32,
}

/// Sends every delivery due at `now`, once each.
///
/// # Errors
/// Database failures (a receiver that fails is not an error here).
pub async fn deliver_due(
    db: &DatabaseConnection,
    client: &object_store_tls::Client,
    now: DateTime<Utc>,
) -> Result<Round, AppError> {
    let mut round = Round::default();
    let due = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::Status.eq(status::PENDING))
        .filter(webhook_delivery::Column::NextAttemptAt.lte(now))
        .order_by_asc(webhook_delivery::Column::Id)
        .limit(50)
        .all(db)
        .await?;
    for row in due {
        // Claimed first, so another instance does not send it too.
        let lease = (Utc::now().max(now) + CLAIM_LEASE).trunc_subsecs(6);
        let claimed = webhook_delivery::Entity::update_many()
            .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(lease))
            .filter(webhook_delivery::Column::Id.eq(row.id))
            .filter(webhook_delivery::Column::Status.eq(status::PENDING))
            .filter(webhook_delivery::Column::Attempts.eq(row.attempts))
            .filter(webhook_delivery::Column::NextAttemptAt.eq(row.next_attempt_at))
            .exec(db)
            .await?;
        if claimed.rows_affected == 0 {
            continue;
        }
        let Some(endpoint) = webhook_endpoint::Entity::find_by_id(row.endpoint_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let started = Instant::now();
        let outcome = send(client, &endpoint, &row).await;
        let duration_ms = i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
        let attempts = row.attempts + 1;
        let (ok, status_code, response, error) = match outcome {
            Ok((code, body)) => (
                (200..300).contains(&code),
                Some(i32::from(code)),
                Some(body),
                None,
            ),
            Err(err) => (false, None, None, Some(err)),
        };
        let last_error = if ok {
            None
        } else {
            Some(error.clone().unwrap_or_else(|| {
                format!("the receiver answered {}", status_code.unwrap_or_default())
            }))
        };
        // The outcome only while the claim is still ours.
        let mut update = webhook_delivery::Entity::update_many()
            .col_expr(webhook_delivery::Column::Attempts, Expr::value(attempts))
            .col_expr(
                webhook_delivery::Column::LastError,
                Expr::value(last_error.clone()),
            )
            .filter(webhook_delivery::Column::Id.eq(row.id))
            .filter(webhook_delivery::Column::Status.eq(status::PENDING))
            .filter(webhook_delivery::Column::NextAttemptAt.eq(lease));
        update = if ok {
            update
                .col_expr(
                    webhook_delivery::Column::Status,
                    Expr::value(status::DELIVERED),
                )
                .col_expr(
                    webhook_delivery::Column::DeliveredAt,
                    Expr::value(Some(Utc::now())),
                )
        } else if attempts >= MAX_ATTEMPTS {
            update.col_expr(
                webhook_delivery::Column::Status,
                Expr::value(status::FAILED),
            )
        } else {
            update.col_expr(
                webhook_delivery::Column::NextAttemptAt,
                Expr::value(Utc::now().max(now) + retry_pause(attempts)),
            )
        };
        let written = update.exec(db).await?;
        if written.rows_affected == 0 {
            warn!(delivery = row.id, "webhook sent after its claim lapsed");
            continue;
        }
        webhook_attempt::ActiveModel {
            delivery_id: Set(row.id),
            at: Set(Utc::now()),
            status_code: Set(status_code),
            response: Set(response),
            error: Set(error),
            duration_ms: Set(duration_ms),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if ok {
            info!(delivery = row.id, event = %row.event_type, "webhook delivered");
            round.delivered += 1;
        } else {
            warn!(delivery = row.id, attempts, error = ?last_error, "webhook not delivered");
            round.failed += 1;
        }
    }
    Ok(round)
}

/// POSTs `body` as message `id` to `url`, signed with `secret` the Standard Webhooks
/// way at this second; the receiver's status and its answer. Webhooks and the `http`
/// registrar module send this way.
///
/// # Errors
/// When the secret is unusable or the receiver cannot be reached, in words.
pub async fn post_signed(
    client: &object_store_tls::Client,
    url: &str,
    secret: &str,
    id: &str,
    body: String,
) -> Result<(u16, String), String> {
    let timestamp = Utc::now().timestamp();
    let signature = sign(secret, id, timestamp, &body)?;
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(body)
        .send()
        .await
        .map_err(|e| format!("could not reach {url}: {e}"))?;
    let status = response.status().as_u16();
    Ok((status, response.text().await.unwrap_or_default()))
}

/// Posts one delivery; the receiver's status and the start of its answer.
async fn send(
    client: &object_store_tls::Client,
    endpoint: &webhook_endpoint::Model,
    row: &webhook_delivery::Model,
) -> Result<(u16, String), String> {
    let (status, answer) = post_signed(
        client,
        &endpoint.url,
        &endpoint.secret,
        &row.message_id,
        row.payload.clone(),
    )
    .await?;
    Ok((status, answer.chars().take(RESPONSE_KEPT).collect()))
}

/// Sends due deliveries until the server stops: woken by every order event and every
/// five seconds for retries.
pub fn spawn_worker(state: &AppState) {
    let client = match client() {
        Ok(client) => client,
        Err(err) => {
            warn!(%err, "webhooks cannot be sent");
            return;
        }
    };
    let db = state.db.clone();
    let mut events = state.events.subscribe();
    let shutdown = state.shutdown.clone();
    tokio::spawn(async move {
        loop {
            if let Err(err) = deliver_due(&db, &client, Utc::now()).await {
                warn!(%err, "webhook delivery round failed");
            }
            tokio::select! {
                () = shutdown.fired() => return,
                () = tokio::time::sleep(Duration::from_secs(5)) => {}
                event = events.recv() => {
                    if !matches!(event, Ok(Event::OrderChanged { .. }) | Err(_)) {
                        continue;
                    }
                }
            }
        }
    });
}

fn endpoint_view(e: webhook_endpoint::Model) -> WebhookEndpointView {
    WebhookEndpointView {
        id: e.id,
        events: e.events.split_whitespace().map(str::to_owned).collect(),
        url: e.url,
        created_at: e.created_at,
        disabled_at: e.disabled_at,
    }
}

/// Adds an endpoint for `events` (all when empty); its secret is in the answer.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but an admin; [`AppError::Invalid`] on `url` or
/// `events`.
#[instrument(skip(ctx), fields(by = ctx.id()))]
pub async fn create_endpoint(
    ctx: &Ctx,
    url: &str,
    events: &[String],
) -> Result<NewWebhookEndpoint, AppError> {
    ctx.ensure_admin()?;
    let locale = request::locale();
    let url = url.trim();
    let mut problems = Vec::new();
    match object_store_tls::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => {}
        _ => problems.push(FieldProblem {
            field: "url".into(),
            message: td_string!(locale, problems.webhooks.url_format).to_owned(),
        }),
    }
    if url.len() > MAX_URL {
        problems.push(FieldProblem {
            field: "url".into(),
            message: td_string!(locale, problems.at_most_chars, max = MAX_URL).to_string(),
        });
    }
    let events: Vec<String> = if events.is_empty() {
        EVENT_TYPES.iter().map(|(t, _)| (*t).to_owned()).collect()
    } else {
        events.to_vec()
    };
    if let Some(unknown) = events.iter().find(|e| !is_event_type(e)) {
        problems.push(FieldProblem {
            field: "events".into(),
            message: td_string!(locale, problems.webhooks.unknown_event, event = unknown)
                .to_string(),
        });
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid { problems });
    }
    let secret = format!("whsec_{}", STANDARD.encode(random_bytes::<24>()));
    let created = webhook_endpoint::ActiveModel {
        url: Set(url.to_owned()),
        secret: Set(secret.clone()),
        events: Set(events.join(" ")),
        created_by: Set(ctx.id()),
        created_at: Set(Utc::now()),
        disabled_at: Set(None),
        ..Default::default()
    }
    .insert(ctx.db())
    .await?;
    info!(endpoint = created.id, "webhook endpoint added");
    Ok(NewWebhookEndpoint {
        endpoint: endpoint_view(created),
        secret,
    })
}

/// Every endpoint, the newest first.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but an admin.
pub async fn endpoints(ctx: &Ctx) -> Result<Vec<WebhookEndpointView>, AppError> {
    ctx.ensure_admin()?;
    Ok(webhook_endpoint::Entity::find()
        .order_by_desc(webhook_endpoint::Column::Id)
        .all(ctx.db())
        .await?
        .into_iter()
        .map(endpoint_view)
        .collect())
}

/// Stops sending to endpoint `id` (what is pending for it is not sent).
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] when it is off already.
pub async fn disable_endpoint(ctx: &Ctx, id: i32) -> Result<(), AppError> {
    ctx.ensure_admin()?;
    let changed = webhook_endpoint::Entity::update_many()
        .col_expr(
            webhook_endpoint::Column::DisabledAt,
            Expr::value(Some(Utc::now())),
        )
        .filter(webhook_endpoint::Column::Id.eq(id))
        .filter(webhook_endpoint::Column::DisabledAt.is_null())
        .exec(ctx.db())
        .await?;
    if changed.rows_affected == 0 {
        return match webhook_endpoint::Entity::find_by_id(id)
            .one(ctx.db())
            .await?
        {
            Some(_) => Err(AppError::Conflict {
                message: td_string!(request::locale(), problems.webhooks.endpoint_off_already)
                    .to_owned(),
            }),
            None => Err(AppError::NotFound),
        };
    }
    webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::Status,
            Expr::value(status::FAILED),
        )
        .col_expr(
            webhook_delivery::Column::LastError,
            Expr::value(Some("the endpoint was turned off".to_owned())),
        )
        .filter(webhook_delivery::Column::EndpointId.eq(id))
        .filter(webhook_delivery::Column::Status.eq(status::PENDING))
        .exec(ctx.db())
        .await?;
    Ok(())
}

/// The latest deliveries (50), the newest first, each with its attempts.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but an admin.
pub async fn deliveries(ctx: &Ctx) -> Result<Vec<WebhookDeliveryView>, AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    let rows = webhook_delivery::Entity::find()
        .order_by_desc(webhook_delivery::Column::Id)
        .limit(50)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let attempts = webhook_attempt::Entity::find()
        .filter(webhook_attempt::Column::DeliveryId.is_in(ids))
        .order_by_asc(webhook_attempt::Column::Id)
        .all(db)
        .await?;
    let urls: std::collections::HashMap<i32, String> = webhook_endpoint::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.url))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| WebhookDeliveryView {
            id: r.id,
            url: urls.get(&r.endpoint_id).cloned().unwrap_or_default(),
            event_type: r.event_type,
            order_id: r.order_id,
            status: r.status,
            created_at: r.created_at,
            delivered_at: r.delivered_at,
            next_attempt_at: r.next_attempt_at,
            attempts: attempts
                .iter()
                .filter(|a| a.delivery_id == r.id)
                .map(|a| WebhookAttemptView {
                    at: a.at,
                    status_code: a.status_code.and_then(|c| u16::try_from(c).ok()),
                    response: a.response.clone(),
                    error: a.error.clone(),
                    duration_ms: u32::try_from(a.duration_ms).unwrap_or(0),
                })
                .collect(),
        })
        .collect())
}

/// Sends delivery `id` again, with the same `webhook-id`, from a fresh count of attempts.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] while it is still pending, or when its
/// endpoint is off.
pub async fn resend(ctx: &Ctx, id: i32) -> Result<(), AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    let row = webhook_delivery::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let endpoint = webhook_endpoint::Entity::find_by_id(row.endpoint_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if endpoint.disabled_at.is_some() {
        return Err(AppError::Conflict {
            message: td_string!(request::locale(), problems.webhooks.endpoint_off).to_owned(),
        });
    }
    let changed = webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::Status,
            Expr::value(status::PENDING),
        )
        .col_expr(webhook_delivery::Column::Attempts, Expr::value(0))
        .col_expr(
            webhook_delivery::Column::NextAttemptAt,
            Expr::value(Utc::now()),
        )
        .filter(webhook_delivery::Column::Id.eq(id))
        .filter(webhook_delivery::Column::Status.ne(status::PENDING))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Err(AppError::Conflict {
            message: td_string!(request::locale(), problems.webhooks.pending_already).to_owned(),
        });
    }
    // The worker picks it up within five seconds.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_follow_standard_webhooks() {
        // The example of the Standard Webhooks specification's reference libraries.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = r#"{"test": 2432232314}"#;
        let signature = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body).unwrap();
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn only_moves_a_billing_system_follows_are_events() {
        assert_eq!(event_for(OrderStatus::Approved), Some("order.approved"));
        assert_eq!(event_for(OrderStatus::AwaitingDocuments), None);
        for status in OrderStatus::ALL {
            if let Some(event) = event_for(status) {
                assert!(is_event_type(event), "{event}");
            }
        }
    }
}
