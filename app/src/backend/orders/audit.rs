//! Writing and reading the audit trail of orders. Entries are written in the same
//! transaction as the change they record, so the trail never disagrees with the order.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::backend::entities::{api_key, order_event, user};
use crate::{
    domain::{
        audit::{AuditEntry, AuditKind},
        dates, language,
        requirements::RequirementSet,
    },
    error::AppError,
};

/// Who did something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in user (customer or admin), by id.
    User(i32),
    /// A billing system, through the API key of this id.
    ApiKey(i32),
    /// regdocs itself (an order moving on after the last decision, a retry ...).
    System,
}

/// What to write: a kind with its optional item, statement and detail.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub kind: AuditKind,
    pub item_key: Option<&'a str>,
    pub statement: Option<&'a str>,
    pub detail: Option<&'a str>,
}

impl<'a> Entry<'a> {
    pub fn new(kind: AuditKind) -> Self {
        Self {
            kind,
            item_key: None,
            statement: None,
            detail: None,
        }
    }

    pub fn item(mut self, key: &'a str) -> Self {
        self.item_key = Some(key);
        self
    }

    pub fn statement(mut self, statement: &'a str) -> Self {
        self.statement = Some(statement);
        self
    }

    pub fn detail(mut self, detail: &'a str) -> Self {
        self.detail = Some(detail);
        self
    }
}

/// The name the trail shows for the system.
pub const SYSTEM_NAME: &str = "regdocs";

/// Appends `entry` to the trail of order `order_id`.
///
/// # Errors
/// Database failures.
pub async fn record(
    db: &impl ConnectionTrait,
    order_id: i32,
    actor: Actor,
    entry: Entry<'_>,
) -> Result<(), AppError> {
    let (actor_id, actor_name) = match actor {
        Actor::User(id) => {
            let name = user::Entity::find_by_id(id)
                .one(db)
                .await?
                .map_or_else(|| format!("user {id}"), |u| u.name);
            (Some(id), name)
        }
        Actor::ApiKey(id) => {
            let name = api_key::Entity::find_by_id(id).one(db).await?.map_or_else(
                || format!("API key {id}"),
                |k| format!("API key “{}”", k.name),
            );
            (None, name)
        }
        Actor::System => (None, SYSTEM_NAME.to_owned()),
    };
    order_event::ActiveModel {
        order_id: Set(order_id),
        at: Set(Utc::now()),
        actor_id: Set(actor_id),
        actor_name: Set(actor_name),
        kind: Set(entry.kind.as_str().to_owned()),
        item_key: Set(entry.item_key.map(str::to_owned)),
        statement: Set(entry.statement.map(str::to_owned)),
        detail: Set(entry.detail.map(str::to_owned)),
        customer_visible: Set(entry.kind.customer_visible()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The trail of order `order_id`, oldest first: everything for admins; for the customer
/// what concerns them, without the admins' details.
///
/// # Errors
/// Database failures.
pub async fn trail(
    db: &impl ConnectionTrait,
    order_id: i32,
    for_admin: bool,
    requirements: Option<&RequirementSet>,
) -> Result<Vec<AuditEntry>, AppError> {
    let mut query = order_event::Entity::find().filter(order_event::Column::OrderId.eq(order_id));
    if !for_admin {
        query = query.filter(order_event::Column::CustomerVisible.eq(true));
    }
    let rows = query.order_by_asc(order_event::Column::Id).all(db).await?;
    let label = |key: &str| {
        requirements
            .and_then(|r| r.items.iter().find(|i| i.key == key))
            .map_or_else(|| key.to_owned(), |i| i.label.clone())
    };
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let kind = AuditKind::parse(&row.kind)?;
            let item = row.item_key.as_deref().map(label);
            let item_translations = row
                .item_key
                .as_deref()
                .and_then(|key| requirements?.items.iter().find(|i| i.key == key))
                .map(|i| {
                    i.translations
                        .iter()
                        .filter(|(_, t)| !t.label.trim().is_empty())
                        .map(|(language, t)| (language.clone(), t.label.clone()))
                        .collect()
                })
                .unwrap_or_default();
            // Some kinds carry their detail in the sentence (a file name, a state):
            // that part is for everyone who sees the entry.
            let sentence_detail = match kind {
                AuditKind::DocumentUploaded
                | AuditKind::DocumentRemoved
                | AuditKind::StatusChanged
                | AuditKind::MailQueued
                | AuditKind::DocumentReused
                | AuditKind::DocumentsPurged
                | AuditKind::ReverificationRequested => row.detail.as_deref(),
                _ => None,
            };
            Some(AuditEntry {
                at: dates::moment(row.at),
                actor: row.actor_name,
                kind,
                item,
                item_translations,
                note_translations: match (kind, sentence_detail, requirements) {
                    (AuditKind::ReverificationRequested, Some(labels), Some(set)) => {
                        language::others()
                            .map(|(_, code)| (code.to_owned(), set.labels_in(labels, code)))
                            .filter(|(_, text)| text != labels)
                            .collect()
                    }
                    _ => Default::default(),
                },
                note: sentence_detail.map(str::to_owned),
                statement: row.statement,
                detail: if for_admin && sentence_detail.is_none() {
                    row.detail
                } else {
                    None
                },
            })
        })
        .collect())
}
