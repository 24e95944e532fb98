//! Who acts, with what: the one argument of every service that acts for a signed-in
//! account. Server functions get it with [`Ctx::user`] / [`Ctx::admin`]; axum handlers
//! with the [`Ctx`] extractor (which answers 401 without a session).

use axum::{extract::FromRequestParts, http::request::Parts};
use sea_orm::DatabaseConnection;

use crate::backend::{
    accounts::request, entities::user, infra::state::AppState, orders::audit::Actor,
};
use crate::{domain::Role, error::AppError};

/// The shared state and the signed-in account a service acts for.
#[derive(Clone)]
pub struct Ctx {
    pub state: AppState,
    pub user: user::Model,
    /// The API key a billing system acts through, if it is one: the audit trail names
    /// the key, not the account whose rights it uses.
    pub api_key: Option<i32>,
}

impl Ctx {
    /// A context for `user` (tests and background work acting for someone).
    pub fn new(state: AppState, user: user::Model) -> Self {
        Self {
            state,
            user,
            api_key: None,
        }
    }

    /// The same context, acting through API key `id`.
    #[must_use]
    pub fn through_key(mut self, id: i32) -> Self {
        self.api_key = Some(id);
        self
    }

    /// The signed-in account of the current server-function request.
    ///
    /// # Errors
    /// [`AppError::Unauthorized`] when nobody is signed in; database failures.
    pub async fn user() -> Result<Self, AppError> {
        let user = request::require_user().await?;
        Ok(Self::new(crate::backend::infra::state::app_state()?, user))
    }

    /// The signed-in admin of the current server-function request.
    ///
    /// # Errors
    /// [`AppError::Unauthorized`] / [`AppError::Forbidden`] for anyone but an admin.
    pub async fn admin() -> Result<Self, AppError> {
        let user = request::require_admin().await?;
        Ok(Self::new(crate::backend::infra::state::app_state()?, user))
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// The account's id.
    pub fn id(&self) -> i32 {
        self.user.id
    }

    /// Refuses anyone but an admin (services check it again, whoever calls them).
    ///
    /// # Errors
    /// [`AppError::Forbidden`].
    pub fn ensure_admin(&self) -> Result<(), AppError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn is_admin(&self) -> bool {
        self.user.role == Role::Admin
    }

    /// The account, as the audit trail names it.
    pub fn actor(&self) -> Actor {
        self.api_key
            .map_or(Actor::User(self.user.id), Actor::ApiKey)
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let user = request::account_from_headers(state, &parts.headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        Ok(Self::new(state.clone(), user))
    }
}
