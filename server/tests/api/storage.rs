//! The document store on a local directory and on S3-compatible storage: every test runs
//! on both, the S3 one against a real S3 server on loopback (moto's server mode, started
//! by the test). An upload is staged, promoted, read back streamed and deleted; a
//! refused, cut-off, stalled or empty upload leaves nothing (on S3 not even an open
//! multipart upload); the sweeper removes leftovers; and on S3 a download can be a
//! redirect to a presigned URL while previews stream through the server.

use std::time::Duration;

use app::{
    backend::infra::{
        storage::{DOCUMENTS, STAGING, StoredFile, UploadError},
        sweeper,
    },
    domain::{Role, order_view::DocumentView, requirements::FileType},
};
use bytes::Bytes;
use futures_util::{Stream, StreamExt, stream};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

use crate::common::{TestApp, TestDatabase, flow::*, s3::MotoS3, spawn_app_with};

const MB: usize = 1024 * 1024;
/// Where the S3 tests keep their documents inside the bucket.
const PREFIX: &str = "tenant-a";

/// Where a test's documents go.
pub enum Store {
    Local,
    S3,
}

/// A server on `database` keeping its documents in `store`; for S3, with the S3 server
/// and the bucket, to look at what really is there.
async fn server_on(
    store: Store,
    database: TestDatabase,
    extra: &[(&str, String)],
) -> (TestApp, Option<(MotoS3, String)>) {
    match store {
        Store::Local => (spawn_app_with(database, extra).await, None),
        Store::S3 => {
            let moto = MotoS3::start().await;
            let bucket = moto.bucket().await;
            let mut settings = moto.settings(&bucket, PREFIX);
            settings.extend(extra.iter().cloned());
            let app = spawn_app_with(database, &settings).await;
            (app, Some((moto, bucket)))
        }
    }
}

/// Runs a test once with a local directory and once with S3, as `<test>::local` and
/// `<test>::s3`.
macro_rules! on_both_stores {
    ($($test:ident),+ $(,)?) => {
        $(
            mod $test {
                #[tokio::test]
                async fn local() {
                    super::$test(super::Store::Local).await;
                }

                #[tokio::test]
                async fn s3() {
                    super::$test(super::Store::S3).await;
                }
            }
        )+
    };
}

on_both_stores!(
    a_document_is_staged_promoted_read_back_and_deleted,
    refused_cut_off_and_stalled_uploads_leave_nothing,
    the_sweeper_removes_what_a_crash_left_behind,
);

/// `size` bytes of a PDF: its header, then bytes that do not compress.
fn pdf_body(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while bytes.len() < size {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    bytes.truncate(size);
    bytes
}

/// `bytes` as a request body arrives: in 64 KB chunks.
fn chunks(bytes: &[u8]) -> impl Stream<Item = Result<Bytes, String>> + Unpin + use<> {
    let parts: Vec<_> = bytes
        .chunks(64 * 1024)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    stream::iter(parts)
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn stage(
    app: &TestApp,
    body: impl Stream<Item = Result<Bytes, String>> + Unpin,
    limit: usize,
) -> Result<StoredFile, UploadError> {
    app.state
        .documents
        .stage(body, limit as u64, &[FileType::Pdf], Duration::from_secs(2))
        .await
}

async fn a_document_is_staged_promoted_read_back_and_deleted(store: Store) {
    let (app, s3) = server_on(store, TestDatabase::sqlite(), &[]).await;
    let documents = &app.state.documents;
    // Three parts of a multipart upload on S3 (5 MB each, the last one shorter).
    let bytes = pdf_body(12 * MB + 12_345);
    let staged = stage(&app, chunks(&bytes), 20 * MB).await.expect("staged");
    assert_eq!(staged.size_bytes, bytes.len() as u64);
    assert_eq!(staged.sha256, sha256(&bytes));
    assert_eq!(staged.file_type, FileType::Pdf);
    assert_eq!(
        documents.keys(STAGING).await.unwrap(),
        std::slice::from_ref(&staged.key)
    );

    let key = format!("{DOCUMENTS}/1/{}.pdf", uuid::Uuid::new_v4().simple());
    documents
        .promote(&staged.key, &key)
        .await
        .expect("promoted");
    assert!(documents.keys(STAGING).await.unwrap().is_empty());
    assert_eq!(
        documents.keys(DOCUMENTS).await.unwrap(),
        std::slice::from_ref(&key)
    );
    if let Some((moto, bucket)) = &s3 {
        // In the bucket, under the prefix; no upload left open.
        assert_eq!(moto.keys(bucket).await, [format!("{PREFIX}/{key}")]);
        assert_eq!(moto.open_uploads(bucket).await, 0);
    }

    // Read back as a stream, and its head alone.
    let mut read = Vec::new();
    let mut body = documents.get_stream(&key).await.expect("stream");
    while let Some(chunk) = body.next().await {
        read.extend_from_slice(&chunk.expect("chunk"));
    }
    assert_eq!(sha256(&read), staged.sha256);
    let head = documents
        .get_head(&key, staged.size_bytes, 1000)
        .await
        .unwrap();
    assert_eq!(&head[..], &bytes[..1000]);
    assert!(documents.exists(&key).await.unwrap());

    // Deleted, and deleting again is no error.
    documents.delete(&key).await.unwrap();
    assert!(!documents.exists(&key).await.unwrap());
    documents.delete(&key).await.unwrap();
    assert!(matches!(
        documents.get_stream(&key).await,
        Err(app::error::AppError::NotFound)
    ));
    if let Some((moto, bucket)) = &s3 {
        assert!(moto.keys(bucket).await.is_empty());
    }
}

async fn refused_cut_off_and_stalled_uploads_leave_nothing(store: Store) {
    let (app, s3) = server_on(store, TestDatabase::sqlite(), &[]).await;
    let bytes = pdf_body(7 * MB);

    // The connection drops after 6 MB (one part already sent to S3).
    let mut parts: Vec<Result<Bytes, String>> = bytes[..6 * MB]
        .chunks(64 * 1024)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    parts.push(Err("connection reset by peer".into()));
    let cut = stage(&app, stream::iter(parts), 20 * MB).await;
    assert_eq!(cut.unwrap_err(), UploadError::Interrupted);

    // Larger than allowed: stopped as soon as the limit is passed.
    let large = stage(&app, chunks(&bytes), 6 * MB).await;
    assert_eq!(large.unwrap_err(), UploadError::TooLarge(6 * MB as u64));

    // Not a PDF, whatever it claims; empty; and a sender that stops sending.
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    png.resize(MB, 7);
    let wrong = stage(&app, chunks(&png), 20 * MB).await;
    assert!(matches!(wrong.unwrap_err(), UploadError::WrongType(_)));
    let empty = stage(&app, chunks(&[]), 20 * MB).await;
    assert_eq!(empty.unwrap_err(), UploadError::Empty);
    let first: Vec<Result<Bytes, String>> = vec![Ok(Bytes::copy_from_slice(&bytes[..MB]))];
    let stalled = stage(&app, stream::iter(first).chain(stream::pending()), 20 * MB).await;
    assert_eq!(stalled.unwrap_err(), UploadError::Stalled);

    let documents = &app.state.documents;
    assert!(documents.keys(STAGING).await.unwrap().is_empty());
    assert!(documents.keys(DOCUMENTS).await.unwrap().is_empty());
    if let Some((moto, bucket)) = &s3 {
        assert!(moto.keys(bucket).await.is_empty());
        // Every multipart upload was aborted, its parts let go.
        assert_eq!(moto.open_uploads(bucket).await, 0);
    }
}

async fn the_sweeper_removes_what_a_crash_left_behind(store: Store) {
    let (app, s3) = server_on(store, TestDatabase::sqlite(), &[]).await;
    let documents = &app.state.documents;
    // An upload staged and never promoted, and a document promoted whose row never
    // committed: what a process that died at the wrong moment leaves.
    let staged = stage(&app, chunks(&pdf_body(MB)), 20 * MB).await.unwrap();
    let promoted = stage(&app, chunks(&pdf_body(MB)), 20 * MB).await.unwrap();
    let orphan = format!("{DOCUMENTS}/424242/orphan.pdf");
    documents.promote(&promoted.key, &orphan).await.unwrap();

    // Young, they may still be on their way: left alone.
    let now = chrono::Utc::now();
    let early = sweeper::sweep(&app.db, documents, now, sweeper::MAX_AGE)
        .await
        .unwrap();
    assert_eq!((early.staged, early.orphans), (0, 0));

    let later = now + chrono::Duration::hours(2);
    let swept = sweeper::sweep(&app.db, documents, later, sweeper::MAX_AGE)
        .await
        .unwrap();
    assert_eq!((swept.staged, swept.orphans), (1, 1));
    assert!(!documents.exists(&staged.key).await.unwrap());
    assert!(documents.keys(DOCUMENTS).await.unwrap().is_empty());
    if let Some((moto, bucket)) = &s3 {
        assert!(moto.keys(bucket).await.is_empty());
    }
}

/// Through the whole app on S3 and Postgres: an upload lands in the bucket under the
/// prefix; a download is a redirect to a presigned URL (valid for a minute, answered as
/// an attachment with the file's name and type) that gives the same bytes; a preview
/// streams through the server with its sandbox; nobody else gets a URL.
#[tokio::test]
async fn on_s3_a_download_redirects_to_a_presigned_url_and_a_preview_streams() {
    let redirect = [("REGDOCS_DOWNLOAD_REDIRECT", "true".to_owned())];
    let (app, s3) = server_on(Store::S3, TestDatabase::postgres().await, &redirect).await;
    let (moto, bucket) = s3.expect("on S3");
    let (app, ada, id) = ada_orders_example_us_on(app).await;

    let bytes = pdf(40 * 1024);
    // The name as the browser sends it (`encodeURIComponent("Kimlik ö.pdf")`).
    let response = upload(
        &app,
        &ada,
        id,
        "proof",
        "Kimlik%20%C3%B6.pdf",
        bytes.clone(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let doc: DocumentView = response.json().await.unwrap();
    let keys = moto.keys(&bucket).await;
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(
        keys[0].starts_with(&format!("{PREFIX}/{DOCUMENTS}/")),
        "{keys:?}"
    );

    let path = format!("/documents/{}", doc.id);
    let download = app
        .client
        .get(app.url(&path))
        .header("cookie", &ada)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::SEE_OTHER);
    assert_eq!(download.headers()["cache-control"], "no-store");
    let location = download.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{}/{bucket}/{PREFIX}/{DOCUMENTS}/", moto.endpoint)),
        "{location}"
    );
    for part in [
        "X-Amz-Signature=",
        "X-Amz-Expires=60",
        "response-content-type=application%2Fpdf",
        "response-content-disposition=attachment%3B%20filename%3D%22Kimlik%20_.pdf%22%3B%20filename%2A%3DUTF-8%27%27Kimlik%2520%25C3%25B6.pdf",
    ] {
        assert!(location.contains(part), "{part} in {location}");
    }
    let fetched = reqwest::get(&location).await.unwrap();
    assert_eq!(fetched.status(), StatusCode::OK);
    assert_eq!(fetched.bytes().await.unwrap(), bytes);

    let preview = app
        .client
        .get(app.url(&format!("{path}?inline=1")))
        .header("cookie", &ada)
        .send()
        .await
        .unwrap();
    assert_eq!(preview.status(), StatusCode::OK);
    assert!(
        preview.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("sandbox")
    );
    assert_eq!(preview.bytes().await.unwrap(), bytes);

    let bob = app.signed_in("bob@example.com", Role::Customer).await;
    let other = app
        .client
        .get(app.url(&path))
        .header("cookie", &bob)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    assert!(other.headers().get("location").is_none());
}

/// Without the redirect setting, S3 documents stream through the server like local ones.
#[tokio::test]
async fn on_s3_downloads_stream_through_the_server_by_default() {
    let (app, _s3) = server_on(Store::S3, TestDatabase::sqlite(), &[]).await;
    let (app, ada, id) = ada_orders_example_us_on(app).await;
    let bytes = pdf(40 * 1024);
    let response = upload(&app, &ada, id, "proof", "proof.pdf", bytes.clone()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let doc: DocumentView = response.json().await.unwrap();
    let download = app
        .client
        .get(app.url(&format!("/documents/{}", doc.id)))
        .header("cookie", &ada)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(download.bytes().await.unwrap(), bytes);
}
