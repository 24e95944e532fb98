//! The `http` registrar module: starting a registration POSTs the approved order to the
//! provider's endpoint (`REGDOCS_REGISTRAR_HTTP_URL`): who orders which domain, every
//! approved value, and for each approved document a link that works for an hour
//! without a session (signed with the server's key). The POST is signed like webhooks
//! (`webhook-id`, `webhook-timestamp`, `webhook-signature` with
//! `REGDOCS_REGISTRAR_HTTP_SECRET`).
//!
//! The provider answers at once, `200` with `{"result": "registered"}` or
//! `{"result": "failed", "message": …}`, or later: `202` (or `{"result": "pending"}`)
//! leaves the order registering until the provider (or the billing system) reports
//! through `POST /api/v1/orders/{id}/registration`. Anything else (no answer, another
//! status, a body that says nothing) fails the registration with the reason, and the
//! admin can start it again.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use tracing::{info, warn};

use super::{
    OrderTx,
    audit::{self, Actor, Entry},
    notify::{self, Notice},
    registration::{approved_documents, fail},
};
use crate::{
    backend::{
        billing::webhooks::{client, post_signed},
        catalog::extensions::idn_to_unicode,
        entities::{document, order, order_item, user},
        infra::state::AppState,
    },
    domain::{
        audit::AuditKind,
        orders::{ItemStatus, OrderStatus},
        requirements::ItemKind,
    },
    error::AppError,
};

/// How long a document link given to the provider works.
pub const LINK_LIFETIME: Duration = Duration::hours(1);

/// What the signing key signs a document link for.
const LINK_PURPOSE: &str = "document-link";

/// The path of document `id`'s link valid until `expires`.
pub fn document_link(state: &AppState, id: i32, expires: DateTime<Utc>) -> String {
    let expires = expires.timestamp();
    let signature = state
        .signing_key
        .sign(LINK_PURPOSE, &format!("{id}:{expires}"));
    format!(
        "{}/documents/{id}/link?expires={expires}&signature={signature}",
        state.settings.public_url.trim_end_matches('/')
    )
}

/// Whether a document link for `id` with `expires` and `signature` is genuine and still
/// valid at `now`.
pub fn link_is_valid(
    state: &AppState,
    id: i32,
    expires: i64,
    signature: &str,
    now: DateTime<Utc>,
) -> bool {
    expires > now.timestamp()
        && state
            .signing_key
            .verify(LINK_PURPOSE, &format!("{id}:{expires}"), signature)
}

/// The body sent to the provider for `order`.
async fn payload(state: &AppState, order: &order::Model) -> Result<Value, AppError> {
    let db = &state.db;
    let customer = user::Entity::find_by_id(order.customer_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(order.id))
        .all(db)
        .await?;
    let requirements = order.requirements.clone();
    let values: Vec<Value> = requirements
        .iter()
        .flat_map(|r| &r.items)
        .filter(|def| !matches!(def.kind, ItemKind::File { .. } | ItemKind::Notice))
        .filter_map(|def| {
            let item = items
                .iter()
                .find(|i| i.item_key == def.key && i.status == ItemStatus::Approved)?;
            Some(json!({ "key": def.key, "label": def.label, "value": item.value }))
        })
        .collect();
    let expires = Utc::now() + LINK_LIFETIME;
    let mut documents: Vec<document::Model> = approved_documents(db, order.id).await?;
    documents.sort_by_key(|d| d.id);
    let documents: Vec<Value> = documents
        .iter()
        .map(|d| {
            json!({
                "id": d.id,
                "item_key": d.item_key,
                "name": d.original_name,
                "content_type": d.content_type,
                "size_bytes": d.size_bytes,
                "sha256": d.sha256,
                "url": document_link(state, d.id, expires),
                "expires_at": expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            })
        })
        .collect();
    Ok(json!({
        "type": "registration.requested",
        "order": {
            "id": order.id,
            "external_id": order.external_id,
            "domain": order.domain,
            "domain_unicode": idn_to_unicode(&order.domain),
        },
        "registrant": {
            "name": customer.name,
            "email": customer.email,
            "external_id": customer.external_id,
        },
        "values": values,
        "documents": documents,
        "report_to": format!(
            "{}/api/v1/orders/{}/registration",
            state.settings.public_url.trim_end_matches('/'),
            order.id
        ),
    }))
}

/// What the provider said.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    Registered,
    Failed(String),
    Later,
}

/// Reads the provider's answer: its status and body.
fn read_answer(status: u16, body: &str) -> Answer {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let result = parsed
        .as_ref()
        .and_then(|v| v["result"].as_str())
        .unwrap_or_default();
    match (status, result) {
        (202, _) | (200..=299, "pending") => Answer::Later,
        (200..=299, "registered") => Answer::Registered,
        (200..=299, "failed") => Answer::Failed(
            parsed
                .as_ref()
                .and_then(|v| v["message"].as_str())
                .filter(|m| !m.trim().is_empty())
                .unwrap_or("The provider refused the registration without a message.")
                .to_owned(),
        ),
        (200..=299, _) => Answer::Failed(format!(
            "The provider answered {status} without a result (registered, failed or pending)."
        )),
        _ => Answer::Failed(format!(
            "The provider's endpoint answered {status}: {}",
            body.chars().take(300).collect::<String>()
        )),
    }
}

/// POSTs order `id` (registering) to the provider and records its answer. Answers the
/// state the order is in afterwards.
///
/// # Errors
/// Database failures (a provider that fails is a failed registration, not an error).
pub async fn submit(state: &AppState, id: i32) -> Result<OrderStatus, AppError> {
    let (Some(url), Some(secret)) = (
        state.settings.registrar_http_url.as_deref(),
        state.settings.registrar_http_secret.as_ref(),
    ) else {
        return Err(AppError::internal(
            "the http registrar module is not configured",
        ));
    };
    let order = order::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = payload(state, &order).await?.to_string();
    let message_id = format!("reg_{}", uuid::Uuid::new_v4().simple());
    let answer = match post_signed(&client()?, url, secret.expose_secret(), &message_id, body).await
    {
        Ok((status, text)) => read_answer(status, &text),
        Err(err) => Answer::Failed(format!("The registration was not delivered: {err}")),
    };
    if answer == Answer::Later {
        info!(
            order_id = id,
            "the provider will report the registration later"
        );
        return Ok(OrderStatus::Registering);
    }
    let mut tx = OrderTx::lock(&state.db, id).await?;
    // Someone may have reported meanwhile; then their word stands.
    if tx.status() != OrderStatus::Registering {
        return Ok(tx.status());
    }
    let outcome = match answer {
        Answer::Registered => {
            tx.move_to(OrderStatus::Registered).await?;
            audit::record(
                tx.txn(),
                id,
                Actor::System,
                Entry::new(AuditKind::Registered).detail("confirmed by the provider's endpoint"),
            )
            .await?;
            notify::send(tx.txn(), &state.mailer, id, Notice::Registered).await?;
            OrderStatus::Registered
        }
        Answer::Failed(reason) => {
            warn!(order_id = id, %reason, "the provider refused the registration");
            fail(&mut tx, Actor::System, &reason).await?;
            OrderStatus::RegistrationFailed
        }
        Answer::Later => OrderStatus::Registering,
    };
    tx.commit(&state.events).await?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_providers_answer_decides() {
        assert_eq!(
            read_answer(200, r#"{"result":"registered"}"#),
            Answer::Registered
        );
        assert_eq!(read_answer(202, ""), Answer::Later);
        assert_eq!(read_answer(200, r#"{"result":"pending"}"#), Answer::Later);
        assert_eq!(
            read_answer(200, r#"{"result":"failed","message":"Nexus not proven"}"#),
            Answer::Failed("Nexus not proven".into())
        );
        assert!(
            matches!(read_answer(200, "ok"), Answer::Failed(m) if m.contains("without a result"))
        );
        assert!(matches!(read_answer(503, "down"), Answer::Failed(m) if m.contains("503: down")));
    }
}
