//! Database schema migrations for regdocs.
//!
//! Every migration runs on Postgres (production) and SQLite (the zero-setup default):
//! written with sea-query's schema builder where it can say it, else in SQL both read
//! (expression indexes) or per database (Postgres column types). The server
//! applies pending migrations at start; the `migrations` binary is the CLI for
//! operators (`up`, `down`, `status`, `fresh`, ...).

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_create_users;
mod m20261128_000002_create_extensions;
mod m20261128_000003_create_sessions;
mod m20261128_000004_create_login_throttle;
mod m20261128_000005_create_requirement_definitions;
mod m20261128_000006_create_orders;
mod m20261128_000007_create_audit_reasons_outbox;
mod m20261128_000008_integrity;
mod m20261128_000009_json_columns;
mod m20261129_000010_queue_indexes;
mod m20261129_000011_claims;
mod m20261129_000012_document_measures;
mod m20261129_000013_job_leases;
mod m20261129_000014_billing_api;
mod m20261129_000015_webhooks;
mod m20261129_000016_operations;
mod m20261129_000017_erasure;
mod m20261129_000018_document_wallet;
mod m20261129_000019_reverification;
mod m20261129_000020_translated_requirements;

/// The ordered list of every migration regdocs knows.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_create_users::Migration),
            Box::new(m20261128_000002_create_extensions::Migration),
            Box::new(m20261128_000003_create_sessions::Migration),
            Box::new(m20261128_000004_create_login_throttle::Migration),
            Box::new(m20261128_000005_create_requirement_definitions::Migration),
            Box::new(m20261128_000006_create_orders::Migration),
            Box::new(m20261128_000007_create_audit_reasons_outbox::Migration),
            Box::new(m20261128_000008_integrity::Migration),
            Box::new(m20261128_000009_json_columns::Migration),
            Box::new(m20261129_000010_queue_indexes::Migration),
            Box::new(m20261129_000011_claims::Migration),
            Box::new(m20261129_000012_document_measures::Migration),
            Box::new(m20261129_000013_job_leases::Migration),
            Box::new(m20261129_000014_billing_api::Migration),
            Box::new(m20261129_000015_webhooks::Migration),
            Box::new(m20261129_000016_operations::Migration),
            Box::new(m20261129_000017_erasure::Migration),
            Box::new(m20261129_000018_document_wallet::Migration),
            Box::new(m20261129_000019_reverification::Migration),
            Box::new(m20261129_000020_translated_requirements::Migration),
        ]
    }
}
