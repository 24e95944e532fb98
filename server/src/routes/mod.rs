//! Routes that are not server functions.

pub mod documents;
pub mod events;
pub mod export;
pub mod handoff;
pub mod health;
pub mod uploads;
