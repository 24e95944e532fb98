//! Validated domain names and domain extensions (ASCII / punycode form).
//!
//! The rules are those of the DNS "preferred name syntax" (RFC 1035, RFC 1123) that
//! registries enforce: labels of letters, digits and hyphens, 1 to 63 characters, not
//! starting or ending with a hyphen, a whole name of at most 253 characters. Names are
//! kept lower-case. Internationalised labels are kept in their `xn--` (punycode) form;
//! names typed in Unicode are converted to it with the rules of UTS #46, the same code in
//! the browser and on the server ([`to_ascii`], [`DomainName::parse_typed`]).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::i18n::{Locale, td_string};

/// Why a name was refused; [`NameError::text`] words it for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    Empty,
    /// The whole name (over 253 characters).
    TooLong(String),
    EmptyLabel,
    /// The label over 63 characters.
    LabelTooLong(String),
    /// The label starting or ending with a hyphen.
    HyphenAtEdge(String),
    BadCharacter {
        label: String,
        ch: char,
    },
    MissingExtension,
    NumericExtension,
    NotInternational,
}

impl NameError {
    /// The refusal in `locale`.
    #[must_use]
    pub fn text(&self, locale: Locale) -> String {
        match self {
            Self::Empty => td_string!(locale, checks.name.empty).to_owned(),
            Self::TooLong(name) => {
                td_string!(locale, checks.name.too_long, name = name).to_string()
            }
            Self::EmptyLabel => td_string!(locale, checks.name.empty_label).to_owned(),
            Self::LabelTooLong(label) => {
                td_string!(locale, checks.name.label_too_long, label = label).to_string()
            }
            Self::HyphenAtEdge(label) => {
                td_string!(locale, checks.name.hyphen_at_edge, label = label).to_string()
            }
            Self::BadCharacter { label, ch } => td_string!(
                locale,
                checks.name.bad_character,
                label = label,
                character = ch
            )
            .to_string(),
            Self::MissingExtension => td_string!(locale, checks.name.missing_extension).to_owned(),
            Self::NumericExtension => td_string!(locale, checks.name.numeric_extension).to_owned(),
            Self::NotInternational => td_string!(locale, checks.name.not_international).to_owned(),
        }
    }
}

/// English, as serde's errors, the logs and the tests read it.
impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Locale::en))
    }
}

impl std::error::Error for NameError {}

/// The ASCII (punycode) form of a name typed in Unicode, as registries use it; ASCII
/// input is returned as it is (trimmed). A leading dot (an extension) is kept.
///
/// # Errors
/// [`NameError::NotInternational`] when the Unicode name cannot be converted.
pub fn to_ascii(input: &str) -> Result<String, NameError> {
    let trimmed = input.trim();
    if trimmed.is_ascii() {
        return Ok(trimmed.to_owned());
    }
    let dot = if trimmed.starts_with('.') { "." } else { "" };
    unicode_to_ascii(trimmed.trim_start_matches('.'))
        .map(|ascii| format!("{dot}{ascii}"))
        .ok_or(NameError::NotInternational)
}

/// UTS #46 "domain to ASCII" as the WHATWG URL standard defines it. On the server the
/// `idna` crate implements it; the browser has it built in (its URL parser), which saves
/// the browser bundle the crate's Unicode tables (about 100 KB).
#[cfg(not(feature = "hydrate"))]
fn unicode_to_ascii(name: &str) -> Option<String> {
    idna::domain_to_ascii(name).ok()
}

#[cfg(feature = "hydrate")]
fn unicode_to_ascii(name: &str) -> Option<String> {
    // Anything that would end the host part of a URL is not part of a name.
    if name.contains(['/', '\\', '?', '#', '@', ':', '%', '[', ']']) {
        return None;
    }
    let url = web_sys::Url::new(&format!("http://{name}/")).ok()?;
    Some(url.hostname())
}

/// How people read a stored (punycode) name: its Unicode form, when it has one.
pub fn to_unicode(ascii: &str) -> String {
    if !ascii.split('.').any(is_punycode_label) {
        return ascii.to_owned();
    }
    decode_labels(ascii).unwrap_or_else(|| ascii.to_owned())
}

fn is_punycode_label(label: &str) -> bool {
    label
        .get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("xn--"))
}

/// On the server, the full UTS #46 check as well as the decoding.
#[cfg(not(feature = "hydrate"))]
fn decode_labels(ascii: &str) -> Option<String> {
    let (unicode, result) = idna::domain_to_unicode(ascii);
    result.ok().map(|()| unicode)
}

/// In the browser, names come from the server, which stored them only once they passed
/// the full check: decoding the punycode labels is all that is left to do.
#[cfg(feature = "hydrate")]
fn decode_labels(ascii: &str) -> Option<String> {
    let labels: Option<Vec<String>> = ascii
        .split('.')
        .map(|label| {
            if is_punycode_label(label) {
                idna::punycode::decode_to_string(&label[4..])
            } else {
                Some(label.to_owned())
            }
        })
        .collect();
    labels.map(|labels| labels.join("."))
}

fn check_label(label: &str) -> Result<(), NameError> {
    if label.is_empty() {
        return Err(NameError::EmptyLabel);
    }
    if label.len() > 63 {
        return Err(NameError::LabelTooLong(label.to_owned()));
    }
    if let Some(ch) = label
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(NameError::BadCharacter {
            label: label.to_owned(),
            ch,
        });
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err(NameError::HyphenAtEdge(label.to_owned()));
    }
    Ok(())
}

fn normalise(input: &str) -> String {
    input.trim().to_ascii_lowercase()
}

/// A domain extension such as `.us`, `.com.au` or `.av.tr`: always lower-case and
/// written with its leading dot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ExtensionName(String);

impl ExtensionName {
    /// Parses `us`, `.US` or ` .com.au ` into `.us` / `.com.au`.
    ///
    /// # Errors
    /// A [`NameError`] saying which part of the input is wrong.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let name = normalise(input);
        let bare = name.strip_prefix('.').unwrap_or(&name);
        if bare.is_empty() {
            return Err(NameError::Empty);
        }
        if bare.len() > 253 {
            return Err(NameError::TooLong(bare.to_owned()));
        }
        let labels: Vec<&str> = bare.split('.').collect();
        for label in &labels {
            check_label(label)?;
        }
        // The top-level label of a real TLD is never all digits (RFC 3696 §2).
        if labels
            .last()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(NameError::NumericExtension);
        }
        Ok(Self(format!(".{bare}")))
    }

    /// [`ExtensionName::parse`] of what a person typed, in Unicode or not.
    ///
    /// # Errors
    /// A [`NameError`] saying what is wrong.
    pub fn parse_typed(input: &str) -> Result<Self, NameError> {
        Self::parse(&to_ascii(input)?)
    }

    /// The extension with its leading dot, e.g. `.com.au`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// How people read it: `.рф` for `.xn--p1ai`.
    pub fn display(&self) -> String {
        format!(".{}", to_unicode(self.0.trim_start_matches('.')))
    }

    /// How many labels the extension has (`.us` 1, `.com.au` 2).
    pub fn label_count(&self) -> usize {
        self.0.matches('.').count()
    }
}

impl fmt::Display for ExtensionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ExtensionName {
    type Error = NameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ExtensionName> for String {
    fn from(value: ExtensionName) -> Self {
        value.0
    }
}

/// A full domain name such as `example.us`, lower-case, without a trailing dot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DomainName(String);

impl DomainName {
    /// Parses a domain name typed by a person (surrounding spaces and upper case are
    /// forgiven, a `http://` prefix is not).
    ///
    /// # Errors
    /// A [`NameError`] saying which part of the input is wrong.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let name = normalise(input);
        if name.is_empty() {
            return Err(NameError::Empty);
        }
        if name.len() > 253 {
            return Err(NameError::TooLong(name));
        }
        let labels: Vec<&str> = name.split('.').collect();
        for label in &labels {
            check_label(label)?;
        }
        if labels.len() < 2 {
            return Err(NameError::MissingExtension);
        }
        Ok(Self(name))
    }

    /// [`DomainName::parse`] of what a person typed, in Unicode (`bücher.com`) or not.
    ///
    /// # Errors
    /// A [`NameError`] saying what is wrong.
    pub fn parse_typed(input: &str) -> Result<Self, NameError> {
        Self::parse(&to_ascii(input)?)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// How people read it: `bücher.com` for `xn--bcher-kva.com`.
    pub fn display(&self) -> String {
        to_unicode(&self.0)
    }

    /// Finds which of `offered` this name belongs to, preferring the longest match
    /// (`example.com.au` is under `.com.au`, not `.au`). The name must have a label of
    /// its own in front of the extension.
    pub fn extension_among<'a>(
        &self,
        offered: impl IntoIterator<Item = &'a ExtensionName>,
    ) -> Option<&'a ExtensionName> {
        offered
            .into_iter()
            .filter(|ext| {
                self.0
                    .strip_suffix(ext.as_str())
                    .is_some_and(|rest| !rest.is_empty())
            })
            .max_by_key(|ext| ext.label_count())
    }
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DomainName {
    type Error = NameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<DomainName> for String {
    fn from(value: DomainName) -> Self {
        value.0
    }
}

/// Names typed as people type them, and what both the browser and the server make of
/// them: the stored (ASCII) form, or the refusal. Shared with the server's tests.
pub const TYPED_NAMES: &[(&str, Option<&str>)] = &[
    ("example.us", Some("example.us")),
    (" Example.US ", Some("example.us")),
    ("bücher.com", Some("xn--bcher-kva.com")),
    ("BÜCHER.com", Some("xn--bcher-kva.com")),
    ("xn--bcher-kva.com", Some("xn--bcher-kva.com")),
    ("ürün.com.tr", Some("xn--rn-wkab.com.tr")),
    ("пример.рф", Some("xn--e1afmkfd.xn--p1ai")),
    ("例え.jp", Some("xn--r8jz45g.jp")),
    ("exa mple.us", None),
    ("bücher", None),
    ("-bad.com", None),
    ("a..b.com", None),
    ("", None),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_names_convert_to_their_ascii_form_or_are_refused() {
        for (typed, stored) in TYPED_NAMES {
            let parsed = DomainName::parse_typed(typed).ok();
            assert_eq!(
                parsed.as_ref().map(DomainName::as_str),
                *stored,
                "{typed:?}"
            );
        }
        assert_eq!(
            DomainName::parse("xn--bcher-kva.com").unwrap().display(),
            "bücher.com"
        );
        assert_eq!(
            ExtensionName::parse_typed(".рф").unwrap().as_str(),
            ".xn--p1ai"
        );
        assert_eq!(ExtensionName::parse(".xn--p1ai").unwrap().display(), ".рф");
    }

    fn ext(s: &str) -> ExtensionName {
        ExtensionName::parse(s).expect("valid extension")
    }

    #[test]
    fn extensions_are_normalised_to_lower_case_with_a_leading_dot() {
        assert_eq!(ext("us").as_str(), ".us");
        assert_eq!(ext(" .COM.AU ").as_str(), ".com.au");
        assert_eq!(ext(".av.tr").label_count(), 2);
        assert_eq!(ext("xn--p1ai").as_str(), ".xn--p1ai");
    }

    #[test]
    fn malformed_extensions_are_refused_with_the_reason() {
        assert_eq!(ExtensionName::parse(" . "), Err(NameError::Empty));
        assert_eq!(ExtensionName::parse(".com..au"), Err(NameError::EmptyLabel));
        assert!(matches!(
            ExtensionName::parse(".c_m"),
            Err(NameError::BadCharacter { ch: '_', .. })
        ));
        assert!(matches!(
            ExtensionName::parse(".-us"),
            Err(NameError::HyphenAtEdge(_))
        ));
        assert_eq!(
            ExtensionName::parse(".123"),
            Err(NameError::NumericExtension)
        );
        assert!(matches!(
            ExtensionName::parse(&"a".repeat(64)),
            Err(NameError::LabelTooLong(_))
        ));
    }

    #[test]
    fn domain_names_need_a_label_and_an_extension() {
        assert_eq!(
            DomainName::parse("Example.US ").unwrap().as_str(),
            "example.us"
        );
        assert_eq!(
            DomainName::parse("example"),
            Err(NameError::MissingExtension)
        );
        assert_eq!(DomainName::parse("example.us."), Err(NameError::EmptyLabel));
        assert!(matches!(
            DomainName::parse("http://example.us"),
            Err(NameError::BadCharacter { ch: ':', .. })
        ));
        let long = format!("{}.us", vec!["a".repeat(60); 5].join("."));
        assert!(matches!(
            DomainName::parse(&long),
            Err(NameError::TooLong(_))
        ));
    }

    #[test]
    fn refusals_are_worded_in_the_readers_language() {
        let err = DomainName::parse("example").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Enter the full name with its extension, for example example.us."
        );
        assert_eq!(
            err.text(Locale::tr),
            "Adı uzantısıyla birlikte tam olarak girin, örneğin example.us."
        );
    }

    #[test]
    fn the_longest_offered_extension_wins() {
        let offered = [ext(".au"), ext(".com.au"), ext(".us")];
        let name = DomainName::parse("shop.com.au").unwrap();
        assert_eq!(name.extension_among(&offered), Some(&offered[1]));
        let name = DomainName::parse("example.us").unwrap();
        assert_eq!(name.extension_among(&offered), Some(&offered[2]));
    }

    #[test]
    fn a_bare_extension_or_an_unoffered_one_matches_nothing() {
        let offered = [ext(".com.au")];
        assert_eq!(
            DomainName::parse("com.au")
                .unwrap()
                .extension_among(&offered),
            None
        );
        assert_eq!(
            DomainName::parse("example.ca")
                .unwrap()
                .extension_among(&offered),
            None
        );
        // "xcom.au" ends with "com.au" but not with ".com.au"
        assert_eq!(
            DomainName::parse("xcom.au")
                .unwrap()
                .extension_among(&offered),
            None
        );
    }

    #[test]
    fn names_deserialise_only_when_valid() {
        let ok: Result<ExtensionName, _> = serde_json::from_str("\"US\"");
        assert_eq!(ok.unwrap().as_str(), ".us");
        let bad: Result<DomainName, _> = serde_json::from_str("\"no spaces.us\"");
        assert!(bad.is_err());
    }
}
