//! Requirements and statements in more than one language (JSON columns: `jsonb` on
//! Postgres, text on SQLite): the general details of a
//! definition in other languages than English (`requirement_definitions.details_translations`,
//! a JSON object by language code; the items carry their own texts inside `items`), and
//! a reason template's statement likewise (`reason_templates.statement_translations`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RequirementDefinitions {
    Table,
    DetailsTranslations,
}

#[derive(DeriveIden)]
enum ReasonTemplates {
    Table,
    StatementTranslations,
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
                            .json_binary()
                            .not_null()
                            .default("{}"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ReasonTemplates::Table)
                    .add_column(
                        ColumnDef::new(ReasonTemplates::StatementTranslations)
                            .json_binary()
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
                    .table(ReasonTemplates::Table)
                    .drop_column(ReasonTemplates::StatementTranslations)
                    .to_owned(),
            )
            .await?;
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
