//! API keys as the admin area shows them, and the rules for a new one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::{Locale, td_string};

/// The most calls a key may be allowed per minute.
pub const MAX_RATE_PER_MINUTE: u32 = 6_000;

/// A key's calls per minute when the admin does not say.
pub const DEFAULT_RATE_PER_MINUTE: u32 = 120;

/// One API key, without its secret (which is shown once, when made).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: i32,
    pub name: String,
    /// The first characters of the key, to tell keys apart (`rdk_3fA9c2Qx`).
    pub prefix: String,
    /// Whether the key may change things (create customers and orders, cancel,
    /// report registrations, ask for sign-in links), or only read.
    pub write: bool,
    pub rate_per_minute: u32,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiKeyView {
    /// `read` or `read, write`.
    pub fn scopes(&self) -> &'static str {
        if self.write { "read, write" } else { "read" }
    }
}

/// A key just made: its secret, which regdocs cannot show again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiKey {
    pub key: ApiKeyView,
    pub secret: String,
}

/// Checks a key's name: what the admin will recognise it by (1 to 80 characters).
///
/// # Errors
/// A message for the `name` field, in `locale`.
pub fn check_key_name(name: &str, locale: Locale) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(td_string!(locale, checks.api_key.name_missing).to_owned());
    }
    if name.chars().count() > 80 {
        return Err(td_string!(locale, checks.api_key.name_too_long).to_owned());
    }
    Ok(name.to_owned())
}

/// Checks a key's rate: calls per minute, 1 to [`MAX_RATE_PER_MINUTE`].
///
/// # Errors
/// A message for the `rate_per_minute` field, in `locale`.
pub fn check_rate(rate: u32, locale: Locale) -> Result<u32, String> {
    if (1..=MAX_RATE_PER_MINUTE).contains(&rate) {
        Ok(rate)
    } else {
        Err(td_string!(locale, checks.api_key.rate, max = MAX_RATE_PER_MINUTE).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_needs_a_name_of_reasonable_length() {
        let check = |name: &str| check_key_name(name, Locale::en);
        assert!(check("  ").is_err());
        assert!(check(&"x".repeat(81)).is_err());
        assert_eq!(check("  WHMCS live ").as_deref(), Ok("WHMCS live"));
    }

    #[test]
    fn a_rate_is_between_one_and_the_ceiling() {
        assert_eq!(
            check_rate(0, Locale::en),
            Err("Between 1 and 6000 calls per minute.".to_owned())
        );
        assert!(check_rate(MAX_RATE_PER_MINUTE + 1, Locale::en).is_err());
        assert_eq!(check_rate(60, Locale::en), Ok(60));
    }
}
