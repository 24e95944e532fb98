//! The document store: one interface (the `object_store` crate) over a local directory by
//! default, or S3-compatible storage. Uploads are streamed: the size limit is enforced
//! and the type decided (from the first bytes) while the bytes arrive, the SHA-256 is
//! computed on the way, and nothing is held whole in memory. An object becomes visible
//! only when complete (multipart upload, committed at the end); any failure aborts it,
//! so no half file is ever left behind.

use std::{path::Path, sync::Arc};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use object_store::{
    ObjectStore, ObjectStoreExt, WriteMultipart, local::LocalFileSystem, path::Path as ObjectPath,
};
use sha2::{Digest, Sha256};

use crate::{
    domain::{
        requirements::{FileType, human_size},
        sniff::{SNIFF_LEN, sniff},
    },
    error::AppError,
};

/// Where documents are kept.
#[derive(Clone)]
pub struct DocumentStore {
    inner: Arc<dyn ObjectStore>,
}

/// What was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub size_bytes: u64,
    pub sha256: String,
    pub file_type: FileType,
}

/// Why an upload was not stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("This file is larger than the {} allowed here.", human_size(*.0))]
    TooLarge(u64),
    #[error(
        "This file is not one of the accepted types ({0}). Its content was checked, not its name."
    )]
    WrongType(String),
    #[error("The file is empty.")]
    Empty,
    #[error("The upload was interrupted.")]
    Interrupted,
    #[error("The document could not be stored.")]
    Storage,
}

impl From<UploadError> for AppError {
    fn from(err: UploadError) -> Self {
        match err {
            UploadError::TooLarge(_) => AppError::PayloadTooLarge {
                message: err.to_string(),
            },
            UploadError::WrongType(_) | UploadError::Empty => {
                AppError::validation("file", err.to_string())
            }
            UploadError::Interrupted => AppError::validation("file", err.to_string()),
            UploadError::Storage => AppError::Internal,
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
        let fs = LocalFileSystem::new_with_prefix(dir).map_err(AppError::internal)?;
        Ok(Self {
            inner: Arc::new(fs),
        })
    }

    /// A store over any `object_store` implementation (S3-compatible, in memory ...).
    pub fn new(inner: Arc<dyn ObjectStore>) -> Self {
        Self { inner }
    }

    /// Streams `body` into the object `key`, refusing more than `limit` bytes and any
    /// type not in `allowed`.
    ///
    /// # Errors
    /// An [`UploadError`]; the object does not exist afterwards.
    pub async fn put_stream<S, E>(
        &self,
        key: &str,
        mut body: S,
        limit: u64,
        allowed: &[FileType],
    ) -> Result<StoredFile, UploadError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let path = ObjectPath::from(key);
        let upload = self.inner.put_multipart(&path).await.map_err(|e| {
            tracing::error!(%e, "cannot start a document upload");
            UploadError::Storage
        })?;
        let mut writer = WriteMultipart::new(upload);
        let mut hasher = Sha256::new();
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
            while let Some(chunk) = body.next().await {
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
                hasher.update(&chunk);
                // Bound what is buffered: wait while parts are still being written.
                writer
                    .wait_for_capacity(2)
                    .await
                    .map_err(|_| UploadError::Storage)?;
                writer.write(&chunk);
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

        match outcome {
            Ok(()) => {
                writer.finish().await.map_err(|e| {
                    tracing::error!(%e, "cannot complete a document upload");
                    UploadError::Storage
                })?;
                Ok(StoredFile {
                    size_bytes: size,
                    sha256: hasher
                        .finalize()
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect(),
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
        let prefix = ObjectPath::from(prefix);
        let mut listing = self.inner.list(Some(&prefix));
        let mut keys = Vec::new();
        while let Some(meta) = listing.next().await {
            keys.push(meta.map_err(AppError::internal)?.location.to_string());
        }
        Ok(keys)
    }
}
