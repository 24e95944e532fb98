//! A customer's order of one domain.

use sea_orm::entity::prelude::*;

use crate::domain::{
    orders::OrderStatus,
    requirements::{Operation, RequirementSet},
};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub customer_id: i32,
    pub extension_id: i32,
    pub domain: String,
    pub status: OrderStatus,
    /// The requirements as they were when the order was placed, if its extension had
    /// any (JSON).
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub requirements: Option<RequirementSet>,
    pub revision: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    /// The admin reviewing the order, while `claimed_until` has not passed.
    pub claimed_by: Option<i32>,
    pub claimed_until: Option<DateTimeUtc>,
    /// The id of the order in the billing system that placed it through the API.
    pub external_id: Option<String>,
    /// A registration or a transfer.
    pub operation: Operation,
    /// When it was registered or cancelled: its documents' retention counts from here.
    pub closed_at: Option<DateTimeUtc>,
    /// When it was first registered; kept while it is reopened for re-verification.
    pub registered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::CustomerId",
        to = "super::user::Column::Id"
    )]
    Customer,
    #[sea_orm(
        belongs_to = "super::extension::Entity",
        from = "Column::ExtensionId",
        to = "super::extension::Column::Id"
    )]
    Extension,
    #[sea_orm(has_many = "super::order_item::Entity")]
    Items,
    #[sea_orm(has_many = "super::document::Entity")]
    Documents,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Customer.def()
    }
}

impl Related<super::extension::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Extension.def()
    }
}

impl Related<super::order_item::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Items.def()
    }
}

impl Related<super::document::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Documents.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
