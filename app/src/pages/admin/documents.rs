//! Domain doc management: the extensions that require documents or information.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    api::definitions::{DeleteDefinition, list_definitions},
    components::{
        ScrollTable,
        form::{FormError, action_error},
    },
};

/// The list, with the way to add one.
#[component]
pub fn DocumentsPage() -> impl IntoView {
    let delete = ServerAction::<DeleteDefinition>::new();
    let definitions = Resource::new(move || delete.version().get(), |_| list_definitions());
    let error = action_error(delete);
    view! {
        <Title text="Domain doc management"/>
        <div class="page-head">
            <div>
                <h1>"Domain doc management"</h1>
                <p class="lead-small">
                    "Extensions whose registries need information or documents. Orders for them wait until the customer has supplied every item."
                </p>
            </div>
            <A href="/admin/documents/new" attr:class="button">"+ Add an extension that requires documents"</A>
        </div>
        <FormError error/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                definitions
                    .await
                    .map(|list| {
                        if list.is_empty() {
                            return view! {
                                <p class="empty">"No extension requires documents yet. Add one to start collecting them."</p>
                            }
                                .into_any();
                        }
                        view! {
                            <ScrollTable label="Extensions that require documents">
                                <thead>
                                    <tr>
                                        <th scope="col">"Extension"</th>
                                        <th scope="col">"Items"</th>
                                        <th scope="col">"Documents"</th>
                                        <th scope="col">"Defined"</th>
                                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|d| {
                                            view! {
                                                <tr>
                                                    <th scope="row" class="mono">{d.extension.clone()}</th>
                                                    <td>{d.item_count}</td>
                                                    <td>{d.document_items}</td>
                                                    <td>{d.source.describe()}</td>
                                                    <td class="actions">
                                                        <A href=format!("/admin/documents/{}", d.id) attr:aria-label=format!("Edit {}", d.extension)>"Edit"</A>
                                                        <ActionForm action=delete attr:class="inline-form">
                                                            <input type="hidden" name="id" value=d.id.to_string()/>
                                                            <button type="submit" class="button-danger" aria-label=format!("Remove the requirements of {}", d.extension)>
                                                                "Remove"
                                                            </button>
                                                        </ActionForm>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </ScrollTable>
                        }
                            .into_any()
                    })
            })}
        </Transition>
    }
}
