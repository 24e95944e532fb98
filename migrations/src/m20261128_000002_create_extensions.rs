//! The extension list: every domain extension the provider sells, with the registrar
//! module that registers it. Requirements for documents hang off this table later.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Extensions::Table)
                    .if_not_exists()
                    .col(pk_auto(Extensions::Id))
                    // Stored lower-case, with the leading dot, IDN labels in punycode.
                    .col(string_uniq(Extensions::Name))
                    .col(string_len(Extensions::RegistrarModule, 64))
                    .col(boolean(Extensions::Enabled))
                    .col(integer(Extensions::Position))
                    .col(timestamp_with_time_zone(Extensions::CreatedAt))
                    .col(timestamp_with_time_zone(Extensions::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_extensions_position")
                    .table(Extensions::Table)
                    .col(Extensions::Position)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Extensions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Extensions {
    Table,
    Id,
    Name,
    RegistrarModule,
    Enabled,
    Position,
    CreatedAt,
    UpdatedAt,
}
