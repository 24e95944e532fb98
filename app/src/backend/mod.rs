//! Server-only parts of the app: configuration, shared state, database entities and
//! the services that work on them. Compiled only with the `ssr` feature.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod ctx;
pub mod db;
pub mod definitions;
pub mod entities;
pub mod events;
pub mod extensions;
pub mod limits;
pub mod mail;
pub mod notify;
pub mod orders;
pub mod password;
pub mod reasons;
pub mod registrars;
pub mod registration;
pub mod request;
pub mod review;
pub mod secrets;
pub mod security;
pub mod seed;
pub mod settings;
pub mod shutdown;
pub mod state;
pub mod storage;
pub mod sweeper;
pub mod throttle;
pub mod verification;
