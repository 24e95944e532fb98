//! The regdocs HTTP server: configuration, startup, the axum router and the routes that
//! are not server functions. `main.rs` only calls [`startup::run`].

pub mod headers;
pub mod routes;
pub mod startup;
pub mod telemetry;
