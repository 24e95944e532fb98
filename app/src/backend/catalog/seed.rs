//! Demo data for a first start: an extension list and an admin account.
//!
//! Runs only on an empty database, so a restart never duplicates or overwrites data.
//! The generated admin password is logged once, at creation, and never again.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set, TransactionTrait,
};
use tracing::{info, instrument, warn};

use crate::backend::{
    accounts::password::{HashPool, random_password},
    catalog::registrars::{self, RegistrarModule},
    entities::{extension, requirement_definition, user},
};
use crate::error::AppError;

/// The e-mail of the demo admin.
pub const DEMO_ADMIN_EMAIL: &str = "admin@regdocs.test";

/// The demo extension list: common ones without requirements and the ones PRODUCT.md
/// names as needing documents.
pub const DEMO_EXTENSIONS: &[&str] = &[
    ".com", ".net", ".org", ".us", ".ca", ".eu", ".fr", ".cn", ".com.au", ".com.tr", ".av.tr",
];

/// The demo extensions whose requirements are seeded from their presets (a demo shows
/// something at once; .us is left for the admin to set up).
pub const DEMO_DEFINED: &[&str] = &[".cn", ".av.tr"];

/// Extensions with a preset use the presets module; the rest are registered by hand.
fn module_for(extension: &str) -> &'static str {
    if registrars::preset_extensions().contains(&extension) {
        "presets"
    } else {
        "manual"
    }
}

/// What the seed created, for the caller to report.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Seeded {
    pub extensions: usize,
    /// The admin's e-mail and generated password, when an admin was created.
    pub admin: Option<(String, String)>,
}

/// Seeds demo data into an empty database; does nothing on a database that has data.
///
/// # Errors
/// [`AppError::Internal`] on a database failure; nothing is half-written then.
#[instrument(skip(db, passwords))]
pub async fn seed_demo_data(
    db: &DatabaseConnection,
    passwords: &HashPool,
) -> Result<Seeded, AppError> {
    let mut seeded = Seeded::default();
    let now = Utc::now();

    // Hash before the transaction: it takes a while and needs no database.
    let admin = if user::Entity::find().count(db).await? == 0 {
        let password = random_password();
        Some((password.clone(), passwords.hash(password.into()).await?))
    } else {
        None
    };

    let txn = db.begin().await?;
    if extension::Entity::find().count(&txn).await? == 0 {
        for (position, name) in DEMO_EXTENSIONS.iter().enumerate() {
            let created = extension::ActiveModel {
                name: Set((*name).to_owned()),
                registrar_module: Set(module_for(name).to_owned()),
                enabled: Set(true),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX) * 10),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let preset = crate::domain::ExtensionName::parse(name)
                .ok()
                .and_then(|ext| registrars::Presets.preset(&ext));
            if let Some(preset) = preset.filter(|_| DEMO_DEFINED.contains(name)) {
                requirement_definition::ActiveModel {
                    extension_id: Set(created.id),
                    details_translations: Set(crate::backend::entities::Translations(
                        preset.details_translations.clone(),
                    )),
                    details: Set(preset.details),
                    items: Set(serde_json::to_string(&preset.items).map_err(AppError::internal)?),
                    source: Set(format!("preset:{}", registrars::Presets.name())),
                    edited_after_import: Set(false),
                    revision: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
        seeded.extensions = DEMO_EXTENSIONS.len();
    }
    if let Some((password, hash)) = admin {
        user::ActiveModel {
            email: Set(DEMO_ADMIN_EMAIL.to_owned()),
            name: Set("Demo admin".to_owned()),
            password_hash: Set(hash),
            role: Set(crate::domain::Role::Admin),
            created_at: Set(now),
            updated_at: Set(now),
            email_verified_at: Set(Some(now)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        seeded.admin = Some((DEMO_ADMIN_EMAIL.to_owned(), password));
    }
    txn.commit().await?;

    if seeded.extensions > 0 {
        info!(count = seeded.extensions, "seeded the demo extension list");
    }
    if let Some((email, password)) = &seeded.admin {
        // Deliberately logged: this is the only way to learn the demo admin's password,
        // and it is shown this once. Set REGDOCS_SEED_DEMO=false in production.
        warn!("demo admin created: e-mail {email}, password {password} (shown only now)");
    }
    Ok(seeded)
}
