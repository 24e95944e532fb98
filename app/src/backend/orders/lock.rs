//! The one way to change an order: [`OrderTx`].
//!
//! It begins a write transaction and locks the order's row in it, so that every change
//! of one order is serialised with every other: on Postgres with `SELECT … FOR UPDATE`
//! on the row; on SQLite the write transaction itself is taken at its start
//! (`BEGIN IMMEDIATE`, see [`begin_write`]), which serialises all writers. Whatever the
//! change then reads (the order's state, its items, the files of an item, the
//! customer's stored bytes) cannot change under it before it commits, so the checks it
//! makes hold when it writes. The order's state moves only through
//! [`OrderTx::move_to`], which follows the domain's transition table; the live event
//! goes out only after the commit ([`OrderTx::commit`]); the webhook deliveries of its
//! moves are written in the same transaction, just before the commit.
//!
//! Dropping an `OrderTx` without committing rolls everything back.

use chrono::Utc;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter,
    QuerySelect,
    sea_query::{Expr, ExprTrait, LockType},
};

use super::state_text;
use crate::{
    backend::{
        accounts::request,
        billing::webhooks,
        entities::{document, order, user},
        infra::ctx::Ctx,
        infra::db::begin_write,
        infra::events::{Event, EventBus},
    },
    domain::orders::OrderStatus,
    error::AppError,
    i18n::td_string,
};

/// A write transaction holding the lock on one order.
pub struct OrderTx {
    txn: DatabaseTransaction,
    order: order::Model,
    /// Every state the order moved to in this change, in order: each is a webhook
    /// event, written with the commit.
    moves: Vec<OrderStatus>,
}

impl OrderTx {
    /// Locks order `id` for a change by anyone (an admin, or regdocs itself).
    ///
    /// # Errors
    /// [`AppError::NotFound`]; [`AppError::Unavailable`] when the database is down.
    pub async fn lock(db: &DatabaseConnection, id: i32) -> Result<Self, AppError> {
        Self::lock_where(db, id, None).await
    }

    /// Locks order `id` for a change by `ctx`: any order for an admin, only their own
    /// for a customer (another's does not exist, as far as they can tell).
    ///
    /// # Errors
    /// [`AppError::NotFound`]; [`AppError::Unavailable`] when the database is down.
    pub async fn lock_for(ctx: &Ctx, id: i32) -> Result<Self, AppError> {
        let owner = (!ctx.is_admin()).then(|| ctx.id());
        Self::lock_where(ctx.db(), id, owner).await
    }

    /// Locks order `id` for a change only its customer makes (answers, documents):
    /// anyone else, admins included, finds no such order.
    ///
    /// # Errors
    /// [`AppError::NotFound`]; [`AppError::Unavailable`] when the database is down.
    pub async fn lock_own(ctx: &Ctx, id: i32) -> Result<Self, AppError> {
        Self::lock_where(ctx.db(), id, Some(ctx.id())).await
    }

    async fn lock_where(
        db: &DatabaseConnection,
        id: i32,
        owner: Option<i32>,
    ) -> Result<Self, AppError> {
        let txn = begin_write(db).await?;
        let mut query = order::Entity::find_by_id(id).lock(LockType::Update);
        if let Some(customer_id) = owner {
            query = query.filter(order::Column::CustomerId.eq(customer_id));
        }
        let order = query.one(&txn).await?.ok_or(AppError::NotFound)?;
        Ok(Self {
            txn,
            order,
            moves: Vec::new(),
        })
    }

    /// The order as it is now, under the lock.
    pub fn order(&self) -> &order::Model {
        &self.order
    }

    pub fn id(&self) -> i32 {
        self.order.id
    }

    /// The order's state, under the lock.
    pub fn status(&self) -> OrderStatus {
        self.order.status
    }

    /// The transaction, for the reads and writes of the change.
    pub fn txn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Also locks the row of the order's customer, for a check across all their orders
    /// (the storage quota), and refuses if the account is being deleted (nothing is
    /// added to it then). Orders are always locked before customers, so two changes
    /// never wait for each other in a circle.
    ///
    /// # Errors
    /// [`AppError::Conflict`] for an account being deleted; database failures.
    pub async fn lock_customer(&self) -> Result<(), AppError> {
        let customer = user::Entity::find_by_id(self.order.customer_id)
            .lock(LockType::NoKeyUpdate)
            .one(&self.txn)
            .await?;
        if customer.is_none_or(|c| c.deleted_at.is_some()) {
            return Err(AppError::Conflict {
                message: td_string!(request::locale(), refusals.order.account_deleted).to_owned(),
            });
        }
        Ok(())
    }

    /// Also locks the rows of the stored (not purged) documents that `which` selects,
    /// and answers them: a purge locks its order's, a reuse the approved document it
    /// uses (of another order of the same customer), so that the two never pass each
    /// other (the purge sees the reuse and keeps the object, or the reuse finds the row
    /// purged).
    ///
    /// # Errors
    /// Database failures.
    pub async fn lock_stored_documents(
        &self,
        which: Condition,
    ) -> Result<Vec<document::Model>, AppError> {
        Ok(document::Entity::find()
            .filter(which)
            .filter(document::Column::PurgedAt.is_null())
            .lock(LockType::Update)
            .all(&self.txn)
            .await?)
    }

    /// Moves the order to `to`, if the transition table allows it from where it is.
    ///
    /// # Errors
    /// [`AppError::Conflict`] for a move the table forbids, saying where the order is.
    pub async fn move_to(&mut self, to: OrderStatus) -> Result<(), AppError> {
        let from = self.status();
        if !from.can_become(to) {
            let locale = request::locale();
            return Err(AppError::Conflict {
                message: td_string!(
                    locale,
                    refusals.order.cannot_become,
                    from = state_text(locale, from),
                    to = state_text(locale, to)
                )
                .to_string(),
            });
        }
        let now = Utc::now();
        let mut update = order::Entity::update_many()
            .col_expr(order::Column::Status, Expr::value(to))
            .col_expr(order::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                order::Column::Revision,
                Expr::col(order::Column::Revision).add(1),
            );
        if to == OrderStatus::UnderReview {
            update = update.col_expr(order::Column::SubmittedAt, Expr::value(Some(now)));
            self.order.submitted_at = Some(now);
        }
        if to.is_final() {
            update = update.col_expr(order::Column::ClosedAt, Expr::value(Some(now)));
            self.order.closed_at = Some(now);
        } else if from.is_final() {
            // Reopened (a re-verification): its documents are needed again.
            update = update.col_expr(
                order::Column::ClosedAt,
                Expr::value(None::<chrono::DateTime<Utc>>),
            );
            self.order.closed_at = None;
        }
        if to == OrderStatus::Registered && self.order.registered_at.is_none() {
            update = update.col_expr(order::Column::RegisteredAt, Expr::value(Some(now)));
            self.order.registered_at = Some(now);
        }
        update
            .filter(order::Column::Id.eq(self.order.id))
            .exec(&self.txn)
            .await?;
        self.order.status = to;
        self.order.updated_at = now;
        self.order.revision += 1;
        self.moves.push(to);
        Ok(())
    }

    /// Commits the change, then tells every live page of it.
    ///
    /// # Errors
    /// Database failures (nothing is changed then, and nobody told).
    pub async fn commit(self, events: &EventBus) -> Result<order::Model, AppError> {
        let event = Event::OrderChanged {
            order_id: self.order.id,
            customer_id: self.order.customer_id,
        };
        self.commit_telling(events, event).await
    }

    /// Commits a change no page needs to hear of (a claim kept alive).
    ///
    /// # Errors
    /// Database failures.
    pub async fn commit_quietly(self) -> Result<(), AppError> {
        self.tell_webhooks().await?;
        self.txn.commit().await?;
        Ok(())
    }

    /// Writes a webhook delivery for each move of this change, in its transaction.
    async fn tell_webhooks(&self) -> Result<(), AppError> {
        for &to in &self.moves {
            if let Some(event) = webhooks::event_for(to) {
                let mut order = self.order.clone();
                order.status = to;
                webhooks::enqueue(&self.txn, &order, event).await?;
            }
        }
        Ok(())
    }

    /// Commits a change only admins follow (a claim), then tells them with `event`.
    ///
    /// # Errors
    /// Database failures (nothing is changed then, and nobody told).
    pub async fn commit_telling(
        self,
        events: &EventBus,
        event: Event,
    ) -> Result<order::Model, AppError> {
        self.tell_webhooks().await?;
        events.commit_telling(self.txn, event).await?;
        Ok(self.order)
    }
}
