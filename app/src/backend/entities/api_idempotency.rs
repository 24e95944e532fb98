//! The answer given to a POST with an `Idempotency-Key`, kept so that the same request
//! sent again gets the same answer and changes nothing more.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_idempotency")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub idem_key: String,
    /// SHA-256 of the method, path and body: the same key with another request is refused.
    pub fingerprint: String,
    /// `None` while the first request is still being answered.
    pub status: Option<i32>,
    pub body: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
