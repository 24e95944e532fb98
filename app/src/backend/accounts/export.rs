//! Everything regdocs holds about a customer, as one ZIP they download themselves (GDPR
//! art. 15, access, and art. 20, portability): `manifest.json` (the account, every order
//! with its answers, each item's attempts and decisions with their statements, the
//! order's trail as the customer sees it, and every document's facts) and the documents
//! still stored, under `documents/<order>/`.
//!
//! The ZIP is written to a file in the data directory that is unlinked as soon as it is
//! open, so it never outlives the download, and only one document is in memory at a
//! time (each is bounded by the upload limit).

use std::io::{Seek, SeekFrom, Write};

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use tracing::{info, instrument};
use zip::{CompressionMethod, ZipWriter, write::SimpleFileOptions};

use crate::{
    backend::{
        entities::{document, item_attempt, order, order_event, order_item, user},
        infra::ctx::Ctx,
    },
    error::AppError,
};

/// A finished export: the open (already unlinked) file, its length and the name to
/// download it under.
pub struct Export {
    pub file: std::fs::File,
    pub len: u64,
    pub name: String,
}

/// A document's path inside the ZIP: its order, its id, and the last part of its name
/// (whatever the customer called the file, nothing of it can leave the folder).
fn zip_path(doc: &document::Model) -> String {
    let name = doc
        .original_name
        .rsplit(['/', '\\'])
        .next()
        .filter(|n| !n.is_empty() && *n != "." && *n != "..")
        .unwrap_or("document");
    format!("documents/{}/{}-{name}", doc.order_id, doc.id)
}

fn time(at: chrono::DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Writes the ZIP of everything about the account of `ctx`.
///
/// # Errors
/// [`AppError::Unauthorized`] without an account; storage and database failures.
#[instrument(skip(ctx), fields(user = ctx.id()))]
pub async fn export(ctx: &Ctx) -> Result<Export, AppError> {
    let db = ctx.db();
    let account = user::Entity::find_by_id(ctx.id())
        .one(db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let orders = order::Entity::find()
        .filter(order::Column::CustomerId.eq(account.id))
        .order_by_asc(order::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = orders.iter().map(|o| o.id).collect();
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.is_in(ids.clone()))
        .order_by_asc(order_item::Column::Id)
        .all(db)
        .await?;
    let attempts = item_attempt::Entity::find()
        .filter(item_attempt::Column::OrderId.is_in(ids.clone()))
        .order_by_asc(item_attempt::Column::Id)
        .all(db)
        .await?;
    let documents = document::Entity::find()
        .filter(document::Column::OrderId.is_in(ids.clone()))
        .order_by_asc(document::Column::Id)
        .all(db)
        .await?;
    let events = order_event::Entity::find()
        .filter(order_event::Column::OrderId.is_in(ids))
        .filter(order_event::Column::CustomerVisible.eq(true))
        .order_by_asc(order_event::Column::Id)
        .all(db)
        .await?;

    let dir = ctx.state.settings.data_dir.join("exports");
    std::fs::create_dir_all(&dir).map_err(AppError::internal)?;
    let path = dir.join(format!("{}.zip", uuid::Uuid::new_v4().simple()));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(AppError::internal)?;
    // Gone from the directory at once; the open file lives until the download ends.
    std::fs::remove_file(&path).map_err(AppError::internal)?;
    let mut zip = ZipWriter::new(file);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true);

    let mut written = std::collections::HashMap::new();
    for doc in &documents {
        let bytes = match ctx.state.documents.get_bytes(&doc.storage_key).await {
            Ok(bytes) => bytes,
            // Purged or lost: the manifest says so.
            Err(AppError::NotFound) => continue,
            Err(err) => return Err(err),
        };
        let entry = zip_path(doc);
        zip = tokio::task::spawn_blocking({
            let entry = entry.clone();
            move || -> Result<_, String> {
                zip.start_file(entry, stored).map_err(|e| e.to_string())?;
                zip.write_all(&bytes).map_err(|e| e.to_string())?;
                Ok(zip)
            }
        })
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
        written.insert(doc.id, entry);
    }

    let manifest = json!({
        "format": "regdocs-export/1",
        "exported_at": time(Utc::now()),
        "account": {
            "id": account.id,
            "name": account.name,
            "email": account.email,
            "email_verified_at": account.email_verified_at.map(time),
            "language": account.language,
            "external_id": account.external_id,
            "created_at": time(account.created_at),
        },
        "orders": orders.iter().map(|o| {
            let label = |key: &str| {
                o.requirements
                    .as_ref()
                    .and_then(|r| r.items.iter().find(|i| i.key == key))
                    .map(|i| i.label.clone())
            };
            json!({
                "id": o.id,
                "domain": o.domain,
                "operation": o.operation.as_str(),
                "status": o.status.as_str(),
                "external_id": o.external_id,
                "created_at": time(o.created_at),
                "submitted_at": o.submitted_at.map(time),
                "items": items.iter().filter(|i| i.order_id == o.id).map(|i| json!({
                    "key": i.item_key,
                    "label": label(&i.item_key),
                    "status": i.status.as_str(),
                    "value": i.value,
                    "attempt": i.attempt,
                    "attempts": attempts
                        .iter()
                        .filter(|a| a.order_id == o.id && a.item_key == i.item_key)
                        .map(|a| json!({
                            "attempt": a.attempt,
                            "value": a.value,
                            "decision": a.decision.as_str(),
                            "statement": a.statement,
                            "submitted_at": time(a.submitted_at),
                            "decided_at": a.decided_at.map(time),
                        }))
                        .collect::<Vec<Value>>(),
                })).collect::<Vec<Value>>(),
                "documents": documents.iter().filter(|d| d.order_id == o.id).map(|d| json!({
                    "id": d.id,
                    "item_key": d.item_key,
                    "attempt": d.attempt,
                    "name": d.original_name,
                    "content_type": d.content_type,
                    "size_bytes": d.size_bytes,
                    "sha256": d.sha256,
                    "uploaded_at": time(d.uploaded_at),
                    "file": written.get(&d.id),
                })).collect::<Vec<Value>>(),
                "trail": events.iter().filter(|e| e.order_id == o.id).map(|e| json!({
                    "at": time(e.at),
                    "who": e.actor_name,
                    "what": e.kind,
                    "item_key": e.item_key,
                    "statement": e.statement,
                })).collect::<Vec<Value>>(),
            })
        }).collect::<Vec<Value>>(),
    });
    let manifest = serde_json::to_vec_pretty(&manifest).map_err(AppError::internal)?;
    let mut file = tokio::task::spawn_blocking(move || -> Result<_, String> {
        let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        zip.start_file("manifest.json", deflated)
            .map_err(|e| e.to_string())?;
        zip.write_all(&manifest).map_err(|e| e.to_string())?;
        zip.finish().map_err(|e| e.to_string())
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    let len = file.seek(SeekFrom::End(0)).map_err(AppError::internal)?;
    file.seek(SeekFrom::Start(0)).map_err(AppError::internal)?;
    info!(
        orders = orders.len(),
        documents = written.len(),
        bytes = len,
        "account exported"
    );
    Ok(Export {
        file,
        len,
        name: format!("regdocs-export-{}.zip", Utc::now().format("%Y-%m-%d")),
    })
}
