//! Customers a billing system knows by its own id: created or updated through the API,
//! without a password (they sign in through one-time links the billing system asks
//! for, see [`super::handoff`]). The billing system vouches for the e-mail address, so
//! it counts as confirmed.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use tracing::{info, instrument};

use super::{keys::Caller, parse_external_id};
use crate::{
    backend::{
        accounts::request,
        entities::user,
        infra::{
            db::{begin_write, is_unique_violation},
            state::AppState,
        },
    },
    domain::{
        Role,
        account::{Email, parse_person_name},
    },
    error::AppError,
    i18n::td_string,
};

/// What a stored password hash is for an account that has no password: no PHC string,
/// so no password ever matches it.
const NO_PASSWORD: &str = "!";

/// A customer as the billing system describes them.
#[derive(Debug, Clone)]
pub struct CustomerInput {
    pub name: String,
    pub email: String,
    pub language: Option<String>,
}

/// The customer known by `external_id`.
///
/// # Errors
/// [`AppError::NotFound`]; database failures.
pub async fn find(
    db: &impl sea_orm::ConnectionTrait,
    external_id: &str,
) -> Result<user::Model, AppError> {
    user::Entity::find()
        .filter(user::Column::ExternalId.eq(external_id))
        .filter(user::Column::Role.eq(Role::Customer))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Creates the customer `external_id`, or updates their name, address and language.
/// Answers the account and whether it is new. Sent twice at once, one account is made.
///
/// # Errors
/// [`AppError::Forbidden`] for a read-only key; [`AppError::Validation`] on a field;
/// [`AppError::Conflict`] when another account has the e-mail address.
#[instrument(skip(caller, state, input), fields(key = caller.key.id))]
pub async fn upsert(
    caller: &Caller,
    state: &AppState,
    external_id: &str,
    input: &CustomerInput,
) -> Result<(user::Model, bool), AppError> {
    caller.require_write()?;
    let locale = request::locale();
    let external_id = parse_external_id("external_id", external_id)?;
    let name = parse_person_name(&input.name, locale)?;
    let email = Email::parse(&input.email, locale)?;
    let language = match input.language.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(l) => match crate::domain::language::parse(l) {
            Some(chosen) => Some(crate::domain::language::code(chosen).to_owned()),
            None => {
                let codes = crate::domain::language::all_codes().join(", ");
                return Err(AppError::validation(
                    "language",
                    td_string!(locale, problems.billing.language_choice, codes = &codes)
                        .to_string(),
                ));
            }
        },
    };
    // A rival creating the same customer between our look and our insert: the second
    // round finds its account and updates it.
    for _ in 0..2 {
        let txn = begin_write(&state.db).await?;
        let now = Utc::now();
        let existing = user::Entity::find()
            .filter(user::Column::ExternalId.eq(external_id.as_str()))
            .one(&txn)
            .await?;
        let inserting = existing.is_none();
        let written = match existing {
            Some(found) => {
                if found.role != Role::Customer {
                    return Err(AppError::Conflict {
                        message: td_string!(locale, problems.billing.id_not_customer).to_owned(),
                    });
                }
                let mut active = found.into_active_model();
                active.name = Set(name.clone());
                active.email = Set(email.as_str().to_owned());
                if let Some(language) = &language {
                    active.language = Set(language.clone());
                }
                active.updated_at = Set(now);
                active.update(&txn).await.map(|m| (m, false))
            }
            None => user::ActiveModel {
                email: Set(email.as_str().to_owned()),
                name: Set(name.clone()),
                password_hash: Set(NO_PASSWORD.to_owned()),
                role: Set(Role::Customer),
                created_at: Set(now),
                updated_at: Set(now),
                email_verified_at: Set(Some(now)),
                external_id: Set(Some(external_id.clone())),
                language: Set(language.clone().unwrap_or_else(|| {
                    crate::domain::language::code(crate::i18n::Locale::default()).to_owned()
                })),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map(|m| (m, true)),
        };
        match written {
            Ok((model, created)) => {
                txn.commit().await?;
                if created {
                    info!(user_id = model.id, "customer created through the API");
                }
                return Ok((model, created));
            }
            Err(err) if is_unique_violation(&err) => {
                drop(txn);
                let rival = user::Entity::find()
                    .filter(user::Column::ExternalId.eq(external_id.as_str()))
                    .one(&state.db)
                    .await?;
                if !inserting || rival.is_none() {
                    return Err(AppError::Conflict {
                        message: td_string!(locale, problems.billing.email_taken).to_owned(),
                    });
                }
            }
            Err(err) => return Err(err.into()),
        }
    }
    Err(AppError::Conflict {
        message: td_string!(locale, problems.billing.customer_busy).to_owned(),
    })
}
