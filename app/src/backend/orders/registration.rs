//! Registration of an order through its extension's registrar module.
//!
//! `approved` / `ready_to_register` / `registration_failed` → start → `registering`;
//! then `registered` or `registration_failed` (with the provider's message), from which
//! it can start again. A manual module only moves the order and tells the admin what to
//! do; the e-mail module sends the values and documents to the provider at once, and a
//! failure to send fails the registration with the reason.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use tracing::{info, warn};

use super::state_text;
use crate::backend::{
    accounts::request,
    catalog::extensions::idn_to_unicode,
    catalog::registrars::{self, RegistrationStart},
    entities::{document, extension, item_attempt, order, order_item, user},
    infra::ctx::Ctx,
    infra::mail::{Attachment, NewMail},
    orders::OrderTx,
    orders::audit::{self, Actor, Entry},
    orders::notify::{self, Notice},
};
use crate::{
    domain::{
        audit::AuditKind,
        countries::country_name,
        orders::{ItemStatus, OrderStatus, RegistrationAction},
        requirements::ItemKind,
    },
    error::AppError,
    i18n::td_string,
};

/// Takes registration step `action` on order `id`.
///
/// # Errors
/// As [`start`], [`mark_registered`] and [`mark_failed`].
pub async fn take_step(
    ctx: &Ctx,
    id: i32,
    action: RegistrationAction,
    message: Option<&str>,
) -> Result<(), AppError> {
    match action {
        RegistrationAction::Start => start(ctx, id).await.map(|_| ()),
        RegistrationAction::Registered => mark_registered(ctx, id).await,
        RegistrationAction::Failed => mark_failed(ctx, id, message.unwrap_or_default()).await,
    }
}

fn require_admin(ctx: &Ctx) -> Result<(), AppError> {
    if ctx.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Starts (or, after a failure, retries) the registration of order `id`. Answers the
/// state the order is in afterwards: `registering`, or `registration_failed` when the
/// module could not hand the order over (the reason is in the audit trail and on the
/// admin's page).
///
/// # Errors
/// [`AppError::Conflict`] when the order is not approved / ready / failed, or someone
/// started it meanwhile; [`AppError::NotFound`].
pub async fn start(ctx: &Ctx, id: i32) -> Result<OrderStatus, AppError> {
    require_admin(ctx)?;
    let state = &ctx.state;
    let mut tx = OrderTx::lock(ctx.db(), id).await?;
    let from = tx.status();
    let locale = request::locale();
    if !from.can_become(OrderStatus::Registering) {
        return Err(AppError::Conflict {
            message: td_string!(
                locale,
                refusals.registration.not_approved,
                state = state_text(locale, from)
            )
            .to_string(),
        });
    }
    let ext = extension::Entity::find_by_id(tx.order().extension_id)
        .one(tx.txn())
        .await?
        .ok_or(AppError::NotFound)?;
    let module = registrars::module(&ext.registrar_module).ok_or_else(|| AppError::Conflict {
        message: td_string!(
            locale,
            refusals.registration.unknown_module,
            extension = &ext.name,
            module = &ext.registrar_module
        )
        .to_string(),
    })?;
    tx.move_to(OrderStatus::Registering).await?;
    let domain = idn_to_unicode(&tx.order().domain);
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
        RegistrationStart::Http => format!(
            "{}: to {}",
            module.label(),
            state
                .settings
                .registrar_http_url
                .as_deref()
                .unwrap_or("(no address configured)")
        ),
    };
    audit::record(
        tx.txn(),
        id,
        ctx.actor(),
        Entry::new(AuditKind::RegistrationStarted).detail(&note),
    )
    .await?;

    let mut outcome = OrderStatus::Registering;
    let mut sent_mail = None;
    let mut post = false;
    if plan == RegistrationStart::Http {
        if state.settings.registrar_http_url.is_some() {
            post = true;
        } else {
            let reason = "The http registrar module has no provider address: set REGDOCS_REGISTRAR_HTTP_URL.";
            fail(&mut tx, Actor::System, reason).await?;
            outcome = OrderStatus::RegistrationFailed;
        }
    }
    if plan == RegistrationStart::Email {
        match &state.settings.registrar_email {
            None => {
                let reason = "The e-mail registrar module has no provider address: set REGDOCS_REGISTRAR_EMAIL.";
                fail(&mut tx, Actor::System, reason).await?;
                outcome = OrderStatus::RegistrationFailed;
            }
            Some(to) => {
                let mail = registration_mail(tx.txn(), tx.order(), to).await?;
                sent_mail = Some(state.mailer.queue(tx.txn(), mail).await?);
            }
        }
    }
    tx.commit(&state.events).await?;
    info!(
        order_id = id,
        module = module.name(),
        "registration started"
    );

    if post {
        outcome = super::http_registrar::submit(state, id).await?;
    }
    if let Some(mail_id) = sent_mail
        && let Err(reason) = state
            .mailer
            .send_now(ctx.db(), &state.documents, mail_id)
            .await
    {
        warn!(order_id = id, error = %reason, "the registration e-mail was not sent");
        let mut tx = OrderTx::lock(ctx.db(), id).await?;
        // Someone may have marked it meanwhile; then their word stands.
        if tx.status() == OrderStatus::Registering {
            fail(
                &mut tx,
                Actor::System,
                &format!("The e-mail to the provider was not sent: {reason}"),
            )
            .await?;
            tx.commit(&state.events).await?;
            outcome = OrderStatus::RegistrationFailed;
        }
    }
    Ok(outcome)
}

pub(crate) async fn fail(tx: &mut OrderTx, actor: Actor, reason: &str) -> Result<(), AppError> {
    tx.move_to(OrderStatus::RegistrationFailed).await?;
    audit::record(
        tx.txn(),
        tx.id(),
        actor,
        Entry::new(AuditKind::RegistrationFailed).detail(reason),
    )
    .await
}

/// Marks order `id` registered (the provider confirmed) and tells the customer.
///
/// # Errors
/// [`AppError::Conflict`] unless the order is being registered; [`AppError::NotFound`].
pub async fn mark_registered(ctx: &Ctx, id: i32) -> Result<(), AppError> {
    require_admin(ctx)?;
    let mut tx = OrderTx::lock(ctx.db(), id).await?;
    let status = tx.status();
    if status != OrderStatus::Registering {
        let locale = request::locale();
        return Err(AppError::Conflict {
            message: td_string!(
                locale,
                refusals.registration.only_registering_registered,
                state = state_text(locale, status)
            )
            .to_string(),
        });
    }
    tx.move_to(OrderStatus::Registered).await?;
    audit::record(tx.txn(), id, ctx.actor(), Entry::new(AuditKind::Registered)).await?;
    notify::send(tx.txn(), &ctx.state.mailer, id, Notice::Registered).await?;
    tx.commit(&ctx.state.events).await?;
    info!(order_id = id, "domain registered");
    Ok(())
}

/// Marks the registration of order `id` failed with the provider's `message`; it can be
/// started again.
///
/// # Errors
/// [`AppError::Validation`] on `message` when empty; [`AppError::Conflict`] unless the
/// order is being registered; [`AppError::NotFound`].
pub async fn mark_failed(ctx: &Ctx, id: i32, message: &str) -> Result<(), AppError> {
    require_admin(ctx)?;
    let message = message.trim();
    let locale = request::locale();
    if message.is_empty() {
        return Err(AppError::validation(
            "message",
            td_string!(locale, refusals.registration.message_to_retry),
        ));
    }
    let mut tx = OrderTx::lock(ctx.db(), id).await?;
    let status = tx.status();
    if status != OrderStatus::Registering {
        return Err(AppError::Conflict {
            message: td_string!(
                locale,
                refusals.registration.only_registering_fails,
                state = state_text(locale, status)
            )
            .to_string(),
        });
    }
    fail(&mut tx, ctx.actor(), message).await?;
    tx.commit(&ctx.state.events).await?;
    Ok(())
}

/// Exactly the documents the approvals of order `order_id` were made on, by the ids
/// frozen with each decision.
///
/// # Errors
/// Database failures.
pub(crate) async fn approved_documents(
    db: &impl ConnectionTrait,
    order_id: i32,
) -> Result<Vec<document::Model>, AppError> {
    // Exactly the documents the approvals were made on, by the ids frozen with them.
    let approved_attempts = item_attempt::Entity::find()
        .filter(item_attempt::Column::OrderId.eq(order_id))
        .filter(item_attempt::Column::Decision.eq(ItemStatus::Approved))
        .all(db)
        .await?;
    let approved_ids: Vec<i32> = approved_attempts
        .iter()
        .flat_map(item_attempt::Model::decided_documents)
        .collect();
    let all = document::Entity::find()
        .filter(document::Column::OrderId.eq(order_id))
        .all(db)
        .await?;
    Ok(all
        .into_iter()
        .filter(|d| {
            approved_ids.contains(&d.id)
                // Approved before the ids were frozen with decisions: the documents of
                // the approved attempt (no upload could reach it after submission).
                || approved_attempts.iter().any(|a| {
                    a.document_ids.is_none() && a.item_key == d.item_key && a.attempt == d.attempt
                })
        })
        .collect())
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
    let requirements = order.requirements.clone();
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(order.id))
        .all(db)
        .await?;
    let documents = approved_documents(db, order.id).await?;
    let domain = idn_to_unicode(&order.domain);
    let mut lines = Vec::new();
    let mut attachments = Vec::new();
    for def in requirements.iter().flat_map(|r| &r.items) {
        let Some(item) = items.iter().find(|i| i.item_key == def.key) else {
            continue;
        };
        if item.status != ItemStatus::Approved {
            continue;
        }
        match &def.kind {
            ItemKind::File { .. } => {
                let files: Vec<&document::Model> =
                    documents.iter().filter(|d| d.item_key == def.key).collect();
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
) -> Result<(String, String, Option<String>, Option<String>), AppError> {
    use sea_orm::QueryOrder;
    let ext = extension::Entity::find_by_id(order.extension_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let module = registrars::module(&ext.registrar_module);
    let label = module.map_or_else(|| ext.registrar_module.clone(), |m| m.label().to_owned());
    let status = order.status;
    let instructions = match (status, module) {
        (OrderStatus::Registering, Some(m)) => {
            match m.start_registration(&idn_to_unicode(&order.domain)) {
                RegistrationStart::Manual { instructions } => Some(instructions),
                RegistrationStart::Email => Some(
                    "The provider has the values and documents by e-mail. Mark the domain registered when they confirm, or failed with their answer."
                        .to_owned(),
                ),
                RegistrationStart::Http => Some(
                    "The provider's system has the order and will report the result through the API. Mark the domain registered or failed here if they confirm another way."
                        .to_owned(),
                ),
            }
        }
        _ => None,
    };
    let failure = if status == OrderStatus::RegistrationFailed {
        crate::backend::entities::order_event::Entity::find()
            .filter(crate::backend::entities::order_event::Column::OrderId.eq(order.id))
            .filter(
                crate::backend::entities::order_event::Column::Kind
                    .eq(AuditKind::RegistrationFailed.as_str()),
            )
            .order_by_desc(crate::backend::entities::order_event::Column::Id)
            .one(db)
            .await?
            .and_then(|e| e.detail)
    } else {
        None
    };
    Ok((ext.registrar_module.clone(), label, instructions, failure))
}

/// What a billing system that registered a domain itself reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported<'a> {
    Registered,
    Failed(&'a str),
}

/// Records the result of a registration made outside regdocs (a billing system's own
/// registrar module): from an approved or ready order, or one being registered. A
/// registered order ends; a failed one can be started again, here or there.
///
/// # Errors
/// [`AppError::Validation`] on `message` when a failure has none; [`AppError::Conflict`]
/// when the order is not waiting for or in its registration; [`AppError::NotFound`].
pub async fn report(ctx: &Ctx, id: i32, outcome: Reported<'_>) -> Result<(), AppError> {
    require_admin(ctx)?;
    let locale = request::locale();
    if let Reported::Failed(message) = outcome
        && message.trim().is_empty()
    {
        return Err(AppError::validation(
            "message",
            td_string!(locale, refusals.registration.message_needed),
        ));
    }
    let mut tx = OrderTx::lock(ctx.db(), id).await?;
    let status = tx.status();
    if status != OrderStatus::Registering {
        if !status.can_become(OrderStatus::Registering) {
            return Err(AppError::Conflict {
                message: td_string!(
                    locale,
                    refusals.registration.nothing_to_report,
                    state = state_text(locale, status)
                )
                .to_string(),
            });
        }
        tx.move_to(OrderStatus::Registering).await?;
    }
    match outcome {
        Reported::Registered => {
            tx.move_to(OrderStatus::Registered).await?;
            audit::record(
                tx.txn(),
                id,
                ctx.actor(),
                Entry::new(AuditKind::Registered).detail("reported by the billing system"),
            )
            .await?;
            notify::send(tx.txn(), &ctx.state.mailer, id, Notice::Registered).await?;
        }
        Reported::Failed(message) => fail(&mut tx, ctx.actor(), message.trim()).await?,
    }
    tx.commit(&ctx.state.events).await?;
    info!(
        order_id = id,
        registered = matches!(outcome, Reported::Registered),
        "registration reported"
    );
    Ok(())
}
