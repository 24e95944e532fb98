//! The one piece of shared state: handed to axum and, through Leptos' context, to every
//! server function.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::{LeptosOptions, use_context};
use sea_orm::DatabaseConnection;

use super::{events::EventBus, mail::Mailer, settings::Settings, storage::DocumentStore};
use crate::error::AppError;

/// Shared by every request handler and server function.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub documents: DocumentStore,
    pub events: EventBus,
    pub mailer: Mailer,
}

/// The [`AppState`] of the request being served, for use in server functions.
///
/// # Errors
/// [`AppError::Internal`] when called outside a request (a wiring bug, logged).
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}
