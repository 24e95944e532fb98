//! The state of an order or an item as a coloured pill, and the history of an item's
//! submitted attempts: the same everywhere they appear.

use leptos::prelude::*;

use crate::domain::{
    order_view::AttemptView,
    orders::{ItemStatus, OrderStatus},
};

/// An order's state.
#[component]
pub fn StatusPill(status: OrderStatus) -> impl IntoView {
    view! { <span class=format!("pill pill-{}", status.as_str())>{status.label()}</span> }
}

/// An item's state.
#[component]
pub fn ItemPill(status: ItemStatus) -> impl IntoView {
    view! { <span class=format!("pill pill-item-{}", status.as_str())>{status.label()}</span> }
}

/// The submitted attempts of an item, oldest first, with their decisions, values,
/// documents (as links when `links`) and statements, folded away under `title`.
#[component]
pub fn AttemptHistory(
    attempts: Vec<AttemptView>,
    title: String,
    #[prop(optional)] links: bool,
) -> impl IntoView {
    (!attempts.is_empty()).then(|| {
        view! {
            <details class="history">
                <summary>{title}</summary>
                <ol>
                    {attempts
                        .into_iter()
                        .map(|a| {
                            let documents = a
                                .documents
                                .into_iter()
                                .map(|d| {
                                    if let Some(at) = d.purged_at {
                                        view! { <span class="history-value">{format!(" — {} (purged on {at})", d.name)}</span> }.into_any()
                                    } else if links {
                                        view! { " — " <a href=format!("/documents/{}", d.id)>{d.name}</a> }.into_any()
                                    } else {
                                        view! { <span class="history-value">{format!(" — {}", d.name)}</span> }.into_any()
                                    }
                                })
                                .collect_view();
                            view! {
                                <li>
                                    <span class=format!("pill pill-item-{}", a.decision.as_str())>
                                        {format!("Attempt {}: {}", a.attempt, a.decision.as_str())}
                                    </span>
                                    <span class="muted">{format!(" submitted {}", a.submitted_at)}</span>
                                    {a.value.map(|v| view! { <span class="history-value">{format!(" — {v}")}</span> })}
                                    {documents}
                                    {a.statement.map(|s| view! { <p class="history-statement">{format!("Statement: {s}")}</p> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </details>
        }
    })
}
