//! Requirements in more than one language: the general details of a definition in other
//! languages than English (`requirement_definitions.details_translations`, a JSON object
//! by language code; the items carry their own texts inside `items`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RequirementDefinitions {
    Table,
    DetailsTranslations,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RequirementDefinitions::Table)
                    .add_column(
                        ColumnDef::new(RequirementDefinitions::DetailsTranslations)
                            .text()
                            .not_null()
                            .default("{}"),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RequirementDefinitions::Table)
                    .drop_column(RequirementDefinitions::DetailsTranslations)
                    .to_owned(),
            )
            .await
    }
}
