//! The e-mail notifications of an order's life: to the customer when documents are
//! requested, when items are rejected (with the statements), when everything is
//! approved and when the domain is registered; to admins when a customer submits.
//!
//! Each is put in the outbox in the caller's transaction (so it exists exactly when the
//! change does) and noted in the order's audit trail for admins. Nothing goes to an
//! address that has not been confirmed.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::backend::{
    catalog::extensions::idn_to_unicode,
    entities::{item_attempt, order, order_event, order_item, user},
    infra::mail::{self, Mailer, NewMail},
    orders::audit::{self, Actor, Entry},
};
use crate::{
    domain::{Role, audit::AuditKind, language, orders::ItemStatus},
    error::AppError,
    i18n::td_string,
};

/// Which message to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    DocumentsRequested,
    /// To every admin.
    Submitted,
    ItemsRejected,
    Approved,
    Registered,
    /// By the customer, or by an admin with a statement.
    Cancelled,
    /// An admin asked again for items of a registered domain.
    ReverificationRequested,
    /// The items asked again were approved: the domain stays registered.
    Reverified,
}

impl Notice {
    fn kind(self) -> &'static str {
        match self {
            Self::DocumentsRequested => "documents_requested",
            Self::Submitted => "submitted",
            Self::ItemsRejected => "items_rejected",
            Self::Approved => "approved",
            Self::Registered => "registered",
            Self::Cancelled => "cancelled",
            Self::ReverificationRequested => "reverification_requested",
            Self::Reverified => "reverified",
        }
    }
}

/// Queues `notice` about order `order_id`.
///
/// # Errors
/// Database failures.
pub async fn send(
    db: &impl ConnectionTrait,
    mailer: &Mailer,
    order_id: i32,
    notice: Notice,
) -> Result<(), AppError> {
    let order = order::Entity::find_by_id(order_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let customer = user::Entity::find_by_id(order.customer_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let domain = idn_to_unicode(&order.domain);
    let base = mailer.public_url();
    let link = format!("{base}/orders/{order_id}");
    // The customer's notices are written in their language `l`; a subject and a text.
    let l = language::or_default(&customer.language);
    let for_customer = |(subject, text): (String, String)| {
        vec![Letter {
            to: customer.email.clone(),
            subject,
            body: mail::letter(l, &customer.name, &text),
        }]
    };

    let letters = match notice {
        Notice::DocumentsRequested => for_customer({
            (
                td_string!(l, mail.documents_requested.subject, domain = &domain).to_string(),
                td_string!(
                    l,
                    mail.documents_requested.body,
                    domain = &domain,
                    link = &link
                )
                .to_string(),
            )
        }),
        Notice::Submitted => {
            let admins = user::Entity::find()
                .filter(user::Column::Role.eq(Role::Admin))
                .filter(user::Column::EmailVerifiedAt.is_not_null())
                .all(db)
                .await?;
            let review = format!("{base}/admin/orders/{order_id}");
            admins
                .into_iter()
                .map(|admin| {
                    // Each admin in theirs.
                    let l = language::or_default(&admin.language);
                    let text = td_string!(
                        l,
                        mail.submitted.body,
                        customer = &customer.name,
                        email = &customer.email,
                        domain = &domain,
                        link = &review
                    )
                    .to_string();
                    Letter {
                        subject: td_string!(l, mail.submitted.subject, domain = &domain)
                            .to_string(),
                        body: mail::letter(l, &admin.name, &text),
                        to: admin.email,
                    }
                })
                .collect()
        }
        Notice::ItemsRejected => {
            let requirements = order.requirements.clone();
            let rejected = rejected_items(db, order_id).await?;
            for_customer({
                let lines: Vec<String> = rejected
                    .iter()
                    .map(|(key, statement)| {
                        let label = requirements
                            .as_ref()
                            .map_or(key.as_str(), |r| r.label_in(key, language::code(l)));
                        format!("* {label}: {statement}")
                    })
                    .collect();
                (
                    td_string!(l, mail.items_rejected.subject, domain = &domain).to_string(),
                    td_string!(
                        l,
                        mail.items_rejected.body,
                        domain = &domain,
                        items = lines.join("\n"),
                        link = &link
                    )
                    .to_string(),
                )
            })
        }
        Notice::Approved => for_customer({
            (
                td_string!(l, mail.approved.subject, domain = &domain).to_string(),
                td_string!(l, mail.approved.body, domain = &domain, link = &link).to_string(),
            )
        }),
        Notice::Registered => for_customer({
            (
                td_string!(l, mail.registered.subject, domain = &domain).to_string(),
                td_string!(l, mail.registered.body, domain = &domain, link = &link).to_string(),
            )
        }),
        Notice::ReverificationRequested => {
            let asked = order_event::Entity::find()
                .filter(order_event::Column::OrderId.eq(order_id))
                .filter(order_event::Column::Kind.eq(AuditKind::ReverificationRequested.as_str()))
                .order_by_desc(order_event::Column::Id)
                .one(db)
                .await?;
            let asked_labels = asked
                .as_ref()
                .and_then(|e| e.detail.clone())
                .unwrap_or_default();
            let items = order.requirements.as_ref().map_or_else(
                || asked_labels.clone(),
                |r| r.labels_in(&asked_labels, language::code(l)),
            );
            let why = asked.and_then(|e| e.statement).unwrap_or_default();
            for_customer({
                (
                    td_string!(l, mail.reverification_requested.subject, domain = &domain)
                        .to_string(),
                    td_string!(
                        l,
                        mail.reverification_requested.body,
                        domain = &domain,
                        items = &items,
                        statement = &why,
                        link = &link
                    )
                    .to_string(),
                )
            })
        }
        Notice::Reverified => for_customer({
            (
                td_string!(l, mail.reverified.subject, domain = &domain).to_string(),
                td_string!(l, mail.reverified.body, domain = &domain, link = &link).to_string(),
            )
        }),
        Notice::Cancelled => {
            let cancelled = order_event::Entity::find()
                .filter(order_event::Column::OrderId.eq(order_id))
                .filter(order_event::Column::Kind.eq(AuditKind::Cancelled.as_str()))
                .order_by_desc(order_event::Column::Id)
                .one(db)
                .await?;
            let by_customer = cancelled
                .as_ref()
                .is_some_and(|e| e.actor_id == Some(customer.id));
            let statement = cancelled.and_then(|e| e.statement).filter(|_| !by_customer);
            for_customer({
                let mut parts = vec![if by_customer {
                    td_string!(l, mail.cancelled.by_customer, domain = &domain).to_string()
                } else {
                    td_string!(l, mail.cancelled.by_staff, domain = &domain).to_string()
                }];
                if let Some(statement) = &statement {
                    parts.push(
                        td_string!(l, mail.cancelled.reason, statement = statement).to_string(),
                    );
                }
                parts.push(td_string!(l, mail.cancelled.nothing_more, link = &link).to_string());
                (
                    td_string!(l, mail.cancelled.subject, domain = &domain).to_string(),
                    parts.join("\n\n"),
                )
            })
        }
    };
    // An address nobody confirmed gets nothing but its confirmation link.
    let letters = if notice != Notice::Submitted && customer.email_verified_at.is_none() {
        Vec::new()
    } else {
        letters
    };
    queue_letters(db, mailer, order_id, notice.kind(), letters).await
}

/// One message to one recipient, in the recipient's language.
#[derive(Debug, Clone)]
pub struct Letter {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Queues `letters` about order `order_id`, each noted in its audit trail for admins.
///
/// # Errors
/// Database failures.
pub async fn queue_letters(
    db: &impl ConnectionTrait,
    mailer: &Mailer,
    order_id: i32,
    kind: &'static str,
    letters: Vec<Letter>,
) -> Result<(), AppError> {
    for Letter { to, subject, body } in letters {
        queue(db, mailer, order_id, kind, vec![to], &subject, &body).await?;
    }
    Ok(())
}

/// Queues one message to each of `recipients` about order `order_id`, each noted in its
/// audit trail for admins.
///
/// # Errors
/// Database failures.
pub async fn queue(
    db: &impl ConnectionTrait,
    mailer: &Mailer,
    order_id: i32,
    kind: &'static str,
    recipients: Vec<String>,
    subject: &str,
    body: &str,
) -> Result<(), AppError> {
    for to in recipients {
        let detail = format!("to {to}: {subject}");
        mailer
            .queue(
                db,
                NewMail {
                    kind,
                    order_id: Some(order_id),
                    to,
                    subject: subject.to_owned(),
                    body: body.to_owned(),
                    attachments: Vec::new(),
                    immediate: false,
                },
            )
            .await?;
        audit::record(
            db,
            order_id,
            Actor::System,
            Entry::new(AuditKind::MailQueued).detail(&detail),
        )
        .await?;
    }
    Ok(())
}

/// The rejected items of an order with the statement of their latest rejection.
async fn rejected_items(
    db: &impl ConnectionTrait,
    order_id: i32,
) -> Result<Vec<(String, String)>, AppError> {
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(order_id))
        .filter(order_item::Column::Status.eq(ItemStatus::Rejected))
        .all(db)
        .await?;
    let mut out = Vec::new();
    for item in items {
        let statement = item_attempt::Entity::find()
            .filter(item_attempt::Column::OrderId.eq(order_id))
            .filter(item_attempt::Column::ItemKey.eq(&item.item_key))
            .filter(item_attempt::Column::Decision.eq(ItemStatus::Rejected))
            .all(db)
            .await?
            .into_iter()
            .max_by_key(|a| a.attempt)
            .and_then(|a| a.statement)
            .unwrap_or_default();
        out.push((item.item_key, statement));
    }
    out.sort();
    Ok(out)
}
