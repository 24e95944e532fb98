//! The languages of the app (`crate::i18n::Locale`: English, the default, and Turkish)
//! as codes stored in accounts and cookies.

use leptos_i18n::Locale as _;

use crate::i18n::Locale;

/// The cookie that keeps a browser's chosen language.
pub const COOKIE: &str = "lang";

/// How long the choice is kept, in seconds (a year).
pub const COOKIE_MAX_AGE_SECS: i64 = 365 * 24 * 3600;

/// A language code as the app knows it (`en`, `tr`), or `None`.
pub fn parse(code: &str) -> Option<Locale> {
    code.trim().parse::<Locale>().ok()
}

/// The language of a stored code; English for a code the app does not have.
pub fn or_default(code: &str) -> Locale {
    parse(code).unwrap_or_default()
}

/// The code of `locale` (`en`, `tr`).
pub fn code(locale: Locale) -> &'static str {
    locale.as_str()
}

/// The codes of every language the app has, English first.
pub fn all_codes() -> Vec<&'static str> {
    Locale::get_all().iter().map(|l| l.as_str()).collect()
}

/// The languages besides English (the default), each with its code: those an admin may
/// give texts in (requirements, reason templates).
pub fn others() -> impl Iterator<Item = (Locale, &'static str)> {
    Locale::get_all()
        .iter()
        .filter(|l| **l != Locale::default())
        .map(|l| (*l, l.as_str()))
}

/// Whether `code` is one of the languages an admin gives texts in besides English (the
/// English text is the item's or template's own, never a translation).
pub fn is_other(code: &str) -> bool {
    others().any(|(_, other)| other == code)
}

/// `given` unless it is blank, else `english`: every translated text falls back so.
pub fn or_english<'a>(given: Option<&'a String>, english: &'a str) -> &'a str {
    match given {
        Some(text) if !text.trim().is_empty() => text,
        _ => english,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_ones_fall_back_to_english() {
        for &locale in Locale::get_all() {
            assert_eq!(parse(code(locale)), Some(locale));
        }
        assert_eq!(parse(" tr "), Some(Locale::tr));
        assert_eq!(parse("xx"), None);
        assert_eq!(or_default("xx"), Locale::en);
    }

    /// Every key of one language's files, with the file it is in (`ns:a.b.c`).
    fn keys_of(language: &str) -> std::collections::BTreeSet<String> {
        fn walk(
            prefix: &str,
            value: &serde_json::Value,
            out: &mut std::collections::BTreeSet<String>,
        ) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, value) in map {
                        walk(&format!("{prefix}.{key}"), value, out);
                    }
                }
                serde_json::Value::String(text) => {
                    assert!(!text.trim().is_empty(), "{prefix} is empty");
                    out.insert(prefix.to_owned());
                }
                other => panic!("{prefix}: not a text: {other}"),
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(language);
        let mut out = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let namespace = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let value: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            walk(&namespace, &value, &mut out);
        }
        out
    }

    /// A key in one language and not in the other fails here (the build only warns and
    /// shows the English text).
    #[test]
    fn every_language_has_every_key() {
        let english = keys_of("en");
        assert!(english.len() > 100, "the English texts were not found");
        for &locale in Locale::get_all() {
            let other = keys_of(code(locale));
            let missing: Vec<_> = english.difference(&other).collect();
            let extra: Vec<_> = other.difference(&english).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{}: missing {missing:?}, not in English {extra:?}",
                code(locale)
            );
        }
    }
}
