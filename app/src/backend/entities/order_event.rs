//! One line of an order's audit trail: who did what, when, and what they said.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub order_id: i32,
    pub at: DateTimeUtc,
    /// The user who acted; none when regdocs acted by itself.
    pub actor_id: Option<i32>,
    /// The actor's name at the time.
    pub actor_name: String,
    /// What happened: see [`crate::domain::audit::AuditKind`].
    pub kind: String,
    pub item_key: Option<String>,
    /// Words the customer sees.
    #[sea_orm(column_type = "Text", nullable)]
    pub statement: Option<String>,
    /// Words only admins see.
    #[sea_orm(column_type = "Text", nullable)]
    pub detail: Option<String>,
    pub customer_visible: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
