//! Server-only parts of the app, compiled only with the `ssr` feature, in five groups:
//!
//! - [`infra`]: what every service stands on: configuration, the shared state and the
//!   service context, the database and its transactions, the document store, live
//!   events, e-mail, limits, shutdown, the sweeper;
//! - [`accounts`]: sign-up and sign-in, sessions, password hashing, throttling,
//!   e-mail verification, who is asking;
//! - [`catalog`]: extensions, their requirement definitions, registrar modules and
//!   presets, the public catalog, the demo seed, the admin overview;
//! - [`orders`]: orders from placement to registration (and cancellation), the review
//!   queue, decisions, reason templates, notifications and the audit trail.
//!
//! - [`billing`]: what a billing system uses through the REST API: keys, customers and
//!   orders by external id, idempotency, sign-in links, requirements as JSON Schema.
//!
//! [`entities`] are the SeaORM tables they share.

pub mod accounts;
pub mod billing;
pub mod catalog;
pub mod entities;
pub mod infra;
pub mod orders;
