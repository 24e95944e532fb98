//! Orders: placing them (with a snapshot of the requirements), answers and documents,
//! submission for review, decisions on items, and the order's state that follows.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use tracing::{info, instrument};

use super::{
    audit::{self, Actor, Entry},
    entities::{
        document, extension, item_attempt, order, order_item, requirement_definition, user,
    },
    extensions::{display_name, idn_to_ascii, idn_to_unicode},
    mail::Mailer,
    notify::{self, Notice},
    settings::Settings,
    storage::{DocumentStore, UploadError},
};
use crate::{
    api::orders::{
        AdminOrderInfo, AttemptView, DocumentView, DomainCheck, ItemView, OrderSummary, OrderView,
    },
    domain::{
        DomainName, ExtensionName, Role,
        audit::AuditKind,
        orders::{ItemStatus, OrderStatus, check_submission},
        requirements::{Answers, FileType, ItemDef, ItemKind, RequirementSet},
        sniff::sanitise_name,
    },
    error::AppError,
};

/// Parses a domain as a customer types it, Unicode names converted to punycode.
///
/// # Errors
/// [`AppError::Validation`] on `domain`.
pub fn parse_domain(input: &str) -> Result<DomainName, AppError> {
    let ascii = idn_to_ascii(input, "domain")?;
    DomainName::parse(&ascii).map_err(|e| AppError::validation("domain", e.to_string()))
}

/// The offered extension `domain` falls under, with its requirements.
async fn offered_extension(
    db: &impl ConnectionTrait,
    domain: &DomainName,
) -> Result<(extension::Model, Option<RequirementSet>), AppError> {
    let enabled = extension::Entity::find()
        .filter(extension::Column::Enabled.eq(true))
        .all(db)
        .await?;
    let names: Vec<ExtensionName> = enabled
        .iter()
        .filter_map(|e| ExtensionName::parse(&e.name).ok())
        .collect();
    let Some(matched) = domain.extension_among(&names) else {
        return Err(AppError::validation(
            "domain",
            format!("We do not offer the extension of {domain}."),
        ));
    };
    let ext = enabled
        .into_iter()
        .find(|e| e.name == matched.as_str())
        .ok_or(AppError::NotFound)?;
    let definition = requirement_definition::Entity::find()
        .filter(requirement_definition::Column::ExtensionId.eq(ext.id))
        .one(db)
        .await?;
    let requirements = match definition {
        Some(d) => Some(RequirementSet {
            details: d.details,
            items: serde_json::from_str(&d.items).map_err(AppError::internal)?,
        }),
        None => None,
    };
    Ok((ext, requirements))
}

/// What ordering `domain` would mean.
///
/// # Errors
/// [`AppError::Validation`] on `domain`.
pub async fn check_domain(db: &DatabaseConnection, input: &str) -> Result<DomainCheck, AppError> {
    let domain = parse_domain(input)?;
    let (ext, requirements) = offered_extension(db, &domain).await?;
    Ok(DomainCheck {
        domain: display_name(&format!(".{domain}"))
            .trim_start_matches('.')
            .to_owned(),
        extension: display_name(&ext.name),
        requirements,
    })
}

/// Places an order. With requirements, it waits for the customer ("awaiting
/// documents") holding a copy of the requirements as they are now; without, it is
/// ready to register. No payment step: a billing system or a later payment module would
/// hold the order before this point.
///
/// # Errors
/// [`AppError::Validation`] on `domain` (malformed, not offered, or already ordered).
#[instrument(skip(db, mailer))]
pub async fn place(
    db: &DatabaseConnection,
    mailer: &Mailer,
    customer_id: i32,
    input: &str,
) -> Result<i32, AppError> {
    let domain = parse_domain(input)?;
    let txn = db.begin().await?;
    let (ext, requirements) = offered_extension(&txn, &domain).await?;
    let open = order::Entity::find()
        .filter(order::Column::Domain.eq(domain.as_str()))
        .filter(order::Column::Status.ne(OrderStatus::Cancelled.as_str()))
        .one(&txn)
        .await?;
    if open.is_some() {
        return Err(AppError::validation(
            "domain",
            format!("{domain} has been ordered already."),
        ));
    }
    let now = Utc::now();
    let status = if requirements.is_some() {
        OrderStatus::AwaitingDocuments
    } else {
        OrderStatus::ReadyToRegister
    };
    let snapshot = requirements
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(AppError::internal)?;
    let created = order::ActiveModel {
        customer_id: Set(customer_id),
        extension_id: Set(ext.id),
        domain: Set(domain.as_str().to_owned()),
        status: Set(status.as_str().to_owned()),
        requirements: Set(snapshot),
        revision: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for item in requirements.iter().flat_map(|r| &r.items) {
        if matches!(item.kind, ItemKind::Notice) {
            continue;
        }
        order_item::ActiveModel {
            order_id: Set(created.id),
            item_key: Set(item.key.clone()),
            status: Set(ItemStatus::Missing.as_str().to_owned()),
            value: Set(None),
            attempt: Set(1),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        created.id,
        Actor::User(customer_id),
        Entry::new(AuditKind::Placed),
    )
    .await?;
    if requirements.is_some() {
        notify::send(&txn, mailer, created.id, Notice::DocumentsRequested).await?;
    }
    txn.commit().await?;
    info!(order_id = created.id, domain = %domain, status = status.as_str(), "order placed");
    Ok(created.id)
}

/// The stored state of an order.
pub(super) fn status_of(model: &order::Model) -> Result<OrderStatus, AppError> {
    OrderStatus::parse(&model.status)
        .ok_or_else(|| AppError::internal(format!("unknown order status {}", model.status)))
}

/// The requirements snapshot an order was placed with, if its extension had any.
pub(super) fn requirements_of(model: &order::Model) -> Result<Option<RequirementSet>, AppError> {
    model
        .requirements
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(AppError::internal)
}

/// Moves order `id` from `from` to `to`, only if nobody moved it meanwhile; whether it
/// moved.
pub(super) async fn move_order(
    db: &impl ConnectionTrait,
    id: i32,
    from: OrderStatus,
    to: OrderStatus,
) -> Result<bool, AppError> {
    let moved = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(to.as_str()))
        .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            order::Column::Revision,
            Expr::col(order::Column::Revision).add(1),
        )
        .filter(order::Column::Id.eq(id))
        .filter(order::Column::Status.eq(from.as_str()))
        .exec(db)
        .await?;
    Ok(moved.rows_affected == 1)
}

/// The order `id` if `customer_id` owns it; [`AppError::NotFound`] otherwise (another
/// customer's order does not exist, as far as they can tell).
async fn owned(
    db: &impl ConnectionTrait,
    customer_id: i32,
    id: i32,
) -> Result<order::Model, AppError> {
    order::Entity::find_by_id(id)
        .filter(order::Column::CustomerId.eq(customer_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

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
                status: status_of(&o)?,
                created_at: o.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            })
        })
        .collect()
}

fn document_view(d: &document::Model) -> DocumentView {
    DocumentView {
        id: d.id,
        name: d.original_name.clone(),
        content_type: d.content_type.clone(),
        size_bytes: u64::try_from(d.size_bytes).unwrap_or(0),
        attempt: d.attempt,
    }
}

/// Bytes of documents this customer has stored.
async fn stored_bytes(db: &impl ConnectionTrait, customer_id: i32) -> Result<u64, AppError> {
    let ids: Vec<i32> = order::Entity::find()
        .select_only()
        .column(order::Column::Id)
        .filter(order::Column::CustomerId.eq(customer_id))
        .into_tuple()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(0);
    }
    let sizes: Vec<i64> = document::Entity::find()
        .select_only()
        .column(document::Column::SizeBytes)
        .filter(document::Column::OrderId.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(sizes
        .into_iter()
        .map(|s| u64::try_from(s).unwrap_or(0))
        .sum())
}

/// Everything the order page shows. Customers see their own orders; admins see all.
///
/// # Errors
/// [`AppError::NotFound`] for an order that is not the viewer's.
pub async fn view(
    db: &DatabaseConnection,
    settings: &Settings,
    viewer: &user::Model,
    id: i32,
) -> Result<OrderView, AppError> {
    let model = if Role::from_stored(&viewer.role) == Role::Admin {
        order::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?
    } else {
        owned(db, viewer.id, id).await?
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
    let requirements = requirements_of(&model)?;
    let is_admin = Role::from_stored(&viewer.role) == Role::Admin;
    let trail = audit::trail(db, id, is_admin, requirements.as_ref()).await?;
    let admin = if is_admin {
        let customer = user::Entity::find_by_id(model.customer_id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        let (registrar_label, instructions, failure) =
            super::registration::admin_notes(db, &model).await?;
        Some(AdminOrderInfo {
            customer_name: customer.name,
            customer_email: customer.email,
            registrar_label,
            instructions,
            failure,
        })
    } else {
        None
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
                    decision: a.decision.clone(),
                    statement: a.statement.clone(),
                    submitted_at: a.submitted_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                    documents: documents
                        .iter()
                        .filter(|d| d.item_key == item.item_key && d.attempt == a.attempt)
                        .map(document_view)
                        .collect(),
                })
                .collect();
            let status = ItemStatus::parse(&item.status).unwrap_or(ItemStatus::Missing);
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
                statement: if status == ItemStatus::Rejected {
                    history
                        .iter()
                        .rev()
                        .find(|a| a.decision == "rejected")
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
        status: status_of(&model)?,
        requirements,
        items: item_views,
        created_at: model.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        quota_used_bytes: stored_bytes(db, model.customer_id).await?,
        quota_bytes: settings.customer_quota_bytes(),
        trail,
        admin,
    })
}

/// Longest answer kept (any kind).
const MAX_ANSWER_CHARS: usize = 10_000;

/// Writes answers to the items the customer may change now; other keys are refused.
async fn write_answers(
    txn: &impl ConnectionTrait,
    order: &order::Model,
    answers: &HashMap<String, String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(order.id))
        .all(txn)
        .await?;
    for (key, value) in answers {
        let Some(item) = items.iter().find(|i| &i.item_key == key) else {
            return Err(AppError::validation(
                key.clone(),
                "This order has no such item.",
            ));
        };
        let status = ItemStatus::parse(&item.status).unwrap_or(ItemStatus::Missing);
        let value = value.trim();
        if !status.customer_can_edit() {
            if item.value.as_deref().unwrap_or("") != value {
                return Err(AppError::Conflict {
                    message: format!("“{key}” was submitted already and cannot change now."),
                });
            }
            continue;
        }
        if value.chars().count() > MAX_ANSWER_CHARS {
            return Err(AppError::validation(
                key.clone(),
                "This answer is too long.",
            ));
        }
        let new_status = match status {
            ItemStatus::Rejected => ItemStatus::Rejected,
            _ if value.is_empty() => ItemStatus::Missing,
            _ => ItemStatus::Draft,
        };
        order_item::Entity::update_many()
            .col_expr(
                order_item::Column::Value,
                Expr::value((!value.is_empty()).then(|| value.to_owned())),
            )
            .col_expr(order_item::Column::Status, Expr::value(new_status.as_str()))
            .col_expr(order_item::Column::UpdatedAt, Expr::value(now))
            .filter(order_item::Column::Id.eq(item.id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

fn editable(order: &order::Model) -> Result<OrderStatus, AppError> {
    let status = status_of(order)?;
    if status.customer_can_edit() {
        Ok(status)
    } else {
        Err(AppError::Conflict {
            message: format!(
                "This order is {}; nothing can be changed now.",
                status.label().to_lowercase()
            ),
        })
    }
}

/// Saves answers as a draft.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] when the order or an item cannot
/// change now; [`AppError::Validation`] for unknown items.
#[instrument(skip(db, answers))]
pub async fn save_answers(
    db: &DatabaseConnection,
    customer_id: i32,
    id: i32,
    answers: &HashMap<String, String>,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let order = owned(&txn, customer_id, id).await?;
    editable(&order)?;
    write_answers(&txn, &order, answers, Utc::now()).await?;
    txn.commit().await?;
    Ok(())
}

fn pattern_matches(item: &ItemDef, value: &str) -> bool {
    match &item.kind {
        ItemKind::Text {
            pattern: Some(p), ..
        } if !p.trim().is_empty() => regex::Regex::new(p)
            .map(|re| re.is_match(value))
            .unwrap_or(true),
        _ => true,
    }
}

/// Saves answers and submits the order for review.
///
/// # Errors
/// [`AppError::Invalid`] listing the items at fault (by key); [`AppError::Conflict`]
/// when the order is not waiting for the customer; [`AppError::NotFound`].
#[instrument(skip(db, mailer, answers))]
pub async fn submit(
    db: &DatabaseConnection,
    mailer: &Mailer,
    customer_id: i32,
    id: i32,
    answers: &HashMap<String, String>,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let order = owned(&txn, customer_id, id).await?;
    let status = editable(&order)?;
    let now = Utc::now();
    write_answers(&txn, &order, answers, now).await?;

    let requirements = requirements_of(&order)?.ok_or_else(|| AppError::Conflict {
        message: "This order needs no documents.".into(),
    })?;
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(id))
        .all(&txn)
        .await?;
    let current: Answers = items
        .iter()
        .filter_map(|i| i.value.clone().map(|v| (i.item_key.clone(), v)))
        .collect();
    let documents = document::Entity::find()
        .filter(document::Column::OrderId.eq(id))
        .all(&txn)
        .await?;
    let file_counts: HashMap<String, u32> = items
        .iter()
        .map(|i| {
            let n = documents
                .iter()
                .filter(|d| d.item_key == i.item_key && d.attempt == i.attempt)
                .count();
            (i.item_key.clone(), u32::try_from(n).unwrap_or(u32::MAX))
        })
        .collect();
    let problems = check_submission(&requirements, &current, &file_counts, &pattern_matches);
    if !problems.is_empty() {
        // Nothing is lost: what the customer gave is kept as a draft.
        txn.commit().await?;
        return Err(AppError::Invalid { problems });
    }

    for item in &items {
        let item_status = ItemStatus::parse(&item.status).unwrap_or(ItemStatus::Missing);
        if !item_status.customer_can_edit() {
            continue;
        }
        let def = requirements.items.iter().find(|d| d.key == item.item_key);
        if !def.is_some_and(|d| crate::domain::requirements::is_visible(d, &current)) {
            continue;
        }
        order_item::Entity::update_many()
            .col_expr(
                order_item::Column::Status,
                Expr::value(ItemStatus::Submitted.as_str()),
            )
            .col_expr(order_item::Column::UpdatedAt, Expr::value(now))
            .filter(order_item::Column::Id.eq(item.id))
            .exec(&txn)
            .await?;
        item_attempt::ActiveModel {
            order_id: Set(id),
            item_key: Set(item.item_key.clone()),
            attempt: Set(item.attempt),
            value: Set(item.value.clone()),
            decision: Set("submitted".to_owned()),
            statement: Set(None),
            submitted_at: Set(now),
            decided_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    // Only the state read above may move on: a second submit that raced this one finds
    // the order under review already and changes nothing.
    let moved = order::Entity::update_many()
        .col_expr(
            order::Column::Status,
            Expr::value(OrderStatus::UnderReview.as_str()),
        )
        .col_expr(order::Column::SubmittedAt, Expr::value(Some(now)))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            order::Column::Revision,
            Expr::col(order::Column::Revision).add(1),
        )
        .filter(order::Column::Id.eq(id))
        .filter(order::Column::Status.eq(status.as_str()))
        .exec(&txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(AppError::Conflict {
            message: "This order was submitted already.".into(),
        });
    }
    audit::record(
        &txn,
        id,
        Actor::User(customer_id),
        Entry::new(AuditKind::Submitted),
    )
    .await?;
    notify::send(&txn, mailer, id, Notice::Submitted).await?;
    txn.commit().await?;
    info!(order_id = id, "order submitted for review");
    Ok(())
}

/// An admin's decision on one submitted item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject { statement: String },
}

/// Records a decision on item `key` of order `id`, made on `attempt` (what the admin
/// saw). When every submitted item is decided, the order moves on: any rejection makes
/// it "action required", otherwise it is approved.
///
/// # Errors
/// [`AppError::Validation`] for a rejection without a statement; [`AppError::Conflict`]
/// when the item is not (or no longer) waiting for a decision on that attempt, e.g.
/// another admin decided first; [`AppError::NotFound`].
#[instrument(skip(db, mailer))]
pub async fn decide_item(
    db: &DatabaseConnection,
    mailer: &Mailer,
    admin_id: i32,
    id: i32,
    key: &str,
    attempt: i32,
    decision: Decision,
) -> Result<OrderStatus, AppError> {
    if let Decision::Reject { statement } = &decision
        && statement.trim().is_empty()
    {
        return Err(AppError::validation(
            "statement",
            "Tell the customer why the item is rejected.",
        ));
    }
    let txn = db.begin().await?;
    let order = order::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if status_of(&order)? != OrderStatus::UnderReview {
        return Err(AppError::Conflict {
            message: "This order is not under review.".into(),
        });
    }
    let now = Utc::now();
    let (new_status, statement) = match &decision {
        Decision::Approve => (ItemStatus::Approved, None),
        Decision::Reject { statement } => (ItemStatus::Rejected, Some(statement.trim().to_owned())),
    };
    let mut update = order_item::Entity::update_many()
        .col_expr(order_item::Column::Status, Expr::value(new_status.as_str()))
        .col_expr(order_item::Column::UpdatedAt, Expr::value(now));
    if new_status == ItemStatus::Rejected {
        // Replacements the customer uploads belong to the next attempt.
        update = update.col_expr(order_item::Column::Attempt, Expr::value(attempt + 1));
    }
    let changed = update
        .filter(order_item::Column::OrderId.eq(id))
        .filter(order_item::Column::ItemKey.eq(key))
        .filter(order_item::Column::Status.eq(ItemStatus::Submitted.as_str()))
        .filter(order_item::Column::Attempt.eq(attempt))
        .exec(&txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(AppError::Conflict {
            message: "This item is not waiting for a decision any more; someone may have decided it already.".into(),
        });
    }
    item_attempt::Entity::update_many()
        .col_expr(
            item_attempt::Column::Decision,
            Expr::value(new_status.as_str()),
        )
        .col_expr(
            item_attempt::Column::Statement,
            Expr::value(statement.clone()),
        )
        .col_expr(item_attempt::Column::DecidedAt, Expr::value(Some(now)))
        .filter(item_attempt::Column::OrderId.eq(id))
        .filter(item_attempt::Column::ItemKey.eq(key))
        .filter(item_attempt::Column::Attempt.eq(attempt))
        .exec(&txn)
        .await?;
    let entry = match &statement {
        Some(statement) => Entry::new(AuditKind::ItemRejected)
            .item(key)
            .statement(statement),
        None => Entry::new(AuditKind::ItemApproved).item(key),
    };
    audit::record(&txn, id, Actor::User(admin_id), entry).await?;

    let statuses: Vec<ItemStatus> = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(id))
        .all(&txn)
        .await?
        .iter()
        .filter_map(|i| ItemStatus::parse(&i.status))
        .collect();
    let mut order_status = OrderStatus::UnderReview;
    if !statuses.contains(&ItemStatus::Submitted) {
        order_status = if statuses.contains(&ItemStatus::Rejected) {
            OrderStatus::ActionRequired
        } else {
            OrderStatus::Approved
        };
        // Checked above to be under review, in this transaction.
        move_order(&txn, id, OrderStatus::UnderReview, order_status).await?;
        let now_is = order_status.label().to_lowercase();
        audit::record(
            &txn,
            id,
            Actor::System,
            Entry::new(AuditKind::StatusChanged).detail(&now_is),
        )
        .await?;
        let notice = if order_status == OrderStatus::Approved {
            Notice::Approved
        } else {
            Notice::ItemsRejected
        };
        notify::send(&txn, mailer, id, notice).await?;
    }
    txn.commit().await?;
    Ok(order_status)
}

/// Where an upload for item `key` of order `id` may go, and how big it may be.
#[derive(Debug, Clone)]
pub struct UploadTarget {
    pub customer_id: i32,
    pub order_id: i32,
    pub item_key: String,
    pub attempt: i32,
    pub allowed: Vec<FileType>,
    /// The smaller of the item's limit and what is left of the customer's quota.
    pub limit: u64,
    pub item_limit: u64,
}

/// Checks that the customer may upload one more document to item `key` now.
///
/// # Errors
/// [`AppError::NotFound`] (not theirs, or no such item); [`AppError::Conflict`] when the
/// item cannot change or has its most files; [`AppError::PayloadTooLarge`] when the
/// quota is used up.
pub async fn upload_target(
    db: &DatabaseConnection,
    settings: &Settings,
    customer_id: i32,
    id: i32,
    key: &str,
) -> Result<UploadTarget, AppError> {
    let order = owned(db, customer_id, id).await?;
    editable(&order)?;
    let requirements = requirements_of(&order)?.ok_or(AppError::NotFound)?;
    let def = requirements
        .items
        .iter()
        .find(|i| i.key == key)
        .ok_or(AppError::NotFound)?;
    let ItemKind::File {
        allowed_types,
        max_size_bytes,
        max_files,
        ..
    } = &def.kind
    else {
        return Err(AppError::validation(
            "file",
            "This item does not take documents.",
        ));
    };
    let item = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(id))
        .filter(order_item::Column::ItemKey.eq(key))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !ItemStatus::parse(&item.status)
        .unwrap_or(ItemStatus::Missing)
        .customer_can_edit()
    {
        return Err(AppError::Conflict {
            message: "This item was submitted already and cannot change now.".into(),
        });
    }
    let count = document::Entity::find()
        .filter(document::Column::OrderId.eq(id))
        .filter(document::Column::ItemKey.eq(key))
        .filter(document::Column::Attempt.eq(item.attempt))
        .all(db)
        .await?
        .len();
    if u32::try_from(count).unwrap_or(u32::MAX) >= *max_files {
        return Err(AppError::Conflict {
            message: format!("This item takes at most {max_files} files; remove one first."),
        });
    }
    let used = stored_bytes(db, customer_id).await?;
    let left = settings.customer_quota_bytes().saturating_sub(used);
    if left == 0 {
        return Err(AppError::PayloadTooLarge {
            message: "Your storage quota is used up.".into(),
        });
    }
    Ok(UploadTarget {
        customer_id,
        order_id: id,
        item_key: key.to_owned(),
        attempt: item.attempt,
        allowed: allowed_types.clone(),
        limit: std::cmp::min(*max_size_bytes, left),
        item_limit: *max_size_bytes,
    })
}

/// Stores the streamed document for `target` and records it. The row is written only
/// after the file is complete, and the file removed again if the row cannot be written.
///
/// # Errors
/// [`AppError::PayloadTooLarge`], [`AppError::Validation`] (type, empty, interrupted) or
/// a storage/database failure; nothing is left behind in any case.
pub async fn store_upload<S, E>(
    db: &DatabaseConnection,
    store: &DocumentStore,
    target: &UploadTarget,
    original_name: &str,
    body: S,
) -> Result<DocumentView, AppError>
where
    S: futures_util::Stream<Item = Result<bytes::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let key = format!(
        "orders/{}/{}",
        target.order_id,
        uuid::Uuid::new_v4().simple()
    );
    let stored = match store
        .put_stream(&key, body, target.limit, &target.allowed)
        .await
    {
        Ok(stored) => stored,
        Err(UploadError::TooLarge(limit)) if limit < target.item_limit => {
            return Err(AppError::PayloadTooLarge {
                message: "This file does not fit in what is left of your storage quota.".into(),
            });
        }
        Err(err) => return Err(err.into()),
    };
    let row = document::ActiveModel {
        order_id: Set(target.order_id),
        item_key: Set(target.item_key.clone()),
        attempt: Set(target.attempt),
        storage_key: Set(key.clone()),
        original_name: Set(sanitise_name(original_name)),
        content_type: Set(stored.file_type.mime().to_owned()),
        size_bytes: Set(i64::try_from(stored.size_bytes).unwrap_or(i64::MAX)),
        sha256: Set(stored.sha256),
        uploaded_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await;
    match row {
        Ok(model) => {
            // A draft item now has something.
            order_item::Entity::update_many()
                .col_expr(
                    order_item::Column::Status,
                    Expr::value(ItemStatus::Draft.as_str()),
                )
                .filter(order_item::Column::OrderId.eq(target.order_id))
                .filter(order_item::Column::ItemKey.eq(&target.item_key))
                .filter(order_item::Column::Status.eq(ItemStatus::Missing.as_str()))
                .exec(db)
                .await?;
            audit::record(
                db,
                target.order_id,
                Actor::User(target.customer_id),
                Entry::new(AuditKind::DocumentUploaded)
                    .item(&target.item_key)
                    .detail(&model.original_name),
            )
            .await?;
            info!(order_id = target.order_id, item = %target.item_key, size = model.size_bytes, "document stored");
            Ok(document_view(&model))
        }
        Err(err) => {
            store.delete(&key).await.ok();
            Err(err.into())
        }
    }
}

/// Removes a document of an item the customer may still change.
///
/// # Errors
/// [`AppError::NotFound`] (not theirs); [`AppError::Conflict`] when it cannot change now.
pub async fn remove_document(
    db: &DatabaseConnection,
    store: &DocumentStore,
    customer_id: i32,
    document_id: i32,
) -> Result<(), AppError> {
    let doc = document::Entity::find_by_id(document_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let order = owned(db, customer_id, doc.order_id).await?;
    editable(&order)?;
    let item = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(order.id))
        .filter(order_item::Column::ItemKey.eq(&doc.item_key))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = ItemStatus::parse(&item.status).unwrap_or(ItemStatus::Missing);
    if !status.customer_can_edit() || doc.attempt != item.attempt {
        return Err(AppError::Conflict {
            message: "This document was submitted and stays with the order.".into(),
        });
    }
    document::Entity::delete_by_id(doc.id).exec(db).await?;
    store.delete(&doc.storage_key).await?;
    audit::record(
        db,
        order.id,
        Actor::User(customer_id),
        Entry::new(AuditKind::DocumentRemoved)
            .item(&doc.item_key)
            .detail(&doc.original_name),
    )
    .await?;
    Ok(())
}

/// A document the viewer may download: the customer who owns its order, or an admin.
///
/// # Errors
/// [`AppError::NotFound`] for anyone else (and for unknown documents).
pub async fn document_for(
    db: &DatabaseConnection,
    viewer: &user::Model,
    document_id: i32,
) -> Result<document::Model, AppError> {
    let doc = document::Entity::find_by_id(document_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if Role::from_stored(&viewer.role) != Role::Admin {
        owned(db, viewer.id, doc.order_id).await?;
    }
    Ok(doc)
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
    if Role::from_stored(&viewer.role) == Role::Admin {
        return Ok(order::Entity::find_by_id(id).one(db).await?.is_some());
    }
    Ok(owned(db, viewer.id, id).await.is_ok())
}

/// The customer an order belongs to.
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn customer_of(db: &DatabaseConnection, id: i32) -> Result<i32, AppError> {
    Ok(order::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?
        .customer_id)
}
