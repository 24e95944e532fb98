//! The audit trail of orders, the statements admins reuse when they reject items, and
//! the outbox of e-mail (notifications and the e-mail registrar module's messages).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OrderEvents::Table)
                    .if_not_exists()
                    .col(pk_auto(OrderEvents::Id))
                    .col(integer(OrderEvents::OrderId))
                    .col(timestamp_with_time_zone(OrderEvents::At))
                    // Who did it; none for what regdocs did by itself.
                    .col(integer_null(OrderEvents::ActorId))
                    // The actor's name as it was then ("regdocs" for the system).
                    .col(string_len(OrderEvents::ActorName, 200))
                    .col(string_len(OrderEvents::Kind, 40))
                    .col(string_len_null(OrderEvents::ItemKey, 40))
                    // Words the customer sees (a rejection's statement).
                    .col(text_null(OrderEvents::Statement))
                    // Words only admins see (a provider's error, a module's note).
                    .col(text_null(OrderEvents::Detail))
                    .col(boolean(OrderEvents::CustomerVisible))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_order_events_order")
                            .from(OrderEvents::Table, OrderEvents::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_order_events_actor")
                            .from(OrderEvents::Table, OrderEvents::ActorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_order_events_order")
                    .table(OrderEvents::Table)
                    .col(OrderEvents::OrderId)
                    .col(OrderEvents::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReasonTemplates::Table)
                    .if_not_exists()
                    .col(pk_auto(ReasonTemplates::Id))
                    .col(string_len_uniq(ReasonTemplates::Title, 120))
                    .col(text(ReasonTemplates::Statement))
                    .col(timestamp_with_time_zone(ReasonTemplates::CreatedAt))
                    .col(timestamp_with_time_zone(ReasonTemplates::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MailOutbox::Table)
                    .if_not_exists()
                    .col(pk_auto(MailOutbox::Id))
                    // `documents_requested`, `items_rejected`, `registration` ...
                    .col(string_len(MailOutbox::Kind, 40))
                    .col(integer_null(MailOutbox::OrderId))
                    .col(string_len(MailOutbox::ToAddress, 320))
                    .col(string_len(MailOutbox::Subject, 300))
                    .col(text(MailOutbox::Body))
                    // JSON list of the documents attached (id, name, type).
                    .col(text_null(MailOutbox::Attachments))
                    // `queued`, `sent`, `failed` (gave up) or `kept` (no SMTP configured).
                    .col(string_len(MailOutbox::Status, 16))
                    .col(integer(MailOutbox::Attempts))
                    .col(timestamp_with_time_zone(MailOutbox::NextAttemptAt))
                    .col(text_null(MailOutbox::LastError))
                    .col(timestamp_with_time_zone(MailOutbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(MailOutbox::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_mail_outbox_order")
                            .from(MailOutbox::Table, MailOutbox::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mail_outbox_due")
                    .table(MailOutbox::Table)
                    .col(MailOutbox::Status)
                    .col(MailOutbox::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MailOutbox::Table.into_iden(),
            ReasonTemplates::Table.into_iden(),
            OrderEvents::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum OrderEvents {
    Table,
    Id,
    OrderId,
    At,
    ActorId,
    ActorName,
    Kind,
    ItemKey,
    Statement,
    Detail,
    CustomerVisible,
}

#[derive(DeriveIden)]
enum ReasonTemplates {
    Table,
    Id,
    Title,
    Statement,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Id,
    Kind,
    OrderId,
    ToAddress,
    Subject,
    Body,
    Attachments,
    Status,
    Attempts,
    NextAttemptAt,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
