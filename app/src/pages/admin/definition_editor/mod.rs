//! The editor of an extension's requirements: general details, then the info/doc items,
//! each with its kind's options and an optional condition. Checked in the browser with
//! the rules the server applies again on save; errors appear beside their fields.
//!
//! - [`state`]: what the editor holds (each item in a signal of its own);
//! - [`item`]: one item's common fields;
//! - [`kind_options`]: the options of each kind of item;
//! - [`condition`]: "only under a condition".

mod condition;
mod file_options;
mod item;
mod kind_options;
mod state;
mod translations;

use leptos::prelude::*;

use crate::components::{
    ErrorPanel, PageTitle,
    form::{focus_first_error, focus_soon},
};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use self::{
    item::ItemEditor,
    state::{Editor, blank_item},
};
use crate::{
    api::definitions::{
        DefinitionDraft, DefinitionSource, SaveDefinitionInput, extension_preset,
        load_definition_draft, save_definition,
    },
    domain::requirements::{FieldProblem, RequirementSet, validate_definition},
    error::AppError,
    i18n::{Locale, t_string, td_string, use_i18n},
};

/// `/admin/documents/new` and `/admin/documents/:id`.
#[component]
pub fn DefinitionEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let route_id = crate::pages::use_id_param();
    let id = move || route_id.get();
    let draft = Resource::new(id, load_definition_draft);
    view! {
        <PageTitle text=move || t_string!(i18n, editor.page_title).to_string()/>
        <p class="breadcrumb"><A href="/admin/documents">{move || t_string!(i18n, editor.back)}</A></p>
        // Errors stay inside the page (its way back remains), with their status.
        <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
            <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, editor.loading)}</p> }>
                {move || Suspend::new(async move { draft.await.map(|draft| view! { <DefinitionEditor draft/> }) })}
            </Transition>
        </ErrorBoundary>
    }
}

#[component]
fn DefinitionEditor(draft: DefinitionDraft) -> impl IntoView {
    let i18n = use_i18n();
    let editor = Editor::new(draft.limits, draft.requirements.items.clone());
    let details = RwSignal::new(draft.requirements.details.clone());
    let details_translations = RwSignal::new(draft.requirements.details_translations.clone());
    // A new definition may arrive with its extension chosen (`?extension=ID`).
    let preselected = use_query_map()
        .with_untracked(|q| q.get("extension"))
        .and_then(|id| id.parse::<i32>().ok())
        .filter(|id| draft.choices.iter().any(|c| c.id == *id));
    let extension_id = RwSignal::new(draft.extension_id.or(preselected));
    let imported_from = RwSignal::new(None::<String>);
    let source = draft.source.clone();
    let form_error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let choices = StoredValue::new(draft.choices.clone());
    let existing_preset = draft.preset_from.clone();
    let is_new = draft.id.is_none();
    let extension_name = draft.extension.clone();
    let title = move || match &extension_name {
        Some(ext) => t_string!(i18n, editor.title_of, extension = ext),
        None => t_string!(i18n, editor.title_new).to_owned(),
    };

    let preset_label = Signal::derive(move || match &existing_preset {
        Some(label) => Some(label.clone()),
        None => extension_id.get().and_then(|id| {
            choices.with_value(|c| {
                c.iter()
                    .find(|c| c.id == id)
                    .and_then(|c| c.preset_from.clone())
            })
        }),
    });

    let import = Action::new(move |id: &i32| {
        let id = *id;
        async move { extension_preset(id).await }
    });
    Effect::new(move |_| match import.value().get() {
        // Said in the language of the moment (untracked: a change of language alone must
        // not run this again).
        Some(Ok(Some(preset))) => {
            let locale = i18n.get_locale_untracked();
            details.set(preset.requirements.details.clone());
            details_translations.set(preset.requirements.details_translations.clone());
            editor.replace_items(preset.requirements.items);
            editor.problems.set(Vec::new());
            notice.set(Some(td_string!(
                locale,
                editor.imported_notice,
                module = &preset.module_label
            )));
            imported_from.set(Some(preset.module));
        }
        Some(Ok(None)) => form_error.set(Some(
            td_string!(i18n.get_locale_untracked(), editor.no_preset).into(),
        )),
        Some(Err(err)) => form_error.set(Some(err.text(i18n.get_locale_untracked()))),
        None => {}
    });

    let navigate = use_navigate();
    let save = Action::new(move |input: &SaveDefinitionInput| {
        let input = input.clone();
        async move { save_definition(input).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => navigate("/admin/documents", Default::default()),
        Some(Err(AppError::Invalid { problems })) => {
            editor.problems.set(problems);
            form_error.set(Some(
                td_string!(i18n.get_locale_untracked(), editor.correct_marked).into(),
            ));
            focus_first_error(".editor", "add-item");
        }
        Some(Err(AppError::Validation { field, message })) => {
            editor.problems.set(vec![FieldProblem {
                field,
                message: message.clone(),
            }]);
            form_error.set(Some(message));
            focus_first_error(".editor", "add-item");
        }
        Some(Err(err)) => form_error.set(Some(err.text(i18n.get_locale_untracked()))),
        None => {}
    });

    let revision = draft.revision;
    let id = draft.id;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let locale = i18n.get_locale_untracked();
        let Some(extension_id) = extension_id.get_untracked() else {
            editor.problems.set(vec![FieldProblem {
                field: "extension".into(),
                message: td_string!(locale, editor.choose_extension_first).into(),
            }]);
            form_error.set(Some(td_string!(locale, editor.correct_marked).into()));
            focus_first_error(".editor", "add-item");
            return;
        };
        let requirements = RequirementSet {
            details_translations: details_translations
                .get_untracked()
                .into_iter()
                .filter(|(_, text)| !text.trim().is_empty())
                .collect(),
            details: details.get_untracked(),
            items: editor.definitions(),
        };
        let problems = validate_definition(&requirements, editor.limits, locale);
        if !problems.is_empty() {
            editor.problems.set(problems);
            form_error.set(Some(td_string!(locale, editor.correct_marked).into()));
            focus_first_error(".editor", "add-item");
            return;
        }
        editor.problems.set(Vec::new());
        save.dispatch(SaveDefinitionInput {
            id,
            extension_id,
            revision,
            requirements,
            imported_from: imported_from.get_untracked(),
        });
    };

    // The new item's first field takes the focus.
    let add_item = move |_| {
        let row = editor.new_row(blank_item());
        editor.items.update(|v| v.push(row));
        focus_soon(format!("item-{}-label", row.uid));
    };

    view! {
        <h1>{title}</h1>
        {(!is_new).then(|| view! { <p class="muted">{move || source_note(i18n.get_locale(), &source)}</p> })}
        <form class="editor" on:submit=on_submit novalidate>
            <div class="form-error" role="alert" hidden=move || form_error.get().is_none()>
                {move || form_error.get()}
            </div>
            <div class="notice" role="status" hidden=move || notice.get().is_none()>{move || notice.get()}</div>
            <section class="card">
                {is_new
                    .then(|| {
                        view! {
                            <div class="field">
                                <label for="extension">{move || t_string!(i18n, editor.extension_label)}</label>
                                <select
                                    id="extension"
                                    on:change=move |ev| {
                                        extension_id.set(event_target_value(&ev).parse().ok());
                                        notice.set(None);
                                    }
                                >
                                    <option value="">{move || t_string!(i18n, editor.choose_extension)}</option>
                                    {choices
                                        .get_value()
                                        .into_iter()
                                        .map(|c| {
                                            let selected = preselected == Some(c.id);
                                            view! { <option value=c.id.to_string() selected=selected>{c.name}</option> }
                                        })
                                        .collect_view()}
                                </select>
                                <p class="field-help">{move || t_string!(i18n, editor.extension_help)}</p>
                                <Problem message=editor.problem("extension".into())/>
                            </div>
                        }
                    })}
                <Show when=move || preset_label.get().is_some()>
                    <div class="preset-offer">
                        <p>
                            {move || {
                                t_string!(
                                    i18n,
                                    editor.preset_offer,
                                    module = preset_label.get().unwrap_or_default(),
                                )
                            }}
                        </p>
                        <button
                            type="button"
                            class="button-secondary"
                            on:click=move |_| {
                                if let Some(id) = extension_id.get_untracked() {
                                    import.dispatch(id);
                                }
                            }
                        >
                            {move || t_string!(i18n, editor.import_preset)}
                        </button>
                    </div>
                </Show>
                <div class="field">
                    <label for="details">{move || t_string!(i18n, editor.details_label)}</label>
                    <textarea
                        id="details"
                        rows="4"
                        prop:value=move || details.get()
                        on:input=move |ev| details.set(event_target_value(&ev))
                    >
                        {draft.requirements.details.clone()}
                    </textarea>
                    <p class="field-help">{move || t_string!(i18n, editor.details_help)}</p>
                    <Problem message=editor.problem("details".into())/>
                </div>
                {crate::domain::language::others()
                    .map(|(locale, code)| {
                        let id = format!("details-{code}");
                        view! {
                            <div class="field" lang=code>
                                <label for=id.clone()>
                                    {move || t_string!(i18n, editor.details_in, language = crate::components::language::language_name(locale))}
                                </label>
                                <textarea
                                    id=id
                                    rows="3"
                                    prop:value=move || details_translations.with(|t| t.get(code).cloned().unwrap_or_default())
                                    on:input=move |ev| {
                                        let text = event_target_value(&ev);
                                        details_translations.update(|t| {
                                            t.insert(code.to_owned(), text);
                                        });
                                    }
                                ></textarea>
                                <Problem message=editor.problem(format!("details_translations.{code}"))/>
                                <p class="field-help">{move || t_string!(i18n, editor.details_in_help)}</p>
                            </div>
                        }
                    })
                    .collect_view()}
            </section>

            <h2>{move || t_string!(i18n, editor.items_heading)}</h2>
            <Problem message=editor.problem("items".into())/>
            <For each=move || editor.items.get() key=|row| row.uid let:row>
                <ItemEditor editor uid=row.uid/>
            </For>
            <div class="editor-actions">
                <button type="button" class="button-secondary" id="add-item" on:click=add_item>{move || t_string!(i18n, editor.add_item)}</button>
                <button type="submit" class="button" disabled=move || save.pending().get()>{move || t_string!(i18n, editor.save)}</button>
            </div>
        </form>
    }
}

/// Where the definition came from, in `locale` (the module's label as the server gives it).
fn source_note(locale: Locale, source: &DefinitionSource) -> String {
    match source {
        DefinitionSource::Manual => td_string!(locale, editor.source.manual).to_owned(),
        DefinitionSource::Preset {
            module,
            module_label,
            edited: false,
        } => td_string!(
            locale,
            editor.source.preset,
            module = crate::components::status::registrar_module_text(locale, module, module_label)
        ),
        DefinitionSource::Preset {
            module,
            module_label,
            edited: true,
        } => td_string!(
            locale,
            editor.source.preset_edited,
            module = crate::components::status::registrar_module_text(locale, module, module_label)
        ),
    }
}

/// An error message under a field.
#[component]
fn Problem(message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" role="alert" hidden=move || message.get().is_none()>
            {move || message.get()}
        </p>
    }
}
