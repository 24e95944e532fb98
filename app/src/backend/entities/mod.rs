//! SeaORM entities, one module per table.

pub mod extension;
pub mod user;
