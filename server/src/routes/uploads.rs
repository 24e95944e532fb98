//! `POST /api/orders/{order}/items/{key}/documents`: one document, streamed.
//!
//! The body is the file itself (as `XMLHttpRequest.send(file)` sends it); its name
//! comes URL-encoded in `X-File-Name`. Nothing is buffered whole: the store enforces
//! the size limit and decides the type while the bytes arrive, and the order's lock
//! decides at the end whether the file is still welcome (see `app::backend::orders`).
//! A customer may send a few uploads at once (`REGDOCS_MAX_PARALLEL_UPLOADS`).

use axum::{
    Json,
    body::Body,
    extract::Path,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use percent_encoding::percent_decode_str;

use app::{
    backend::{
        infra::{ctx::Ctx, limits, storage::UploadError},
        orders,
    },
    error::AppError,
};

/// Stores one uploaded document for an item of the caller's order (counted in the
/// metrics, stored or refused).
pub async fn upload_document(
    ctx: Ctx,
    path: Path<(i32, String)>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match store(ctx, path, headers, body).await {
        Ok(document) => {
            crate::metrics::upload_done(Some(document.size_bytes), StatusCode::CREATED);
            (StatusCode::CREATED, Json(document)).into_response()
        }
        Err(err) => {
            let response = err.into_response();
            crate::metrics::upload_done(None, response.status());
            response
        }
    }
}

async fn store(
    ctx: Ctx,
    Path((order_id, item_key)): Path<(i32, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<app::domain::order_view::DocumentView, AppError> {
    let Some(_slot) = ctx.state.uploads.try_take(ctx.id()) else {
        return Err(limits::too_many_uploads(
            ctx.state.settings.max_parallel_uploads,
        ));
    };
    let target = orders::upload_target(&ctx, order_id, &item_key).await?;
    // Refuse at once what announces itself as too big, before reading a byte.
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|len| len > target.limit) {
        return Err(if target.limit < target.item_limit {
            orders::quota_exceeded(target.limit)
        } else {
            UploadError::TooLarge(target.limit).into()
        });
    }
    let name = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(file_name)
        .unwrap_or_else(|| "document".to_owned());
    orders::store_upload(&ctx, &target, &name, body.into_data_stream()).await
}

/// The file name as `encodeURIComponent` sent it; invalid UTF-8 is replaced.
fn file_name(header: &str) -> String {
    percent_decode_str(header).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn file_names_are_decoded_as_browsers_encode_them() {
        assert_eq!(file_name("scan%20%C3%A7.pdf"), "scan ç.pdf");
        assert_eq!(file_name("100%"), "100%");
        assert_eq!(file_name("a%zzb"), "a%zzb");
    }
}
