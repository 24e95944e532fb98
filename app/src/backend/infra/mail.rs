//! E-mail: an outbox table every message goes into first (in the transaction of the
//! change it tells about), and a worker that sends what is due over SMTP with retries.
//!
//! Without SMTP settings nothing is sent: messages are *kept* in the outbox, where
//! admins read them in the UI. Sending never blocks nor fails the action that caused
//! it; a message that cannot be sent is retried with a growing pause and given up
//! (`failed`, shown in the outbox) after [`MAX_ATTEMPTS`].

use crate::backend::infra::ctx::Ctx;
use crate::domain::dates;
use std::{sync::Arc, time::Duration};

use chrono::{SubsecRound, Utc};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Attachment as MailAttachment, Mailbox, MultiPart, SinglePart, header::ContentType},
    transport::smtp::authentication::Credentials,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::Expr,
};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use tracing::{info, warn};

use crate::backend::{
    accounts::request,
    entities::{document, mail_outbox},
    infra::settings::{Settings, SmtpSecurity},
    infra::storage::DocumentStore,
};
use crate::error::AppError;
use crate::i18n::td_string;

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i32 = 6;

/// How long the action that queued a message may take to send it itself.
pub const SENDING_LEASE: chrono::Duration = chrono::Duration::minutes(10);

/// How long the worker that claimed a queued message has to send it before another
/// server instance may (longer than an SMTP exchange with its timeouts).
pub const CLAIM_LEASE: chrono::Duration = chrono::Duration::minutes(5);

/// Gives messages whose sender died while sending them (still `sending` after their
/// lease, [`SENDING_LEASE`]) back to the worker; how many.
///
/// # Errors
/// Database failures.
pub async fn requeue_abandoned(
    db: &impl ConnectionTrait,
    now: chrono::DateTime<Utc>,
) -> Result<u64, AppError> {
    let requeued = mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Status, Expr::value(status::QUEUED))
        .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(now))
        .filter(mail_outbox::Column::Status.eq(status::SENDING))
        .filter(mail_outbox::Column::NextAttemptAt.lt(now))
        .exec(db)
        .await?;
    Ok(requeued.rows_affected)
}

/// The whole text of a message to `name`: greeting, `text`, signature, in `locale`.
pub fn letter(locale: crate::i18n::Locale, name: &str, text: &str) -> String {
    format!(
        "{}\n\n{text}\n\n{}\n",
        crate::i18n::td_string!(locale, mail.greeting, name = name),
        crate::i18n::td_string!(locale, mail.signature)
    )
}

/// States of an outbox message.
pub mod status {
    /// Waiting to be sent (or to be tried again).
    pub const QUEUED: &str = "queued";
    pub const SENT: &str = "sent";
    /// Given up after too many failures; an admin may queue it again.
    pub const FAILED: &str = "failed";
    /// Not sent because no SMTP server is configured: read it in the outbox.
    pub const KEPT: &str = "kept";
    /// Being sent by the action that queued it (not by the worker).
    pub const SENDING: &str = "sending";
}

/// A stored document attached to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub document_id: i32,
    pub name: String,
    pub content_type: String,
}

/// A message to put in the outbox.
#[derive(Debug, Clone)]
pub struct NewMail {
    /// What it is about: `documents_requested`, `items_rejected`, `registration` ...
    pub kind: &'static str,
    pub order_id: Option<i32>,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<Attachment>,
    /// Sent at once by the caller with [`Mailer::send_now`] rather than by the worker.
    pub immediate: bool,
}

struct Inner {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    public_url: String,
    wake: Notify,
}

/// Queues and sends e-mail. Cheap to clone.
#[derive(Clone)]
pub struct Mailer {
    inner: Arc<Inner>,
}

impl Mailer {
    /// The mailer the settings describe: SMTP when `REGDOCS_SMTP_HOST` is set, the
    /// keep-in-outbox mode otherwise.
    ///
    /// # Errors
    /// [`AppError::Internal`] for an unusable sender address or SMTP host.
    pub fn from_settings(settings: &Settings) -> Result<Self, AppError> {
        let from: Mailbox = settings
            .mail_from
            .parse()
            .map_err(|e| AppError::internal(format!("REGDOCS_MAIL_FROM: {e}")))?;
        let transport = match &settings.smtp_host {
            None => None,
            Some(host) => {
                let builder = match settings.smtp_security {
                    SmtpSecurity::StartTls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                            .map_err(|e| AppError::internal(format!("REGDOCS_SMTP_HOST: {e}")))?
                    }
                    SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                        .map_err(|e| AppError::internal(format!("REGDOCS_SMTP_HOST: {e}")))?,
                    SmtpSecurity::None => {
                        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                    }
                };
                let mut builder = builder
                    .port(settings.smtp_port)
                    .timeout(Some(Duration::from_secs(30)));
                if let Some(user) = &settings.smtp_username {
                    builder = builder.credentials(Credentials::new(
                        user.clone(),
                        settings
                            .smtp_password
                            .as_ref()
                            .map(|p| p.expose_secret().to_owned())
                            .unwrap_or_default(),
                    ));
                }
                Some(builder.build())
            }
        };
        Ok(Self {
            inner: Arc::new(Inner {
                transport,
                from,
                public_url: settings.public_url.clone(),
                wake: Notify::new(),
            }),
        })
    }

    /// Whether messages are sent (SMTP configured) rather than kept in the outbox.
    pub fn is_sending(&self) -> bool {
        self.inner.transport.is_some()
    }

    /// The address links in messages point to.
    pub fn public_url(&self) -> &str {
        &self.inner.public_url
    }

    /// Puts a message in the outbox, in the caller's transaction. It is sent by the
    /// worker (or kept, without SMTP).
    ///
    /// # Errors
    /// Database failures.
    pub async fn queue(&self, db: &impl ConnectionTrait, mail: NewMail) -> Result<i32, AppError> {
        let now = Utc::now();
        let attachments = if mail.attachments.is_empty() {
            None
        } else {
            Some(serde_json::to_string(&mail.attachments).map_err(AppError::internal)?)
        };
        let row = mail_outbox::ActiveModel {
            kind: Set(mail.kind.to_owned()),
            order_id: Set(mail.order_id),
            to_address: Set(mail.to),
            subject: Set(mail.subject),
            body: Set(mail.body),
            attachments: Set(attachments),
            status: Set(match (self.is_sending(), mail.immediate) {
                (false, _) => status::KEPT,
                (true, false) => status::QUEUED,
                (true, true) => status::SENDING,
            }
            .to_owned()),
            attempts: Set(0),
            // A message being sent by its caller is leased to it: should the process die
            // before it is sent, the sweeper gives it to the worker after the lease.
            next_attempt_at: Set(if self.is_sending() && mail.immediate {
                now + SENDING_LEASE
            } else {
                now
            }),
            last_error: Set(None),
            created_at: Set(now),
            sent_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if !mail.immediate {
            self.inner.wake.notify_one();
        }
        Ok(row.id)
    }

    /// Sends outbox message `id` now, once (the e-mail registrar module, whose admin
    /// wants to know at once). A failure marks it failed and is returned; nothing retries
    /// it by itself. Without SMTP the message stays kept and this succeeds.
    ///
    /// # Errors
    /// The reason the message could not be sent, in words for the admin.
    pub async fn send_now(
        &self,
        db: &DatabaseConnection,
        store: &DocumentStore,
        id: i32,
    ) -> Result<(), String> {
        if !self.is_sending() {
            return Ok(());
        }
        // Still this caller's to send: not requeued (after its lease) and sent by the
        // worker meanwhile.
        let Some(row) = mail_outbox::Entity::find_by_id(id)
            .filter(mail_outbox::Column::Status.eq(status::SENDING))
            .one(db)
            .await
            .map_err(|e| e.to_string())?
        else {
            return Err("the message is no longer waiting to be sent here".into());
        };
        let result = self.send_row(db, store, &row).await;
        let now = Utc::now();
        let update = mail_outbox::Entity::update_many()
            .col_expr(mail_outbox::Column::Attempts, Expr::value(row.attempts + 1))
            .filter(mail_outbox::Column::Id.eq(id))
            .filter(mail_outbox::Column::Status.eq(status::SENDING));
        let update = match &result {
            Ok(()) => update
                .col_expr(mail_outbox::Column::Status, Expr::value(status::SENT))
                .col_expr(mail_outbox::Column::SentAt, Expr::value(Some(now)))
                .col_expr(mail_outbox::Column::LastError, Expr::value(None::<String>)),
            Err(err) => update
                .col_expr(mail_outbox::Column::Status, Expr::value(status::FAILED))
                .col_expr(
                    mail_outbox::Column::LastError,
                    Expr::value(Some(err.clone())),
                ),
        };
        update.exec(db).await.map_err(|e| e.to_string())?;
        result
    }

    /// Sends every queued message that is due, once each. Returns how many were sent
    /// and how many failed this time.
    ///
    /// # Errors
    /// Database failures (a message that cannot be sent is not an error here).
    pub async fn deliver_due(
        &self,
        db: &DatabaseConnection,
        store: &DocumentStore,
    ) -> Result<Delivery, AppError> {
        let mut delivery = Delivery::default();
        if !self.is_sending() {
            return Ok(delivery);
        }
        let now = Utc::now();
        let due = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::Status.eq(status::QUEUED))
            .filter(mail_outbox::Column::NextAttemptAt.lte(now))
            .order_by_asc(mail_outbox::Column::Id)
            .limit(20)
            .all(db)
            .await?;
        for row in due {
            // Claim the message so another server instance does not send it too: only
            // the one whose update finds it unchanged goes on. The lease counts from
            // this claim (not from the batch's start: a slow batch would hand out leases
            // already past), to the microsecond the database keeps.
            let lease = (Utc::now() + CLAIM_LEASE).trunc_subsecs(6);
            let claimed = mail_outbox::Entity::update_many()
                .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(lease))
                .filter(mail_outbox::Column::Id.eq(row.id))
                .filter(mail_outbox::Column::Status.eq(status::QUEUED))
                .filter(mail_outbox::Column::Attempts.eq(row.attempts))
                .filter(mail_outbox::Column::NextAttemptAt.eq(row.next_attempt_at))
                .exec(db)
                .await?;
            if claimed.rows_affected == 0 {
                continue;
            }
            let attempts = row.attempts + 1;
            // The outcome is written only while the claim is still this instance's: one
            // that outlived its lease (another instance took the message over) leaves
            // the other's outcome alone.
            let update = mail_outbox::Entity::update_many()
                .col_expr(mail_outbox::Column::Attempts, Expr::value(attempts))
                .filter(mail_outbox::Column::Id.eq(row.id))
                .filter(mail_outbox::Column::Status.eq(status::QUEUED))
                .filter(mail_outbox::Column::NextAttemptAt.eq(lease));
            match self.send_row(db, store, &row).await {
                Ok(()) => {
                    let written = update
                        .col_expr(mail_outbox::Column::Status, Expr::value(status::SENT))
                        .col_expr(mail_outbox::Column::SentAt, Expr::value(Some(Utc::now())))
                        .col_expr(mail_outbox::Column::LastError, Expr::value(None::<String>))
                        .exec(db)
                        .await?;
                    if written.rows_affected == 0 {
                        warn!(mail_id = row.id, "e-mail sent after its claim lapsed");
                    }
                    info!(mail_id = row.id, kind = %row.kind, "e-mail sent");
                    delivery.sent += 1;
                }
                Err(err) => {
                    warn!(mail_id = row.id, attempts, error = %err, "e-mail not sent");
                    let update =
                        update.col_expr(mail_outbox::Column::LastError, Expr::value(Some(err)));
                    let update = if attempts >= MAX_ATTEMPTS {
                        update.col_expr(mail_outbox::Column::Status, Expr::value(status::FAILED))
                    } else {
                        update.col_expr(
                            mail_outbox::Column::NextAttemptAt,
                            Expr::value(Utc::now() + retry_pause(attempts)),
                        )
                    };
                    update.exec(db).await?;
                    delivery.failed += 1;
                }
            }
        }
        Ok(delivery)
    }

    /// Sends due messages until the process ends: woken by every queued message, and
    /// at least every few seconds for retries that come due.
    pub fn spawn_worker(&self, db: DatabaseConnection, store: DocumentStore) {
        if !self.is_sending() {
            return;
        }
        let mailer = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(err) = mailer.deliver_due(&db, &store).await {
                    warn!(error = %err, "outbox delivery failed");
                }
                let _ = tokio::time::timeout(Duration::from_secs(5), mailer.inner.wake.notified())
                    .await;
            }
        });
    }

    async fn send_row(
        &self,
        db: &DatabaseConnection,
        store: &DocumentStore,
        row: &mail_outbox::Model,
    ) -> Result<(), String> {
        let Some(transport) = &self.inner.transport else {
            return Err("no SMTP server is configured".into());
        };
        let message = build_message(db, store, &self.inner.from, row).await?;
        transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("SMTP: {e}"))
    }
}

/// What one delivery round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub sent: u32,
    pub failed: u32,
}

/// The pause before attempt `attempts + 1`: 30 s, 2 min, 8 min, 32 min, then 2 h.
pub fn retry_pause(attempts: i32) -> chrono::Duration {
    let exp = u32::try_from(attempts.clamp(1, 5) - 1).unwrap_or(0);
    chrono::Duration::seconds((30 * 4_i64.pow(exp)).min(2 * 60 * 60))
}

async fn build_message(
    db: &DatabaseConnection,
    store: &DocumentStore,
    from: &Mailbox,
    row: &mail_outbox::Model,
) -> Result<Message, String> {
    let to: Mailbox = row
        .to_address
        .parse()
        .map_err(|e| format!("the address {} is not usable: {e}", row.to_address))?;
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(row.subject.clone());
    let attachments: Vec<Attachment> = match &row.attachments {
        Some(json) => serde_json::from_str(json).map_err(|e| e.to_string())?,
        None => Vec::new(),
    };
    if attachments.is_empty() {
        return builder
            .header(ContentType::TEXT_PLAIN)
            .body(row.body.clone())
            .map_err(|e| e.to_string());
    }
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(row.body.clone()));
    for attachment in attachments {
        let doc = document::Entity::find_by_id(attachment.document_id)
            .one(db)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("the document {} is gone", attachment.name))?;
        let bytes = store
            .get_bytes(&doc.storage_key)
            .await
            .map_err(|_| format!("the file of {} is gone", attachment.name))?;
        let content_type =
            ContentType::parse(&attachment.content_type).map_err(|e| e.to_string())?;
        parts = parts.singlepart(
            MailAttachment::new(attachment.name.clone()).body(bytes.to_vec(), content_type),
        );
    }
    builder.multipart(parts).map_err(|e| e.to_string())
}

/// One outbox message as the admin's outbox page shows it.
pub type OutboxRow = crate::domain::outbox::OutboxMessage;

/// The outbox, newest first, 50 a page.
///
/// # Errors
/// Database failures.
pub async fn outbox_page(
    ctx: &Ctx,
    page: u64,
) -> Result<crate::domain::outbox::OutboxPage, AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    const PER_PAGE: u64 = 50;
    let total = mail_outbox::Entity::find().count(db).await?;
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let rows = mail_outbox::Entity::find()
        .order_by_desc(mail_outbox::Column::Id)
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
        .all(db)
        .await?;
    let messages = rows
        .into_iter()
        .map(|r| {
            let attachments: Vec<Attachment> = r
                .attachments
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or_default();
            OutboxRow {
                id: r.id,
                kind: r.kind,
                order_id: r.order_id,
                to: r.to_address,
                subject: r.subject,
                body: r.body,
                attachments: attachments.into_iter().map(|a| a.name).collect(),
                status: r.status,
                attempts: r.attempts,
                last_error: r.last_error,
                created_at: dates::moment(r.created_at),
                sent_at: r.sent_at.map(dates::moment),
            }
        })
        .collect();
    Ok(crate::domain::outbox::OutboxPage {
        messages,
        total,
        page,
        pages,
    })
}

/// Queues a failed message again, from a fresh count of attempts.
///
/// # Errors
/// [`AppError::Conflict`] unless the message failed and SMTP is configured;
/// [`AppError::NotFound`].
pub async fn retry(ctx: &Ctx, id: i32) -> Result<(), AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    let mailer = &ctx.state.mailer;
    if !mailer.is_sending() {
        return Err(AppError::Conflict {
            message: td_string!(request::locale(), refusals.mail.no_smtp).to_owned(),
        });
    }
    mail_outbox::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let changed = mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Status, Expr::value(status::QUEUED))
        .col_expr(mail_outbox::Column::Attempts, Expr::value(0))
        .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(Utc::now()))
        .filter(mail_outbox::Column::Id.eq(id))
        .filter(mail_outbox::Column::Status.eq(status::FAILED))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Err(AppError::Conflict {
            message: td_string!(request::locale(), refusals.mail.only_failed).to_owned(),
        });
    }
    mailer.inner.wake.notify_one();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_pause_longer_each_time_up_to_two_hours() {
        let pauses: Vec<i64> = (1..=7).map(|n| retry_pause(n).num_seconds()).collect();
        assert_eq!(pauses, [30, 120, 480, 1920, 7200, 7200, 7200]);
    }
}
