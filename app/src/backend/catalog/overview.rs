//! Figures for the admin overview.

use crate::backend::infra::ctx::Ctx;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tracing::instrument;

use crate::backend::entities::{extension, user};
use crate::{domain::overview::OverviewFigures, error::AppError};

/// Counts accounts and extensions, and lists the orders waiting longest for review.
///
/// # Errors
/// Database failures.
#[instrument(skip(ctx))]
pub async fn overview(ctx: &Ctx) -> Result<OverviewFigures, AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    let customers = user::Entity::find()
        .filter(user::Column::Role.eq(crate::domain::Role::Customer))
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
    let sla = ctx.state.settings.sla_policy();
    let mut oldest = crate::backend::orders::review::queue(
        db,
        crate::domain::orders::OrderStatus::UnderReview,
        None,
        None,
        crate::domain::claims::ClaimFilter::All,
        ctx.id(),
        sla,
    )
    .await?
    .rows;
    oldest.truncate(5);
    Ok(OverviewFigures {
        customers,
        admins,
        extensions,
        enabled_extensions,
        review_target: sla,
        oldest,
        charts: super::charts::charts(db, sla, chrono::Utc::now()).await?,
    })
}
