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
    infra::mail::{Mailer, NewMail},
    orders::audit::{self, Actor, Entry},
};
use crate::{
    domain::{Role, audit::AuditKind, orders::ItemStatus},
    error::AppError,
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
    let greeting = format!("Hello {},\n\n", customer.name);
    let signature = "\n\n-- \nregdocs, domain document management\n";

    let (recipients, subject, body) = match notice {
        Notice::DocumentsRequested => (
            vec![customer.email.clone()],
            format!("Documents needed for {domain}"),
            format!(
                "{greeting}thank you for ordering {domain}. The registry needs some information and \
                 documents before the domain can be registered. Please supply them here:\n\n{link}\n\n\
                 The order stays in progress until you submit them.{signature}"
            ),
        ),
        Notice::Submitted => {
            let admins: Vec<String> = user::Entity::find()
                .filter(user::Column::Role.eq(Role::Admin))
                .filter(user::Column::EmailVerifiedAt.is_not_null())
                .all(db)
                .await?
                .into_iter()
                .map(|u| u.email)
                .collect();
            (
                admins,
                format!("{domain} is waiting for review"),
                format!(
                    "{} ({}) submitted the documents for {domain}. Review them here:\n\n{base}/admin/orders/{order_id}{signature}",
                    customer.name, customer.email
                ),
            )
        }
        Notice::ItemsRejected => {
            let requirements = order.requirements.clone();
            let rejected = rejected_items(db, order_id).await?;
            let lines: Vec<String> = rejected
                .iter()
                .map(|(key, statement)| {
                    let label = requirements
                        .as_ref()
                        .and_then(|r| r.items.iter().find(|i| &i.key == key))
                        .map_or(key.as_str(), |i| i.label.as_str());
                    format!("* {label}: {statement}")
                })
                .collect();
            (
                vec![customer.email.clone()],
                format!("Action required for {domain}"),
                format!(
                    "{greeting}we checked what you sent for {domain}. These items were not accepted:\n\n{}\n\n\
                     Please replace them and submit again:\n\n{link}{signature}",
                    lines.join("\n")
                ),
            )
        }
        Notice::Approved => (
            vec![customer.email.clone()],
            format!("{domain}: everything approved"),
            format!(
                "{greeting}everything you sent for {domain} was approved. We will start the registration \
                 shortly.\n\n{link}{signature}"
            ),
        ),
        Notice::Registered => (
            vec![customer.email.clone()],
            format!("{domain} is registered"),
            format!(
                "{greeting}{domain} is registered. Nothing more is needed from you.\n\n{link}{signature}"
            ),
        ),
        Notice::ReverificationRequested => {
            let asked = order_event::Entity::find()
                .filter(order_event::Column::OrderId.eq(order_id))
                .filter(order_event::Column::Kind.eq(AuditKind::ReverificationRequested.as_str()))
                .order_by_desc(order_event::Column::Id)
                .one(db)
                .await?;
            let items = asked
                .as_ref()
                .and_then(|e| e.detail.clone())
                .unwrap_or_default();
            let why = asked.and_then(|e| e.statement).unwrap_or_default();
            (
                vec![customer.email.clone()],
                format!("{domain}: please confirm your documents again"),
                format!(
                    "{greeting}{domain} is registered. To keep it, the registry needs us to verify \
                     again: {items}.\n\n{why}\n\nPlease supply them here and submit:\n\n{link}{signature}"
                ),
            )
        }
        Notice::Reverified => (
            vec![customer.email.clone()],
            format!("{domain}: verified again"),
            format!(
                "{greeting}what you sent for {domain} was approved. The domain stays registered; \
                 nothing more is needed from you.\n\n{link}{signature}"
            ),
        ),
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
            let why = match cancelled.and_then(|e| e.statement) {
                Some(statement) if !by_customer => {
                    format!("\n\nThe reason we were given:\n\n{statement}")
                }
                _ => String::new(),
            };
            let who = if by_customer {
                format!("your order of {domain} is cancelled, as you asked.")
            } else {
                format!("we have cancelled your order of {domain}.")
            };
            (
                vec![customer.email.clone()],
                format!("{domain}: order cancelled"),
                format!(
                    "{greeting}{who}{why}\n\nNothing more is needed from you.\n\n{link}{signature}"
                ),
            )
        }
    };
    // An address nobody confirmed gets nothing but its confirmation link.
    let recipients: Vec<String> =
        if notice != Notice::Submitted && customer.email_verified_at.is_none() {
            Vec::new()
        } else {
            recipients
        };
    queue(
        db,
        mailer,
        order_id,
        notice.kind(),
        recipients,
        &subject,
        &body,
    )
    .await
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
