//! Sizes in bytes, named once, and written for people.

/// One kibibyte.
pub const KB: u64 = 1024;
/// One mebibyte: what the settings and the editor call a megabyte.
pub const MB: u64 = 1024 * KB;

/// `n` megabytes in bytes.
pub fn megabytes(n: u32) -> u64 {
    u64::from(n) * MB
}

/// "5 MB", "1.5 MB" ("1,5 MB" in Turkish), "512 KB", "200 bytes", in `locale`: powers of
/// 1024, as file managers show.
pub fn human_size(bytes: u64, locale: crate::i18n::Locale) -> String {
    use crate::i18n::td_string;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= MB {
        #[allow(clippy::cast_precision_loss)] // a size to one decimal
        let tenths = format!("{:.1}", bytes as f64 / MB as f64);
        let separator = td_string!(locale, common.decimal_separator);
        format!("{} MB", tenths.replace('.', separator))
    } else if bytes >= KB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        td_string!(locale, common.document_facts.bytes, count = bytes).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn sizes_read_like_a_file_manager_in_each_language() {
        assert_eq!(human_size(5 * MB, Locale::en), "5 MB");
        assert_eq!(human_size(1536 * KB, Locale::en), "1.5 MB");
        assert_eq!(human_size(1536 * KB, Locale::tr), "1,5 MB");
        assert_eq!(human_size(55 * KB, Locale::en), "55 KB");
        assert_eq!(human_size(200, Locale::en), "200 bytes");
        assert_eq!(human_size(200, Locale::tr), "200 bayt");
    }
}
