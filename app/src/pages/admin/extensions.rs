//! The extension list: every extension the provider sells, its registrar module, whether
//! it is offered, and its place in lists.

use crate::components::PageTitle;
use leptos::prelude::*;

use crate::{
    api::extensions::{
        CreateExtension, DeleteExtension, ExtensionRow, ModuleInfo, MoveExtension, UpdateExtension,
        admin_list_extensions,
    },
    components::{
        ScrollTable,
        form::{FieldError, FormError, action_error},
    },
    i18n::{t_string, use_i18n},
};

/// Add, change, reorder and delete extensions.
#[component]
pub fn ExtensionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateExtension>::new();
    let update = ServerAction::<UpdateExtension>::new();
    let shift = ServerAction::<MoveExtension>::new();
    let delete = ServerAction::<DeleteExtension>::new();
    let list = Resource::new(
        move || {
            (
                create.version().get(),
                update.version().get(),
                shift.version().get(),
                delete.version().get(),
            )
        },
        |_| admin_list_extensions(),
    );
    let create_error = action_error(create);
    // After adding an extension whose module knows its requirements, offer them.
    let offer = move || match create.value().get() {
        Some(Ok(row)) => row.preset_from.clone().map(|module| (row, module)),
        _ => None,
    };
    let row_error = Signal::derive(move || {
        action_error(update)
            .get()
            .or_else(|| action_error(shift).get())
            .or_else(|| action_error(delete).get())
    });

    view! {
        <PageTitle text=move || t_string!(i18n, admin.extensions.title).to_string()/>
        <h1>{move || t_string!(i18n, admin.extensions.title)}</h1>
        <p class="lead-small">
            {move || t_string!(i18n, admin.extensions.lead)}
        </p>
        <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, admin.extensions.loading)}</p> }>
            {move || Suspend::new(async move {
                list.await
                    .map(|list| {
                        let modules = list.modules.clone();
                        let add_modules = list.modules.clone();
                        view! {
                            <section class="card add-extension">
                                <h2>{move || t_string!(i18n, admin.extensions.add_heading)}</h2>
                                <FormError error=create_error/>
                                {move || {
                                    offer()
                                        .map(|(row, module)| {
                                            view! {
                                                <div class="preset-offer" role="status">
                                                    <p>{move || t_string!(i18n, admin.extensions.added, extension = row.display.clone(), module = &module).to_string()}</p>
                                                    <a class="button-secondary" href=format!("/admin/documents/new?extension={}", row.id)>
                                                        {move || t_string!(i18n, admin.extensions.set_up)}
                                                    </a>
                                                </div>
                                            }
                                        })
                                }}
                                <ActionForm action=create attr:class="inline-fields">
                                    <div class="field">
                                        <label for="new-extension">{move || t_string!(i18n, admin.extensions.extension)}</label>
                                        <input id="new-extension" name="name" placeholder=move || t_string!(i18n, admin.extensions.placeholder) required aria-describedby="name-error"/>
                                        <FieldError error=create_error field="name"/>
                                    </div>
                                    <div class="field">
                                        <label for="new-module">{move || t_string!(i18n, admin.extensions.module)}</label>
                                        <ModuleSelect id="new-module".to_owned() modules=add_modules.clone() selected="presets".to_owned()/>
                                        <FieldError error=create_error field="registrar_module"/>
                                    </div>
                                    <label class="check">
                                        <input type="checkbox" name="enabled" checked/>
                                        {move || t_string!(i18n, admin.extensions.offered_to_customers)}
                                    </label>
                                    <button type="submit" class="button">{move || t_string!(i18n, admin.extensions.add)}</button>
                                </ActionForm>
                            </section>
                            <FormError error=row_error/>
                            <ScrollTable label=move || t_string!(i18n, admin.extensions.table_label).to_string()>
                                <thead>
                                    <tr>
                                        <th scope="col">{move || t_string!(i18n, admin.extensions.extension)}</th>
                                        <th scope="col">{move || t_string!(i18n, admin.extensions.module_and_availability)}</th>
                                        <th scope="col">{move || t_string!(i18n, admin.extensions.documents)}</th>
                                        <th scope="col">{move || t_string!(i18n, admin.extensions.position)}</th>
                                        <th scope="col"><span class="visually-hidden">{move || t_string!(i18n, admin.extensions.delete)}</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .extensions
                                        .into_iter()
                                        .map(|row| view! { <ExtensionLine row modules=modules.clone() update shift delete/> })
                                        .collect_view()}
                                </tbody>
                            </ScrollTable>
                        }
                    })
            })}
        </Transition>
    }
}

#[component]
fn ModuleSelect(id: String, modules: Vec<ModuleInfo>, selected: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select id=id name="registrar_module">
            {modules
                .into_iter()
                .map(|m| {
                    let is_selected = m.name == selected;
                    let (name, label) = (m.name.clone(), m.label);
                    view! {
                        <option value=m.name selected=is_selected>
                            {move || crate::components::status::registrar_module_text(i18n.get_locale(), &name, &label)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[component]
fn ExtensionLine(
    row: ExtensionRow,
    modules: Vec<ModuleInfo>,
    update: ServerAction<UpdateExtension>,
    shift: ServerAction<MoveExtension>,
    delete: ServerAction<DeleteExtension>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.id.to_string();
    let shown = if row.display == row.name {
        row.display.clone()
    } else {
        format!("{} ({})", row.display, row.name)
    };
    let module_id = format!("module-{}", row.id);
    let enabled_id = format!("enabled-{}", row.id);
    let module_label = {
        let shown = shown.clone();
        move || t_string!(i18n, admin.extensions.module_of, extension = &shown)
    };
    let (id_up, id_down, id_delete) = (id.clone(), id.clone(), id.clone());
    let (up_name, down_name, delete_name) = (row.name.clone(), row.name.clone(), row.name.clone());
    let up_label = move || t_string!(i18n, admin.extensions.move_up, extension = &up_name);
    let down_label = move || t_string!(i18n, admin.extensions.move_down, extension = &down_name);
    let delete_label = move || {
        t_string!(
            i18n,
            admin.extensions.delete_label,
            extension = &delete_name
        )
    };
    let selected = row.registrar_module.clone();
    let has_definition = row.has_definition;
    let delete_title = move || {
        if has_definition {
            t_string!(i18n, admin.extensions.delete_blocked)
        } else {
            ""
        }
    };
    view! {
        <tr class:disabled=!row.enabled>
            <th scope="row" class="mono">{shown.clone()}</th>
            <td>
                <ActionForm action=update attr:class="row-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <label class="visually-hidden" for=module_id.clone()>{module_label}</label>
                    <ModuleSelect id=module_id.clone() modules=modules.clone() selected=selected.clone()/>
                    <label class="check" for=enabled_id.clone()>
                        <input id=enabled_id.clone() type="checkbox" name="enabled" checked=row.enabled/>
                        {move || t_string!(i18n, admin.extensions.offered)}
                    </label>
                    <button type="submit" class="button-quiet">{move || t_string!(i18n, admin.extensions.save)}</button>
                </ActionForm>
            </td>
            <td>
                {if row.has_definition {
                    view! { <a href="/admin/documents">{move || t_string!(i18n, admin.extensions.required)}</a> }.into_any()
                } else {
                    view! { <span class="muted">{move || t_string!(i18n, admin.extensions.no_documents)}</span> }.into_any()
                }}
            </td>
            <td class="order-cell">
                <ActionForm action=shift attr:class="inline-form">
                    <input type="hidden" name="id" value=id_up.clone()/>
                    <input type="hidden" name="direction" value="up"/>
                    <button type="submit" class="button-quiet icon" aria-label=up_label>"↑"</button>
                </ActionForm>
                <ActionForm action=shift attr:class="inline-form">
                    <input type="hidden" name="id" value=id_down.clone()/>
                    <input type="hidden" name="direction" value="down"/>
                    <button type="submit" class="button-quiet icon" aria-label=down_label>"↓"</button>
                </ActionForm>
            </td>
            <td>
                <ActionForm action=delete attr:class="inline-form">
                    <input type="hidden" name="id" value=id_delete.clone()/>
                    <button
                        type="submit"
                        class="button-danger"
                        disabled=row.has_definition
                        title=delete_title
                        aria-label=delete_label
                    >
                        {move || t_string!(i18n, admin.extensions.delete)}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}
