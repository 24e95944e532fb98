//! Orders of domains, their items (the customer's current answer per requirement item),
//! every submitted attempt of an item with its decision, and uploaded documents.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .if_not_exists()
                    .col(pk_auto(Orders::Id))
                    .col(integer(Orders::CustomerId))
                    .col(integer(Orders::ExtensionId))
                    // ASCII (punycode) form, lower case.
                    .col(string_len(Orders::Domain, 253))
                    .col(string_len(Orders::Status, 32))
                    // The requirements as they were when the order was placed (JSON), if any.
                    .col(text_null(Orders::Requirements))
                    .col(integer(Orders::Revision))
                    .col(timestamp_with_time_zone(Orders::CreatedAt))
                    .col(timestamp_with_time_zone(Orders::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Orders::SubmittedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_orders_customer")
                            .from(Orders::Table, Orders::CustomerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_orders_extension")
                            .from(Orders::Table, Orders::ExtensionId)
                            .to(Extensions::Table, Extensions::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_orders_customer")
                    .table(Orders::Table)
                    .col(Orders::CustomerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_orders_status_submitted")
                    .table(Orders::Table)
                    .col(Orders::Status)
                    .col(Orders::SubmittedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrderItems::Table)
                    .if_not_exists()
                    .col(pk_auto(OrderItems::Id))
                    .col(integer(OrderItems::OrderId))
                    .col(string_len(OrderItems::ItemKey, 40))
                    .col(string_len(OrderItems::Status, 16))
                    .col(text_null(OrderItems::Value))
                    // Attempts start at 1; a resubmission after a rejection is the next.
                    .col(integer(OrderItems::Attempt))
                    .col(timestamp_with_time_zone(OrderItems::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_order_items_order")
                            .from(OrderItems::Table, OrderItems::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_order_items_order_key")
                    .table(OrderItems::Table)
                    .col(OrderItems::OrderId)
                    .col(OrderItems::ItemKey)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ItemAttempts::Table)
                    .if_not_exists()
                    .col(pk_auto(ItemAttempts::Id))
                    .col(integer(ItemAttempts::OrderId))
                    .col(string_len(ItemAttempts::ItemKey, 40))
                    .col(integer(ItemAttempts::Attempt))
                    .col(text_null(ItemAttempts::Value))
                    .col(string_len(ItemAttempts::Decision, 16))
                    .col(text_null(ItemAttempts::Statement))
                    .col(timestamp_with_time_zone(ItemAttempts::SubmittedAt))
                    .col(timestamp_with_time_zone_null(ItemAttempts::DecidedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_item_attempts_order")
                            .from(ItemAttempts::Table, ItemAttempts::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_item_attempts_order_key_attempt")
                    .table(ItemAttempts::Table)
                    .col(ItemAttempts::OrderId)
                    .col(ItemAttempts::ItemKey)
                    .col(ItemAttempts::Attempt)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Documents::Table)
                    .if_not_exists()
                    .col(pk_auto(Documents::Id))
                    .col(integer(Documents::OrderId))
                    .col(string_len(Documents::ItemKey, 40))
                    .col(integer(Documents::Attempt))
                    .col(string_len_uniq(Documents::StorageKey, 200))
                    .col(string_len(Documents::OriginalName, 255))
                    .col(string_len(Documents::ContentType, 64))
                    .col(big_integer(Documents::SizeBytes))
                    .col(string_len(Documents::Sha256, 64))
                    .col(timestamp_with_time_zone(Documents::UploadedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_documents_order")
                            .from(Documents::Table, Documents::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_documents_order_item")
                    .table(Documents::Table)
                    .col(Documents::OrderId)
                    .col(Documents::ItemKey)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Documents::Table.into_iden(),
            ItemAttempts::Table.into_iden(),
            OrderItems::Table.into_iden(),
            Orders::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    CustomerId,
    ExtensionId,
    Domain,
    Status,
    Requirements,
    Revision,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum OrderItems {
    Table,
    Id,
    OrderId,
    ItemKey,
    Status,
    Value,
    Attempt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ItemAttempts {
    Table,
    Id,
    OrderId,
    ItemKey,
    Attempt,
    Value,
    Decision,
    Statement,
    SubmittedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum Documents {
    Table,
    Id,
    OrderId,
    ItemKey,
    Attempt,
    StorageKey,
    OriginalName,
    ContentType,
    SizeBytes,
    Sha256,
    UploadedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Extensions {
    Table,
    Id,
}
