//! Domain doc management: the extensions that require documents or information.

use crate::components::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::definitions::{DeleteDefinition, list_definitions},
    components::{
        ScrollTable,
        form::{FormError, action_error},
    },
    domain::definitions::DefinitionSource,
    i18n::{Locale, t_string, td_string, use_i18n},
};

/// The list, with the way to add one.
#[component]
pub fn DocumentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let delete = ServerAction::<DeleteDefinition>::new();
    let definitions = Resource::new(move || delete.version().get(), |_| list_definitions());
    let error = action_error(delete);
    view! {
        <PageTitle text=move || t_string!(i18n, admin.documents.title).to_string()/>
        <div class="page-head">
            <div>
                <h1>{move || t_string!(i18n, admin.documents.title)}</h1>
                <p class="lead-small">
                    {move || t_string!(i18n, admin.documents.lead)}
                </p>
            </div>
            <A href="/admin/documents/new" attr:class="button">{move || t_string!(i18n, admin.documents.add)}</A>
        </div>
        <FormError error/>
        <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, admin.loading)}</p> }>
            {move || Suspend::new(async move {
                definitions
                    .await
                    .map(|list| {
                        if list.is_empty() {
                            return view! {
                                <p class="empty">{move || t_string!(i18n, admin.documents.empty)}</p>
                            }
                                .into_any();
                        }
                        view! {
                            <ScrollTable label=move || t_string!(i18n, admin.documents.table_label).to_string()>
                                <thead>
                                    <tr>
                                        <th scope="col">{move || t_string!(i18n, admin.documents.extension)}</th>
                                        <th scope="col">{move || t_string!(i18n, admin.documents.items)}</th>
                                        <th scope="col">{move || t_string!(i18n, admin.documents.documents)}</th>
                                        <th scope="col">{move || t_string!(i18n, admin.documents.defined)}</th>
                                        <th scope="col"><span class="visually-hidden">{move || t_string!(i18n, admin.documents.actions)}</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|d| {
                                            let source = d.source;
                                            let (edit_name, remove_name) = (d.extension.clone(), d.extension.clone());
                                            view! {
                                                <tr>
                                                    <th scope="row" class="mono">{d.extension.clone()}</th>
                                                    <td>{d.item_count}</td>
                                                    <td>{d.document_items}</td>
                                                    <td>{move || source_text(i18n.get_locale(), &source)}</td>
                                                    <td class="actions">
                                                        <A href=format!("/admin/documents/{}", d.id) attr:aria-label=move || t_string!(i18n, admin.documents.edit_label, extension = &edit_name)>{move || t_string!(i18n, admin.documents.edit)}</A>
                                                        <ActionForm action=delete attr:class="inline-form">
                                                            <input type="hidden" name="id" value=d.id.to_string()/>
                                                            <button type="submit" class="button-danger" aria-label=move || t_string!(i18n, admin.documents.remove_label, extension = &remove_name)>
                                                                {move || t_string!(i18n, admin.documents.remove)}
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

/// [`DefinitionSource::describe`] in `locale`.
fn source_text(locale: Locale, source: &DefinitionSource) -> String {
    match source {
        DefinitionSource::Manual => td_string!(locale, admin.documents.source_manual).to_owned(),
        DefinitionSource::Preset {
            module,
            module_label,
            edited: false,
        } => td_string!(
            locale,
            admin.documents.source_preset,
            module = crate::components::status::registrar_module_text(locale, module, module_label)
        ),
        DefinitionSource::Preset {
            module,
            module_label,
            edited: true,
        } => td_string!(
            locale,
            admin.documents.source_preset_edited,
            module = crate::components::status::registrar_module_text(locale, module, module_label)
        ),
    }
}
