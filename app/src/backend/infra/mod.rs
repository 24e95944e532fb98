//! What every service stands on: configuration, shared state, the service context,
//! the database, the document store, live events, e-mail, limits, shutdown and the
//! sweeper of crash leftovers.

pub mod ctx;
pub mod db;
pub mod events;
pub mod gauges;
pub mod housekeeping;
pub mod inspect;
pub mod leases;
pub mod limits;
pub mod mail;
pub mod secrets;
pub mod security;
pub mod settings;
pub mod shutdown;
pub mod state;
pub mod storage;
pub mod sweeper;
