//! Pieces of forms: error messages next to the field at fault, and above the form for
//! errors that concern no single field.

use leptos::prelude::*;

use crate::{domain::requirements::FieldProblem, error::AppError};

/// The error of the last run of `action`, if it failed.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// The message about `field` among `problems`, if there is one.
pub fn problem_message(problems: &[FieldProblem], field: &str) -> Option<String> {
    problems
        .iter()
        .find(|p| p.field == field)
        .map(|p| p.message.clone())
}

/// The message for `field`, if `error` is about it.
pub fn message_for(error: Option<&AppError>, field: &str) -> Option<String> {
    match error {
        Some(AppError::Validation { field: f, message }) if f == field => Some(message.clone()),
        Some(AppError::Invalid { problems }) => problem_message(problems, field),
        _ => None,
    }
}

/// The message under a field; `id` is what the input's `aria-describedby` names.
#[component]
pub fn FieldError(
    #[prop(into)] error: Signal<Option<AppError>>,
    field: &'static str,
    #[prop(optional, into)] local: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let message = move || {
        local
            .and_then(|l| l.get())
            .or_else(|| error.with(|e| message_for(e.as_ref(), field)))
    };
    view! {
        <p class="field-error" id=format!("{field}-error") role="alert" hidden=move || message().is_none()>
            {message}
        </p>
    }
}

/// Errors that belong to no single field (wrong password, throttled, server trouble).
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let message = move || match error.get() {
        None => None,
        Some(AppError::Validation { field, .. }) if !field.is_empty() => None,
        Some(other) => Some(other.text(i18n.get_locale())),
    };
    view! {
        <div class="form-error" role="alert" hidden=move || message().is_none()>
            {message}
        </div>
    }
}

/// Moves the focus to the element `id` once the page has drawn what just changed (an
/// added item's first field, a moved item's button).
pub fn focus_soon(id: String) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || focus_element(document().get_element_by_id(&id)));
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// After a refused submit: once the messages are drawn, moves the focus to the field of
/// the first one shown inside `form` (a CSS selector), in the order of the page; a
/// message outside any field gives it to `fallback` (an element id).
pub fn focus_first_error(form: &'static str, fallback: &'static str) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        let page = document();
        let first = page
            .query_selector(&format!("{form} .field-error:not([hidden])"))
            .ok()
            .flatten();
        let Some(first) = first else {
            return;
        };
        let field = first
            .closest(".field, .option-row, .options, fieldset")
            .ok()
            .flatten()
            .and_then(|f| {
                f.query_selector("input:not([type=hidden]), select, textarea")
                    .ok()
                    .flatten()
            });
        focus_element(field.or_else(|| page.get_element_by_id(fallback)));
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (form, fallback);
}

/// Gives the focus to `element`, if there is one and it can take it.
pub fn focus_element(element: Option<leptos::web_sys::Element>) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(element) = element.and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}
