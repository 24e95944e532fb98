//! The extension catalog as customers see it.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use tracing::{instrument, warn};

use crate::backend::entities::extension;
use crate::{domain::ExtensionName, error::AppError};

/// The enabled extensions, in the admin's order.
///
/// # Errors
/// [`AppError::Internal`] on a database failure.
#[instrument(skip(db))]
pub async fn offered_extensions(db: &DatabaseConnection) -> Result<Vec<ExtensionName>, AppError> {
    let rows = extension::Entity::find()
        .filter(extension::Column::Enabled.eq(true))
        .order_by_asc(extension::Column::Position)
        .order_by_asc(extension::Column::Name)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| match ExtensionName::parse(&row.name) {
            Ok(name) => Some(name),
            Err(err) => {
                // Only reachable through hand-edited rows; skip them rather than fail the page.
                warn!(name = %row.name, %err, "invalid extension in the database");
                None
            }
        })
        .collect())
}
