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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
