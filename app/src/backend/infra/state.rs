//! The one piece of shared state: handed to axum and, through Leptos' context, to every
//! server function.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::{LeptosOptions, use_context};
use sea_orm::DatabaseConnection;

use crate::backend::{
    accounts::password::HashPool, infra::events::EventBus, infra::limits::PerAccount,
    infra::mail::Mailer, infra::secrets::SigningKey, infra::settings::Settings,
    infra::shutdown::Shutdown, infra::storage::DocumentStore, orders::backlog::Backlog,
};
use crate::error::AppError;

/// Shared by every request handler and server function.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub documents: DocumentStore,
    pub events: EventBus,
    /// The number of orders waiting for review, counted once per change.
    #[from_ref(skip)]
    pub backlog: Backlog,
    pub mailer: Mailer,
    /// Every password hash and verification goes through it.
    pub passwords: HashPool,
    /// Signs links that must not be forged.
    pub signing_key: SigningKey,
    /// Uploads in flight per customer.
    #[from_ref(skip)]
    pub uploads: PerAccount,
    /// Open event streams per account.
    #[from_ref(skip)]
    pub streams: PerAccount,
    /// Fires when the server starts shutting down.
    pub shutdown: Shutdown,
    /// This server instance's name in the job leases (new on every start).
    #[from_ref(skip)]
    pub instance: Arc<str>,
}

/// The [`AppState`] of the request being served, for use in server functions.
///
/// # Errors
/// [`AppError::Internal`] when called outside a request (a wiring bug, logged).
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}
