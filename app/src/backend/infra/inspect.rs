//! What a staged document is, beyond its type: a picture's size in pixels, read from its
//! header (nothing is decoded), and a PDF's page count, read from its cross-reference
//! and page tree (no content is rendered). Measured once, between staging and
//! accepting an upload; the item's smallest sizes are checked against it, and the
//! review page shows it.

use crate::{
    backend::infra::storage::{DocumentStore, StoredFile},
    domain::{
        requirements::{FileType, Pixels},
        sniff::{PIXELS_HEAD_LEN, pixels},
        units::MB,
    },
    error::AppError,
};

/// PDFs up to this size have their pages counted (the count reads the file whole);
/// larger ones are stored without a count.
pub const PDF_PAGES_MAX_BYTES: u64 = 16 * MB;

/// What was measured of a document; `None` where it does not apply or cannot be read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measured {
    pub pixels: Option<Pixels>,
    pub pages: Option<u32>,
}

/// Measures the staged `file`.
///
/// # Errors
/// Storage failures (an unreadable document is not an error: it measures as unknown).
pub async fn measure(store: &DocumentStore, file: &StoredFile) -> Result<Measured, AppError> {
    if file.file_type == FileType::Pdf {
        if file.size_bytes > PDF_PAGES_MAX_BYTES {
            return Ok(Measured::default());
        }
        let bytes = store.get_bytes(&file.key).await?;
        // Parsing is CPU work: off the async workers.
        let pages = tokio::task::spawn_blocking(move || pdf_pages(&bytes))
            .await
            .ok()
            .flatten();
        return Ok(Measured {
            pixels: None,
            pages,
        });
    }
    let head = store
        .get_head(&file.key, file.size_bytes, PIXELS_HEAD_LEN as u64)
        .await?;
    Ok(Measured {
        pixels: pixels(&head),
        pages: None,
    })
}

/// The number of pages of the PDF `bytes`, if its page tree can be read.
pub fn pdf_pages(bytes: &[u8]) -> Option<u32> {
    let metadata = lopdf::Document::load_metadata_mem(bytes).ok()?;
    Some(metadata.page_count).filter(|n| *n > 0)
}

/// A well-formed PDF of `pages` blank A4 pages with a correct cross-reference table:
/// what the integration tests upload when a page count matters.
pub fn blank_pdf(pages: usize) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 3)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        ),
    ];
    objects.extend(
        (0..pages).map(|_| "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_owned()),
    );
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_pages_are_counted_from_the_page_tree() {
        assert_eq!(pdf_pages(&blank_pdf(1)), Some(1));
        assert_eq!(pdf_pages(&blank_pdf(3)), Some(3));
        assert_eq!(pdf_pages(b"%PDF-1.4\nnot really a PDF"), None);
    }
}
