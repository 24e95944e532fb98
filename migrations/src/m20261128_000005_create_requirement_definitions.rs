//! "Extensions that require documents": per extension, the general details and the
//! info/doc items (as JSON, validated by the app), where the definition came from, and a
//! revision number so that two admins editing at once cannot overwrite each other.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RequirementDefinitions::Table)
                    .if_not_exists()
                    .col(pk_auto(RequirementDefinitions::Id))
                    .col(integer_uniq(RequirementDefinitions::ExtensionId))
                    .col(text(RequirementDefinitions::Details))
                    .col(text(RequirementDefinitions::Items))
                    // "manual", or "preset:<module>" when imported from a registrar module.
                    .col(string_len(RequirementDefinitions::Source, 80))
                    .col(boolean(RequirementDefinitions::EditedAfterImport))
                    .col(integer(RequirementDefinitions::Revision))
                    .col(timestamp_with_time_zone(RequirementDefinitions::CreatedAt))
                    .col(timestamp_with_time_zone(RequirementDefinitions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_requirement_definitions_extension")
                            .from(
                                RequirementDefinitions::Table,
                                RequirementDefinitions::ExtensionId,
                            )
                            .to(Extensions::Table, Extensions::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(RequirementDefinitions::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum RequirementDefinitions {
    Table,
    Id,
    ExtensionId,
    Details,
    Items,
    Source,
    EditedAfterImport,
    Revision,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Extensions {
    Table,
    Id,
}
