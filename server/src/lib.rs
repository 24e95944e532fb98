//! The regdocs HTTP server: configuration, startup, the axum router, request guards,
//! the routes that are not server functions, and the operator CLI. `main.rs` only calls
//! [`cli::main`].

pub mod api_v1;
pub mod cli;
pub mod guards;
pub mod headers;
pub mod metrics;
pub mod routes;
pub mod server_fn_errors;
pub mod startup;
pub mod telemetry;
