//! JSON columns for what is JSON: an order's requirements snapshot and the documents a
//! decision froze. On Postgres they become `jsonb` (checked to be JSON, queryable); on
//! SQLite JSON is text already, so nothing changes there.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "ALTER TABLE orders ALTER COLUMN requirements TYPE jsonb USING requirements::jsonb",
        )
        .await?;
        db.execute_unprepared(
            "ALTER TABLE item_attempts ALTER COLUMN document_ids TYPE jsonb USING document_ids::jsonb",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "ALTER TABLE orders ALTER COLUMN requirements TYPE text USING requirements::text",
        )
        .await?;
        db.execute_unprepared(
            "ALTER TABLE item_attempts ALTER COLUMN document_ids TYPE text USING document_ids::text",
        )
        .await?;
        Ok(())
    }
}
