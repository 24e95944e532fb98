//! What changed in an order, told to screen readers: a polite live region above the part
//! of the page that re-renders, fed with what changed (as [`OrderView::news_since`] says
//! it, in the reader's language) each time the page loads the order again. It speaks once
//! per change (a decision, a replacement, a new state) and stays quiet on reloads that
//! changed nothing a person waits for.

use leptos::prelude::*;

use crate::{
    components::status::order_status_text,
    domain::order_view::{News, OrderView},
    error::AppError,
    i18n::{Locale, td_string, use_i18n},
};

/// The live region of an order page, following `order` (the page's resource).
#[component]
pub fn OrderNews(order: Resource<Result<OrderView, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let news = RwSignal::new(String::new());
    let seen = StoredValue::new(None::<OrderView>);
    Effect::new(move |_| {
        if let Some(Ok(now)) = order.get() {
            // Untracked: a change of language alone is no news.
            let locale = i18n.get_locale_untracked();
            let said =
                seen.with_value(|before| before.as_ref().and_then(|b| news_since(locale, &now, b)));
            if let Some(said) = said {
                news.set(said);
            }
            seen.set_value(Some(now));
        }
    });
    view! {
        <p class="visually-hidden" role="status" aria-live="polite" id="order-news">{move || news.get()}</p>
    }
}

/// What changed in `now` since `before` ([`OrderView::news_since`]) in a sentence or a
/// few in `locale` ("Passport was rejected: The photo is blurred. Order status: Action
/// required."), each item named as the reader's language names it; `None` when nothing
/// changed that a person waits for.
fn news_since(locale: Locale, now: &OrderView, before: &OrderView) -> Option<String> {
    let language = crate::domain::language::code(locale);
    let label = |key: &str| {
        now.requirements
            .as_ref()
            .map_or(key, |r| r.label_in(key, language))
            .to_owned()
    };
    let said: Vec<String> = now
        .news_since(before)
        .into_iter()
        .map(|news| match news {
            News::Approved(key) => {
                td_string!(locale, order.news.approved, label = label(&key)).to_string()
            }
            News::Rejected {
                key,
                statement: Some(statement),
            } => td_string!(
                locale,
                order.news.rejected_because,
                label = label(&key),
                statement
            )
            .to_string(),
            News::Rejected {
                key,
                statement: None,
            } => td_string!(locale, order.news.rejected, label = label(&key)).to_string(),
            News::Replaced(key) => td_string!(
                locale,
                order.news.replacement_submitted,
                label = label(&key)
            )
            .to_string(),
            News::Status(status) => {
                let status = order_status_text(locale, status);
                td_string!(locale, order.news.order_status, status).to_string()
            }
        })
        .collect();
    (!said.is_empty()).then(|| said.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        order_view::ItemView,
        orders::{ItemStatus, OrderStatus},
        requirements::{ItemDef, ItemKind, Operation, RequirementSet},
    };

    fn order(status: OrderStatus, items: &[(&str, ItemStatus, i32)]) -> OrderView {
        let def = |key: &str| ItemDef {
            translations: Default::default(),
            applies_to: Default::default(),
            key: key.to_owned(),
            label: format!("Label of {key}"),
            explanation: String::new(),
            required: true,
            kind: ItemKind::Country,
            condition: None,
        };
        OrderView {
            id: 7,
            domain: "example.us".into(),
            extension: "us".into(),
            status,
            operation: Operation::Register,
            requirements: Some(RequirementSet {
                details_translations: Default::default(),
                details: String::new(),
                items: items.iter().map(|(k, ..)| def(k)).collect(),
            }),
            items: items
                .iter()
                .map(|(key, status, attempt)| ItemView {
                    key: (*key).to_owned(),
                    status: *status,
                    value: None,
                    attempt: *attempt,
                    documents: Vec::new(),
                    statement: (*status == ItemStatus::Rejected).then(|| "Too blurred.".to_owned()),
                    history: Vec::new(),
                    reusable: Vec::new(),
                })
                .collect(),
            created_at: String::new(),
            registered_at: None,
            quota_used_bytes: 0,
            quota_bytes: 0,
            trail: Vec::new(),
            admin: None,
            claim: None,
        }
    }

    use ItemStatus as I;
    use OrderStatus as O;

    #[test]
    fn a_reload_without_changes_says_nothing() {
        let now = order(
            O::UnderReview,
            &[("a", I::Submitted, 1), ("b", I::Submitted, 1)],
        );
        assert_eq!(news_since(Locale::en, &now, &now.clone()), None);
        // A draft saved or a file added is the customer's own doing, not news.
        let before = order(O::AwaitingDocuments, &[("a", I::Missing, 1)]);
        let after = order(O::AwaitingDocuments, &[("a", I::Draft, 1)]);
        assert_eq!(news_since(Locale::en, &after, &before), None);
    }

    #[test]
    fn decisions_and_the_new_state_are_told_in_one_sentence() {
        let before = order(
            O::UnderReview,
            &[("a", I::Submitted, 1), ("b", I::Submitted, 1)],
        );
        let after = order(
            O::ActionRequired,
            &[("a", I::Approved, 1), ("b", I::Rejected, 1)],
        );
        assert_eq!(
            news_since(Locale::en, &after, &before).as_deref(),
            Some(
                "Label of a was approved. Label of b was rejected: Too blurred. Order status: Action required."
            )
        );
        let one = order(
            O::UnderReview,
            &[("a", I::Approved, 1), ("b", I::Submitted, 1)],
        );
        assert_eq!(
            news_since(Locale::en, &one, &before).as_deref(),
            Some("Label of a was approved.")
        );
    }

    #[test]
    fn a_replacement_and_a_submission_are_told() {
        let before = order(
            O::ActionRequired,
            &[("a", I::Approved, 1), ("b", I::Rejected, 1)],
        );
        let after = order(
            O::UnderReview,
            &[("a", I::Approved, 1), ("b", I::Submitted, 2)],
        );
        assert_eq!(
            news_since(Locale::en, &after, &before).as_deref(),
            Some("A replacement for Label of b was submitted. Order status: Under review.")
        );
        let first = order(O::UnderReview, &[("a", I::Submitted, 1)]);
        let draft = order(O::AwaitingDocuments, &[("a", I::Draft, 1)]);
        assert_eq!(
            news_since(Locale::en, &first, &draft).as_deref(),
            Some("Order status: Under review.")
        );
    }

    #[test]
    fn another_order_is_not_news() {
        let before = order(O::UnderReview, &[("a", I::Submitted, 1)]);
        let mut other = order(O::Approved, &[("a", I::Approved, 1)]);
        other.id = 8;
        assert_eq!(news_since(Locale::en, &other, &before), None);
    }
}
