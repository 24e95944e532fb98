//! The document store: one interface (the `object_store` crate) over a local directory by
//! default, or S3-compatible storage. Uploads are streamed: the size limit is enforced
//! and the type decided (from the first bytes) while the bytes arrive, the SHA-256 is
//! computed on the way, and nothing is held whole in memory.
//!
//! An upload lands in two steps. It is first *staged* under `staging/` (on a local
//! directory a file this server writes and flushes while it arrives, see [`local_file`];
//! elsewhere a multipart upload; either visible only once complete, and any failure
//! aborts it). Then, while the order is
//! locked and the upload has been found still welcome, it is *promoted*: moved to its
//! final key under `orders/`, and only then does its row commit. On a local directory
//! every write and move is flushed to disk (file and directory) before it returns, so a
//! crash never leaves a row whose file is not on disk; what a crash can leave is a staged
//! or promoted object without a row, which [`crate::backend::infra::sweeper`] removes after an hour.

mod local_file;

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::{Duration, SystemTime},
};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use object_store::{
    ObjectStore, ObjectStoreExt, WriteMultipart,
    aws::{AmazonS3Builder, AmazonS3ConfigKey},
    local::LocalFileSystem,
    path::Path as ObjectPath,
    prefix::PrefixStore,
    signer::{Method, SignedUrlOptions, Signer},
};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

use crate::{
    backend::{accounts::request, infra::settings::StorageLocation},
    domain::{
        requirements::FileType,
        sniff::{SNIFF_LEN, sniff},
        units::human_size,
    },
    error::AppError,
    i18n::{Locale, td_string},
};

/// Where staged uploads wait for their order's lock.
pub const STAGING: &str = "staging";
/// Where committed documents live.
pub const DOCUMENTS: &str = "orders";

/// Where documents are kept.
#[derive(Clone)]
pub struct DocumentStore {
    inner: Arc<dyn ObjectStore>,
    /// The directory of a local store: partial files of interrupted uploads live there
    /// beside the objects, invisible to listings, and the sweeper removes them by path.
    local_root: Option<PathBuf>,
    /// Object storage that can presign URLs (S3): downloads may skip this server.
    signer: Option<Arc<dyn Signer>>,
}

impl std::fmt::Debug for DocumentStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DocumentStore({})", self.inner)
    }
}

/// An upload complete in staging, waiting to be promoted (or deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// The staged object's key.
    pub key: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub file_type: FileType,
}

/// Why an upload was not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadError {
    /// Larger than this many bytes.
    TooLarge(u64),
    /// Not one of these types (their names, joined).
    WrongType(String),
    Empty,
    Interrupted,
    Stalled,
    Storage,
}

impl UploadError {
    /// What the uploader is told, in `locale`.
    pub fn text(&self, locale: Locale) -> String {
        match self {
            Self::TooLarge(max) => td_string!(
                locale,
                refusals.upload.too_large,
                max = human_size(*max, locale)
            )
            .to_string(),
            Self::WrongType(types) => {
                td_string!(locale, refusals.upload.wrong_type, types = types).to_string()
            }
            Self::Empty => td_string!(locale, refusals.upload.empty).to_owned(),
            Self::Interrupted => td_string!(locale, refusals.upload.interrupted).to_owned(),
            Self::Stalled => td_string!(locale, refusals.upload.stalled).to_owned(),
            Self::Storage => td_string!(locale, refusals.upload.not_stored).to_owned(),
        }
    }
}

/// English, as the logs and the tests read it.
impl std::fmt::Display for UploadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Locale::en))
    }
}

impl std::error::Error for UploadError {}

impl From<UploadError> for AppError {
    fn from(err: UploadError) -> Self {
        let message = err.text(request::locale());
        match err {
            UploadError::TooLarge(_) => AppError::PayloadTooLarge { message },
            UploadError::WrongType(_)
            | UploadError::Empty
            | UploadError::Interrupted
            | UploadError::Stalled => AppError::validation("file", message),
            UploadError::Storage => AppError::Internal,
        }
    }
}

/// An upload being written.
enum Upload {
    /// To a local directory.
    Local(local_file::LocalFile),
    /// To object storage (S3 ...).
    Multipart(WriteMultipart),
}

impl Upload {
    /// Takes the next chunk; waits while what is buffered is still being written.
    async fn put(&mut self, chunk: Bytes) -> Result<(), String> {
        match self {
            Self::Local(file) => file.put(chunk).await.map_err(|e| e.to_string()),
            Self::Multipart(writer) => {
                // Bound what is buffered: wait while parts are still being written.
                writer
                    .wait_for_capacity(2)
                    .await
                    .map_err(|e| e.to_string())?;
                writer.put(chunk);
                Ok(())
            }
        }
    }

    /// Completes the object: stored once this returns.
    async fn finish(self) -> Result<(), String> {
        match self {
            Self::Local(file) => file.finish().await.map_err(|e| e.to_string()),
            Self::Multipart(writer) => writer.finish().await.map(drop).map_err(|e| e.to_string()),
        }
    }

    /// Gives up: nothing stays.
    async fn abort(self) -> Result<(), String> {
        match self {
            Self::Local(file) => file.abort().await.map_err(|e| e.to_string()),
            Self::Multipart(writer) => writer.abort().await.map_err(|e| e.to_string()),
        }
    }
}

impl DocumentStore {
    /// A store in the local directory `dir` (created if missing).
    ///
    /// # Errors
    /// When the directory cannot be created or used.
    pub fn local(dir: &Path) -> Result<Self, AppError> {
        std::fs::create_dir_all(dir).map_err(AppError::internal)?;
        let root = dir.canonicalize().map_err(AppError::internal)?;
        let fs = LocalFileSystem::new_with_prefix(&root)
            .map_err(AppError::internal)?
            // Written files and moves reach the disk before they return (durability).
            .with_fsync(true);
        Ok(Self {
            inner: Arc::new(fs),
            local_root: Some(root),
            signer: None,
        })
    }

    /// A store over any `object_store` implementation (in memory ...).
    pub fn new(inner: Arc<dyn ObjectStore>) -> Self {
        Self {
            inner,
            local_root: None,
            signer: None,
        }
    }

    /// The store `location` names; `aws` are the `AWS_*` settings of an S3 bucket.
    ///
    /// # Errors
    /// A directory that cannot be used, or S3 settings that cannot (the message says
    /// which).
    pub fn open(
        location: &StorageLocation,
        aws: &[(String, secrecy::SecretString)],
    ) -> Result<Self, AppError> {
        match location {
            StorageLocation::Directory(dir) => Self::local(dir),
            StorageLocation::S3 { bucket, prefix } => Self::s3(bucket, prefix, aws),
        }
    }

    /// A store in S3-compatible object storage: `bucket`, under `prefix`, connected with
    /// the `AWS_*` settings `aws` as the AWS tools read them (`AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP` ...).
    /// Nothing is contacted yet.
    ///
    /// # Errors
    /// Settings the S3 client refuses.
    pub fn s3(
        bucket: &str,
        prefix: &str,
        aws: &[(String, secrecy::SecretString)],
    ) -> Result<Self, AppError> {
        // The S3 client's TLS runs on ring, like the rest of the server (no second
        // crypto library); installed once per process, a second call changes nothing.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = AmazonS3Builder::new();
        for (name, value) in aws {
            if let Ok(key) = name.to_ascii_lowercase().parse::<AmazonS3ConfigKey>() {
                builder = builder.with_config(key, value.expose_secret());
            }
        }
        let s3 = builder
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| AppError::internal(format!("S3 storage settings: {e}")))?;
        let store = Arc::new(PrefixStore::new(s3, prefix));
        Ok(Self {
            inner: store.clone(),
            local_root: None,
            signer: Some(store),
        })
    }

    /// A URL that gets the object `key` for `valid` without going through this server,
    /// answered with `content_type` and `disposition` (a presigned S3 URL); `None` for a
    /// store that cannot presign (a local directory).
    ///
    /// # Errors
    /// Signing failures (e.g. no credentials).
    pub async fn presigned_get(
        &self,
        key: &str,
        content_type: &str,
        disposition: &str,
        valid: Duration,
    ) -> Result<Option<String>, AppError> {
        let Some(signer) = &self.signer else {
            return Ok(None);
        };
        let options = SignedUrlOptions::default().with_query([
            ("response-content-type", content_type),
            ("response-content-disposition", disposition),
            ("response-cache-control", "no-store"),
        ]);
        let url = signer
            .signed_url_opts(Method::GET, &ObjectPath::from(key), valid, &options)
            .await
            .map_err(AppError::internal)?;
        Ok(Some(url.to_string()))
    }

    /// Streams `body` into a new staged object, refusing more than `limit` bytes, any
    /// type not in `allowed`, and a body that sends nothing for `idle`.
    ///
    /// # Errors
    /// An [`UploadError`]; nothing is left in the store afterwards.
    pub async fn stage<S, E>(
        &self,
        mut body: S,
        limit: u64,
        allowed: &[FileType],
        idle: Duration,
    ) -> Result<StoredFile, UploadError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let key = format!("{STAGING}/{}", uuid::Uuid::new_v4().simple());
        let path = ObjectPath::from(key.as_str());
        let mut writer = self.start_upload(&key).await.map_err(|e| {
            tracing::error!(%e, "cannot start a document upload");
            UploadError::Storage
        })?;
        // SHA-256 runs in a task of its own, on the chunks the request receives (shared,
        // not copied), so hashing overlaps receiving and writing instead of adding to them.
        let (to_hasher, mut hashed) = tokio::sync::mpsc::channel::<Bytes>(32);
        let hasher = tokio::spawn(async move {
            let mut hasher = Sha256::new();
            while let Some(chunk) = hashed.recv().await {
                hasher.update(&chunk);
            }
            hasher.finalize()
        });
        let mut head: Vec<u8> = Vec::with_capacity(SNIFF_LEN);
        let mut file_type = None;
        let mut size: u64 = 0;

        let check_type = |head: &[u8]| match sniff(head) {
            Some(t) if allowed.contains(&t) => Ok(t),
            _ => Err(UploadError::WrongType(
                allowed
                    .iter()
                    .map(|t| t.label())
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
        };

        let outcome: Result<(), UploadError> = async {
            loop {
                let Some(chunk) = tokio::time::timeout(idle, body.next())
                    .await
                    .map_err(|_| UploadError::Stalled)?
                else {
                    break;
                };
                let chunk = chunk.map_err(|e| {
                    tracing::info!(%e, "upload interrupted");
                    UploadError::Interrupted
                })?;
                size += chunk.len() as u64;
                if size > limit {
                    return Err(UploadError::TooLarge(limit));
                }
                if file_type.is_none() {
                    let take = (SNIFF_LEN - head.len()).min(chunk.len());
                    head.extend_from_slice(&chunk[..take]);
                    if head.len() == SNIFF_LEN {
                        file_type = Some(check_type(&head)?);
                    }
                }
                to_hasher
                    .send(chunk.clone())
                    .await
                    .map_err(|_| UploadError::Storage)?;
                writer.put(chunk).await.map_err(|e| {
                    tracing::error!(%e, "cannot write a document upload");
                    UploadError::Storage
                })?;
            }
            if size == 0 {
                return Err(UploadError::Empty);
            }
            if file_type.is_none() {
                file_type = Some(check_type(&head)?);
            }
            Ok(())
        }
        .await;
        drop(to_hasher);

        match outcome {
            Ok(()) => {
                // The file is flushed to disk while the hash of its last chunks completes.
                let (digest, finished) = tokio::join!(hasher, writer.finish());
                if let Err(e) = finished {
                    tracing::error!(%e, "cannot complete a document upload");
                    return Err(UploadError::Storage);
                }
                let digest = match digest {
                    Ok(digest) => digest,
                    Err(e) => {
                        tracing::error!(%e, "the upload's hashing task failed");
                        if let Err(e) = self.inner.delete(&path).await {
                            tracing::warn!(%e, "cannot remove a failed upload");
                        }
                        return Err(UploadError::Storage);
                    }
                };
                Ok(StoredFile {
                    key,
                    size_bytes: size,
                    sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
                    file_type: file_type.unwrap_or(FileType::Pdf),
                })
            }
            Err(err) => {
                if let Err(e) = writer.abort().await {
                    tracing::warn!(%e, "cannot abort a failed upload");
                }
                Err(err)
            }
        }
    }

    /// A new upload to the object `key`: on a local directory a file of this server's
    /// own, flushed while it arrives ([`local_file`]); elsewhere a multipart upload.
    async fn start_upload(&self, key: &str) -> Result<Upload, String> {
        if let Some(root) = &self.local_root {
            return local_file::LocalFile::create(root, key)
                .await
                .map(Upload::Local)
                .map_err(|e| e.to_string());
        }
        let upload = self
            .inner
            .put_multipart(&ObjectPath::from(key))
            .await
            .map_err(|e| e.to_string())?;
        Ok(Upload::Multipart(WriteMultipart::new(upload)))
    }

    /// Moves the staged object `staged` to `key`, where documents live (on a local
    /// directory: a rename, flushed to disk with both directories).
    ///
    /// # Errors
    /// Storage failures; the staged object stays then (the caller deletes it).
    pub async fn promote(&self, staged: &str, key: &str) -> Result<(), AppError> {
        self.inner
            .rename(&ObjectPath::from(staged), &ObjectPath::from(key))
            .await
            .map_err(AppError::internal)
    }

    /// The bytes of an object, as a stream (never read whole into memory).
    ///
    /// # Errors
    /// [`AppError::NotFound`] when the object is gone; storage failures.
    pub async fn get_stream(
        &self,
        key: &str,
    ) -> Result<
        futures_util::stream::BoxStream<'static, Result<Bytes, object_store::Error>>,
        AppError,
    > {
        match self.inner.get(&ObjectPath::from(key)).await {
            Ok(result) => Ok(result.into_stream()),
            Err(object_store::Error::NotFound { .. }) => Err(AppError::NotFound),
            Err(e) => Err(AppError::internal(e)),
        }
    }

    /// The first `len` bytes of an object of `size` bytes (all of it when shorter).
    ///
    /// # Errors
    /// [`AppError::NotFound`] when the object is gone; storage failures.
    pub async fn get_head(&self, key: &str, size: u64, len: u64) -> Result<Bytes, AppError> {
        if size == 0 {
            return Ok(Bytes::new());
        }
        match self
            .inner
            .get_range(&ObjectPath::from(key), 0..size.min(len))
            .await
        {
            Ok(bytes) => Ok(bytes),
            Err(object_store::Error::NotFound { .. }) => Err(AppError::NotFound),
            Err(e) => Err(AppError::internal(e)),
        }
    }

    /// The whole object in memory: only for what must be whole, such as an e-mail
    /// attachment (documents are bounded by the upload limit).
    ///
    /// # Errors
    /// [`AppError::NotFound`] when the object is gone; storage failures.
    pub async fn get_bytes(&self, key: &str) -> Result<Bytes, AppError> {
        match self.inner.get(&ObjectPath::from(key)).await {
            Ok(result) => result.bytes().await.map_err(AppError::internal),
            Err(object_store::Error::NotFound { .. }) => Err(AppError::NotFound),
            Err(e) => Err(AppError::internal(e)),
        }
    }

    /// Removes an object (nothing happens if it is gone already).
    ///
    /// # Errors
    /// Storage failures other than "not found".
    pub async fn delete(&self, key: &str) -> Result<(), AppError> {
        match self.inner.delete(&ObjectPath::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(AppError::internal(e)),
        }
    }

    /// Whether an object exists.
    ///
    /// # Errors
    /// Storage failures other than "not found".
    pub async fn exists(&self, key: &str) -> Result<bool, AppError> {
        match self.inner.head(&ObjectPath::from(key)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(AppError::internal(e)),
        }
    }

    /// Every object key under `prefix`.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn keys(&self, prefix: &str) -> Result<Vec<String>, AppError> {
        Ok(self
            .objects(prefix)
            .await?
            .into_iter()
            .map(|(key, _)| key)
            .collect())
    }

    /// Every object under `prefix` with the time it was last written.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn objects(
        &self,
        prefix: &str,
    ) -> Result<Vec<(String, chrono::DateTime<chrono::Utc>)>, AppError> {
        let prefix = ObjectPath::from(prefix);
        let mut listing = self.inner.list(Some(&prefix));
        let mut objects = Vec::new();
        while let Some(meta) = listing.next().await {
            let meta = meta.map_err(AppError::internal)?;
            objects.push((meta.location.to_string(), meta.last_modified));
        }
        Ok(objects)
    }

    /// Removes the partial files interrupted uploads left in a local store (a crash in
    /// the middle of an upload), last written before `before`; how many. Listings never
    /// show them, so they are found by path.
    ///
    /// # Errors
    /// File system failures.
    pub async fn remove_partial_files(&self, before: SystemTime) -> Result<usize, AppError> {
        let Some(root) = self.local_root.clone() else {
            return Ok(0);
        };
        tokio::task::spawn_blocking(move || {
            let mut removed = 0;
            let mut folders = vec![root];
            while let Some(folder) = folders.pop() {
                let Ok(entries) = std::fs::read_dir(&folder) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let path = entry.path();
                    let Ok(meta) = entry.metadata() else { continue };
                    if meta.is_dir() {
                        folders.push(path);
                    } else if entry.file_name().to_string_lossy().contains('#')
                        && meta.modified().is_ok_and(|at| at < before)
                        && std::fs::remove_file(&path).is_ok()
                    {
                        removed += 1;
                    }
                }
            }
            removed
        })
        .await
        .map_err(AppError::internal)
    }

    /// The directory of a local store.
    pub fn local_root(&self) -> Option<&Path> {
        self.local_root.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_refusals_read_in_english_and_in_the_uploaders_language() {
        let too_large = UploadError::TooLarge(5 * crate::domain::units::MB);
        assert_eq!(
            too_large.to_string(),
            "This file is larger than the 5 MB allowed here."
        );
        assert_eq!(
            UploadError::TooLarge(200).to_string(),
            "This file is larger than the 200 bytes allowed here."
        );
        assert_eq!(
            UploadError::TooLarge(200).text(Locale::tr),
            "Bu dosya, burada izin verilen 200 bayt sınırından büyük."
        );
        assert_eq!(UploadError::Empty.text(Locale::tr), "Dosya boş.");
    }
}
