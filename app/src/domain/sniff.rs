//! Deciding a document's type from its first bytes (magic numbers), never from its name
//! or the type a browser claims. Used by the browser to warn before uploading and by the
//! server to decide.

use super::requirements::FileType;

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
