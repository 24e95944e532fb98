//! Claims and who decided: an admin may claim an order ("Ayşe is reviewing"), held until
//! `claimed_until` (extended while the admin works on it, cleared after inactivity), and
//! every decision on an item keeps the admin who made it.
//!
//! Plain nullable columns, added the same way on Postgres and SQLite.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Orders {
    Table,
    ClaimedBy,
    ClaimedUntil,
}

#[derive(DeriveIden)]
enum ItemAttempts {
    Table,
    DecidedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(ColumnDef::new(Orders::ClaimedBy).integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(
                        ColumnDef::new(Orders::ClaimedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ItemAttempts::Table)
                    .add_column(ColumnDef::new(ItemAttempts::DecidedBy).integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ItemAttempts::Table)
                    .drop_column(ItemAttempts::DecidedBy)
                    .to_owned(),
            )
            .await?;
        for column in [Orders::ClaimedUntil, Orders::ClaimedBy] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Orders::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
