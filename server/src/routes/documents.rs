//! `GET /documents/{id}`: a stored document, for the customer who owns its order and
//! for admins only (everyone else gets 404). Always `nosniff` and `no-store`; a download
//! by default (`Content-Disposition: attachment` with an RFC 6266 file name), or with
//! `?inline=1` a view in a sandbox, for previews. With S3 storage and
//! `REGDOCS_DOWNLOAD_REDIRECT`, a download is a redirect to a presigned URL instead.

use axum::{
    body::Body,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sea_orm::EntityTrait;
use serde::Deserialize;

use app::{
    backend::{
        accounts::request::account_from_headers, entities::document, infra::state::AppState, orders,
    },
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
    let inline = view
        .inline
        .as_deref()
        .is_some_and(|v| v == "1" || v == "true");
    let doc = async {
        let viewer = account_from_headers(&state, &headers)
            .await?
            .ok_or(AppError::NotFound)?;
        orders::document_for(&state.db, &viewer, id).await
    }
    .await;
    match doc {
        Ok(doc) => serve(&state, doc, inline).await,
        Err(err) => err.into_response(),
    }
}

/// Answers with document `doc` (its viewer allowed already): a download, or with
/// `inline` a preview in a sandbox; a download from S3 with `REGDOCS_DOWNLOAD_REDIRECT`
/// is a redirect to a presigned URL.
pub async fn serve(state: &AppState, doc: document::Model, inline: bool) -> Response {
    // Purged: the bytes are gone, or kept only for another order that reuses them.
    if doc.purged_at.is_some() {
        return AppError::NotFound.into_response();
    }
    let result = async {
        // Downloads from S3 may skip this server: a redirect to a URL valid for a
        // minute, answered with the same type and file name. Previews always come from
        // here (their sandbox and framing headers are this server's).
        if state.settings.download_redirect && !inline {
            let disposition = content_disposition("attachment", &doc.original_name);
            if let Some(url) = state
                .documents
                .presigned_get(
                    &doc.storage_key,
                    &doc.content_type,
                    &disposition,
                    PRESIGNED_FOR,
                )
                .await?
            {
                return Ok(Err(url));
            }
        }
        let stream = state.documents.get_stream(&doc.storage_key).await?;
        Ok::<_, AppError>(Ok(stream))
    }
    .await;
    let stream = match result {
        Ok(Ok(stream)) => stream,
        Ok(Err(url)) => return redirect_to(&url),
        Err(err) => return err.into_response(),
    };
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

/// How long a presigned download URL works.
const PRESIGNED_FOR: std::time::Duration = std::time::Duration::from_secs(60);

/// `303 See Other` to `url`, never cached (the URL expires).
fn redirect_to(url: &str) -> Response {
    match HeaderValue::from_str(url) {
        Ok(location) => (
            axum::http::StatusCode::SEE_OTHER,
            [
                (header::LOCATION, location),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
        )
            .into_response(),
        Err(_) => AppError::Internal.into_response(),
    }
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

/// `?expires=…&signature=…` of a document link.
#[derive(Debug, Deserialize)]
pub struct Link {
    expires: i64,
    signature: String,
}

/// `GET /documents/{id}/link`: a document through a signed link that works for an hour
/// without a session (what the `http` registrar module gives the provider). A link that
/// is forged, altered or expired finds nothing.
pub async fn download_linked_document(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    link: Result<Query<Link>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let valid = link.is_ok_and(|Query(link)| {
        orders::http_registrar::link_is_valid(
            &state,
            id,
            link.expires,
            &link.signature,
            chrono::Utc::now(),
        )
    });
    if !valid {
        return AppError::NotFound.into_response();
    }
    match document::Entity::find_by_id(id).one(&state.db).await {
        Ok(Some(doc)) => serve(&state, doc, false).await,
        Ok(None) => AppError::NotFound.into_response(),
        Err(err) => AppError::from(err).into_response(),
    }
}
