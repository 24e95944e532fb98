//! An account: a customer or an admin.

use sea_orm::entity::prelude::*;

use crate::domain::Role;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    /// Argon2id PHC string; never leaves the server.
    pub password_hash: String,
    pub role: Role,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When the owner confirmed the address through the link sent to it; `None` until
    /// then (no order, no notification but the confirmation itself).
    pub email_verified_at: Option<DateTimeUtc>,
    /// The id a billing system knows the customer by (set through the API).
    pub external_id: Option<String>,
    /// The language e-mails and pages use for this account (`en`, `tr` ...).
    pub language: String,
    /// When the customer deleted the account (the row stays, pseudonymised).
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl From<Model> for crate::domain::AccountView {
    fn from(model: Model) -> Self {
        Self {
            id: model.id,
            role: model.role,
            name: model.name,
            email: model.email,
            email_verified: model.email_verified_at.is_some(),
            language: model.language,
        }
    }
}
