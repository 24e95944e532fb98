//! The document wallet and the retention policy:
//! - a document may reuse the stored object of an earlier, approved one of the same
//!   customer (`documents.reused_from`), so several rows may name one object:
//!   `storage_key` is no longer unique (an index keeps "who else uses this object?"
//!   fast), and `sha256` is indexed to find earlier approvals of the same file;
//! - when an order was closed (registered or cancelled), from which its documents'
//!   retention is counted (`orders.closed_at`; orders closed before are counted from
//!   their last change).
//!
//! SQLite cannot drop a column's `UNIQUE`: the table is rebuilt from its own definition
//! without it, its rows and indexes kept.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Documents {
    Table,
    ReusedFrom,
    StorageKey,
    Sha256,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    ClosedAt,
}

const STORAGE_KEY_INDEX: &str = "idx_documents_storage_key";
const SHA256_INDEX: &str = "idx_documents_sha256";

/// `sql` (a `CREATE TABLE` of SQLite's) without the `UNIQUE` of column `column`.
fn without_unique(sql: &str, column: &str) -> Option<String> {
    let start = sql.find(&format!("\"{column}\""))?;
    let end = sql[start..].find(',').map_or(sql.len(), |i| start + i);
    let at = sql[start..end].find(" UNIQUE")? + start;
    Some(format!("{}{}", &sql[..at], &sql[at + " UNIQUE".len()..]))
}

async fn drop_storage_key_unique(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        db.execute_unprepared(
            r#"ALTER TABLE "documents" DROP CONSTRAINT IF EXISTS "documents_storage_key_key""#,
        )
        .await?;
        return Ok(());
    }
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DatabaseBackend::Sqlite,
            "SELECT type, sql FROM sqlite_master WHERE tbl_name = 'documents' AND sql IS NOT NULL",
        ))
        .await?;
    let mut table = None;
    let mut indexes = Vec::new();
    for row in rows {
        let kind: String = row.try_get("", "type")?;
        let sql: String = row.try_get("", "sql")?;
        if kind == "table" {
            table = Some(sql);
        } else if kind == "index" {
            indexes.push(sql);
        }
    }
    let table = table.ok_or_else(|| DbErr::Migration("no documents table".into()))?;
    let Some(rebuilt) = without_unique(&table, "storage_key") else {
        return Ok(()); // Already without it.
    };
    let rebuilt = rebuilt.replacen("\"documents\"", "\"documents_rebuilt\"", 1);
    if rebuilt == table {
        return Err(DbErr::Migration(
            "cannot read the documents table's definition".into(),
        ));
    }
    // One batch, so that every statement runs on the same connection of the pool.
    let mut batch = vec![
        rebuilt,
        r#"INSERT INTO "documents_rebuilt" SELECT * FROM "documents""#.to_owned(),
        r#"DROP TABLE "documents""#.to_owned(),
        r#"ALTER TABLE "documents_rebuilt" RENAME TO "documents""#.to_owned(),
    ];
    batch.extend(indexes);
    db.execute_unprepared(&batch.join(";\n")).await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_storage_key_unique(manager).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Documents::Table)
                    .add_column(ColumnDef::new(Documents::ReusedFrom).integer().null())
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            (STORAGE_KEY_INDEX, Documents::StorageKey),
            (SHA256_INDEX, Documents::Sha256),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Documents::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(
                        ColumnDef::new(Orders::ClosedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                r#"UPDATE "orders" SET "closed_at" = "updated_at"
                   WHERE "status" IN ('registered', 'cancelled')"#,
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .drop_column(Orders::ClosedAt)
                    .to_owned(),
            )
            .await?;
        for name in [STORAGE_KEY_INDEX, SHA256_INDEX] {
            manager
                .drop_index(Index::drop().name(name).table(Documents::Table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Documents::Table)
                    .drop_column(Documents::ReusedFrom)
                    .to_owned(),
            )
            .await
        // The storage keys stay without their UNIQUE: rows that share one may exist now.
    }
}
