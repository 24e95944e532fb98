//! One submitted attempt of an item, and what was decided about it: the history.

use sea_orm::{FromJsonQueryResult, entity::prelude::*};
use serde::{Deserialize, Serialize};

use crate::domain::orders::ItemStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "item_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub order_id: i32,
    pub item_key: String,
    pub attempt: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub value: Option<String>,
    /// Submitted (no decision yet), approved or rejected.
    pub decision: ItemStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub statement: Option<String>,
    pub submitted_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    /// The admin who decided.
    pub decided_by: Option<i32>,
    /// The documents this attempt was decided on, frozen with the decision: what an
    /// approval approved, and what the registrar module receives. `None` before the
    /// decision (and for decisions made before regdocs kept them).
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub document_ids: Option<DocumentIds>,
}

/// The ids of documents, as a JSON list.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize, FromJsonQueryResult)]
pub struct DocumentIds(pub Vec<i32>);

impl Model {
    /// The documents frozen with the decision (none before it).
    pub fn decided_documents(&self) -> Vec<i32> {
        self.document_ids.clone().unwrap_or_default().0
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
