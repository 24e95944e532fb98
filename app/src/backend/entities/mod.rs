//! SeaORM entities, one module per table.

pub mod extension;
pub mod login_throttle;
pub mod requirement_definition;
pub mod session;
pub mod user;
