//! "Use a document you already have": the approved documents of the customer's other
//! orders that fit a file item, each with a button that adds it to the item without a
//! new upload.

use leptos::prelude::*;

use crate::{
    api::orders::{ReuseDocument, ReuseOffer},
    error::AppError,
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
                {format!(
                    "Use a document you already have ({count} approved before)"
                )}
            </summary>
            <ul class="reuse-list" aria-label=format!("Approved documents for {label}")>
                {offers
                    .into_iter()
                    .map(|offer| {
                        let key = item_key.clone();
                        let document_id = offer.document.id;
                        let name = offer.document.name.clone();
                        let validity = offer
                            .valid_until
                            .as_ref()
                            .map(|d| format!(" · valid until {d}"))
                            .unwrap_or_default();
                        let origin = format!(
                            "Approved {} for {} ({}){validity}",
                            offer.approved_at, offer.domain, offer.item_label
                        );
                        view! {
                            <li class="reuse-offer">
                                <div>
                                    <span class="doc-name">{name.clone()}</span>
                                    <span class="muted">{offer.document.facts()}</span>
                                    <p class="muted small">{origin}</p>
                                </div>
                                <button
                                    type="button"
                                    class="button-secondary"
                                    aria-label=format!("Use {name} for {label}", label = offer.item_label)
                                    disabled=move || reuse.pending().get()
                                    on:click=move |_| {
                                        reuse.dispatch(ReuseDocument {
                                            order_id,
                                            item_key: key.clone(),
                                            document_id,
                                        });
                                    }
                                >
                                    "Use this"
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="field-error" role="alert" hidden=move || reuse.value().with(|v| !matches!(v, Some(Err(_))))>
                {move || reuse.value().get().and_then(Result::err).map(|e: AppError| e.to_string())}
            </p>
        </details>
    }
}
