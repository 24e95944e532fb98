//! The server's signing key: HMAC-SHA256 over links that must not be forged (e-mail
//! confirmation links).
//!
//! `REGDOCS_SECRET_KEY` sets it (every instance of one deployment the same); without it
//! the key is made once, at random, and kept in the database (`app_secrets`), so a
//! fresh machine needs no configuration and several instances on one database agree.

use std::sync::Arc;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Utc;
use hmac::{Hmac, Mac};
use sea_orm::{
    ConnectionTrait, EntityTrait,
    sea_query::{OnConflict, Query},
};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

use crate::backend::entities::app_secret;
use crate::error::AppError;

/// The name of the stored key.
const SIGNING_KEY: &str = "signing_key";

/// A key for HMAC-SHA256 signatures. Cheap to clone; never printed.
#[derive(Clone)]
pub struct SigningKey(Arc<Vec<u8>>);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(***)")
    }
}

impl SigningKey {
    /// A key of the given bytes.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        Self(Arc::new(bytes.to_vec()))
    }

    /// The configured key, or the one kept in the database (made now if there is none;
    /// a rival instance making it at the same moment is fine: both read the one stored).
    ///
    /// # Errors
    /// Database failures.
    pub async fn load(
        db: &impl ConnectionTrait,
        configured: Option<&SecretString>,
    ) -> Result<Self, AppError> {
        if let Some(key) = configured {
            return Ok(Self::from_bytes(key.expose_secret().as_bytes()));
        }
        let fresh = {
            use rand::RngCore;
            let mut bytes = [0u8; 32];
            rand::rng().fill_bytes(&mut bytes);
            URL_SAFE_NO_PAD.encode(bytes)
        };
        let insert = Query::insert()
            .into_table(app_secret::Entity)
            .columns([
                app_secret::Column::Name,
                app_secret::Column::Value,
                app_secret::Column::CreatedAt,
            ])
            .values_panic([SIGNING_KEY.into(), fresh.into(), Utc::now().into()])
            .on_conflict(
                OnConflict::column(app_secret::Column::Name)
                    .do_nothing()
                    .to_owned(),
            )
            .to_owned();
        db.execute(&insert).await?;
        let stored = app_secret::Entity::find_by_id(SIGNING_KEY.to_owned())
            .one(db)
            .await?
            .ok_or_else(|| AppError::internal("the signing key vanished"))?;
        let bytes = URL_SAFE_NO_PAD
            .decode(stored.value.as_bytes())
            .map_err(AppError::internal)?;
        Ok(Self::from_bytes(&bytes))
    }

    fn mac(&self, purpose: &str, message: &str) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        // The purpose keeps a signature made for one use from being valid for another.
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(message.as_bytes());
        mac
    }

    /// The signature of `message` for `purpose`, base64url.
    pub fn sign(&self, purpose: &str, message: &str) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(purpose, message).finalize().into_bytes())
    }

    /// Whether `signature` is [`SigningKey::sign`]'s for `message` and `purpose`
    /// (compared in constant time).
    pub fn verify(&self, purpose: &str, message: &str, signature: &str) -> bool {
        URL_SAFE_NO_PAD
            .decode(signature.as_bytes())
            .is_ok_and(|bytes| self.mac(purpose, message).verify_slice(&bytes).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_hold_only_for_their_message_purpose_and_key() {
        let key = SigningKey::from_bytes(b"a key of some length");
        let signature = key.sign("verify", "7|ada@example.com|100");
        assert!(key.verify("verify", "7|ada@example.com|100", &signature));
        assert!(!key.verify("verify", "7|eve@example.com|100", &signature));
        assert!(!key.verify("reset", "7|ada@example.com|100", &signature));
        assert!(!SigningKey::from_bytes(b"another key").verify(
            "verify",
            "7|ada@example.com|100",
            &signature
        ));
        assert!(!key.verify("verify", "7|ada@example.com|100", "not base64!"));
        assert!(!format!("{key:?}").contains("key of"));
    }
}
