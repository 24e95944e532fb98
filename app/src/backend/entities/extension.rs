//! A domain extension the provider sells (`.us`, `.com.au` ...).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "extensions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Lower-case with the leading dot, IDN labels in punycode (see `ExtensionName`).
    #[sea_orm(unique)]
    pub name: String,
    pub registrar_module: String,
    pub enabled: bool,
    /// Sort order in lists, ascending.
    pub position: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
