//! Reason templates: statements admins reuse when they reject an item, in English and
//! in the app's other languages. Picked from a list next to every "Reject" on the review
//! page, a template is written in the customer's language.

use crate::components::PageTitle;
use leptos::prelude::*;

use crate::{
    api::reasons::{DeleteReason, ReasonTemplate, SaveReason, list_reasons},
    components::{
        form::{FieldError, FormError, action_error},
        language::language_name,
    },
    domain::language::others,
    i18n::{Locale, t_string, use_i18n},
};

/// `/admin/reasons`.
#[component]
pub fn ReasonsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveReason>::new();
    let delete = ServerAction::<DeleteReason>::new();
    let list = Resource::new(
        move || (save.version().get(), delete.version().get()),
        |_| list_reasons(),
    );
    let save_error = action_error(save);
    // A template added: the form is empty again for the next one.
    let add_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_)))
            && let Some(form) = add_form.get_untracked()
        {
            form.reset();
        }
    });
    let delete_error = action_error(delete);
    view! {
        <PageTitle text=move || t_string!(i18n, reasons.title).to_owned()/>
        <h1>{move || t_string!(i18n, reasons.title)}</h1>
        <p class="lead-small">{move || t_string!(i18n, reasons.lead)}</p>
        <section class="card">
            <h2>{move || t_string!(i18n, reasons.add)}</h2>
            <FormError error=save_error/>
            <ActionForm action=save node_ref=add_form attr:class="stack-form">
                <div class="field">
                    <label for="reason-title">{move || t_string!(i18n, reasons.title_label)}</label>
                    <input id="reason-title" name="title" maxlength="120" placeholder=move || t_string!(i18n, reasons.title_placeholder) required/>
                    <FieldError error=save_error field="title"/>
                </div>
                <div class="field">
                    <label for="reason-statement">{move || t_string!(i18n, reasons.statement_label)}</label>
                    <textarea id="reason-statement" name="statement" rows="3" required
                        placeholder=move || t_string!(i18n, reasons.statement_placeholder)></textarea>
                    <FieldError error=save_error field="statement"/>
                </div>
                {others()
                    .map(|(locale, code)| view! { <TranslatedStatement id=format!("reason-statement-{code}") locale code text=String::new()/> })
                    .collect_view()}
                <button type="submit" class="button">{move || t_string!(i18n, reasons.add_button)}</button>
            </ActionForm>
        </section>
        <FormError error=delete_error/>
        <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, reasons.loading)}</p> }>
            {move || Suspend::new(async move {
                list.await.map(|templates| {
                    if templates.is_empty() {
                        return view! { <p class="muted">{move || t_string!(i18n, reasons.empty)}</p> }.into_any();
                    }
                    view! {
                        <ul class="reason-list">
                            {templates.into_iter().map(|t| view! { <ReasonLine template=t save delete/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                })
            })}
        </Transition>
    }
}

/// The statement in one of the other languages, sent as `translations[<code>]`.
#[component]
fn TranslatedStatement(
    id: String,
    locale: Locale,
    code: &'static str,
    text: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = language_name(locale);
    view! {
        <div class="field" lang=code>
            <label for=id.clone()>{move || t_string!(i18n, reasons.statement_in, language = name).to_string()}</label>
            <textarea id=id name=format!("translations[{code}]") rows="3">{text}</textarea>
            <p class="field-help">{move || t_string!(i18n, reasons.statement_in_help, language = name).to_string()}</p>
        </div>
    }
}

#[component]
fn ReasonLine(
    template: ReasonTemplate,
    save: ServerAction<SaveReason>,
    delete: ServerAction<DeleteReason>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = template.id.to_string();
    let delete_id = id.clone();
    let title = template.title.clone();
    let title_id = format!("reason-title-{}", template.id);
    let statement_id = format!("reason-statement-{}", template.id);
    let given = template
        .translations
        .keys()
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let uid = template.id;
    view! {
        <li class="card reason">
            <details>
                <summary>
                    <strong>{template.title.clone()}</strong>
                    <span class="muted">{format!(" — {}", template.statement)}</span>
                    {(!given.is_empty()).then(|| {
                        let given = given.clone();
                        view! { <span class="muted small">{move || t_string!(i18n, reasons.languages_given, languages = &given).to_string()}</span> }
                    })}
                    <span class="link-like small">{move || t_string!(i18n, reasons.edit)}</span>
                </summary>
                <ActionForm action=save attr:class="stack-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <div class="field">
                        <label for=title_id.clone()>{move || t_string!(i18n, reasons.title_short)}</label>
                        <input id=title_id name="title" maxlength="120" value=template.title.clone() required/>
                    </div>
                    <div class="field">
                        <label for=statement_id.clone()>{move || t_string!(i18n, reasons.statement_short)}</label>
                        <textarea id=statement_id name="statement" rows="3" required>{template.statement.clone()}</textarea>
                    </div>
                    {others()
                        .map(|(locale, code)| {
                            let text = template.translations.get(code).cloned().unwrap_or_default();
                            view! { <TranslatedStatement id=format!("reason-statement-{uid}-{code}") locale code text/> }
                        })
                        .collect_view()}
                    <button type="submit" class="button-secondary">{move || t_string!(i18n, reasons.save)}</button>
                </ActionForm>
            </details>
            <ActionForm action=delete attr:class="inline-form">
                <input type="hidden" name="id" value=delete_id/>
                <button type="submit" class="button-danger" aria-label=move || t_string!(i18n, reasons.delete_named, title = &title)>{move || t_string!(i18n, reasons.delete)}</button>
            </ActionForm>
        </li>
    }
}
