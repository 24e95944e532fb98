//! What a document is, beyond its type, measured once when it is uploaded: a picture's
//! size in pixels and a PDF's page count (both null when unknown, e.g. for documents
//! uploaded before this migration or a PDF whose page tree cannot be read).
//!
//! Plain nullable columns, added the same way on Postgres and SQLite.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Documents {
    Table,
    PixelWidth,
    PixelHeight,
    PageCount,
}

const COLUMNS: [Documents; 3] = [
    Documents::PixelWidth,
    Documents::PixelHeight,
    Documents::PageCount,
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for column in COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Documents::Table)
                        .add_column(ColumnDef::new(column).integer().null())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS.into_iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table(Documents::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
