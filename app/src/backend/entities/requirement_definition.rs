//! The requirements of one extension (see `domain::requirements`).

use sea_orm::entity::prelude::*;

use crate::{domain::requirements::RequirementSet, error::AppError};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "requirement_definitions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub extension_id: i32,
    #[sea_orm(column_type = "Text")]
    pub details: String,
    /// `Vec<ItemDef>` as JSON.
    #[sea_orm(column_type = "Text")]
    pub items: String,
    /// The details in other languages than English.
    #[sea_orm(column_type = "JsonBinary")]
    pub details_translations: super::Translations,
    pub source: String,
    pub edited_after_import: bool,
    pub revision: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::extension::Entity",
        from = "Column::ExtensionId",
        to = "super::extension::Column::Id"
    )]
    Extension,
}

impl Related<super::extension::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Extension.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The definition as the domain knows it: details (in every language) and items.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the stored items do not read.
    pub fn requirements(&self) -> Result<RequirementSet, AppError> {
        Ok(RequirementSet {
            details: self.details.clone(),
            items: serde_json::from_str(&self.items).map_err(AppError::internal)?,
            details_translations: self.details_translations.0.clone(),
        })
    }
}
