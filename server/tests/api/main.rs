//! The server's integration tests, one binary (one link step, not one per file): the
//! real router started on a free port (`common::spawn_app`), on a throw-away SQLite and
//! a throw-away Postgres database each.

#[macro_use]
mod common;

mod access_control;
mod auth_service;
mod billing_api;
mod billing_client;
mod bulk;
mod cancellation;
mod catalog_admin;
mod claims;
mod concurrency;
mod database;
mod deletion;
mod export;
mod faults;
mod health;
mod housekeeping;
mod http_registrar;
mod instances;
mod languages;
mod limits;
mod mail;
mod measures;
mod metrics;
mod orders;
mod pages_and_headers;
mod queue;
mod registration;
mod reverification;
mod storage;
mod verification;
mod wallet;
mod webhooks;
