//! A customer's order of one domain.

use sea_orm::entity::prelude::*;

use crate::domain::{orders::OrderStatus, requirements::RequirementSet};

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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
