//! SeaORM entities, one module per table.

pub mod api_idempotency;
pub mod api_key;
pub mod app_secret;
pub mod document;
pub mod extension;
pub mod handoff_link;
pub mod item_attempt;
pub mod login_throttle;
pub mod mail_outbox;
pub mod order;
pub mod order_event;
pub mod order_item;
pub mod reason_template;
pub mod requirement_definition;
pub mod session;
pub mod user;
pub mod webhook_attempt;
pub mod webhook_delivery;
pub mod webhook_endpoint;

/// Texts by language code (`tr`) besides English, as a JSON column.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    sea_orm::FromJsonQueryResult,
)]
pub struct Translations(pub std::collections::BTreeMap<String, String>);
