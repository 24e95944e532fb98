//! Deciding a document's type from its first bytes (magic numbers), never from its name
//! or the type a browser claims. Used by the browser to warn before uploading and by the
//! server to decide.

use super::requirements::{FileType, Pixels};

/// How many leading bytes [`sniff`] needs.
pub const SNIFF_LEN: usize = 12;

/// The type of a file starting with `head`, if it is one regdocs accepts.
pub fn sniff(head: &[u8]) -> Option<FileType> {
    if head.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileType::Jpeg)
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(FileType::Png)
    } else if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(FileType::Webp)
    } else {
        None
    }
}

/// How many leading bytes of a picture [`pixels`] reads: enough for the headers that
/// come before a JPEG's frame (EXIF, ICC profile and thumbnails are each at most 64 KB).
pub const PIXELS_HEAD_LEN: usize = 1024 * 1024;

/// The size in pixels of the picture starting with `head` (JPEG, PNG or WebP), read
/// from its header (nothing is decoded), or `None` when `head` does not say.
pub fn pixels(head: &[u8]) -> Option<Pixels> {
    let size = imagesize::blob_size(head).ok()?;
    let width = u32::try_from(size.width).ok()?;
    let height = u32::try_from(size.height).ok()?;
    (width > 0 && height > 0).then_some(Pixels::new(width, height))
}

/// Whether `c` changes the direction of the text after it: a name like
/// `invoice\u{202E}fdp.exe` shows as `invoiceexe.pdf`.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A file name safe to show and to put in a header: the last path part, control and
/// reserved characters replaced, direction controls dropped, at most 200 characters.
pub fn sanitise_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| {
            if c.is_control() || matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .take(200)
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.');
    if trimmed.is_empty() {
        "document".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// [`sanitise_name`], ending in an extension of `file_type` (the type decided from the
/// content): `scan.png` holding a PDF is stored as `scan.png.pdf`, so whoever downloads
/// it opens what it really is.
pub fn name_for_type(name: &str, file_type: FileType) -> String {
    let clean = sanitise_name(name);
    let fits = clean.rsplit_once('.').is_some_and(|(_, ext)| {
        file_type
            .extensions()
            .contains(&ext.to_lowercase().as_str())
    });
    if fits {
        clean
    } else {
        let ext = file_type.extensions()[0];
        let room = 200 - ext.len() - 1;
        let stem: String = clean.chars().take(room).collect();
        format!("{stem}.{ext}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_content() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3"), Some(FileType::Pdf));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(FileType::Jpeg)
        );
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\x0d"), Some(FileType::Png));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some(FileType::Webp));
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), None);
        assert_eq!(sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\">"), None);
        assert_eq!(sniff(b"RIFF\x24\0\0\0WAVE"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn pictures_are_measured_from_their_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&1200u32.to_be_bytes());
        png.extend_from_slice(&800u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0]);
        assert_eq!(pixels(&png), Some(Pixels::new(1200, 800)));
        // A JPEG with an APP1 (EXIF) segment before its frame header.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10];
        jpeg.extend_from_slice(&[0; 14]);
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
        jpeg.extend_from_slice(&600u16.to_be_bytes()); // height
        jpeg.extend_from_slice(&1800u16.to_be_bytes()); // width
        jpeg.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        assert_eq!(pixels(&jpeg), Some(Pixels::new(1800, 600)));
        assert_eq!(pixels(b"%PDF-1.7"), None);
        assert_eq!(pixels(&png[..20]), None, "cut before the size");
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(sanitise_name("../../etc/passwd"), "passwd");
        assert_eq!(
            sanitise_name("C:\\Users\\ada\\scan \"1\".pdf"),
            "scan _1_.pdf"
        );
        assert_eq!(sanitise_name("a\nb.pdf"), "a_b.pdf");
        assert_eq!(sanitise_name(".hidden"), "hidden");
        assert_eq!(sanitise_name(""), "document");
        assert_eq!(sanitise_name(&"x".repeat(300)).len(), 200);
        assert_eq!(
            sanitise_name("invoice\u{202E}fdp.exe"),
            "invoicefdp.exe",
            "no right-to-left override to disguise the extension"
        );
        assert_eq!(sanitise_name("a\u{2066}b\u{2069}.pdf"), "ab.pdf");
    }

    #[test]
    fn stored_names_end_in_the_extension_of_the_detected_type() {
        assert_eq!(name_for_type("scan.pdf", FileType::Pdf), "scan.pdf");
        assert_eq!(name_for_type("Photo.JPEG", FileType::Jpeg), "Photo.JPEG");
        assert_eq!(name_for_type("scan.png", FileType::Pdf), "scan.png.pdf");
        assert_eq!(name_for_type("evil.exe", FileType::Png), "evil.exe.png");
        assert_eq!(name_for_type("noext", FileType::Webp), "noext.webp");
        assert_eq!(name_for_type("", FileType::Pdf), "document.pdf");
        let long = name_for_type(&"x".repeat(300), FileType::Pdf);
        assert_eq!(long.len(), 200);
        assert!(long.ends_with(".pdf"));
    }
}
