//! "Use a document you already have": the approved documents of the customer's other
//! orders that fit a file item, each with a button that adds it to the item without a
//! new upload.

use leptos::prelude::*;

use crate::{
    api::orders::{ReuseDocument, ReuseOffer},
    components::{status::document_facts_text, time::format_utc},
    error::AppError,
    i18n::{t, t_string, use_i18n},
};

#[component]
pub fn ReuseOffers(
    order_id: i32,
    item_key: String,
    label: String,
    offers: Vec<ReuseOffer>,
    /// Opened at first when the item has no document yet.
    open: bool,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reuse = ServerAction::<ReuseDocument>::new();
    Effect::new(move |_| {
        if reuse.value().with(|v| matches!(v, Some(Ok(_)))) {
            on_change.run(());
        }
    });
    let count = offers.len();
    view! {
        <details class="reuse" open=open>
            <summary>
                {t!(i18n, order.reuse.summary, count = move || count)}
            </summary>
            <ul class="reuse-list" aria-label=move || t_string!(i18n, order.reuse.list_label, label = &label)>
                {offers
                    .into_iter()
                    .map(|offer| {
                        let ReuseOffer {
                            document,
                            domain,
                            item_label,
                            approved_at,
                            valid_until,
                            ..
                        } = offer;
                        let key = item_key.clone();
                        let document_id = document.id;
                        let name = document.name.clone();
                        let (use_name, use_label) = (name.clone(), item_label.clone());
                        let origin = move || {
                            let locale = i18n.get_locale();
                            let approved_at = format_utc(locale, &approved_at);
                            match &valid_until {
                            Some(valid_until) => t_string!(
                                i18n,
                                order.reuse.origin_valid_until,
                                date = &approved_at,
                                domain = &domain,
                                item = &item_label,
                                valid_until = format_utc(locale, valid_until)
                            )
                            .to_string(),
                            None => t_string!(
                                i18n,
                                order.reuse.origin,
                                date = &approved_at,
                                domain = &domain,
                                item = &item_label
                            )
                            .to_string(),
                            }
                        };
                        let facts = move || document_facts_text(i18n.get_locale(), &document);
                        view! {
                            <li class="reuse-offer">
                                <div>
                                    <span class="doc-name">{name}</span>
                                    <span class="muted">{facts}</span>
                                    <p class="muted small">{origin}</p>
                                </div>
                                <button
                                    type="button"
                                    class="button-secondary"
                                    aria-label=move || {
                                        t_string!(i18n, order.reuse.use_for, name = &use_name, label = &use_label)
                                    }
                                    disabled=move || reuse.pending().get()
                                    on:click=move |_| {
                                        reuse.dispatch(ReuseDocument {
                                            order_id,
                                            item_key: key.clone(),
                                            document_id,
                                        });
                                    }
                                >
                                    {move || t_string!(i18n, order.reuse.use_this)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="field-error" role="alert" hidden=move || reuse.value().with(|v| !matches!(v, Some(Err(_))))>
                {move || reuse.value().get().and_then(Result::err).map(|e: AppError| e.text(i18n.get_locale()))}
            </p>
        </details>
    }
}
