//! Account input rules shared by the browser and the server: e-mail addresses, names
//! and the password policy.

#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::error::AppError;
use crate::i18n::{Locale, td_string};

/// Shortest password accepted (OWASP ASVS 5.0 V6.2.1 asks for at least 8; we ask 12).
pub const PASSWORD_MIN_CHARS: usize = 12;
/// Longest password accepted; long enough for any passphrase or password manager.
pub const PASSWORD_MAX_CHARS: usize = 128;

/// An e-mail address, trimmed and lower-cased (addresses are compared that way).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Parses an address of the form `local@domain.tld`.
    ///
    /// # Errors
    /// [`AppError::Validation`] on the field `email`, saying what is wrong in `locale`.
    pub fn parse(input: &str, locale: Locale) -> Result<Self, AppError> {
        let email = input.trim().to_lowercase();
        let bad = |message: &str| Err(AppError::validation("email", message));
        if email.is_empty() {
            return bad(td_string!(locale, checks.account.email.empty));
        }
        if email.chars().count() > 254 {
            return bad(td_string!(locale, checks.account.email.too_long));
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return bad(td_string!(locale, checks.account.email.no_at));
        };
        if local.is_empty()
            || local.len() > 64
            || email.chars().any(|c| c.is_whitespace() || c.is_control())
            || local.contains('@')
        {
            return bad(td_string!(locale, checks.account.email.local_part));
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2
            || labels
                .iter()
                .any(|l| l.is_empty() || l.starts_with('-') || l.ends_with('-') || l.len() > 63)
        {
            return bad(td_string!(locale, checks.account.email.domain_part));
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// For serde, whose errors are read in English.
impl TryFrom<String> for Email {
    type Error = AppError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value, Locale::en)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

/// A person's display name: 1 to 100 characters after trimming, no control characters.
///
/// # Errors
/// [`AppError::Validation`] on the field `name`, in `locale`.
pub fn parse_person_name(input: &str, locale: Locale) -> Result<String, AppError> {
    let name = input.trim();
    let bad = |message: &str| Err(AppError::validation("name", message));
    if name.is_empty() {
        return bad(td_string!(locale, checks.account.name.empty));
    }
    if name.chars().count() > 100 {
        return bad(td_string!(locale, checks.account.name.too_long));
    }
    if name.chars().any(char::is_control) {
        return bad(td_string!(locale, checks.account.name.unprintable));
    }
    Ok(name.to_owned())
}

/// Checks a new password against the policy: length only, no composition rules (as
/// ASVS and NIST SP 800-63B advise), and not the e-mail address itself.
///
/// # Errors
/// [`AppError::Validation`] on `field`, in `locale`.
pub fn check_new_password(
    field: &str,
    password: &str,
    email: &str,
    locale: Locale,
) -> Result<(), AppError> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(AppError::validation(
            field,
            td_string!(
                locale,
                checks.account.password.too_short,
                min = PASSWORD_MIN_CHARS
            )
            .to_string(),
        ));
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(AppError::validation(
            field,
            td_string!(
                locale,
                checks.account.password.too_long,
                max = PASSWORD_MAX_CHARS
            )
            .to_string(),
        ));
    }
    if !email.is_empty() && password.trim().eq_ignore_ascii_case(email.trim()) {
        return Err(AppError::validation(
            field,
            td_string!(locale, checks.account.password.is_email),
        ));
    }
    Ok(())
}

/// A signed-in account as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// Whether the address was confirmed (ordering needs it).
    pub email_verified: bool,
    /// The language of its pages and e-mails (`en`, `tr`).
    pub language: String,
}

impl AccountView {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
pub enum Role {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "customer"))]
    Customer,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "admin"))]
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Admin => "admin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(err: AppError) -> String {
        match err {
            AppError::Validation { field, .. } => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ", Locale::en)
                .unwrap()
                .as_str(),
            "ada@example.com"
        );
    }

    #[test]
    fn malformed_emails_are_refused_on_the_email_field() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@-x.com",
            "a da@example.com",
            "ada@example..com",
        ] {
            let err = Email::parse(bad, Locale::en).expect_err(bad);
            assert_eq!(field_of(err), "email", "{bad}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        let parse = |input: &str| parse_person_name(input, Locale::en);
        assert_eq!(parse("  Ada Lovelace ").unwrap(), "Ada Lovelace");
        assert_eq!(field_of(parse("   ").unwrap_err()), "name");
        assert_eq!(field_of(parse(&"x".repeat(101)).unwrap_err()), "name");
        assert_eq!(field_of(parse("a\u{0}b").unwrap_err()), "name");
    }

    #[test]
    fn password_policy_is_about_length_and_not_the_email() {
        let check = |field: &str, password: &str, email: &str| {
            check_new_password(field, password, email, Locale::en)
        };
        assert!(check("password", "correct horse battery", "ada@example.com").is_ok());
        let short = check("password", "short", "").unwrap_err();
        assert_eq!(
            short.to_string(),
            "Use at least 12 characters; a few words in a row work well."
        );
        assert_eq!(field_of(short), "password");
        let long = "x".repeat(PASSWORD_MAX_CHARS + 1);
        assert!(check("password", &long, "").is_err());
        let err = check("new_password", "ada@example.com", "ada@example.com").unwrap_err();
        assert_eq!(field_of(err), "new_password");
        // Length counts characters, not bytes.
        assert!(check("password", "ééééééééééé", "").is_err());
    }

    #[test]
    fn refusals_are_worded_in_the_readers_language() {
        let err = Email::parse("ada", Locale::tr).unwrap_err();
        assert_eq!(
            err.to_string(),
            "E-posta adresi, ad@example.com gibi bir @ içerir."
        );
    }
}
