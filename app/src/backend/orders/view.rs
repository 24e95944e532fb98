//! What the order pages show, and who may see which order.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::{document_view, owned, stored_bytes};
use crate::{
    backend::{
        catalog::extensions::{display_name, idn_to_unicode},
        entities::{document, extension, item_attempt, order, order_item, user},
        infra::ctx::Ctx,
        orders::{audit, claims},
    },
    domain::{
        Role, dates,
        order_view::{AdminOrderInfo, AttemptView, ItemView, OrderSummary, OrderView},
        orders::ItemStatus,
    },
    error::AppError,
};

/// The customer's orders, newest first.
///
/// # Errors
/// Database failures.
pub async fn list_for(
    db: &DatabaseConnection,
    customer_id: i32,
) -> Result<Vec<OrderSummary>, AppError> {
    order::Entity::find()
        .filter(order::Column::CustomerId.eq(customer_id))
        .order_by_desc(order::Column::CreatedAt)
        .order_by_desc(order::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|o| {
            Ok(OrderSummary {
                id: o.id,
                domain: idn_to_unicode(&o.domain),
                status: o.status,
                operation: o.operation,
                created_at: dates::moment(o.created_at),
            })
        })
        .collect()
}

/// Everything the order page shows. Customers see their own orders; admins see all.
///
/// # Errors
/// [`AppError::NotFound`] for an order that is not the viewer's.
pub async fn view(ctx: &Ctx, id: i32) -> Result<OrderView, AppError> {
    let db = ctx.db();
    let is_admin = ctx.is_admin();
    let model = if is_admin {
        order::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?
    } else {
        owned(db, ctx.id(), id).await?
    };
    let ext = extension::Entity::find_by_id(model.extension_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(id))
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
    let requirements = model.requirements.clone();
    let trail = audit::trail(db, id, is_admin, requirements.as_ref()).await?;
    let admin = if is_admin {
        let customer = user::Entity::find_by_id(model.customer_id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        let (registrar_module, registrar_label, instructions, failure) =
            crate::backend::orders::registration::admin_notes(db, &model).await?;
        Some(AdminOrderInfo {
            customer_name: customer.name,
            customer_email: customer.email,
            customer_language: customer.language,
            registrar_module,
            registrar_label,
            instructions,
            failure,
        })
    } else {
        None
    };
    // Who decided, by name: admins only (customers hear of "the reviewer").
    let deciders = if is_admin {
        super::account_names(db, attempts.iter().filter_map(|a| a.decided_by)).await?
    } else {
        std::collections::HashMap::new()
    };
    let claim = if is_admin {
        claims::view_of(db, &model, ctx.id()).await?
    } else {
        None
    };
    // Customers: what each item taking documents could reuse. Admins: which files were
    // approved before on another order of the same customer.
    let mut reusable = if is_admin {
        std::collections::HashMap::new()
    } else {
        super::wallet::offers(db, &model, &items, &documents, chrono::Utc::now()).await?
    };
    let earlier = if is_admin {
        super::wallet::earlier_approvals(db, model.customer_id, id, &documents).await?
    } else {
        std::collections::HashMap::new()
    };
    let document_view = |d: &document::Model| {
        let mut view = document_view(d);
        view.approved_before = earlier.get(&d.sha256).cloned();
        view
    };
    let order_of = |key: &str| {
        requirements
            .as_ref()
            .and_then(|r| r.items.iter().position(|i| i.key == key))
            .unwrap_or(usize::MAX)
    };
    let mut item_views: Vec<ItemView> = items
        .iter()
        .map(|item| {
            let history: Vec<AttemptView> = attempts
                .iter()
                .filter(|a| a.item_key == item.item_key)
                .map(|a| AttemptView {
                    attempt: a.attempt,
                    value: a.value.clone(),
                    decision: a.decision,
                    statement: a.statement.clone(),
                    submitted_at: dates::moment(a.submitted_at),
                    documents: documents
                        .iter()
                        .filter(|d| d.item_key == item.item_key && d.attempt == a.attempt)
                        .map(document_view)
                        .collect(),
                    decided_by: a.decided_by.and_then(|id| deciders.get(&id).cloned()),
                    decided_at: a.decided_at.filter(|_| is_admin).map(dates::moment),
                })
                .collect();
            let status = item.status;
            ItemView {
                key: item.item_key.clone(),
                status,
                value: item.value.clone(),
                attempt: item.attempt,
                documents: documents
                    .iter()
                    .filter(|d| d.item_key == item.item_key && d.attempt == item.attempt)
                    .map(document_view)
                    .collect(),
                reusable: reusable.remove(&item.item_key).unwrap_or_default(),
                statement: if status == ItemStatus::Rejected {
                    history
                        .iter()
                        .rev()
                        .find(|a| a.decision == ItemStatus::Rejected)
                        .and_then(|a| a.statement.clone())
                } else {
                    None
                },
                history,
            }
        })
        .collect();
    item_views.sort_by_key(|i| order_of(&i.key));
    Ok(OrderView {
        id: model.id,
        domain: idn_to_unicode(&model.domain),
        extension: display_name(&ext.name),
        status: model.status,
        operation: model.operation,
        requirements,
        items: item_views,
        created_at: dates::moment(model.created_at),
        registered_at: model.registered_at.map(dates::moment),
        quota_used_bytes: stored_bytes(db, model.customer_id).await?,
        quota_bytes: ctx.state.settings.customer_quota_bytes(),
        trail,
        admin,
        claim,
    })
}

/// Whether `viewer` may see order `id` (its customer, or an admin).
///
/// # Errors
/// Database failures.
pub async fn is_visible_to(
    db: &DatabaseConnection,
    viewer: &user::Model,
    id: i32,
) -> Result<bool, AppError> {
    if viewer.role == Role::Admin {
        return Ok(order::Entity::find_by_id(id).one(db).await?.is_some());
    }
    Ok(owned(db, viewer.id, id).await.is_ok())
}
