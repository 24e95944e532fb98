//! What changed in an order, told to screen readers: a polite live region above the part
//! of the page that re-renders, fed with what changed (as [`OrderView::news_since`] says
//! it, in the reader's language) each time the page loads the order again. It speaks once
//! per change (a decision, a replacement, a new state) and stays quiet on reloads that
//! changed nothing a person waits for.

use leptos::prelude::*;

use crate::{
    components::status::order_status_text,
    domain::{order_view::OrderView, orders::ItemStatus},
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

/// [`OrderView::news_since`] in `locale`: what a person waiting on the order would want
/// to hear about since `before` (decisions, replacements and the order's state), or
/// `None` when nothing of that changed.
fn news_since(locale: Locale, now: &OrderView, before: &OrderView) -> Option<String> {
    if now.id != before.id {
        return None;
    }
    let mut said = Vec::new();
    for item in &now.items {
        let was = before.items.iter().find(|i| i.key == item.key);
        if was.is_some_and(|w| w.status == item.status && w.attempt == item.attempt) {
            continue;
        }
        let label = item_label(now, &item.key);
        match item.status {
            ItemStatus::Approved => {
                said.push(td_string!(locale, order.news.approved, label = &label).to_string());
            }
            ItemStatus::Rejected => said.push(match &item.statement {
                Some(statement) => td_string!(
                    locale,
                    order.news.rejected_because,
                    label = &label,
                    statement
                )
                .to_string(),
                None => td_string!(locale, order.news.rejected, label = &label).to_string(),
            }),
            ItemStatus::Submitted if was.is_some_and(|w| w.status == ItemStatus::Rejected) => {
                said.push(
                    td_string!(locale, order.news.replacement_submitted, label = &label)
                        .to_string(),
                );
            }
            _ => {}
        }
    }
    if now.status != before.status {
        let status = order_status_text(locale, now.status);
        said.push(td_string!(locale, order.news.order_status, status).to_string());
    }
    (!said.is_empty()).then(|| said.join(" "))
}

/// The label of item `key`, as the order's definition names it (admin data, as is).
fn item_label(order: &OrderView, key: &str) -> String {
    order
        .requirements
        .as_ref()
        .and_then(|r| r.items.iter().find(|d| d.key == key))
        .map_or_else(|| key.to_owned(), |d| d.label.clone())
}
