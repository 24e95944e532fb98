//! Reminders: before the approval of a document of a registered domain runs out (its
//! item gives a validity), its customer is told once, `REGDOCS_REMIND_DAYS_BEFORE_EXPIRY`
//! (30) days ahead, so that a current document is at hand when the registry asks again.
//! Each document is reminded of once (`documents.reminded_at`), under its order's lock.
//! The job runs every hour on one instance at a time (its lease); every date is computed
//! from the `now` it is given, so tests control the clock.

use crate::{domain::language, i18n::td_string};
use std::{collections::HashMap, time::Duration};

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use tracing::info;

use super::{OrderTx, notify};
use crate::{
    backend::{
        catalog::extensions::idn_to_unicode,
        entities::{document, item_attempt, order, user},
        infra::{leases, state::AppState},
    },
    domain::{
        dates,
        orders::{ItemStatus, OrderStatus},
        requirements::ItemKind,
    },
    error::AppError,
};

/// Its name in the job leases.
pub const JOB: &str = "reminders";

const EVERY: Duration = Duration::from_secs(60 * 60);

/// Orders looked at per query.
const BATCH: u64 = 200;

/// One item whose approval runs out: its key, the files and the last valid day.
struct Expiring {
    key: String,
    documents: Vec<document::Model>,
    until: DateTime<Utc>,
}

/// The items of registered order `order` whose latest approval runs out before
/// `now + ahead`, with their documents not yet reminded of.
async fn expiring(
    db: &impl ConnectionTrait,
    order: &order::Model,
    ahead: chrono::Duration,
    now: DateTime<Utc>,
) -> Result<Vec<Expiring>, AppError> {
    let Some(requirements) = order.requirements.as_ref() else {
        return Ok(Vec::new());
    };
    let validity: HashMap<&str, u32> = requirements
        .items
        .iter()
        .filter_map(|d| match d.kind {
            ItemKind::File {
                valid_days: Some(days),
                ..
            } => Some((d.key.as_str(), days)),
            _ => None,
        })
        .collect();
    if validity.is_empty() {
        return Ok(Vec::new());
    }
    // The latest approved attempt of each item.
    let mut latest: HashMap<String, item_attempt::Model> = HashMap::new();
    for attempt in item_attempt::Entity::find()
        .filter(item_attempt::Column::OrderId.eq(order.id))
        .filter(item_attempt::Column::Decision.eq(ItemStatus::Approved))
        .all(db)
        .await?
    {
        if latest
            .get(&attempt.item_key)
            .is_none_or(|a| a.attempt < attempt.attempt)
        {
            latest.insert(attempt.item_key.clone(), attempt);
        }
    }
    let documents = document::Entity::find()
        .filter(document::Column::OrderId.eq(order.id))
        .filter(document::Column::RemindedAt.is_null())
        .all(db)
        .await?;
    let mut found = Vec::new();
    for (key, attempt) in latest {
        let Some(&days) = validity.get(key.as_str()) else {
            continue;
        };
        let approved = attempt.decided_at.unwrap_or(attempt.submitted_at);
        let until = approved + chrono::Duration::days(i64::from(days));
        if until - ahead > now {
            continue;
        }
        let docs: Vec<document::Model> = documents
            .iter()
            .filter(|d| d.item_key == key && d.attempt == attempt.attempt)
            .cloned()
            .collect();
        if !docs.is_empty() {
            found.push(Expiring {
                key,
                documents: docs,
                until,
            });
        }
    }
    found.sort_by(|a, b| a.until.cmp(&b.until).then(a.key.cmp(&b.key)));
    Ok(found)
}

/// Reminds the customer of registered order `order_id` of what runs out, under the
/// order's lock; whether a reminder went out.
async fn remind_order(
    state: &AppState,
    order_id: i32,
    ahead: chrono::Duration,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let tx = OrderTx::lock(&state.db, order_id).await?;
    if tx.status() != OrderStatus::Registered {
        return Ok(false);
    }
    let found = expiring(tx.txn(), tx.order(), ahead, now).await?;
    if found.is_empty() {
        return Ok(false);
    }
    let ids: Vec<i32> = found
        .iter()
        .flat_map(|e| e.documents.iter().map(|d| d.id))
        .collect();
    document::Entity::update_many()
        .col_expr(document::Column::RemindedAt, Expr::value(Some(now)))
        .filter(document::Column::Id.is_in(ids))
        .exec(tx.txn())
        .await?;
    let customer = user::Entity::find_by_id(tx.order().customer_id)
        .one(tx.txn())
        .await?
        .ok_or(AppError::NotFound)?;
    let domain = idn_to_unicode(&tx.order().domain);
    let locale = language::or_default(&customer.language);
    let lines: Vec<String> = found
        .iter()
        .map(|e| {
            let files: Vec<&str> = e
                .documents
                .iter()
                .map(|d| d.original_name.as_str())
                .collect();
            td_string!(
                locale,
                mail.expiring.line,
                item = tx
                    .order()
                    .requirements
                    .as_ref()
                    .map_or(e.key.as_str(), |r| r
                        .label_in(&e.key, language::code(locale))),
                files = files.join(", "),
                date = dates::format_utc(locale, &dates::day(e.until))
            )
            .to_string()
        })
        .collect();
    let link = format!("{}/documents", state.mailer.public_url());
    let text = td_string!(
        locale,
        mail.expiring.body,
        domain = &domain,
        items = lines.join("\n"),
        link = &link
    )
    .to_string();
    // An address nobody confirmed gets nothing (the reminder counts as given).
    let letters = if customer.email_verified_at.is_some() {
        vec![notify::Letter {
            to: customer.email.clone(),
            subject: td_string!(locale, mail.expiring.subject, domain = &domain).to_string(),
            body: crate::backend::infra::mail::letter(locale, &customer.name, &text),
        }]
    } else {
        Vec::new()
    };
    notify::queue_letters(
        tx.txn(),
        &state.mailer,
        order_id,
        "documents_expiring",
        letters,
    )
    .await?;
    tx.commit_quietly().await?;
    Ok(true)
}

/// Sends every reminder due at `now`, `ahead` before the approvals run out; how many
/// orders' customers were reminded.
///
/// # Errors
/// Database failures (reminders sent before stay sent).
pub async fn remind_due(
    state: &AppState,
    ahead: chrono::Duration,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let mut after = 0;
    let mut sent = 0;
    loop {
        let orders = order::Entity::find()
            .filter(order::Column::Status.eq(OrderStatus::Registered))
            .filter(order::Column::Id.gt(after))
            .order_by_asc(order::Column::Id)
            .limit(BATCH)
            .all(&state.db)
            .await?;
        let Some(last) = orders.last() else {
            break;
        };
        after = last.id;
        for order in &orders {
            // A look without the lock first (most registered orders have nothing due);
            // what is due is decided again under the order's lock.
            if !expiring(&state.db, order, ahead, now).await?.is_empty()
                && remind_order(state, order.id, ahead, now).await?
            {
                sent += 1;
            }
        }
    }
    if sent > 0 {
        info!(
            orders = sent,
            "reminded customers of documents that run out"
        );
    }
    Ok(sent)
}

/// Sends what is due every hour, from the start, until the server shuts down (on one
/// instance at a time).
pub fn spawn(state: &AppState) {
    leases::spawn_periodic(state, JOB, EVERY, true, |state| async move {
        let ahead = chrono::Duration::days(i64::from(state.settings.remind_days_before_expiry));
        remind_due(&state, ahead, Utc::now()).await.map(|_| ())
    });
}
