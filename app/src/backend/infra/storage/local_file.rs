//! A staged upload in a local directory, written by this server rather than through
//! `object_store`: the bytes go to the disk while the upload is still arriving.
//!
//! The parts are written by blocking tasks, one at a time, while the next part is
//! received; as soon as a part is written, the kernel is told to start writing it to the
//! disk (`posix_fadvise`, which does not wait for it). The flush before the upload counts as
//! stored (`fdatasync`) then has little left to do, where a file written whole and
//! flushed at the end would wait for all of it. Until it is complete the file has a
//! `#` in its name: listings do not show it, and the sweeper removes it after a crash.

use std::{
    fs::File,
    io,
    os::unix::fs::FileExt,
    path::{Path, PathBuf},
    sync::Arc,
};

use bytes::Bytes;
use tokio::task::{JoinHandle, spawn_blocking};

/// How much is received before it is written out (and handed to the disk).
const PART: usize = 4 * 1024 * 1024;

pub struct LocalFile {
    /// Where the file is written (`<key>#0`).
    partial: PathBuf,
    /// Where it is once complete (`<key>`).
    complete: PathBuf,
    file: Arc<File>,
    /// Received, not yet written.
    parts: Vec<Bytes>,
    buffered: usize,
    /// Where the next part goes in the file.
    offset: u64,
    /// The part being written.
    writing: Option<JoinHandle<io::Result<()>>>,
}

impl LocalFile {
    /// A new, empty file for the object `key` of the store in `root`.
    pub async fn create(root: &Path, key: &str) -> io::Result<Self> {
        let complete = root.join(key);
        let mut partial = complete.clone().into_os_string();
        partial.push("#0");
        let partial = PathBuf::from(partial);
        let (folder, path) = (complete.parent().map(Path::to_path_buf), partial.clone());
        let file = spawn_blocking(move || {
            if let Some(folder) = folder {
                std::fs::create_dir_all(folder)?;
            }
            File::create_new(path)
        })
        .await
        .map_err(io::Error::other)??;
        Ok(Self {
            partial,
            complete,
            file: Arc::new(file),
            parts: Vec::new(),
            buffered: 0,
            offset: 0,
            writing: None,
        })
    }

    /// Takes `chunk` (shared, not copied); waits only while the part before is written.
    pub async fn put(&mut self, chunk: Bytes) -> io::Result<()> {
        self.buffered += chunk.len();
        self.parts.push(chunk);
        if self.buffered >= PART {
            self.write_out().await?;
        }
        Ok(())
    }

    /// Waits for the part being written, then starts writing what was received since.
    async fn write_out(&mut self) -> io::Result<()> {
        self.written().await?;
        let parts = std::mem::take(&mut self.parts);
        let length = std::mem::take(&mut self.buffered) as u64;
        let (file, start) = (self.file.clone(), self.offset);
        self.offset += length;
        self.writing = Some(spawn_blocking(move || {
            let mut at = start;
            for part in &parts {
                file.write_all_at(part, at)?;
                at += part.len() as u64;
            }
            start_writeback(&file, start, length)
        }));
        Ok(())
    }

    /// Waits for the part being written, if any.
    async fn written(&mut self) -> io::Result<()> {
        match self.writing.take() {
            Some(writing) => writing.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }

    /// Writes the rest, flushes the file to the disk and gives it its name (flushing the
    /// folder too): once this returns, the object is stored.
    pub async fn finish(mut self) -> io::Result<()> {
        if !self.parts.is_empty() {
            self.write_out().await?;
        }
        self.written().await?;
        let (file, partial, complete) = (
            self.file.clone(),
            self.partial.clone(),
            self.complete.clone(),
        );
        spawn_blocking(move || {
            file.sync_data()?;
            std::fs::rename(&partial, &complete)?;
            if let Some(folder) = complete.parent() {
                File::open(folder)?.sync_all()?;
            }
            Ok(())
        })
        .await
        .map_err(io::Error::other)?
    }

    /// Stops and removes the partial file.
    pub async fn abort(mut self) -> io::Result<()> {
        let _ = self.written().await;
        tokio::fs::remove_file(&self.partial).await
    }
}

/// Starts writing `length` bytes of `file` from `start` to the disk, without waiting:
/// told that the bytes will not be read again (`POSIX_FADV_DONTNEED`), Linux starts
/// writing them back at once, and drops them from its cache once written (only the
/// first megabyte is read back, to measure the document; an upload need not push other
/// files out of the cache).
fn start_writeback(file: &File, start: u64, length: u64) -> io::Result<()> {
    use rustix::fs::{Advice, fadvise};
    fadvise(
        file,
        start,
        std::num::NonZeroU64::new(length),
        Advice::DontNeed,
    )
    .map_err(io::Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new folder under the system's temporary one, removed when dropped.
    struct Folder(PathBuf);

    impl Folder {
        fn new() -> Self {
            let path =
                std::env::temp_dir().join(format!("regdocs-{}", uuid::Uuid::new_v4().simple()));
            std::fs::create_dir_all(&path).unwrap();
            Self(path)
        }

        fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[tokio::test]
    async fn a_file_is_named_only_once_complete_and_holds_every_byte_in_order() {
        let root = Folder::new();
        let mut file = LocalFile::create(root.path(), "staging/abc").await.unwrap();
        // More than two parts, in chunks that do not line up with them.
        let chunk: Vec<u8> = (0..=250u8).cycle().take(1_000_003).collect();
        let mut expected = Vec::new();
        for n in 0..10u8 {
            let mut piece = chunk.clone();
            piece[0] = n;
            expected.extend_from_slice(&piece);
            file.put(Bytes::from(piece)).await.unwrap();
        }
        assert!(root.path().join("staging/abc#0").exists());
        assert!(!root.path().join("staging/abc").exists());
        file.finish().await.unwrap();
        assert!(!root.path().join("staging/abc#0").exists());
        assert_eq!(
            std::fs::read(root.path().join("staging/abc")).unwrap(),
            expected
        );
    }

    #[tokio::test]
    async fn an_aborted_file_leaves_nothing() {
        let root = Folder::new();
        let mut file = LocalFile::create(root.path(), "staging/gone")
            .await
            .unwrap();
        file.put(Bytes::from(vec![7u8; PART + 1])).await.unwrap();
        file.abort().await.unwrap();
        assert_eq!(
            std::fs::read_dir(root.path().join("staging"))
                .unwrap()
                .count(),
            0
        );
    }
}
