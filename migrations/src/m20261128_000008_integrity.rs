//! Integrity under concurrency and abuse:
//! - at most one open (not cancelled) order per domain name, kept by the database itself
//!   (a partial unique index); orders that already break it are cancelled, newest first;
//! - the documents an admin decided on are frozen on the attempt (`document_ids`, JSON);
//! - e-mail verification (`users.email_verified_at`; accounts that exist already count
//!   as verified, since they were made before verification existed);
//! - `app_secrets`: keys the server generates once and every instance shares (the key
//!   that signs e-mail verification links, unless one is configured).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The partial unique index behind "one open order per name".
const OPEN_ORDER_INDEX: &str = "idx_orders_one_open_per_domain";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Keep the oldest open order of a name; any later one was a race the old code
        // lost, and is cancelled so the index can exist.
        db.execute_unprepared(
            "UPDATE orders SET status = 'cancelled' \
             WHERE status <> 'cancelled' AND EXISTS ( \
               SELECT 1 FROM orders AS older \
               WHERE older.domain = orders.domain AND older.status <> 'cancelled' \
                 AND older.id < orders.id)",
        )
        .await?;
        // Both Postgres and SQLite know partial indexes in this very syntax.
        db.execute_unprepared(&format!(
            "CREATE UNIQUE INDEX {OPEN_ORDER_INDEX} ON orders (domain) WHERE status <> 'cancelled'"
        ))
        .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(ItemAttempts::Table)
                    .add_column(text_null(ItemAttempts::DocumentIds))
                    .to_owned(),
            )
            .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(timestamp_with_time_zone_null(Users::EmailVerifiedAt))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared("UPDATE users SET email_verified_at = created_at")
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AppSecrets::Table)
                    .if_not_exists()
                    .col(string_len(AppSecrets::Name, 64).primary_key())
                    .col(string_len(AppSecrets::Value, 200))
                    .col(timestamp_with_time_zone(AppSecrets::CreatedAt))
                    .to_owned(),
            )
            .await?;

        // Uploads count the files of one attempt of an item under the order's lock.
        manager
            .create_index(
                Index::create()
                    .name("idx_documents_order_item_attempt")
                    .table(Documents::Table)
                    .col(Documents::OrderId)
                    .col(Documents::ItemKey)
                    .col(Documents::Attempt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_documents_order_item_attempt")
                    .table(Documents::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(AppSecrets::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::EmailVerifiedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ItemAttempts::Table)
                    .drop_column(ItemAttempts::DocumentIds)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(OPEN_ORDER_INDEX)
                    .table(Orders::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Orders {
    Table,
}

#[derive(DeriveIden)]
enum ItemAttempts {
    Table,
    DocumentIds,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    EmailVerifiedAt,
}

#[derive(DeriveIden)]
enum AppSecrets {
    Table,
    Name,
    Value,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Documents {
    Table,
    OrderId,
    ItemKey,
    Attempt,
}
