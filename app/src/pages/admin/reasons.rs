//! Reason templates: statements admins reuse when they reject an item. Picked from a
//! list next to every "Reject" on the review page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::reasons::{DeleteReason, ReasonTemplate, SaveReason, list_reasons},
    components::form::{FieldError, FormError, action_error},
};

/// `/admin/reasons`.
#[component]
pub fn ReasonsPage() -> impl IntoView {
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
        <Title text="Reason templates"/>
        <h1>"Reason templates"</h1>
        <p class="lead-small">
            "Statements you send often when you reject an item. On the review page, pick one next to “Reject” and adjust it if needed."
        </p>
        <section class="card">
            <h2>"Add a template"</h2>
            <FormError error=save_error/>
            <ActionForm action=save node_ref=add_form attr:class="stack-form">
                <div class="field">
                    <label for="reason-title">"Title (only admins see it)"</label>
                    <input id="reason-title" name="title" maxlength="120" placeholder="Unreadable scan" required/>
                    <FieldError error=save_error field="title"/>
                </div>
                <div class="field">
                    <label for="reason-statement">"Statement the customer reads"</label>
                    <textarea id="reason-statement" name="statement" rows="3" required
                        placeholder="The scan cannot be read. Please upload a sharp, complete colour scan of the document."></textarea>
                    <FieldError error=save_error field="statement"/>
                </div>
                <button type="submit" class="button">"Add template"</button>
            </ActionForm>
        </section>
        <FormError error=delete_error/>
        <Transition fallback=|| view! { <p class="muted">"Loading templates…"</p> }>
            {move || Suspend::new(async move {
                list.await.map(|templates| {
                    if templates.is_empty() {
                        return view! { <p class="muted">"No templates yet."</p> }.into_any();
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

#[component]
fn ReasonLine(
    template: ReasonTemplate,
    save: ServerAction<SaveReason>,
    delete: ServerAction<DeleteReason>,
) -> impl IntoView {
    let id = template.id.to_string();
    let delete_id = id.clone();
    let delete_label = format!("Delete {}", template.title);
    let title_id = format!("reason-title-{}", template.id);
    let statement_id = format!("reason-statement-{}", template.id);
    view! {
        <li class="card reason">
            <details>
                <summary>
                    <strong>{template.title.clone()}</strong>
                    <span class="muted">{format!(" — {}", template.statement)}</span>
                    <span class="link-like small">"Edit"</span>
                </summary>
                <ActionForm action=save attr:class="stack-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <div class="field">
                        <label for=title_id.clone()>"Title"</label>
                        <input id=title_id name="title" maxlength="120" value=template.title.clone() required/>
                    </div>
                    <div class="field">
                        <label for=statement_id.clone()>"Statement"</label>
                        <textarea id=statement_id name="statement" rows="3" required>{template.statement.clone()}</textarea>
                    </div>
                    <button type="submit" class="button-secondary">"Save changes"</button>
                </ActionForm>
            </details>
            <ActionForm action=delete attr:class="inline-form">
                <input type="hidden" name="id" value=delete_id/>
                <button type="submit" class="button-danger" aria-label=delete_label>"Delete"</button>
            </ActionForm>
        </li>
    }
}
