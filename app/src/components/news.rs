//! What changed in an order, told to screen readers: a polite live region above the part
//! of the page that re-renders, fed with [`OrderView::news_since`] each time the page
//! loads the order again. It speaks once per change (a decision, a replacement, a new
//! state) and stays quiet on reloads that changed nothing a person waits for.

use leptos::prelude::*;

use crate::{domain::order_view::OrderView, error::AppError};

/// The live region of an order page, following `order` (the page's resource).
#[component]
pub fn OrderNews(order: Resource<Result<OrderView, AppError>>) -> impl IntoView {
    let news = RwSignal::new(String::new());
    let seen = StoredValue::new(None::<OrderView>);
    Effect::new(move |_| {
        if let Some(Ok(now)) = order.get() {
            let said = seen.with_value(|before| before.as_ref().and_then(|b| now.news_since(b)));
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
