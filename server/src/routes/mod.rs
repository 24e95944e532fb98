//! Routes that are not server functions.

pub mod documents;
pub mod events;
pub mod health;
pub mod uploads;
