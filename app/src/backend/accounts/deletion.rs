//! A customer deletes their account (GDPR art. 17): their open orders are cancelled,
//! the bytes of every document they uploaded are deleted at once, and their personal
//! data is erased or pseudonymised: name and address, sign-in, answers (current and
//! past), file names, their own words in the trail, the e-mails written to them. What the
//! records of the business need stays: each order's domain, states and dates, each
//! document's SHA-256, size, type and the decisions on it, who of the staff decided
//! what and when, and the statements they gave.
//!
//! An order being registered right now cannot be cancelled: the deletion waits for it.
//!
//! Requests of the same customer may run meanwhile (an order being placed, a file
//! arriving). So the account is marked first (`deleted_at`, under the lock of its row):
//! from then on no order is placed for it and no file accepted (both check the mark
//! under the same lock), and what is listed afterwards (orders, then documents, once the
//! orders are cancelled) is everything there is.

use chrono::Utc;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, sea_query::Expr, sea_query::LockType,
};
use tracing::{info, instrument};

use crate::{
    backend::{
        accounts::request,
        entities::{
            document, handoff_link, item_attempt, login_throttle, mail_outbox, order, order_event,
            order_item, session, user,
        },
        infra::{ctx::Ctx, db::begin_write},
        orders::{
            OrderTx,
            audit::{self, Entry},
        },
    },
    domain::{Role, audit::AuditKind, orders::OrderStatus},
    error::AppError,
    i18n::td_string,
};

/// The name a deleted customer keeps in the records.
pub const DELETED_NAME: &str = "Deleted customer";

/// Deletes the account of `ctx` after it typed its e-mail address as `confirmation`.
///
/// # Errors
/// [`AppError::Forbidden`] for admins (operators remove staff); [`AppError::Validation`]
/// on `confirmation`; [`AppError::Conflict`] while one of the orders is being
/// registered; storage and database failures (what was done stays done: running it
/// again finishes it).
#[instrument(skip(ctx, confirmation), fields(user = ctx.id()))]
pub async fn delete_account(ctx: &Ctx, confirmation: &str) -> Result<(), AppError> {
    if ctx.user.role != Role::Customer {
        return Err(AppError::Forbidden);
    }
    let locale = request::locale();
    if !confirmation.trim().eq_ignore_ascii_case(&ctx.user.email) {
        return Err(AppError::validation(
            "confirmation",
            td_string!(locale, refusals.account.delete_confirmation),
        ));
    }
    let db = ctx.db();
    let id = ctx.id();
    let registering = || AppError::Conflict {
        message: td_string!(locale, refusals.account.delete_while_registering).to_owned(),
    };
    let busy = order::Entity::find()
        .filter(order::Column::CustomerId.eq(id))
        .filter(order::Column::Status.eq(OrderStatus::Registering))
        .one(db)
        .await?;
    if busy.is_some() {
        return Err(registering());
    }
    mark(db, id, Some(Utc::now())).await?;
    // Complete now: no order can be placed for a marked account.
    let orders = order::Entity::find()
        .filter(order::Column::CustomerId.eq(id))
        .all(db)
        .await?;
    if orders.iter().any(|o| o.status == OrderStatus::Registering) {
        mark(db, id, None).await?;
        return Err(registering());
    }
    // Every open order ends, each under its lock like any other change.
    for o in orders.iter().filter(|o| !o.status.is_final()) {
        let mut tx = OrderTx::lock(db, o.id).await?;
        if tx.status().is_final() {
            continue;
        }
        if tx.status() == OrderStatus::Registering {
            drop(tx);
            mark(db, id, None).await?;
            return Err(registering());
        }
        tx.move_to(OrderStatus::Cancelled).await?;
        audit::record(
            tx.txn(),
            o.id,
            ctx.actor(),
            Entry::new(AuditKind::Cancelled).statement("The customer deleted their account."),
        )
        .await?;
        tx.commit(&ctx.state.events).await?;
    }
    let order_ids: Vec<i32> = orders.iter().map(|o| o.id).collect();

    // Complete now too: no file is accepted for a marked account, nor for a cancelled
    // order. The bytes first: a failure here leaves the account as it was, to be tried again.
    let documents = document::Entity::find()
        .filter(document::Column::OrderId.is_in(order_ids.clone()))
        .all(db)
        .await?;
    for doc in &documents {
        ctx.state.documents.delete(&doc.storage_key).await?;
    }

    let now = Utc::now();
    let txn = begin_write(db).await?;
    document::Entity::update_many()
        .col_expr(document::Column::PurgedAt, Expr::value(Some(now)))
        .col_expr(document::Column::OriginalName, Expr::value("(erased)"))
        .filter(document::Column::OrderId.is_in(order_ids.clone()))
        .exec(&txn)
        .await?;
    order_item::Entity::update_many()
        .col_expr(order_item::Column::Value, Expr::value(None::<String>))
        .filter(order_item::Column::OrderId.is_in(order_ids.clone()))
        .exec(&txn)
        .await?;
    item_attempt::Entity::update_many()
        .col_expr(item_attempt::Column::Value, Expr::value(None::<String>))
        .filter(item_attempt::Column::OrderId.is_in(order_ids.clone()))
        .exec(&txn)
        .await?;
    // Their own entries: the name goes, and what they wrote (a cancellation's reason).
    order_event::Entity::update_many()
        .col_expr(order_event::Column::ActorName, Expr::value(DELETED_NAME))
        .col_expr(order_event::Column::Statement, Expr::value(None::<String>))
        .filter(order_event::Column::ActorId.eq(id))
        .filter(order_event::Column::Kind.ne(AuditKind::Cancelled.as_str()))
        .exec(&txn)
        .await?;
    order_event::Entity::update_many()
        .col_expr(order_event::Column::ActorName, Expr::value(DELETED_NAME))
        .filter(order_event::Column::ActorId.eq(id))
        .exec(&txn)
        .await?;
    // File names and addresses in the details of their orders' entries.
    order_event::Entity::update_many()
        .col_expr(
            order_event::Column::Detail,
            Expr::value(Some("(erased)".to_owned())),
        )
        .filter(order_event::Column::OrderId.is_in(order_ids.clone()))
        .filter(order_event::Column::Kind.is_in([
            AuditKind::DocumentUploaded.as_str(),
            AuditKind::DocumentRemoved.as_str(),
            AuditKind::MailQueued.as_str(),
        ]))
        .exec(&txn)
        .await?;
    mail_outbox::Entity::update_many()
        .col_expr(
            mail_outbox::Column::ToAddress,
            Expr::value(format!("deleted-{id}@deleted.invalid")),
        )
        .col_expr(
            mail_outbox::Column::Body,
            Expr::value("(erased with the account)"),
        )
        .col_expr(
            mail_outbox::Column::Attachments,
            Expr::value(None::<String>),
        )
        .col_expr(mail_outbox::Column::Status, Expr::value("erased"))
        .filter(
            Condition::any()
                .add(mail_outbox::Column::ToAddress.eq(ctx.user.email.as_str()))
                .add(mail_outbox::Column::OrderId.is_in(order_ids)),
        )
        .exec(&txn)
        .await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    handoff_link::Entity::delete_many()
        .filter(handoff_link::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::Key.contains(ctx.user.email.as_str()))
        .exec(&txn)
        .await?;
    user::Entity::update_many()
        .col_expr(user::Column::Name, Expr::value(DELETED_NAME))
        .col_expr(
            user::Column::Email,
            Expr::value(format!("deleted-{id}@deleted.invalid")),
        )
        .col_expr(user::Column::PasswordHash, Expr::value("!"))
        .col_expr(user::Column::ExternalId, Expr::value(None::<String>))
        .col_expr(
            user::Column::EmailVerifiedAt,
            Expr::value(None::<chrono::DateTime<Utc>>),
        )
        .col_expr(user::Column::DeletedAt, Expr::value(Some(now)))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    info!(user_id = id, documents = documents.len(), "account deleted");
    Ok(())
}

/// Marks the account of `id` as being deleted (`Some`), or not any more after a refusal
/// (`None`), under the lock of its row: placing an order and accepting a file check the
/// mark under the same lock.
async fn mark(
    db: &DatabaseConnection,
    id: i32,
    at: Option<chrono::DateTime<Utc>>,
) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    user::Entity::find_by_id(id)
        .lock(LockType::Update)
        .one(&txn)
        .await?;
    user::Entity::update_many()
        .col_expr(user::Column::DeletedAt, Expr::value(at))
        .filter(user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether `db` still holds `needle` anywhere a customer's data could be (used by the
/// tests that prove an erasure; each table's text columns).
///
/// # Errors
/// Database failures.
pub async fn mentions(db: &impl ConnectionTrait, needle: &str) -> Result<Vec<String>, AppError> {
    let mut found = Vec::new();
    let like = |c: user::Column| c.contains(needle);
    if user::Entity::find()
        .filter(
            Condition::any()
                .add(like(user::Column::Name))
                .add(like(user::Column::Email))
                .add(user::Column::ExternalId.contains(needle)),
        )
        .one(db)
        .await?
        .is_some()
    {
        found.push("users".into());
    }
    let checks: [(&str, bool); 6] = [
        (
            "order_items",
            order_item::Entity::find()
                .filter(order_item::Column::Value.contains(needle))
                .one(db)
                .await?
                .is_some(),
        ),
        (
            "item_attempts",
            item_attempt::Entity::find()
                .filter(item_attempt::Column::Value.contains(needle))
                .one(db)
                .await?
                .is_some(),
        ),
        (
            "documents",
            document::Entity::find()
                .filter(document::Column::OriginalName.contains(needle))
                .one(db)
                .await?
                .is_some(),
        ),
        (
            "order_events",
            order_event::Entity::find()
                .filter(
                    Condition::any()
                        .add(order_event::Column::ActorName.contains(needle))
                        .add(order_event::Column::Statement.contains(needle))
                        .add(order_event::Column::Detail.contains(needle)),
                )
                .one(db)
                .await?
                .is_some(),
        ),
        (
            "mail_outbox",
            mail_outbox::Entity::find()
                .filter(
                    Condition::any()
                        .add(mail_outbox::Column::ToAddress.contains(needle))
                        .add(mail_outbox::Column::Subject.contains(needle))
                        .add(mail_outbox::Column::Body.contains(needle)),
                )
                .one(db)
                .await?
                .is_some(),
        ),
        (
            "login_throttle",
            login_throttle::Entity::find()
                .filter(login_throttle::Column::Key.contains(needle))
                .one(db)
                .await?
                .is_some(),
        ),
    ];
    found.extend(
        checks
            .into_iter()
            .filter(|(_, hit)| *hit)
            .map(|(t, _)| t.to_owned()),
    );
    Ok(found)
}
