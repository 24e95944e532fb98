//! "My documents": every document the customer uploaded (or reused), across their
//! orders, with its item, order, decision, date and validity. Approved ones can be used
//! again on new orders, from the order page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    api::orders::{WalletEntry, my_documents},
    components::{ErrorPanel, ScrollTable, status::ItemPill},
    domain::orders::ItemStatus,
};

#[component]
pub fn MyDocumentsPage() -> impl IntoView {
    let documents = OnceResource::new(my_documents());
    view! {
        <Title text="My documents"/>
        <h1>"My documents"</h1>
        <p class="lead">
            "Everything you sent us for your orders. A document we approved can be used again on a new order of yours while it is valid: the order page offers it."
        </p>
        <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
            <Transition fallback=|| view! { <p class="muted">"Loading your documents…"</p> }>
                {move || Suspend::new(async move {
                    documents
                        .await
                        .map(|list| {
                            if list.is_empty() {
                                return view! {
                                    <p class="empty">"You have not uploaded any documents yet."</p>
                                }
                                    .into_any();
                            }
                            view! {
                                <ScrollTable label="Your documents">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Document"</th>
                                            <th scope="col">"For"</th>
                                            <th scope="col">"Decision"</th>
                                            <th scope="col">"Uploaded"</th>
                                            <th scope="col">"Valid until"</th>
                                        </tr>
                                    </thead>
                                    <tbody>{list.into_iter().map(document_row).collect_view()}</tbody>
                                </ScrollTable>
                            }
                                .into_any()
                        })
                })}
            </Transition>
        </ErrorBoundary>
    }
}

fn document_row(entry: WalletEntry) -> impl IntoView {
    let doc = entry.document;
    let name = match &doc.purged_at {
        Some(at) => view! {
            <span class="doc-name">{doc.name.clone()}</span>
            <span class="muted">{format!(" · purged on {at}")}</span>
        }
        .into_any(),
        None => view! {
            <a class="doc-name" href=format!("/documents/{}", doc.id)>{doc.name.clone()}</a>
            <span class="muted">{format!(" · {}", doc.facts())}</span>
        }
        .into_any(),
    };
    let validity = match (entry.valid_until, entry.expired) {
        (Some(day), true) => {
            view! { <span class="pill pill-expired">{format!("Expired {day}")}</span> }.into_any()
        }
        (Some(day), false) => view! { <span>{day}</span> }.into_any(),
        // Approved without a validity: good as long as it is stored.
        (None, _) if entry.decision == ItemStatus::Approved => {
            view! { <span class="muted">"No limit"</span> }.into_any()
        }
        (None, _) => view! { <span class="muted">"—"</span> }.into_any(),
    };
    view! {
        <tr>
            <th scope="row">
                {name}
                {doc.reused.then(|| view! { " " <span class="pill pill-operation">"Reused"</span> })}
            </th>
            <td>
                <A href=format!("/orders/{}", entry.order_id)>{entry.domain}</A>
                <span class="muted">{format!(" · {}", entry.item_label)}</span>
            </td>
            <td><ItemPill status=entry.decision/></td>
            <td class="muted">{entry.uploaded_at}</td>
            <td>{validity}</td>
        </tr>
    }
}
