//! The stored files of a closed order: purged by the retention policy after a while, or
//! by an admin at once.

use leptos::prelude::*;

use crate::{
    api::{orders::OrderView, review::PurgeOrderDocuments},
    components::form::{FormError, action_error},
};

/// "Delete the stored files now", on a registered or cancelled order that still has
/// stored documents.
#[component]
pub fn PurgePanel(order: OrderView, purge: ServerAction<PurgeOrderDocuments>) -> impl IntoView {
    let stored = order
        .items
        .iter()
        .flat_map(|i| {
            i.documents
                .iter()
                .chain(i.history.iter().flat_map(|a| a.documents.iter()))
        })
        .filter(|d| d.purged_at.is_none())
        .map(|d| d.id)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if !order.status.is_final() || stored == 0 {
        return ().into_any();
    }
    let error = action_error(purge);
    view! {
        <details class="card purge-documents">
            <summary>{format!("Delete the stored files now ({stored} stored)")}</summary>
            <p>
                "The retention policy deletes a closed order's files after a while; this deletes them now. "
                "What was decided stays in the history and the trail, with each file's name, size, type and SHA-256."
            </p>
            <FormError error/>
            <ActionForm action=purge attr:class="inline-form">
                <input type="hidden" name="order_id" value=order.id.to_string()/>
                <button type="submit" class="button-danger" disabled=move || purge.pending().get()>
                    "Delete the files"
                </button>
            </ActionForm>
        </details>
    }
    .into_any()
}
