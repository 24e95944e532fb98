//! Documents of an order's items: uploads, removal, and who may download what.
//!
//! An upload is checked twice. Before a byte is read ([`upload_target`]): is the item
//! the customer's, editable, with room for a file? That answers at once what is plainly
//! refused. The bytes then stream to a staged object, which can take minutes, while the
//! customer may submit the order, an admin decide on it, or parallel uploads fill the
//! item. So the upload is accepted only under the order's lock ([`store_upload`]): the
//! item must still be editable *in the same attempt*, its file count and the customer's
//! quota must still fit, counting what is stored now. Only then is the staged object
//! promoted and its row written; otherwise it is deleted and the customer is told why.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set, sea_query::Expr,
};
use tracing::{info, instrument, warn};

use super::{OrderTx, document_view, editable, owned, stored_bytes};
use crate::{
    backend::{
        accounts::request,
        entities::{document, order_item, user},
        infra::ctx::Ctx,
        infra::inspect::{self, Measured},
        infra::storage::{DOCUMENTS, StoredFile, UploadError},
        orders::audit::{self, Entry},
    },
    domain::{
        Role,
        audit::AuditKind,
        order_view::DocumentView,
        orders::ItemStatus,
        requirements::{FileType, ItemKind, Pixels},
        sniff::name_for_type,
        units::human_size,
    },
    error::AppError,
    i18n::td_string,
};

/// Where an upload for item `key` of order `id` may go, and how big it may be.
#[derive(Debug, Clone)]
pub struct UploadTarget {
    pub order_id: i32,
    pub item_key: String,
    /// The attempt of the item the upload is for; it is refused if the item has moved on.
    pub attempt: i32,
    pub allowed: Vec<FileType>,
    pub max_files: u32,
    /// The smaller of the item's limit and what is left of the customer's quota.
    pub limit: u64,
    pub item_limit: u64,
    /// Smaller files are refused (0: any size).
    pub min_size: u64,
    /// Smaller pictures are refused.
    pub min_pixels: Option<Pixels>,
}

/// The item's problem with one more file, if any: not editable now, or full.
pub(super) fn refusal(
    item: &order_item::Model,
    attempt: i32,
    files: u64,
    max_files: u32,
) -> Option<AppError> {
    let status = item.status;
    let locale = request::locale();
    if !status.customer_can_edit() || item.attempt != attempt {
        return Some(AppError::Conflict {
            message: td_string!(locale, refusals.documents.item_moved_on).to_owned(),
        });
    }
    (files >= u64::from(max_files)).then(|| AppError::Conflict {
        message: td_string!(locale, refusals.documents.item_full, max = max_files).to_string(),
    })
}

/// The answer to a document sent to an item that is not a file item.
pub(super) fn takes_no_documents() -> AppError {
    AppError::validation(
        "file",
        td_string!(request::locale(), refusals.documents.takes_no_documents),
    )
}

async fn files_of(
    db: &impl sea_orm::ConnectionTrait,
    order_id: i32,
    key: &str,
    attempt: i32,
) -> Result<u64, AppError> {
    Ok(document::Entity::find()
        .filter(document::Column::OrderId.eq(order_id))
        .filter(document::Column::ItemKey.eq(key))
        .filter(document::Column::Attempt.eq(attempt))
        .count(db)
        .await?)
}

/// Checks that the customer may upload one more document to item `key` now, before a
/// byte of it is read.
///
/// # Errors
/// [`AppError::NotFound`] (not theirs, or no such item); [`AppError::Conflict`] when the
/// item cannot change or has its most files; [`AppError::PayloadTooLarge`] when the
/// quota is used up.
pub async fn upload_target(ctx: &Ctx, id: i32, key: &str) -> Result<UploadTarget, AppError> {
    let db = ctx.db();
    let order = owned(db, ctx.id(), id).await?;
    editable(&order)?;
    let requirements = order.requirements.clone().ok_or(AppError::NotFound)?;
    let def = requirements
        .items
        .iter()
        .find(|i| i.key == key)
        .ok_or(AppError::NotFound)?;
    let ItemKind::File {
        allowed_types,
        max_size_bytes,
        min_size_bytes,
        min_pixels,
        max_files,
        ..
    } = &def.kind
    else {
        return Err(takes_no_documents());
    };
    let item = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(id))
        .filter(order_item::Column::ItemKey.eq(key))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let files = files_of(db, id, key, item.attempt).await?;
    if let Some(refused) = refusal(&item, item.attempt, files, *max_files) {
        return Err(refused);
    }
    let used = stored_bytes(db, ctx.id()).await?;
    let left = ctx
        .state
        .settings
        .customer_quota_bytes()
        .saturating_sub(used);
    if left == 0 {
        return Err(AppError::PayloadTooLarge {
            message: td_string!(request::locale(), refusals.documents.quota_used_up).to_owned(),
        });
    }
    Ok(UploadTarget {
        order_id: id,
        item_key: key.to_owned(),
        attempt: item.attempt,
        allowed: allowed_types.clone(),
        max_files: *max_files,
        limit: std::cmp::min(*max_size_bytes, left),
        item_limit: *max_size_bytes,
        min_size: *min_size_bytes,
        min_pixels: *min_pixels,
    })
}

/// Streams the document for `target` into staging, then accepts it under the order's
/// lock if it is still welcome (see the module's notes).
///
/// # Errors
/// [`AppError::PayloadTooLarge`] (the file, or the quota), [`AppError::Validation`]
/// (type, empty, interrupted, stalled), [`AppError::Conflict`] (the item moved on or
/// filled up meanwhile), or a storage/database failure; nothing is left behind in any
/// case.
#[instrument(skip(ctx, target, body), fields(customer = ctx.id(), order = target.order_id, item = %target.item_key))]
pub async fn store_upload<S, E>(
    ctx: &Ctx,
    target: &UploadTarget,
    original_name: &str,
    body: S,
) -> Result<DocumentView, AppError>
where
    S: futures_util::Stream<Item = Result<bytes::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let store = &ctx.state.documents;
    let idle = std::time::Duration::from_secs(u64::from(ctx.state.settings.upload_idle_secs));
    let staged = match store.stage(body, target.limit, &target.allowed, idle).await {
        Ok(staged) => staged,
        Err(UploadError::TooLarge(limit)) if limit < target.item_limit => {
            return Err(quota_exceeded(limit));
        }
        Err(err) => return Err(err.into()),
    };
    let accepted = async {
        let measured = inspect::measure(store, &staged).await?;
        check_smallest(target, &staged, measured)?;
        accept(ctx, target, &staged, measured, original_name).await
    }
    .await;
    if accepted.is_err()
        && let Err(err) = store.delete(&staged.key).await
    {
        warn!(error = %err, key = %staged.key, "a refused upload stays in staging until swept");
    }
    accepted
}

/// Refuses a file below the item's smallest size, or a picture below its smallest
/// picture size (or whose size cannot be read when one is asked for).
fn check_smallest(
    target: &UploadTarget,
    staged: &StoredFile,
    measured: Measured,
) -> Result<(), AppError> {
    let locale = request::locale();
    if staged.size_bytes < target.min_size {
        return Err(AppError::validation(
            "file",
            td_string!(
                locale,
                refusals.documents.file_too_small,
                size = human_size(staged.size_bytes, locale),
                min = human_size(target.min_size, locale)
            )
            .to_string(),
        ));
    }
    let pixels = |p: Pixels| {
        td_string!(
            locale,
            common.document_facts.pixels,
            width = p.width,
            height = p.height
        )
        .to_string()
    };
    match (
        target.min_pixels,
        staged.file_type.is_image(),
        measured.pixels,
    ) {
        (Some(min), true, Some(size)) if !size.at_least(min) => Err(AppError::validation(
            "file",
            td_string!(
                locale,
                refusals.documents.picture_too_small,
                size = pixels(size),
                min = pixels(min)
            )
            .to_string(),
        )),
        (Some(_), true, None) => Err(AppError::validation(
            "file",
            td_string!(locale, refusals.documents.picture_unreadable),
        )),
        _ => Ok(()),
    }
}

/// The answer to a file larger than the `left` bytes of the customer's quota.
pub fn quota_exceeded(left: u64) -> AppError {
    let locale = request::locale();
    AppError::PayloadTooLarge {
        message: td_string!(
            locale,
            refusals.documents.quota_exceeded,
            left = human_size(left, locale)
        )
        .to_string(),
    }
}

/// The locked half of an upload: re-check, promote, record.
async fn accept(
    ctx: &Ctx,
    target: &UploadTarget,
    staged: &StoredFile,
    measured: Measured,
    original_name: &str,
) -> Result<DocumentView, AppError> {
    let store = &ctx.state.documents;
    let tx = OrderTx::lock_own(ctx, target.order_id).await?;
    editable(tx.order()).map_err(|_| AppError::Conflict {
        message: td_string!(request::locale(), refusals.documents.order_moved_on).to_owned(),
    })?;
    let item = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(target.order_id))
        .filter(order_item::Column::ItemKey.eq(&target.item_key))
        .one(tx.txn())
        .await?
        .ok_or(AppError::NotFound)?;
    let files = files_of(tx.txn(), target.order_id, &target.item_key, target.attempt).await?;
    if let Some(refused) = refusal(&item, target.attempt, files, target.max_files) {
        return Err(refused);
    }
    tx.lock_customer().await?;
    let used = stored_bytes(tx.txn(), ctx.id()).await?;
    let quota = ctx.state.settings.customer_quota_bytes();
    if used.saturating_add(staged.size_bytes) > quota {
        return Err(quota_exceeded(quota.saturating_sub(used)));
    }

    let key = format!(
        "{DOCUMENTS}/{}/{}",
        target.order_id,
        uuid::Uuid::new_v4().simple()
    );
    store.promote(&staged.key, &key).await?;
    let recorded = async {
        let row = document::ActiveModel {
            order_id: Set(target.order_id),
            item_key: Set(target.item_key.clone()),
            attempt: Set(target.attempt),
            storage_key: Set(key.clone()),
            original_name: Set(name_for_type(original_name, staged.file_type)),
            content_type: Set(staged.file_type.mime().to_owned()),
            size_bytes: Set(i64::try_from(staged.size_bytes).unwrap_or(i64::MAX)),
            sha256: Set(staged.sha256.clone()),
            uploaded_at: Set(Utc::now()),
            pixel_width: Set(measured
                .pixels
                .map(|p| i32::try_from(p.width).unwrap_or(i32::MAX))),
            pixel_height: Set(measured
                .pixels
                .map(|p| i32::try_from(p.height).unwrap_or(i32::MAX))),
            page_count: Set(measured.pages.map(|n| i32::try_from(n).unwrap_or(i32::MAX))),
            ..Default::default()
        }
        .insert(tx.txn())
        .await?;
        record_added(ctx, &tx, &item, &row, AuditKind::DocumentUploaded).await?;
        tx.commit(&ctx.state.events).await?;
        Ok::<_, AppError>(row)
    }
    .await;
    match recorded {
        Ok(row) => {
            info!(document = row.id, size = row.size_bytes, "document stored");
            Ok(document_view(&row))
        }
        Err(err) => {
            // Not recorded: the promoted file goes (or the sweeper takes it later).
            if let Err(e) = store.delete(&key).await {
                warn!(error = %e, %key, "an unrecorded document stays until swept");
            }
            Err(err)
        }
    }
}

/// What follows a document's row being written for `item` (an upload, or a reuse): a
/// missing item now has something, and the trail says `kind` with the file's name.
pub(super) async fn record_added(
    ctx: &Ctx,
    tx: &OrderTx,
    item: &order_item::Model,
    row: &document::Model,
    kind: AuditKind,
) -> Result<(), AppError> {
    order_item::Entity::update_many()
        .col_expr(order_item::Column::Status, Expr::value(ItemStatus::Draft))
        .filter(order_item::Column::Id.eq(item.id))
        .filter(order_item::Column::Status.eq(ItemStatus::Missing))
        .exec(tx.txn())
        .await?;
    audit::record(
        tx.txn(),
        row.order_id,
        ctx.actor(),
        Entry::new(kind)
            .item(&row.item_key)
            .detail(&row.original_name),
    )
    .await
}

/// Removes a document of an item the customer may still change. Its row goes in the
/// locked transaction; its file after the commit (a file without a row is swept later,
/// a row without a file never exists).
///
/// # Errors
/// [`AppError::NotFound`] (not theirs); [`AppError::Conflict`] when it cannot change now.
#[instrument(skip(ctx), fields(customer = ctx.id()))]
pub async fn remove_document(ctx: &Ctx, document_id: i32) -> Result<(), AppError> {
    let found = document::Entity::find_by_id(document_id)
        .one(ctx.db())
        .await?
        .ok_or(AppError::NotFound)?;
    let tx = OrderTx::lock_own(ctx, found.order_id).await?;
    let doc = document::Entity::find_by_id(document_id)
        .one(tx.txn())
        .await?
        .ok_or(AppError::NotFound)?;
    editable(tx.order())?;
    let item = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(doc.order_id))
        .filter(order_item::Column::ItemKey.eq(&doc.item_key))
        .one(tx.txn())
        .await?
        .ok_or(AppError::NotFound)?;
    let status = item.status;
    if !status.customer_can_edit() || doc.attempt != item.attempt {
        return Err(AppError::Conflict {
            message: td_string!(request::locale(), refusals.documents.document_submitted)
                .to_owned(),
        });
    }
    document::Entity::delete_by_id(doc.id)
        .exec(tx.txn())
        .await?;
    // A reused document shares its object with the approved one: that stays.
    let shared = document::Entity::find()
        .filter(document::Column::StorageKey.eq(&doc.storage_key))
        .count(tx.txn())
        .await?
        > 0;
    audit::record(
        tx.txn(),
        doc.order_id,
        ctx.actor(),
        Entry::new(AuditKind::DocumentRemoved)
            .item(&doc.item_key)
            .detail(&doc.original_name),
    )
    .await?;
    tx.commit(&ctx.state.events).await?;
    if shared {
        return Ok(());
    }
    if let Err(err) = ctx.state.documents.delete(&doc.storage_key).await {
        warn!(error = %err, key = %doc.storage_key, "a removed document's file stays until swept");
    }
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
    if viewer.role != Role::Admin {
        owned(db, viewer.id, doc.order_id).await?;
    }
    Ok(doc)
}
