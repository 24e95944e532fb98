//! Orders as a billing system sees them: placed for a customer it knows by its own id
//! (the same order id again answers the same order), read, listed a page at a time,
//! cancelled, its registration reported, and its approved documents fetched. Every
//! change goes through the same services as the pages ([`crate::backend::orders`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{customers, keys::Caller, parse_external_id};
use crate::{
    backend::{
        accounts::request,
        entities::{document, item_attempt, order, order_event, order_item, user},
        infra::state::AppState,
        orders::{self, FromBilling, Placed, account_names, registration},
    },
    domain::{orders::OrderStatus, requirements::Operation},
    error::AppError,
    i18n::td_string,
};

/// An order a billing system asks for.
#[derive(Debug, Clone)]
pub struct NewOrder {
    /// The customer's external id.
    pub customer: String,
    /// The order's id in the billing system.
    pub external_id: String,
    pub domain: String,
    pub operation: Operation,
    pub answers: HashMap<String, String>,
}

/// Places `input` for its customer; placing the same external id again answers the
/// order placed the first time, with `created: false`.
///
/// # Errors
/// [`AppError::Forbidden`] for a read-only key; [`AppError::Validation`] on
/// `customer` (unknown), `external_id`, `domain` or `answers.<key>`;
/// [`AppError::Conflict`] when the customer has the most orders in progress.
pub async fn create(
    caller: &Caller,
    state: &AppState,
    input: &NewOrder,
) -> Result<Placed, AppError> {
    caller.require_write()?;
    let external_id = parse_external_id("external_id", &input.external_id)?;
    let customer_id = parse_external_id("customer", &input.customer)?;
    let customer = customers::find(&state.db, &customer_id)
        .await
        .map_err(|err| match err {
            AppError::NotFound => AppError::validation(
                "customer",
                td_string!(request::locale(), refusals.billing.unknown_customer),
            ),
            other => other,
        })?;
    let ctx = caller.for_customer(state, customer);
    orders::place_with(
        &ctx,
        &input.domain,
        input.operation,
        Some(FromBilling {
            external_id: &external_id,
            answers: &input.answers,
        }),
    )
    .await
}

/// An order with everything the API tells of it.
pub struct OrderDetail {
    pub order: order::Model,
    pub customer_external_id: Option<String>,
    pub items: Vec<order_item::Model>,
    /// Every attempt of every item, oldest first.
    pub attempts: Vec<item_attempt::Model>,
    pub documents: Vec<document::Model>,
    /// The audit trail, oldest first.
    pub trail: Vec<order_event::Model>,
    /// The admins who decided, by id.
    pub deciders: HashMap<i32, String>,
    /// The provider's message of the last failed registration, if it failed.
    pub failure: Option<String>,
}

/// Order `id`, whole: its items with their state, statements and attempts, its
/// documents and its trail.
///
/// # Errors
/// [`AppError::NotFound`]; database failures.
pub async fn get(_caller: &Caller, state: &AppState, id: i32) -> Result<OrderDetail, AppError> {
    let db = &state.db;
    let order = order::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let customer_external_id = user::Entity::find_by_id(order.customer_id)
        .one(db)
        .await?
        .and_then(|u| u.external_id);
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(id))
        .order_by_asc(order_item::Column::Id)
        .all(db)
        .await?;
    let attempts = item_attempt::Entity::find()
        .filter(item_attempt::Column::OrderId.eq(id))
        .order_by_asc(item_attempt::Column::Attempt)
        .all(db)
        .await?;
    let documents = document::Entity::find()
        .filter(document::Column::OrderId.eq(id))
        .order_by_asc(document::Column::Id)
        .all(db)
        .await?;
    let trail = order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(id))
        .order_by_asc(order_event::Column::Id)
        .all(db)
        .await?;
    let deciders = account_names(db, attempts.iter().filter_map(|a| a.decided_by)).await?;
    let (_, _, _, failure) = registration::admin_notes(db, &order).await?;
    Ok(OrderDetail {
        order,
        customer_external_id,
        items,
        attempts,
        documents,
        trail,
        deciders,
        failure,
    })
}

/// The order whose external id is `external_id`.
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn id_of(db: &impl ConnectionTrait, external_id: &str) -> Result<i32, AppError> {
    order::Entity::find()
        .filter(order::Column::ExternalId.eq(external_id))
        .one(db)
        .await?
        .map(|o| o.id)
        .ok_or(AppError::NotFound)
}

/// Which orders to list.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    pub operation: Option<Operation>,
    /// The customer's external id.
    pub customer: Option<String>,
    pub domain: Option<String>,
    pub updated_since: Option<DateTime<Utc>>,
    /// Only orders older than this id (the cursor a previous page gave).
    pub before: Option<i32>,
    pub limit: u64,
}

/// One order in a list.
#[derive(Debug, Clone)]
pub struct OrderRow {
    pub order: order::Model,
    pub customer_external_id: Option<String>,
}

/// A page of orders, the newest first, and the cursor of the next page if there is one.
/// Keyset paging (by id): a page costs the same however deep it is, and orders placed
/// while a client pages through never make it see one twice.
///
/// # Errors
/// Database failures.
pub async fn list(
    _caller: &Caller,
    state: &AppState,
    filter: &OrderFilter,
) -> Result<(Vec<OrderRow>, Option<i32>), AppError> {
    let db = &state.db;
    let mut query = order::Entity::find().order_by_desc(order::Column::Id);
    if let Some(status) = filter.status {
        query = query.filter(order::Column::Status.eq(status));
    }
    if let Some(operation) = filter.operation {
        query = query.filter(order::Column::Operation.eq(operation));
    }
    if let Some(customer) = &filter.customer {
        match customers::find(db, customer).await {
            Ok(c) => query = query.filter(order::Column::CustomerId.eq(c.id)),
            Err(AppError::NotFound) => return Ok((Vec::new(), None)),
            Err(err) => return Err(err),
        }
    }
    if let Some(domain) = &filter.domain {
        let domain = orders::parse_domain(domain)?;
        query = query.filter(order::Column::Domain.eq(domain.as_str()));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(order::Column::UpdatedAt.gte(since));
    }
    if let Some(before) = filter.before {
        query = query.filter(order::Column::Id.lt(before));
    }
    let mut rows = query.limit(filter.limit + 1).all(db).await?;
    let next = if rows.len() as u64 > filter.limit {
        rows.truncate(usize::try_from(filter.limit).unwrap_or(usize::MAX));
        rows.last().map(|o| o.id)
    } else {
        None
    };
    let customer_ids: Vec<i32> = rows.iter().map(|o| o.customer_id).collect();
    let external: HashMap<i32, Option<String>> = if customer_ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::ExternalId)
            .filter(user::Column::Id.is_in(customer_ids))
            .into_tuple::<(i32, Option<String>)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    Ok((
        rows.into_iter()
            .map(|order| OrderRow {
                customer_external_id: external.get(&order.customer_id).cloned().flatten(),
                order,
            })
            .collect(),
        next,
    ))
}

/// Cancels order `id` with `statement` for the customer (the billing system's reason:
/// unpaid, refunded ...).
///
/// # Errors
/// As [`orders::cancel`] for an admin.
pub async fn cancel(
    caller: &Caller,
    state: &AppState,
    id: i32,
    statement: &str,
) -> Result<(), AppError> {
    caller.require_write()?;
    orders::cancel(&caller.as_admin(state), id, Some(statement)).await
}

/// Records a registration the billing system made itself.
///
/// # Errors
/// As [`registration::report`].
pub async fn report(
    caller: &Caller,
    state: &AppState,
    id: i32,
    outcome: registration::Reported<'_>,
) -> Result<(), AppError> {
    caller.require_write()?;
    registration::report(&caller.as_admin(state), id, outcome).await
}

/// The documents of order `id`'s approved items: exactly those the approvals were made
/// on.
///
/// # Errors
/// [`AppError::NotFound`]; database failures.
pub async fn approved_documents(
    _caller: &Caller,
    state: &AppState,
    id: i32,
) -> Result<Vec<document::Model>, AppError> {
    order::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut documents = registration::approved_documents(&state.db, id).await?;
    documents.sort_by_key(|d| d.id);
    Ok(documents)
}

/// Document `id`, if an approval was made on it; any other is not found (the API hands
/// out what a registrar needs, not what is still being reviewed).
///
/// # Errors
/// [`AppError::NotFound`]; database failures.
pub async fn approved_document(
    _caller: &Caller,
    state: &AppState,
    id: i32,
) -> Result<document::Model, AppError> {
    let doc = document::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let approved = registration::approved_documents(&state.db, doc.order_id).await?;
    if approved.iter().any(|d| d.id == doc.id) {
        Ok(doc)
    } else {
        Err(AppError::NotFound)
    }
}
