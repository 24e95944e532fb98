//! A key a billing system calls the REST API with. Only the SHA-256 of the secret is
//! kept; the prefix names the key where it is listed.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    /// The first characters of the key, shown in lists (`rdk_3fA9c2…`).
    pub prefix: String,
    #[sea_orm(unique)]
    pub secret_hash: String,
    /// `read` or `read write`.
    pub scopes: String,
    pub rate_per_minute: i32,
    /// The admin who made the key; calls act with their rights.
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
