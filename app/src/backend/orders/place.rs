//! Ordering a domain: what it would mean, and placing the order.
//!
//! A name has at most one open (not cancelled) order, whoever placed it: the database
//! keeps that with a partial unique index, so two customers ordering the same new name
//! at the same moment get one order and one clear refusal. A customer learns only that a
//! name is "not available", never who has it.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect, Set, sea_query::LockType,
};
use tracing::{info, instrument};

use crate::{
    backend::{
        accounts::{request, verification::require_verified},
        billing::webhooks,
        catalog::extensions::display_name,
        entities::{extension, order, order_item, requirement_definition, user},
        infra::ctx::Ctx,
        infra::db::{begin_write, is_unique_violation},
        infra::events::Event,
        orders::answers::write_answers,
        orders::audit::{self, Entry},
        orders::notify::{self, Notice},
    },
    domain::{
        DomainName, ExtensionName,
        audit::AuditKind,
        order_view::DomainCheck,
        orders::{ItemStatus, OrderStatus},
        requirements::{ItemKind, Operation, RequirementSet},
    },
    error::AppError,
    i18n::td_string,
};

/// Parses a domain as a customer types it, Unicode names converted to punycode.
///
/// # Errors
/// [`AppError::Validation`] on `domain`.
pub fn parse_domain(input: &str) -> Result<DomainName, AppError> {
    DomainName::parse_typed(input)
        .map_err(|e| AppError::validation("domain", e.text(request::locale())))
}

/// The offered extension `domain` falls under, with its requirements.
async fn offered_extension(
    db: &impl ConnectionTrait,
    domain: &DomainName,
) -> Result<(extension::Model, Option<RequirementSet>), AppError> {
    let enabled = extension::Entity::find()
        .filter(extension::Column::Enabled.eq(true))
        .all(db)
        .await?;
    let names: Vec<ExtensionName> = enabled
        .iter()
        .filter_map(|e| ExtensionName::parse(&e.name).ok())
        .collect();
    let Some(matched) = domain.extension_among(&names) else {
        return Err(AppError::validation(
            "domain",
            td_string!(
                request::locale(),
                refusals.place.extension_not_offered,
                domain = domain
            )
            .to_string(),
        ));
    };
    let ext = enabled
        .into_iter()
        .find(|e| e.name == matched.as_str())
        .ok_or(AppError::NotFound)?;
    let definition = requirement_definition::Entity::find()
        .filter(requirement_definition::Column::ExtensionId.eq(ext.id))
        .one(db)
        .await?;
    let requirements = match definition {
        Some(d) => Some(d.requirements()?),
        None => None,
    };
    Ok((ext, requirements))
}

/// What ordering `domain` would mean.
///
/// # Errors
/// [`AppError::Validation`] on `domain`.
pub async fn check_domain(db: &DatabaseConnection, input: &str) -> Result<DomainCheck, AppError> {
    let domain = parse_domain(input)?;
    let (ext, requirements) = offered_extension(db, &domain).await?;
    Ok(DomainCheck {
        domain: display_name(&format!(".{domain}"))
            .trim_start_matches('.')
            .to_owned(),
        extension: display_name(&ext.name),
        requirements,
    })
}

/// The states in which an order still holds its name and counts against the customer's
/// limit of orders in progress.
fn open_states() -> Vec<OrderStatus> {
    OrderStatus::ALL
        .into_iter()
        .filter(|s| !s.is_final())
        .collect()
}

/// Why `domain` cannot be ordered by `customer_id`: their own order of it, or someone
/// else's (which is all they learn of it).
async fn taken(
    db: &impl ConnectionTrait,
    customer_id: i32,
    domain: &DomainName,
) -> Result<Option<AppError>, AppError> {
    let open = order::Entity::find()
        .filter(order::Column::Domain.eq(domain.as_str()))
        .filter(order::Column::Status.ne(OrderStatus::Cancelled))
        .one(db)
        .await?;
    Ok(open.map(|o| {
        if o.customer_id == customer_id {
            AppError::validation(
                "domain",
                td_string!(
                    request::locale(),
                    refusals.place.ordered_already,
                    domain = domain
                )
                .to_string(),
            )
        } else {
            not_available(domain)
        }
    }))
}

/// The answer to a name someone else holds (all a customer learns of it).
fn not_available(domain: &DomainName) -> AppError {
    AppError::validation(
        "domain",
        td_string!(
            request::locale(),
            refusals.place.not_available,
            domain = domain
        )
        .to_string(),
    )
}

/// What a billing system adds to an order it places through the API.
#[derive(Debug, Clone, Copy)]
pub struct FromBilling<'a> {
    /// The order's id in the billing system: placing it again answers the same order.
    pub external_id: &'a str,
    /// Answers to prefill (info items only; documents come from the customer).
    pub answers: &'a HashMap<String, String>,
}

/// An order placed, or found placed already (the same external id again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub id: i32,
    pub created: bool,
}

/// Places an order for the signed-in customer. With requirements, it waits for the
/// customer ("awaiting documents") holding a copy of the requirements as they are now;
/// without, it is ready to register. No payment step: a billing system or a later
/// payment module would hold the order before this point.
///
/// # Errors
/// [`AppError::NotVerified`] before the e-mail address is confirmed;
/// [`AppError::Validation`] on `domain` (malformed, not offered, or not available);
/// [`AppError::Conflict`] when the customer has the most orders in progress already.
#[instrument(skip(ctx), fields(customer = ctx.id()))]
pub async fn place(ctx: &Ctx, input: &str) -> Result<i32, AppError> {
    place_with(ctx, input, Operation::Register, None)
        .await
        .map(|placed| placed.id)
}

/// The order `external_id` names, if it is the same order (same customer, same name):
/// placing it again answers it; anything else under that id is a conflict.
async fn placed_before(
    db: &impl ConnectionTrait,
    customer_id: i32,
    domain: &DomainName,
    external_id: &str,
) -> Result<Option<Placed>, AppError> {
    let Some(found) = order::Entity::find()
        .filter(order::Column::ExternalId.eq(external_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if found.customer_id == customer_id && found.domain == domain.as_str() {
        Ok(Some(Placed {
            id: found.id,
            created: false,
        }))
    } else {
        Err(AppError::validation(
            "external_id",
            td_string!(request::locale(), refusals.place.external_id_taken),
        ))
    }
}

/// [`place`] of a registration or a transfer (`operation`: the order asks for the items
/// that apply to it), and for a billing system when `billing` is given: the same external id again
/// answers the order placed the first time (also when both arrive at once), and the
/// prefilled answers are saved in the same transaction as the order.
///
/// # Errors
/// As [`place`]; [`AppError::Validation`] on `external_id` when another order has it,
/// and on `answers.<key>` for an answer to no info item.
#[instrument(skip(ctx, billing), fields(customer = ctx.id()))]
pub async fn place_with(
    ctx: &Ctx,
    input: &str,
    operation: Operation,
    billing: Option<FromBilling<'_>>,
) -> Result<Placed, AppError> {
    require_verified(&ctx.user)?;
    let domain = parse_domain(input)?;
    let customer_id = ctx.id();
    let txn = begin_write(ctx.db()).await?;
    // One placement per customer at a time: the count of their open orders holds.
    let customer = user::Entity::find_by_id(customer_id)
        .lock(LockType::NoKeyUpdate)
        .one(&txn)
        .await?;
    // An account being deleted orders nothing more (see `accounts::deletion`).
    if customer.is_none_or(|c| c.deleted_at.is_some()) {
        return Err(AppError::Conflict {
            message: td_string!(request::locale(), refusals.place.account_deleted).to_owned(),
        });
    }
    if let Some(billing) = billing
        && let Some(placed) = placed_before(&txn, customer_id, &domain, billing.external_id).await?
    {
        return Ok(placed);
    }
    let open = order::Entity::find()
        .filter(order::Column::CustomerId.eq(customer_id))
        .filter(order::Column::Status.is_in(open_states()))
        .count(&txn)
        .await?;
    let max_open = u64::from(ctx.state.settings.max_open_orders);
    if open >= max_open {
        return Err(AppError::Conflict {
            message: td_string!(request::locale(), refusals.place.too_many_open, open = open)
                .to_string(),
        });
    }
    let (ext, requirements) = offered_extension(&txn, &domain).await?;
    // A transfer asks for what applies to transfers; nothing asked, nothing to wait for.
    let requirements = requirements
        .map(|r| r.for_operation(operation))
        .filter(RequirementSet::asks_anything);
    if let Some(refusal) = taken(&txn, customer_id, &domain).await? {
        return Err(refusal);
    }
    let now = Utc::now();
    let status = if requirements.is_some() {
        OrderStatus::AwaitingDocuments
    } else {
        OrderStatus::ReadyToRegister
    };
    let inserted = order::ActiveModel {
        customer_id: Set(customer_id),
        extension_id: Set(ext.id),
        domain: Set(domain.as_str().to_owned()),
        status: Set(status),
        requirements: Set(requirements.clone()),
        revision: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(None),
        external_id: Set(billing.map(|b| b.external_id.to_owned())),
        operation: Set(operation),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let created = match inserted {
        Ok(created) => created,
        // A rival ordered the name (or placed the same billing order) between our
        // check and our insert.
        Err(err) if is_unique_violation(&err) => {
            drop(txn);
            if let Some(billing) = billing
                && let Some(placed) =
                    placed_before(ctx.db(), customer_id, &domain, billing.external_id).await?
            {
                return Ok(placed);
            }
            return Err(taken(ctx.db(), customer_id, &domain)
                .await?
                .unwrap_or_else(|| not_available(&domain)));
        }
        Err(err) => return Err(err.into()),
    };
    for item in requirements.iter().flat_map(|r| &r.items) {
        if matches!(item.kind, ItemKind::Notice) {
            continue;
        }
        order_item::ActiveModel {
            order_id: Set(created.id),
            item_key: Set(item.key.clone()),
            status: Set(ItemStatus::Missing),
            value: Set(None),
            attempt: Set(1),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    if let Some(billing) = billing
        && !billing.answers.is_empty()
    {
        check_prefill(requirements.as_ref(), billing.answers)?;
        write_answers(&txn, created.id, billing.answers, now).await?;
    }
    audit::record(&txn, created.id, ctx.actor(), Entry::new(AuditKind::Placed)).await?;
    webhooks::enqueue(&txn, &created, "order.placed").await?;
    if requirements.is_some() {
        notify::send(
            &txn,
            &ctx.state.mailer,
            created.id,
            Notice::DocumentsRequested,
        )
        .await?;
    }
    ctx.state
        .events
        .commit_telling(
            txn,
            Event::OrderChanged {
                order_id: created.id,
                customer_id,
            },
        )
        .await?;
    info!(order_id = created.id, domain = %domain, status = status.as_str(), "order placed");
    Ok(Placed {
        id: created.id,
        created: true,
    })
}

/// Refuses prefilled answers to anything but an info item of the order.
fn check_prefill(
    requirements: Option<&RequirementSet>,
    answers: &HashMap<String, String>,
) -> Result<(), AppError> {
    let locale = request::locale();
    for key in answers.keys() {
        let item = requirements.and_then(|r| r.items.iter().find(|i| &i.key == key));
        let refusal = match item.map(|i| &i.kind) {
            None => td_string!(locale, refusals.place.no_such_item),
            Some(ItemKind::File { .. }) => {
                td_string!(locale, refusals.place.documents_from_customer)
            }
            Some(ItemKind::Notice) => td_string!(locale, refusals.place.notice_takes_no_answer),
            Some(_) => continue,
        };
        return Err(AppError::validation(format!("answers.{key}"), refusal));
    }
    Ok(())
}
