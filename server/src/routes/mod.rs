//! Routes that are not server functions.

pub mod documents;
pub mod health;
pub mod uploads;
