//! One submitted attempt of an item, and what was decided about it: the history.

use sea_orm::entity::prelude::*;

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
    /// `submitted`, `approved` or `rejected`.
    pub decision: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub statement: Option<String>,
    pub submitted_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    /// The ids of the documents this attempt was decided on (a JSON list), frozen with
    /// the decision: what an approval approved, and what the registrar module receives.
    #[sea_orm(column_type = "Text", nullable)]
    pub document_ids: Option<String>,
}

impl Model {
    /// The documents frozen with the decision (none before it).
    pub fn decided_documents(&self) -> Vec<i32> {
        self.document_ids
            .as_deref()
            .and_then(|ids| serde_json::from_str(ids).ok())
            .unwrap_or_default()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
