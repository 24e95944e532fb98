//! "My documents": every document the customer uploaded (or reused), across their
//! orders, with its item, order, decision, date and validity. Approved ones can be used
//! again on new orders, from the order page.

use crate::components::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::orders::{WalletEntry, my_documents},
    components::{
        ErrorPanel, ScrollTable,
        status::{ItemPill, document_facts_text},
        time::{When, format_utc},
    },
    domain::orders::ItemStatus,
    i18n::{Locale, t, t_string, use_i18n},
};

#[component]
pub fn MyDocumentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let documents = OnceResource::new(my_documents());
    view! {
        <PageTitle text=move || t_string!(i18n, orders.documents.title).to_string()/>
        <h1>{move || t_string!(i18n, orders.documents.title)}</h1>
        <p class="lead">{move || t_string!(i18n, orders.documents.lead)}</p>
        <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
            <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, orders.documents.loading)}</p> }>
                {move || Suspend::new(async move {
                    documents
                        .await
                        .map(|list| {
                            if list.is_empty() {
                                return view! {
                                    <p class="empty">{move || t_string!(i18n, orders.documents.empty)}</p>
                                }
                                    .into_any();
                            }
                            view! {
                                <ScrollTable label=move || t_string!(i18n, orders.documents.table_label).to_string()>
                                    <thead>
                                        <tr>
                                            <th scope="col">{move || t_string!(i18n, orders.documents.col_document)}</th>
                                            <th scope="col">{move || t_string!(i18n, orders.documents.col_for)}</th>
                                            <th scope="col">{move || t_string!(i18n, orders.documents.col_decision)}</th>
                                            <th scope="col">{move || t_string!(i18n, orders.documents.col_uploaded)}</th>
                                            <th scope="col">{move || t_string!(i18n, orders.documents.col_valid_until)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{list.into_iter().map(|entry| document_row(i18n, entry)).collect_view()}</tbody>
                                </ScrollTable>
                            }
                                .into_any()
                        })
                })}
            </Transition>
        </ErrorBoundary>
    }
}

fn document_row(i18n: leptos_i18n::I18nContext<Locale>, entry: WalletEntry) -> impl IntoView {
    let doc = entry.document;
    let name = match doc.purged_at.clone() {
        Some(at) => view! {
            <span class="doc-name">{doc.name.clone()}</span>
            <span class="muted">
                {move || format!(" · {}", t_string!(i18n, orders.documents.purged_on, date = format_utc(i18n.get_locale(), &at)))}
            </span>
        }
        .into_any(),
        None => {
            let facts_of = doc.clone();
            view! {
                <a class="doc-name" href=format!("/documents/{}", doc.id)>{doc.name.clone()}</a>
                <span class="muted">
                    {move || format!(" · {}", document_facts_text(i18n.get_locale(), &facts_of))}
                </span>
            }
            .into_any()
        }
    };
    let validity = match (entry.valid_until, entry.expired) {
        (Some(day), true) => {
            view! { <span class="pill pill-expired">{t!(i18n, orders.documents.expired_on, date = move || view! { <When at=day.clone()/> })}</span> }.into_any()
        }
        (Some(day), false) => view! { <When at=day/> }.into_any(),
        // Approved without a validity: good as long as it is stored.
        (None, _) if entry.decision == ItemStatus::Approved => {
            view! { <span class="muted">{move || t_string!(i18n, orders.documents.no_limit)}</span> }.into_any()
        }
        (None, _) => view! { <span class="muted">"—"</span> }.into_any(),
    };
    view! {
        <tr>
            <th scope="row">
                {name}
                {doc.reused.then(|| view! { " " <span class="pill pill-operation">{move || t_string!(i18n, orders.documents.reused)}</span> })}
            </th>
            <td>
                <A href=format!("/orders/{}", entry.order_id)>{entry.domain}</A>
                <span class="muted">{format!(" · {}", entry.item_label)}</span>
            </td>
            <td><ItemPill status=entry.decision/></td>
            <td class="muted"><When at=entry.uploaded_at/></td>
            <td>{validity}</td>
        </tr>
    }
}
