//! `POST /api/orders/{order}/items/{key}/documents`: one document, streamed.
//!
//! The body is the file itself (as `XMLHttpRequest.send(file)` sends it); its name
//! comes URL-encoded in `X-File-Name`. Nothing is buffered whole: the store enforces
//! the size limit and decides the type while the bytes arrive (see
//! `app::backend::storage`).

use axum::{
    Json,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};

use app::{
    backend::{orders, request::account_from_headers, state::AppState},
    domain::requirements::human_size,
    error::AppError,
};

/// Stores one uploaded document for an item of the caller's order.
pub async fn upload_document(
    State(state): State<AppState>,
    Path((order_id, item_key)): Path<(i32, String)>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let result = async {
        let account = account_from_headers(&state, &headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        let target =
            orders::upload_target(&state.db, &state.settings, account.id, order_id, &item_key)
                .await?;
        // Refuse at once what announces itself as too big, before reading a byte.
        let announced = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if announced.is_some_and(|len| len > target.limit) {
            return Err(AppError::PayloadTooLarge {
                message: format!(
                    "This file is larger than the {} allowed here.",
                    human_size(target.limit)
                ),
            });
        }
        let name = headers
            .get("x-file-name")
            .and_then(|v| v.to_str().ok())
            .map(percent_decode)
            .unwrap_or_else(|| "document".to_owned());
        orders::store_upload(
            &state.db,
            &state.documents,
            &target,
            &name,
            body.into_data_stream(),
        )
        .await
    }
    .await;
    match result {
        Ok(document) => (StatusCode::CREATED, Json(document)).into_response(),
        Err(err) => err.into_response(),
    }
}

/// Decodes `%XX` escapes (as `encodeURIComponent` makes them); invalid escapes stay.
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn file_names_are_decoded_as_browsers_encode_them() {
        assert_eq!(percent_decode("scan%20%C3%A7.pdf"), "scan ç.pdf");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%zzb"), "a%zzb");
    }
}
