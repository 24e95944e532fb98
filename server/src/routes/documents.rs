//! `GET /documents/{id}`: a stored document, for the customer who owns its order and
//! for admins only (everyone else gets 404). Always `nosniff` and `no-store`; a download
//! by default (`Content-Disposition: attachment` with an RFC 6266 file name), or with
//! `?inline=1` a view in a sandbox, for previews.

use axum::{
    body::Body,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

use app::{
    backend::{accounts::request::account_from_headers, infra::state::AppState, orders},
    error::AppError,
};

/// `?inline=1` asks for a preview instead of a download.
#[derive(Debug, Default, Deserialize)]
pub struct View {
    #[serde(default)]
    inline: Option<String>,
}

/// Streams one document to someone allowed to see it.
pub async fn download_document(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    Query(view): Query<View>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let viewer = account_from_headers(&state, &headers)
            .await?
            .ok_or(AppError::NotFound)?;
        let doc = orders::document_for(&state.db, &viewer, id).await?;
        let stream = state.documents.get_stream(&doc.storage_key).await?;
        Ok::<_, AppError>((doc, stream))
    }
    .await;
    let (doc, stream) = match result {
        Ok(found) => found,
        Err(err) => return err.into_response(),
    };
    let inline = view
        .inline
        .as_deref()
        .is_some_and(|v| v == "1" || v == "true");
    let mut response = Body::from_stream(stream).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&doc.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(len) = HeaderValue::from_str(&doc.size_bytes.to_string()) {
        h.insert(header::CONTENT_LENGTH, len);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let disposition = content_disposition(
        if inline { "inline" } else { "attachment" },
        &doc.original_name,
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    if inline {
        // Shown inside the app's own pages only, and never able to run anything.
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"),
        );
        h.insert(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        );
    }
    response
}

/// What RFC 5987 lets stand unencoded in `filename*` (its `attr-char`).
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / 5987).
pub fn content_disposition(kind: &str, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = utf8_percent_encode(name, ATTR_CHAR);
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn file_names_follow_rfc_6266() {
        assert_eq!(
            content_disposition("attachment", "Kimlik ö.pdf"),
            "attachment; filename=\"Kimlik _.pdf\"; filename*=UTF-8''Kimlik%20%C3%B6.pdf"
        );
        assert_eq!(
            content_disposition("inline", "a\"b.pdf"),
            "inline; filename=\"a_b.pdf\"; filename*=UTF-8''a%22b.pdf"
        );
    }
}
