//! Orders: placing them (with a snapshot of the requirements), answers and documents,
//! submission for review, decisions on items, cancellation, and the order's state that
//! follows.
//!
//! Every change that depends on what it read goes through [`lock::OrderTx`]: a write
//! transaction holding the lock on the order row, in which the change re-checks its
//! preconditions, moves the order only along the transition table, and after whose
//! commit the live event goes out. Nothing here writes an order's state another way.
//!
//! - [`place`]: ordering a domain (one open order per name, limits per customer);
//! - [`view`]: what the order pages show, and who may see what;
//! - [`answers`]: drafts and submission;
//! - [`documents`]: uploads (staged, then committed under the lock), removal, downloads;
//! - [`decide`]: an admin's decision on an item, and the order's state after the last;
//! - [`cancel`]: the way out of an order; [`claims`]: who reviews an order;
//! - [`registration`]: an approved order's registration through its registrar module
//!   ([`http_registrar`]: the module that POSTs the order to the provider);
//! - [`review`]: the review queue and the pending count; [`reasons`]: reason templates;
//! - [`notify`]: the e-mails an order's life sends; [`audit`]: its audit trail;
//! - [`wallet`]: the customer's documents and their reuse on other orders;
//! - [`retention`]: purging documents' bytes; [`reminders`]: approvals that run out;
//!   [`reverify`]: asking again for items of a registered domain.

pub mod answers;
pub mod audit;
pub mod backlog;
pub mod cancel;
pub mod claims;
pub mod decide;
pub mod documents;
pub mod http_registrar;
pub mod lock;
pub mod notify;
pub mod place;
pub mod reasons;
pub mod registration;
pub mod reminders;
pub mod retention;
pub mod reverify;
pub mod review;
pub mod view;
pub mod wallet;

pub use answers::{save_answers, submit};
pub use cancel::cancel;
pub use decide::{Decision, decide_all, decide_item, decide_many};
pub use documents::{
    UploadTarget, document_for, quota_exceeded, remove_document, store_upload, upload_target,
};
pub use lock::OrderTx;
pub use place::{FromBilling, Placed, check_domain, parse_domain, place, place_with};
pub use view::{is_visible_to, list_for, view};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Statement};

use super::{
    accounts::request,
    entities::{document, order},
};
use crate::{
    domain::{dates, order_view::DocumentView, orders::OrderStatus, requirements::Pixels},
    error::AppError,
    i18n::{Locale, td_string},
};

/// The order `id` if `customer_id` owns it; [`AppError::NotFound`] otherwise (another
/// customer's order does not exist, as far as they can tell).
async fn owned(
    db: &impl ConnectionTrait,
    customer_id: i32,
    id: i32,
) -> Result<order::Model, AppError> {
    order::Entity::find_by_id(id)
        .filter(order::Column::CustomerId.eq(customer_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Refuses unless the customer may change the order's answers and documents now.
fn editable(order: &order::Model) -> Result<OrderStatus, AppError> {
    let status = order.status;
    if status.customer_can_edit() {
        Ok(status)
    } else {
        let locale = request::locale();
        Err(AppError::Conflict {
            message: td_string!(
                locale,
                refusals.order.not_editable,
                state = state_text(locale, status)
            )
            .to_string(),
        })
    }
}

/// The state `status` as a refusal names it mid-sentence ("under review"), in `locale`:
/// its own words, because a state's label starts a line and Turkish cannot simply be
/// lowercased (İ).
fn state_text(locale: Locale, status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::AwaitingDocuments => {
            td_string!(locale, refusals.order_state.awaiting_documents)
        }
        OrderStatus::UnderReview => td_string!(locale, refusals.order_state.under_review),
        OrderStatus::ActionRequired => td_string!(locale, refusals.order_state.action_required),
        OrderStatus::Approved => td_string!(locale, refusals.order_state.approved),
        OrderStatus::Registering => td_string!(locale, refusals.order_state.registering),
        OrderStatus::Registered => td_string!(locale, refusals.order_state.registered),
        OrderStatus::RegistrationFailed => {
            td_string!(locale, refusals.order_state.registration_failed)
        }
        OrderStatus::ReadyToRegister => {
            td_string!(locale, refusals.order_state.ready_to_register)
        }
        OrderStatus::Cancelled => td_string!(locale, refusals.order_state.cancelled),
    }
}

/// A picture's size as measured at upload, if it was one.
fn pixels_of(d: &document::Model) -> Option<Pixels> {
    d.pixel_width
        .zip(d.pixel_height)
        .and_then(|(w, h)| Some(Pixels::new(u32::try_from(w).ok()?, u32::try_from(h).ok()?)))
}

fn document_view(d: &document::Model) -> DocumentView {
    DocumentView {
        id: d.id,
        name: d.original_name.clone(),
        content_type: d.content_type.clone(),
        size_bytes: u64::try_from(d.size_bytes).unwrap_or(0),
        attempt: d.attempt,
        pixels: pixels_of(d),
        pages: d.page_count.and_then(|n| u32::try_from(n).ok()),
        purged_at: d.purged_at.map(dates::moment),
        reused: d.reused_from.is_some(),
        approved_before: None,
    }
}

/// The names of the accounts `ids` (admins who decided or claimed), by id; one query,
/// none for no id.
///
/// # Errors
/// Database failures.
pub(crate) async fn account_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<std::collections::HashMap<i32, String>, AppError> {
    let ids: std::collections::BTreeSet<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(super::entities::user::Entity::find()
        .select_only()
        .column(super::entities::user::Column::Id)
        .column(super::entities::user::Column::Name)
        .filter(super::entities::user::Column::Id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Bytes of documents this customer has stored (one query, whatever their number): each
/// stored object once, however many of their documents reuse it; purged ones not.
async fn stored_bytes(db: &impl ConnectionTrait, customer_id: i32) -> Result<u64, AppError> {
    // SUM of a bigint is a numeric on Postgres: cast back so both databases answer i64.
    let sql = r#"SELECT CAST(COALESCE(SUM("size_bytes"), 0) AS BIGINT) AS "total" FROM (
        SELECT DISTINCT "documents"."storage_key", "documents"."size_bytes"
        FROM "documents" JOIN "orders" ON "orders"."id" = "documents"."order_id"
        WHERE "orders"."customer_id" = $1 AND "documents"."purged_at" IS NULL
    ) AS "stored""#;
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [customer_id.into()],
        ))
        .await?;
    let total: i64 = match row {
        Some(row) => row.try_get("", "total")?,
        None => 0,
    };
    Ok(u64::try_from(total).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_each_state_as_its_label_in_lowercase() {
        for status in OrderStatus::ALL {
            assert_eq!(
                state_text(Locale::en, status),
                status.label().to_lowercase()
            );
            assert!(!state_text(Locale::tr, status).is_empty());
        }
        assert_eq!(
            state_text(Locale::tr, OrderStatus::UnderReview),
            "incelemede"
        );
    }
}
