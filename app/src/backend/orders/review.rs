//! Queries of the review console.

use chrono::{DateTime, Utc};
use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    sea_query::{Asterisk, Expr, Func, Query},
};
use tracing::instrument;

use crate::backend::{
    accounts::request,
    catalog::extensions::{display_name, idn_to_unicode},
    entities::{extension, order, order_item, user},
    orders::claims,
};
use crate::{
    domain::{
        ExtensionName,
        claims::ClaimFilter,
        dates,
        orders::{ItemStatus, OrderStatus},
        queue::{QueueCursor, QueueKey, QueuePage, QueueRow},
        sla::SlaPolicy,
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

/// The order waiting longest for review that `viewer` may take up (not claimed by another
/// admin), other than `except`; `None` when there is none.
///
/// # Errors
/// Database failures.
pub async fn next_waiting(
    db: &DatabaseConnection,
    viewer: i32,
    except: Option<i32>,
) -> Result<Option<i32>, AppError> {
    let now = Utc::now();
    let mut query = order::Entity::find()
        .select_only()
        .column(order::Column::Id)
        .filter(order::Column::Status.eq(OrderStatus::UnderReview))
        .filter(
            Condition::any()
                .add(order::Column::ClaimedBy.is_null())
                .add(order::Column::ClaimedBy.eq(viewer))
                .add(order::Column::ClaimedUntil.lte(now)),
        );
    if let Some(except) = except {
        query = query.filter(order::Column::Id.ne(except));
    }
    Ok(query
        .order_by(Expr::cust(WAITING_SINCE), Order::Asc)
        .order_by(order::Column::Id, Order::Asc)
        .limit(1)
        .into_tuple::<i32>()
        .one(db)
        .await?)
}

/// Since when the order waiting longest for review waits (through the queue's index).
///
/// # Errors
/// Database failures.
pub async fn oldest_waiting(db: &DatabaseConnection) -> Result<Option<DateTime<Utc>>, AppError> {
    let oldest = order::Entity::find()
        .filter(order::Column::Status.eq(OrderStatus::UnderReview))
        .order_by(Expr::cust(WAITING_SINCE), Order::Asc)
        .order_by(order::Column::Id, Order::Asc)
        .one(db)
        .await?;
    Ok(oldest.map(|o| o.submitted_at.unwrap_or(o.created_at)))
}

/// How many orders under review are past the review target at `now` (counted no further
/// than [`QueuePage::COUNT_LIMIT`] + 1, through the queue's index).
///
/// # Errors
/// Database failures.
pub async fn overdue_count(
    db: &DatabaseConnection,
    sla: SlaPolicy,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let since = sla.overdue_since(now);
    let filter = Condition::all()
        .add(order::Column::Status.eq(OrderStatus::UnderReview))
        .add(Expr::cust_with_values(
            match db.get_database_backend() {
                DbBackend::Postgres => format!("{WAITING_SINCE} <= $1"),
                _ => format!("{WAITING_SINCE} <= ?"),
            },
            [since],
        ));
    count_up_to(db, filter, QueuePage::COUNT_LIMIT + 1).await
}

/// The time an order waits since, as the queue sorts it (the order of this expression,
/// the status, the extension and the id is what migration 000010's indexes hold).
const WAITING_SINCE: &str = r#"COALESCE("orders"."submitted_at", "orders"."created_at")"#;

/// A page of orders in `status`, oldest first, optionally of one extension, starting at
/// `cursor` (the first page without one), and by `claim` as `viewer` (an admin's id)
/// sees it. Keyset paging: a page far down the queue costs what the first one costs.
///
/// # Errors
/// Database failures.
#[instrument(skip(db))]
pub async fn queue(
    db: &DatabaseConnection,
    status: OrderStatus,
    extension_filter: Option<&str>,
    cursor: Option<QueueCursor>,
    claim: ClaimFilter,
    viewer: i32,
    sla: SlaPolicy,
) -> Result<QueuePage, AppError> {
    let now = Utc::now();
    let extensions = extension::Entity::find()
        .order_by_asc(extension::Column::Position)
        .all(db)
        .await?;
    let mut filter = Condition::all().add(order::Column::Status.eq(status));
    if let Some(wanted) = extension_filter {
        let name = ExtensionName::parse(wanted)
            .map_err(|e| AppError::validation("extension", e.text(request::locale())))?;
        let id = extensions
            .iter()
            .find(|e| e.name == name.as_str())
            .map_or(-1, |e| e.id);
        filter = filter.add(order::Column::ExtensionId.eq(id));
    }
    filter = match claim {
        ClaimFilter::All => filter,
        ClaimFilter::Mine => filter
            .add(order::Column::ClaimedBy.eq(viewer))
            .add(order::Column::ClaimedUntil.gt(now)),
        ClaimFilter::Unclaimed => filter.add(
            Condition::any()
                .add(order::Column::ClaimedBy.is_null())
                .add(order::Column::ClaimedUntil.is_null())
                .add(order::Column::ClaimedUntil.lte(now)),
        ),
    };
    let total = count_up_to(db, filter.clone(), QueuePage::COUNT_LIMIT + 1).await?;

    // One row more than a page says whether another page follows in that direction.
    let (direction, compare, key) = match cursor {
        None => (Order::Asc, None, None),
        Some(QueueCursor::After(key)) => (Order::Asc, Some(">"), Some(key)),
        Some(QueueCursor::Before(key)) => (Order::Desc, Some("<"), Some(key)),
    };
    let mut query = order::Entity::find().filter(filter);
    if let (Some(compare), Some(key)) = (compare, key) {
        let since = DateTime::<Utc>::from_timestamp_nanos(key.since_nanos);
        // sea-query reads `$n` placeholders on Postgres, `?` elsewhere.
        let values = match db.get_database_backend() {
            DbBackend::Postgres => "$1, $2",
            _ => "?, ?",
        };
        query = query.filter(Expr::cust_with_values(
            format!(r#"({WAITING_SINCE}, "orders"."id") {compare} ({values})"#),
            [since.into(), sea_orm::Value::from(key.order_id)],
        ));
    }
    let mut orders = query
        .order_by(Expr::cust(WAITING_SINCE), direction.clone())
        .order_by(order::Column::Id, direction)
        .limit(PAGE_SIZE + 1)
        .find_also_related(user::Entity)
        .all(db)
        .await?;
    let more = orders.len() > usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX);
    orders.truncate(usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX));
    let backwards = matches!(cursor, Some(QueueCursor::Before(_)));
    if backwards {
        orders.reverse();
    }
    let key_of = |o: &order::Model| QueueKey {
        since_nanos: o
            .submitted_at
            .unwrap_or(o.created_at)
            .timestamp_nanos_opt()
            .unwrap_or(i64::MAX),
        order_id: o.id,
    };
    let first = orders.first().map(|(o, _)| key_of(o));
    let last = orders.last().map(|(o, _)| key_of(o));
    // Coming back from a later page, a next page exists; going on from an earlier one, a
    // previous page does.
    let (previous, next) = match cursor {
        None => (None, if more { last } else { None }),
        Some(QueueCursor::After(_)) => (first, if more { last } else { None }),
        Some(QueueCursor::Before(_)) => (if more { first } else { None }, last),
    };

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

    let names = super::account_names(
        db,
        orders.iter().filter_map(|(o, _)| claims::holder(o, now)),
    )
    .await?;

    let rows = orders
        .into_iter()
        .map(|(o, customer)| {
            let holder = claims::holder(&o, now);
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
                submitted_at: dates::moment(submitted),
                waiting_minutes: (Utc::now() - submitted).num_minutes().max(0),
                open_items: open
                    .get(&o.id)
                    .map_or(0, |n| u64::try_from(*n).unwrap_or(0)),
                claimed_by: holder.map(|h| names.get(&h).cloned().unwrap_or_default()),
                claimed_by_me: holder == Some(viewer),
                sla: sla.state(submitted, now),
            }
        })
        .collect();
    Ok(QueuePage {
        rows,
        total,
        previous,
        next,
        extensions: extensions.iter().map(|e| display_name(&e.name)).collect(),
    })
}

/// How many orders match `filter`, counting no further than `limit`.
async fn count_up_to(
    db: &DatabaseConnection,
    filter: Condition,
    limit: u64,
) -> Result<u64, AppError> {
    let matching = order::Entity::find()
        .select_only()
        .expr(Expr::val(1))
        .filter(filter)
        .limit(limit)
        .into_query();
    let count = Query::select()
        .expr(Func::count(Expr::col(Asterisk)))
        .from_subquery(matching, "matching")
        .to_owned();
    let row = db
        .query_one(&count)
        .await?
        .ok_or_else(|| AppError::internal("COUNT answered no row"))?;
    let n: i64 = row.try_get_by_index(0)?;
    Ok(u64::try_from(n).unwrap_or(0))
}
