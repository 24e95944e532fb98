//! Indexes for the review queue at a million orders: the queue sorts orders of one state
//! (and optionally one extension) by the time they wait since, then by id, and pages by
//! cursor; these indexes hold exactly that order, so a page (the first or the
//! thousandth) reads its 21 index entries and stops. The badge (orders under review)
//! counts entries of one state in the same index. They replace
//! `idx_orders_status_submitted`, which sorted by the submission alone.
//!
//! Expression indexes: the same statement runs on Postgres and SQLite (3.9 and later).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const WAITING_SINCE: &str = "(COALESCE(submitted_at, created_at))";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "CREATE INDEX idx_orders_queue ON orders (status, {WAITING_SINCE}, id)"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE INDEX idx_orders_queue_extension \
             ON orders (status, extension_id, {WAITING_SINCE}, id)"
        ))
        .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_orders_status_submitted")
                    .table(Alias::new("orders"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE INDEX idx_orders_status_submitted ON orders (status, submitted_at)",
        )
        .await?;
        db.execute_unprepared("DROP INDEX idx_orders_queue_extension")
            .await?;
        db.execute_unprepared("DROP INDEX idx_orders_queue").await?;
        Ok(())
    }
}
