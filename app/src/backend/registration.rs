//! Registration of an order through its extension's registrar module.
//!
//! `approved` / `ready_to_register` / `registration_failed` → start → `registering`;
//! then `registered` or `registration_failed` (with the provider's message), from which
//! it can start again. A manual module only moves the order and tells the admin what to
//! do; the e-mail module sends the values and documents to the provider at once, and a
//! failure to send fails the registration with the reason.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};
use tracing::{info, warn};

use super::{
    audit::{self, Actor, Entry},
    entities::{document, extension, order, order_item, user},
    events::Event,
    extensions::idn_to_unicode,
    mail::{Attachment, NewMail},
    notify::{self, Notice},
    orders::{move_order, requirements_of, status_of},
    registrars::{self, RegistrationStart},
    state::AppState,
};
use crate::{
    domain::{
        audit::AuditKind,
        countries::country_name,
        orders::{ItemStatus, OrderStatus},
        requirements::ItemKind,
    },
    error::AppError,
};

fn publish(state: &AppState, order: &order::Model) {
    state.events.publish(Event::OrderChanged {
        order_id: order.id,
        customer_id: order.customer_id,
    });
}

/// Starts (or, after a failure, retries) the registration of order `id`. Answers the
/// state the order is in afterwards: `registering`, or `registration_failed` when the
/// module could not hand the order over (the reason is in the audit trail and on the
/// admin's page).
///
/// # Errors
/// [`AppError::Conflict`] when the order is not approved / ready / failed, or someone
/// started it meanwhile; [`AppError::NotFound`].
pub async fn start(state: &AppState, admin_id: i32, id: i32) -> Result<OrderStatus, AppError> {
    let db = &state.db;
    let txn = db.begin().await?;
    let order = order::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let from = status_of(&order)?;
    if !from.can_become(OrderStatus::Registering) {
        return Err(AppError::Conflict {
            message: format!(
                "Registration can start only when the order is approved; it is {}.",
                from.label().to_lowercase()
            ),
        });
    }
    let ext = extension::Entity::find_by_id(order.extension_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let module = registrars::module(&ext.registrar_module).ok_or_else(|| AppError::Conflict {
        message: format!(
            "The extension {} uses the registrar module “{}”, which this server does not have.",
            ext.name, ext.registrar_module
        ),
    })?;
    if !move_order(&txn, id, from, OrderStatus::Registering).await? {
        return Err(AppError::Conflict {
            message: "Someone changed this order meanwhile; look at it again.".into(),
        });
    }
    let domain = idn_to_unicode(&order.domain);
    let plan = module.start_registration(&domain);
    let note = match &plan {
        RegistrationStart::Manual { instructions } => {
            format!("{}: {instructions}", module.label())
        }
        RegistrationStart::Email => format!(
            "{}: to {}",
            module.label(),
            state
                .settings
                .registrar_email
                .as_deref()
                .unwrap_or("(no address configured)")
        ),
    };
    audit::record(
        &txn,
        id,
        Actor::User(admin_id),
        Entry::new(AuditKind::RegistrationStarted).detail(&note),
    )
    .await?;

    let mut outcome = OrderStatus::Registering;
    let mut sent_mail = None;
    if plan == RegistrationStart::Email {
        match &state.settings.registrar_email {
            None => {
                let reason = "The e-mail registrar module has no provider address: set REGDOCS_REGISTRAR_EMAIL.";
                fail(&txn, id, Actor::System, reason).await?;
                outcome = OrderStatus::RegistrationFailed;
            }
            Some(to) => {
                let mail = registration_mail(&txn, &order, to).await?;
                sent_mail = Some(state.mailer.queue(&txn, mail).await?);
            }
        }
    }
    txn.commit().await?;
    info!(
        order_id = id,
        module = module.name(),
        "registration started"
    );

    if let Some(mail_id) = sent_mail
        && let Err(reason) = state.mailer.send_now(db, &state.documents, mail_id).await
    {
        warn!(order_id = id, error = %reason, "the registration e-mail was not sent");
        let txn = db.begin().await?;
        fail(
            &txn,
            id,
            Actor::System,
            &format!("The e-mail to the provider was not sent: {reason}"),
        )
        .await?;
        txn.commit().await?;
        outcome = OrderStatus::RegistrationFailed;
    }
    publish(state, &order);
    Ok(outcome)
}

async fn fail(
    db: &impl ConnectionTrait,
    id: i32,
    actor: Actor,
    reason: &str,
) -> Result<(), AppError> {
    if !move_order(
        db,
        id,
        OrderStatus::Registering,
        OrderStatus::RegistrationFailed,
    )
    .await?
    {
        return Err(AppError::Conflict {
            message: "This order is not being registered.".into(),
        });
    }
    audit::record(
        db,
        id,
        actor,
        Entry::new(AuditKind::RegistrationFailed).detail(reason),
    )
    .await
}

/// Marks order `id` registered (the provider confirmed) and tells the customer.
///
/// # Errors
/// [`AppError::Conflict`] unless the order is being registered; [`AppError::NotFound`].
pub async fn mark_registered(state: &AppState, admin_id: i32, id: i32) -> Result<(), AppError> {
    let txn = state.db.begin().await?;
    let order = order::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !move_order(&txn, id, OrderStatus::Registering, OrderStatus::Registered).await? {
        return Err(AppError::Conflict {
            message: format!(
                "Only an order being registered can be marked registered; this one is {}.",
                status_of(&order)?.label().to_lowercase()
            ),
        });
    }
    audit::record(
        &txn,
        id,
        Actor::User(admin_id),
        Entry::new(AuditKind::Registered),
    )
    .await?;
    notify::send(&txn, &state.mailer, id, Notice::Registered).await?;
    txn.commit().await?;
    info!(order_id = id, "domain registered");
    publish(state, &order);
    Ok(())
}

/// Marks the registration of order `id` failed with the provider's `message`; it can be
/// started again.
///
/// # Errors
/// [`AppError::Validation`] on `message` when empty; [`AppError::Conflict`] unless the
/// order is being registered; [`AppError::NotFound`].
pub async fn mark_failed(
    state: &AppState,
    admin_id: i32,
    id: i32,
    message: &str,
) -> Result<(), AppError> {
    let message = message.trim();
    if message.is_empty() {
        return Err(AppError::validation(
            "message",
            "Say what went wrong (the provider's message), so it can be fixed and retried.",
        ));
    }
    let txn = state.db.begin().await?;
    let order = order::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if status_of(&order)? != OrderStatus::Registering {
        return Err(AppError::Conflict {
            message: format!(
                "Only an order being registered can fail; this one is {}.",
                status_of(&order)?.label().to_lowercase()
            ),
        });
    }
    fail(&txn, id, Actor::User(admin_id), message).await?;
    txn.commit().await?;
    publish(state, &order);
    Ok(())
}

/// The e-mail to the provider: who orders what, every approved value, and the approved
/// documents attached.
async fn registration_mail(
    db: &impl ConnectionTrait,
    order: &order::Model,
    to: &str,
) -> Result<NewMail, AppError> {
    let customer = user::Entity::find_by_id(order.customer_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let requirements = requirements_of(order)?;
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(order.id))
        .all(db)
        .await?;
    let documents = document::Entity::find()
        .filter(document::Column::OrderId.eq(order.id))
        .all(db)
        .await?;
    let domain = idn_to_unicode(&order.domain);
    let mut lines = Vec::new();
    let mut attachments = Vec::new();
    for def in requirements.iter().flat_map(|r| &r.items) {
        let Some(item) = items.iter().find(|i| i.item_key == def.key) else {
            continue;
        };
        if ItemStatus::parse(&item.status) != Some(ItemStatus::Approved) {
            continue;
        }
        match &def.kind {
            ItemKind::File { .. } => {
                let files: Vec<&document::Model> = documents
                    .iter()
                    .filter(|d| d.item_key == def.key && d.attempt == item.attempt)
                    .collect();
                let names: Vec<&str> = files.iter().map(|d| d.original_name.as_str()).collect();
                lines.push(format!("{}: attached ({})", def.label, names.join(", ")));
                attachments.extend(files.iter().map(|d| Attachment {
                    document_id: d.id,
                    name: d.original_name.clone(),
                    content_type: d.content_type.clone(),
                }));
            }
            kind => {
                let value = item.value.clone().unwrap_or_default();
                let shown = match kind {
                    ItemKind::Select { options } => options
                        .iter()
                        .find(|o| o.value == value)
                        .map_or(value.clone(), |o| format!("{} ({value})", o.label)),
                    ItemKind::Country => {
                        country_name(&value).map_or(value.clone(), |n| format!("{n} ({value})"))
                    }
                    ItemKind::Checkbox { .. } => "accepted".to_owned(),
                    _ => value,
                };
                lines.push(format!("{} [{}]: {shown}", def.label, def.key));
            }
        }
    }
    let body = format!(
        "Please register {domain} ({ascii}).\n\n\
         Registrant: {name} <{email}>\n\
         Order: regdocs #{id}\n\n\
         Information and documents (approved):\n{list}\n\n\
         Please confirm the registration, or tell us what the registry answered, by replying to this message.\n",
        ascii = order.domain,
        name = customer.name,
        email = customer.email,
        id = order.id,
        list = if lines.is_empty() {
            "(none required)".to_owned()
        } else {
            lines
                .iter()
                .map(|l| format!("- {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        },
    );
    Ok(NewMail {
        kind: "registration",
        order_id: Some(order.id),
        to: to.to_owned(),
        subject: format!("Registration request: {domain}"),
        body,
        attachments,
        immediate: true,
    })
}

/// What the admin's page says about the registration of `order`: instructions while a
/// manual registration runs, the reason of the last failure after one.
///
/// # Errors
/// Database failures.
pub async fn admin_notes(
    db: &impl ConnectionTrait,
    order: &order::Model,
) -> Result<(String, Option<String>, Option<String>), AppError> {
    use sea_orm::QueryOrder;
    let ext = extension::Entity::find_by_id(order.extension_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let module = registrars::module(&ext.registrar_module);
    let label = module.map_or_else(|| ext.registrar_module.clone(), |m| m.label().to_owned());
    let status = status_of(order)?;
    let instructions = match (status, module) {
        (OrderStatus::Registering, Some(m)) => {
            match m.start_registration(&idn_to_unicode(&order.domain)) {
                RegistrationStart::Manual { instructions } => Some(instructions),
                RegistrationStart::Email => Some(
                    "The provider has the values and documents by e-mail. Mark the domain registered when they confirm, or failed with their answer."
                        .to_owned(),
                ),
            }
        }
        _ => None,
    };
    let failure = if status == OrderStatus::RegistrationFailed {
        super::entities::order_event::Entity::find()
            .filter(super::entities::order_event::Column::OrderId.eq(order.id))
            .filter(
                super::entities::order_event::Column::Kind
                    .eq(AuditKind::RegistrationFailed.as_str()),
            )
            .order_by_desc(super::entities::order_event::Column::Id)
            .one(db)
            .await?
            .and_then(|e| e.detail)
    } else {
        None
    };
    Ok((label, instructions, failure))
}
