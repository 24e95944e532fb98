//! A registered or cancelled order's later life: a registered domain verified again
//! (the admin asks the customer again for chosen items), and the stored files purged by
//! an admin at once (the retention policy purges them after a while anyway).

use leptos::prelude::*;

use crate::{
    api::{
        orders::OrderView,
        review::{PurgeOrderDocuments, RequestReverification},
    },
    components::form::{FieldError, FormError, action_error},
    domain::{orders::OrderStatus, requirements::ItemKind},
    i18n::{t_string, use_i18n},
};

/// What the admin is choosing and writing in "Verify again". It lives with the page, not
/// the panel: the panel is drawn again on every live change of the order, and what the
/// admin had ticked and typed must stay (the boxes and the text as the request sent).
#[derive(Clone, Copy)]
pub struct ReverifyDraft {
    chosen: RwSignal<Vec<String>>,
    statement: RwSignal<String>,
}

impl ReverifyDraft {
    /// An empty draft, emptied again once `action` succeeds.
    pub fn new(action: ServerAction<RequestReverification>) -> Self {
        let draft = Self {
            chosen: RwSignal::new(Vec::new()),
            statement: RwSignal::new(String::new()),
        };
        Effect::new(move |_| {
            if action.value().with(|v| matches!(v, Some(Ok(_)))) {
                draft.chosen.set(Vec::new());
                draft.statement.set(String::new());
            }
        });
        draft
    }
}

/// "Verify again", on a registered domain's order: which items, and why.
#[component]
pub fn ReverifyPanel(
    order: OrderView,
    action: ServerAction<RequestReverification>,
    draft: ReverifyDraft,
) -> impl IntoView {
    let i18n = use_i18n();
    if order.status != OrderStatus::Registered {
        return ().into_any();
    }
    let items: Vec<(String, String)> = order
        .requirements
        .as_ref()
        .map(|r| {
            r.items
                .iter()
                .filter(|d| !matches!(d.kind, ItemKind::Notice))
                // Only what the customer was asked for (a hidden item was never sent).
                .filter(|d| {
                    order
                        .items
                        .iter()
                        .any(|i| i.key == d.key && !i.history.is_empty())
                })
                .map(|d| (d.key.clone(), d.label.clone()))
                .collect()
        })
        .unwrap_or_default();
    if items.is_empty() {
        return ().into_any();
    }
    let ReverifyDraft { chosen, statement } = draft;
    let error = action_error(action);
    let order_id = order.id;
    view! {
        <details class="card reverify">
            <summary>{move || t_string!(i18n, review.reverify.summary)}</summary>
            <p>
                {move || t_string!(i18n, review.reverify.text)}
            </p>
            <FormError error/>
            <fieldset class="reverify-items">
                <legend>{move || t_string!(i18n, review.reverify.legend)}</legend>
                {items
                    .into_iter()
                    .map(|(key, label)| {
                        let toggled = key.clone();
                        let checked = move || chosen.with(|c| c.contains(&key));
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let key = toggled.clone();
                                        chosen.update(|c| {
                                            c.retain(|k| *k != key);
                                            if on {
                                                c.push(key);
                                            }
                                        });
                                    }
                                />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()}
                <FieldError error field="item_keys"/>
            </fieldset>
            <div class="reject-form">
            <label for="reverify-statement">{move || t_string!(i18n, review.statement_for_customer)}</label>
            <textarea
                id="reverify-statement"
                rows="2"
                placeholder=move || t_string!(i18n, review.reverify.placeholder)
                prop:value=statement
                on:input=move |ev| statement.set(event_target_value(&ev))
            ></textarea>
            <FieldError error field="statement"/>
            <button
                type="button"
                class="button"
                disabled=move || action.pending().get()
                on:click=move |_| {
                    action.dispatch(RequestReverification {
                        order_id,
                        item_keys: chosen.get_untracked(),
                        statement: statement.get_untracked(),
                    });
                }
            >
                {move || t_string!(i18n, review.reverify.button)}
            </button>
            </div>
        </details>
    }
    .into_any()
}

/// "Delete the stored files now", on a registered or cancelled order that still has
/// stored documents.
#[component]
pub fn PurgePanel(order: OrderView, purge: ServerAction<PurgeOrderDocuments>) -> impl IntoView {
    let i18n = use_i18n();
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
            <summary>{move || t_string!(i18n, review.purge.summary, number = stored.to_string()).to_string()}</summary>
            <p>
                {move || t_string!(i18n, review.purge.text)}
            </p>
            <FormError error/>
            <ActionForm action=purge attr:class="inline-form">
                <input type="hidden" name="order_id" value=order.id.to_string()/>
                <button type="submit" class="button-danger" disabled=move || purge.pending().get()>
                    {move || t_string!(i18n, review.purge.button)}
                </button>
            </ActionForm>
        </details>
    }
    .into_any()
}
