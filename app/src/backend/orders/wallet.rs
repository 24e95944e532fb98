//! The document wallet: what a customer uploaded, across their orders, and the reuse of
//! an approved document on another order.
//!
//! A document approved for one order may be used again for an item of another order of
//! the same customer when it fits: the same item key, or both items declare the same
//! [`DocumentKind`]; a type, size and picture size the item accepts; and still valid,
//! counted from its approval, by the shorter validity of the two items. Reusing writes a
//! new document row naming the same stored object (`reused_from` the approved one): no
//! byte is copied and the SHA-256 stays the same. It is checked again under the lock of
//! the order it goes to, with the approved document's row locked too, so that a purge
//! running at the same time either sees the new row (and keeps the object) or has
//! purged it first (and the reuse is refused).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set,
};
use tracing::instrument;

use super::{OrderTx, account_names, document_view, editable, pixels_of};
use crate::{
    backend::{
        accounts::request,
        catalog::extensions::idn_to_unicode,
        entities::{document, item_attempt, order, order_item},
        infra::ctx::Ctx,
    },
    domain::{
        audit::AuditKind,
        dates,
        order_view::{DocumentView, EarlierApproval, ReuseOffer, WalletEntry},
        orders::ItemStatus,
        requirements::{DocumentKind, FileType, ItemDef, ItemKind},
    },
    error::AppError,
    i18n::td_string,
};

/// What a document's item asked, in the order it was uploaded for.
#[derive(Debug, Clone)]
struct ItemOf {
    label: String,
    kind: Option<DocumentKind>,
    valid_days: Option<u32>,
}

fn item_of(order: &order::Model, key: &str) -> ItemOf {
    let def = order
        .requirements
        .as_ref()
        .and_then(|r| r.items.iter().find(|i| i.key == key));
    let (kind, valid_days) = match def.map(|d| &d.kind) {
        Some(ItemKind::File {
            document_kind,
            valid_days,
            ..
        }) => (*document_kind, *valid_days),
        _ => (None, None),
    };
    ItemOf {
        label: def.map_or_else(|| key.to_owned(), |d| d.label.clone()),
        kind,
        valid_days,
    }
}

/// A document approved on one of the customer's orders.
#[derive(Debug, Clone)]
struct Approved {
    doc: document::Model,
    domain: String,
    item: ItemOf,
    decided_at: DateTime<Utc>,
    decided_by: Option<i32>,
}

impl Approved {
    /// The last moment it is good for an item giving `days` (and its own item's days).
    fn valid_until(&self, days: Option<u32>) -> Option<DateTime<Utc>> {
        let days = match (self.item.valid_days, days) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }?;
        Some(self.decided_at + Duration::days(i64::from(days)))
    }
}

/// The customer's orders, by id (one query).
async fn orders_of(
    db: &impl ConnectionTrait,
    customer_id: i32,
) -> Result<HashMap<i32, order::Model>, AppError> {
    Ok(order::Entity::find()
        .filter(order::Column::CustomerId.eq(customer_id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

/// Every document of `customer_id` approved on one of their orders (only those whose
/// bytes are stored when `stored_only`), newest approval first; three queries.
async fn approved_of(
    db: &impl ConnectionTrait,
    customer_id: i32,
    stored_only: bool,
) -> Result<Vec<Approved>, AppError> {
    let orders = orders_of(db, customer_id).await?;
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = orders.keys().copied().collect();
    let approvals: HashMap<(i32, String, i32), item_attempt::Model> = item_attempt::Entity::find()
        .filter(item_attempt::Column::OrderId.is_in(ids.clone()))
        .filter(item_attempt::Column::Decision.eq(ItemStatus::Approved))
        .all(db)
        .await?
        .into_iter()
        .map(|a| ((a.order_id, a.item_key.clone(), a.attempt), a))
        .collect();
    let mut query = document::Entity::find().filter(document::Column::OrderId.is_in(ids));
    if stored_only {
        query = query.filter(document::Column::PurgedAt.is_null());
    }
    let mut found: Vec<Approved> = query
        .all(db)
        .await?
        .into_iter()
        .filter_map(|doc| {
            let approval = approvals.get(&(doc.order_id, doc.item_key.clone(), doc.attempt))?;
            let order = orders.get(&doc.order_id)?;
            Some(Approved {
                domain: idn_to_unicode(&order.domain),
                item: item_of(order, &doc.item_key),
                decided_at: approval.decided_at.unwrap_or(approval.submitted_at),
                decided_by: approval.decided_by,
                doc,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.decided_at
            .cmp(&a.decided_at)
            .then(b.doc.id.cmp(&a.doc.id))
    });
    Ok(found)
}

/// Whether the stored `doc` is one the file item `kind` accepts.
fn fits(kind: &ItemKind, doc: &document::Model) -> bool {
    let ItemKind::File {
        allowed_types,
        max_size_bytes,
        min_size_bytes,
        min_pixels,
        ..
    } = kind
    else {
        return false;
    };
    let Some(file_type) = FileType::ALL
        .into_iter()
        .find(|t| t.mime() == doc.content_type)
    else {
        return false;
    };
    let size = u64::try_from(doc.size_bytes).unwrap_or(u64::MAX);
    let pixels = pixels_of(doc);
    allowed_types.contains(&file_type)
        && size <= *max_size_bytes
        && size >= *min_size_bytes
        && match (min_pixels, file_type.is_image()) {
            (Some(min), true) => pixels.is_some_and(|p| p.at_least(*min)),
            _ => true,
        }
}

/// The approved documents that may be used for item `def` of order `order_id` at
/// `now`, one per file (the latest approval), newest first; `current` are the item's
/// documents now (a file already there is not offered again).
fn offers_for<'a>(
    approved: &'a [Approved],
    order_id: i32,
    def: &ItemDef,
    current: &[document::Model],
    now: DateTime<Utc>,
) -> Vec<(&'a Approved, Option<DateTime<Utc>>)> {
    let ItemKind::File {
        document_kind,
        valid_days,
        ..
    } = &def.kind
    else {
        return Vec::new();
    };
    let mut seen: Vec<&str> = current.iter().map(|d| d.sha256.as_str()).collect();
    let mut offers = Vec::new();
    for a in approved {
        let same =
            a.doc.item_key == def.key || (document_kind.is_some() && a.item.kind == *document_kind);
        if a.doc.order_id == order_id || !same || !fits(&def.kind, &a.doc) {
            continue;
        }
        let until = a.valid_until(*valid_days);
        if until.is_some_and(|u| u <= now) || seen.contains(&a.doc.sha256.as_str()) {
            continue;
        }
        seen.push(&a.doc.sha256);
        offers.push((a, until));
    }
    offers
}

fn offer_view(a: &Approved, until: Option<DateTime<Utc>>) -> ReuseOffer {
    ReuseOffer {
        document: document_view(&a.doc),
        order_id: a.doc.order_id,
        domain: a.domain.clone(),
        item_label: a.item.label.clone(),
        approved_at: dates::day(a.decided_at),
        valid_until: until.map(dates::day),
    }
}

/// What each file item of order `order` that takes documents now may reuse, by item key
/// (for its customer's order page); three queries, none when nothing takes documents.
///
/// # Errors
/// Database failures.
pub async fn offers(
    db: &impl ConnectionTrait,
    order: &order::Model,
    items: &[order_item::Model],
    documents: &[document::Model],
    now: DateTime<Utc>,
) -> Result<HashMap<String, Vec<ReuseOffer>>, AppError> {
    let Some(requirements) = order.requirements.as_ref() else {
        return Ok(HashMap::new());
    };
    if !order.status.customer_can_edit() {
        return Ok(HashMap::new());
    }
    let open: Vec<(&ItemDef, &order_item::Model)> = requirements
        .items
        .iter()
        .filter(|d| matches!(d.kind, ItemKind::File { .. }))
        .filter_map(|d| Some((d, items.iter().find(|i| i.item_key == d.key)?)))
        .filter(|(_, i)| i.status.customer_can_edit())
        .collect();
    if open.is_empty() {
        return Ok(HashMap::new());
    }
    let approved = approved_of(db, order.customer_id, true).await?;
    Ok(open
        .into_iter()
        .map(|(def, item)| {
            let current: Vec<document::Model> = documents
                .iter()
                .filter(|d| d.item_key == item.item_key && d.attempt == item.attempt)
                .cloned()
                .collect();
            let offers = offers_for(&approved, order.id, def, &current, now)
                .into_iter()
                .map(|(a, until)| offer_view(a, until))
                .collect();
            (def.key.clone(), offers)
        })
        .collect())
}

/// Uses the approved document `document_id` for item `key` of the customer's order
/// `order_id`, as of `now`: checked under the order's lock like an upload (the item
/// takes documents, has room), and the document must be one [`offers`] makes now.
///
/// # Errors
/// [`AppError::NotFound`] (not theirs); [`AppError::Conflict`] when the item cannot
/// take it now, or the document is not (or no longer) one to reuse here.
#[instrument(skip(ctx), fields(customer = ctx.id()))]
pub async fn reuse(
    ctx: &Ctx,
    order_id: i32,
    key: &str,
    document_id: i32,
    now: DateTime<Utc>,
) -> Result<DocumentView, AppError> {
    let tx = OrderTx::lock_own(ctx, order_id).await?;
    editable(tx.order())?;
    let def = tx
        .order()
        .requirements
        .as_ref()
        .and_then(|r| r.items.iter().find(|i| i.key == key))
        .cloned()
        .ok_or(AppError::NotFound)?;
    let ItemKind::File { max_files, .. } = def.kind else {
        return Err(super::documents::takes_no_documents());
    };
    let item = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(order_id))
        .filter(order_item::Column::ItemKey.eq(key))
        .one(tx.txn())
        .await?
        .ok_or(AppError::NotFound)?;
    let current = document::Entity::find()
        .filter(document::Column::OrderId.eq(order_id))
        .filter(document::Column::ItemKey.eq(key))
        .filter(document::Column::Attempt.eq(item.attempt))
        .all(tx.txn())
        .await?;
    let files = u64::try_from(current.len()).unwrap_or(u64::MAX);
    if let Some(refused) = super::documents::refusal(&item, item.attempt, files, max_files) {
        return Err(refused);
    }
    // The approved document's row, locked against a purge until this commits.
    let source = tx
        .lock_stored_documents(Condition::all().add(document::Column::Id.eq(document_id)))
        .await?
        .pop();
    let not_offered = || AppError::Conflict {
        message: td_string!(request::locale(), refusals.documents.cannot_reuse).to_owned(),
    };
    let source = source.ok_or_else(not_offered)?;
    let approved = approved_of(tx.txn(), ctx.id(), true).await?;
    let offered = offers_for(&approved, order_id, &def, &current, now)
        .iter()
        .any(|(a, _)| a.doc.id == source.id);
    if !offered {
        return Err(not_offered());
    }
    let row = document::ActiveModel {
        order_id: Set(order_id),
        item_key: Set(key.to_owned()),
        attempt: Set(item.attempt),
        storage_key: Set(source.storage_key.clone()),
        original_name: Set(source.original_name.clone()),
        content_type: Set(source.content_type.clone()),
        size_bytes: Set(source.size_bytes),
        sha256: Set(source.sha256.clone()),
        uploaded_at: Set(now),
        pixel_width: Set(source.pixel_width),
        pixel_height: Set(source.pixel_height),
        page_count: Set(source.page_count),
        reused_from: Set(Some(source.id)),
        ..Default::default()
    }
    .insert(tx.txn())
    .await?;
    super::documents::record_added(ctx, &tx, &item, &row, AuditKind::DocumentReused).await?;
    tx.commit(&ctx.state.events).await?;
    Ok(document_view(&row))
}

/// For an admin's view of order `order_id`: the earlier approvals, on other orders of
/// the same customer, of the same files as `documents` (by SHA-256), the latest each.
///
/// # Errors
/// Database failures.
pub async fn earlier_approvals(
    db: &impl ConnectionTrait,
    customer_id: i32,
    order_id: i32,
    documents: &[document::Model],
) -> Result<HashMap<String, EarlierApproval>, AppError> {
    if documents.is_empty() {
        return Ok(HashMap::new());
    }
    let approved: Vec<Approved> = approved_of(db, customer_id, false)
        .await?
        .into_iter()
        .filter(|a| a.doc.order_id != order_id)
        .filter(|a| documents.iter().any(|d| d.sha256 == a.doc.sha256))
        .collect();
    let names = account_names(db, approved.iter().filter_map(|a| a.decided_by)).await?;
    let mut found = HashMap::new();
    for a in approved {
        found
            .entry(a.doc.sha256.clone())
            .or_insert_with(|| EarlierApproval {
                order_id: a.doc.order_id,
                domain: a.domain.clone(),
                decided_by: a.decided_by.and_then(|id| names.get(&id).cloned()),
                decided_at: dates::moment(a.decided_at),
            });
    }
    Ok(found)
}

/// "My documents": every document of the customer, newest first, with its order, item,
/// decision and validity at `now`; three queries.
///
/// # Errors
/// Database failures.
pub async fn wallet(
    db: &impl ConnectionTrait,
    customer_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<WalletEntry>, AppError> {
    let orders = orders_of(db, customer_id).await?;
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = orders.keys().copied().collect();
    let attempts: HashMap<(i32, String, i32), item_attempt::Model> = item_attempt::Entity::find()
        .filter(item_attempt::Column::OrderId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| ((a.order_id, a.item_key.clone(), a.attempt), a))
        .collect();
    let mut documents = document::Entity::find()
        .filter(document::Column::OrderId.is_in(ids))
        .all(db)
        .await?;
    documents.sort_by(|a, b| b.uploaded_at.cmp(&a.uploaded_at).then(b.id.cmp(&a.id)));
    Ok(documents
        .into_iter()
        .filter_map(|doc| {
            let order = orders.get(&doc.order_id)?;
            let item = item_of(order, &doc.item_key);
            let attempt = attempts.get(&(doc.order_id, doc.item_key.clone(), doc.attempt));
            let decision = attempt.map_or(ItemStatus::Draft, |a| a.decision);
            let decided_at = attempt.and_then(|a| a.decided_at);
            let until = match (decision, decided_at, item.valid_days) {
                (ItemStatus::Approved, Some(at), Some(days)) => {
                    Some(at + Duration::days(i64::from(days)))
                }
                _ => None,
            };
            Some(WalletEntry {
                document: document_view(&doc),
                order_id: doc.order_id,
                domain: idn_to_unicode(&order.domain),
                item_label: item.label,
                decision,
                uploaded_at: dates::moment(doc.uploaded_at),
                decided_at: decided_at.map(dates::moment),
                valid_until: until.map(dates::day),
                expired: until.is_some_and(|u| u <= now),
            })
        })
        .collect())
}
