//! Figures for the admin overview.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use tracing::instrument;

use crate::backend::entities::{extension, user};
use crate::{domain::overview::OverviewFigures, error::AppError};

/// Counts accounts and extensions.
///
/// # Errors
/// Database failures.
#[instrument(skip(db))]
pub async fn overview(db: &DatabaseConnection) -> Result<OverviewFigures, AppError> {
    let customers = user::Entity::find()
        .filter(user::Column::Role.eq("customer"))
        .count(db)
        .await?;
    let admins = user::Entity::find()
        .filter(user::Column::Role.eq(crate::domain::Role::Admin))
        .count(db)
        .await?;
    let extensions = extension::Entity::find().count(db).await?;
    let enabled_extensions = extension::Entity::find()
        .filter(extension::Column::Enabled.eq(true))
        .count(db)
        .await?;
    Ok(OverviewFigures {
        customers,
        admins,
        extensions,
        enabled_extensions,
    })
}
