//! The billing-system API: API keys (only a hash of each is stored), customers and
//! orders known by the billing system's own ids, the answers kept for `Idempotency-Key`,
//! and one-time sign-in links for customers handed over from a billing system.
//!
//! The external ids are unique where set (both databases let several rows leave them
//! empty), so two requests creating the same customer or order at once make one.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    ExternalId,
    Language,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    ExternalId,
}

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    Name,
    Prefix,
    SecretHash,
    Scopes,
    RatePerMinute,
    CreatedBy,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum ApiIdempotency {
    Table,
    KeyId,
    IdemKey,
    Fingerprint,
    Status,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum HandoffLinks {
    Table,
    TokenHash,
    UserId,
    OrderId,
    ApiKeyId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::ExternalId).string_len(128).null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(
                        ColumnDef::new(Users::Language)
                            .string_len(16)
                            .not_null()
                            .default("en"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("users_external_id_key")
                    .table(Users::Table)
                    .col(Users::ExternalId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(ColumnDef::new(Orders::ExternalId).string_len(128).null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("orders_external_id_key")
                    .table(Orders::Table)
                    .col(Orders::ExternalId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiKeys::Table)
                    .col(
                        ColumnDef::new(ApiKeys::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(ApiKeys::Name).string_len(80).not_null())
                    .col(ColumnDef::new(ApiKeys::Prefix).string_len(32).not_null())
                    .col(
                        ColumnDef::new(ApiKeys::SecretHash)
                            .string_len(64)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(ApiKeys::Scopes).string_len(32).not_null())
                    .col(ColumnDef::new(ApiKeys::RatePerMinute).integer().not_null())
                    .col(ColumnDef::new(ApiKeys::CreatedBy).integer().not_null())
                    .col(
                        ColumnDef::new(ApiKeys::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ApiKeys::LastUsedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ApiKeys::RevokedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ApiKeys::Table, ApiKeys::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiIdempotency::Table)
                    .col(ColumnDef::new(ApiIdempotency::KeyId).integer().not_null())
                    .col(
                        ColumnDef::new(ApiIdempotency::IdemKey)
                            .string_len(255)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ApiIdempotency::Fingerprint)
                            .string_len(64)
                            .not_null(),
                    )
                    // Empty while the first request with the key is still being answered.
                    .col(ColumnDef::new(ApiIdempotency::Status).integer().null())
                    .col(ColumnDef::new(ApiIdempotency::Body).text().null())
                    .col(
                        ColumnDef::new(ApiIdempotency::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(ApiIdempotency::KeyId)
                            .col(ApiIdempotency::IdemKey),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ApiIdempotency::Table, ApiIdempotency::KeyId)
                            .to(ApiKeys::Table, ApiKeys::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(HandoffLinks::Table)
                    .col(
                        ColumnDef::new(HandoffLinks::TokenHash)
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(HandoffLinks::UserId).integer().not_null())
                    .col(ColumnDef::new(HandoffLinks::OrderId).integer().null())
                    .col(ColumnDef::new(HandoffLinks::ApiKeyId).integer().not_null())
                    .col(
                        ColumnDef::new(HandoffLinks::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(HandoffLinks::ExpiresAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(HandoffLinks::UsedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(HandoffLinks::Table, HandoffLinks::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(HandoffLinks::Table, HandoffLinks::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            HandoffLinks::Table.into_iden(),
            ApiIdempotency::Table.into_iden(),
            ApiKeys::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("orders_external_id_key")
                    .table(Orders::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .drop_column(Orders::ExternalId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("users_external_id_key")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Users::Language, Users::ExternalId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
