//! Queries of the review console.

use chrono::Utc;
use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use tracing::instrument;

use crate::backend::{
    catalog::extensions::{display_name, idn_to_unicode},
    entities::{extension, order, order_item, user},
};
use crate::{
    domain::{
        ExtensionName,
        orders::{ItemStatus, OrderStatus},
        queue::{QueuePage, QueueRow},
    },
    error::AppError,
};

/// Rows per page of the queue.
pub const PAGE_SIZE: u64 = 20;

/// How many orders are under review.
///
/// # Errors
/// Database failures.
pub async fn pending_count(db: &DatabaseConnection) -> Result<u64, AppError> {
    Ok(order::Entity::find()
        .filter(order::Column::Status.eq(OrderStatus::UnderReview))
        .count(db)
        .await?)
}

fn waiting_since(then: chrono::DateTime<Utc>) -> String {
    let minutes = (Utc::now() - then).num_minutes().max(0);
    match minutes {
        0..=1 => "just now".to_owned(),
        2..=59 => format!("{minutes} minutes"),
        60..=119 => "1 hour".to_owned(),
        120..=2879 => format!("{} hours", minutes / 60),
        _ => format!("{} days", minutes / 1440),
    }
}

/// A page of orders in `status`, oldest submission first, optionally of one extension.
///
/// # Errors
/// Database failures.
#[instrument(skip(db))]
pub async fn queue(
    db: &DatabaseConnection,
    status: OrderStatus,
    extension_filter: Option<&str>,
    page: u64,
) -> Result<QueuePage, AppError> {
    let extensions = extension::Entity::find()
        .order_by_asc(extension::Column::Position)
        .all(db)
        .await?;
    let mut query = order::Entity::find().filter(order::Column::Status.eq(status));
    if let Some(wanted) = extension_filter {
        let name = ExtensionName::parse(wanted)
            .map_err(|e| AppError::validation("extension", e.to_string()))?;
        let id = extensions
            .iter()
            .find(|e| e.name == name.as_str())
            .map_or(-1, |e| e.id);
        query = query.filter(order::Column::ExtensionId.eq(id));
    }
    // Three queries for the rows, however many there are: the page of orders with
    // their customers, and one count of open items for all of them.
    let paginator = query
        .order_by_asc(order::Column::SubmittedAt)
        .order_by_asc(order::Column::Id)
        .find_also_related(user::Entity)
        .paginate(db, PAGE_SIZE);
    let total = paginator.num_items().await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let orders = paginator.fetch_page(page - 1).await?;
    let ids: Vec<i32> = orders.iter().map(|(o, _)| o.id).collect();
    let open: HashMap<i32, i64> = order_item::Entity::find()
        .select_only()
        .column(order_item::Column::OrderId)
        .column_as(order_item::Column::Id.count(), "open")
        .filter(order_item::Column::OrderId.is_in(ids))
        .filter(order_item::Column::Status.eq(ItemStatus::Submitted))
        .group_by(order_item::Column::OrderId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();

    let rows = orders
        .into_iter()
        .map(|(o, customer)| {
            let ext = extensions.iter().find(|e| e.id == o.extension_id);
            let submitted = o.submitted_at.unwrap_or(o.created_at);
            QueueRow {
                order_id: o.id,
                domain: idn_to_unicode(&o.domain),
                extension: ext.map_or_else(String::new, |e| display_name(&e.name)),
                customer_name: customer
                    .as_ref()
                    .map_or_else(String::new, |c| c.name.clone()),
                customer_email: customer.map_or_else(String::new, |c| c.email),
                status,
                submitted_at: submitted.format("%Y-%m-%d %H:%M UTC").to_string(),
                waiting: waiting_since(submitted),
                open_items: open
                    .get(&o.id)
                    .map_or(0, |n| u64::try_from(*n).unwrap_or(0)),
            }
        })
        .collect();
    Ok(QueuePage {
        rows,
        total,
        page,
        pages,
        extensions: extensions.iter().map(|e| display_name(&e.name)).collect(),
    })
}
