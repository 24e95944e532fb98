//! The end of an order's review: its registration once approved, and cancelling it.

use crate::texts::tr;
use leptos::prelude::*;

use crate::{
    api::{
        orders::{CancelOrder, OrderView},
        registration::RegistrationStep,
    },
    components::form::{FieldError, FormError, action_error},
    domain::orders::OrderStatus,
    i18n::{Locale, td_string, use_i18n},
};

/// Cancelling the order, with the statement the customer will see.
#[component]
pub fn AdminCancelPanel(order_id: i32, cancel: ServerAction<CancelOrder>) -> impl IntoView {
    let error = action_error(cancel);
    view! {
        <details class="card cancel-order">
            <summary>{tr!(review.cancel.summary)}</summary>
            <p>{tr!(review.cancel.text)}</p>
            <FormError error/>
            <ActionForm action=cancel attr:class="reject-form">
                <input type="hidden" name="id" value=order_id.to_string()/>
                <label for="cancel-statement">{tr!(review.statement_for_customer)}</label>
                <textarea id="cancel-statement" name="statement" rows="2" placeholder=tr!(review.cancel.placeholder)></textarea>
                <FieldError error field="statement"/>
                <button type="submit" class="button-danger" disabled=move || cancel.pending().get()>{tr!(review.cancel.button)}</button>
            </ActionForm>
        </details>
    }
}

/// The registration of an approved order: start it (or retry after a failure), then
/// mark it registered or failed with the provider's message.
#[component]
pub fn RegistrationPanel(
    order: OrderView,
    action: ServerAction<RegistrationStep>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = order.status;
    if !matches!(
        status,
        OrderStatus::Approved
            | OrderStatus::ReadyToRegister
            | OrderStatus::Registering
            | OrderStatus::Registered
            | OrderStatus::RegistrationFailed
    ) {
        return ().into_any();
    }
    let info = order.admin.clone();
    let module = info
        .as_ref()
        .map(|i| {
            crate::components::status::registrar_module_text(
                i18n.get_locale_untracked(),
                &i.registrar_module,
                &i.registrar_label,
            )
        })
        .unwrap_or_default();
    let id = order.id.to_string();
    // `label` gives the button's text in a language.
    let step_form =
        move |step: &'static str, label: fn(Locale) -> &'static str, class: &'static str| {
            let id = id.clone();
            view! {
                <ActionForm action attr:class="inline-form">
                    <input type="hidden" name="order_id" value=id/>
                    <input type="hidden" name="step" value=step/>
                    <button type="submit" class=class>{move || label(i18n.get_locale())}</button>
                </ActionForm>
            }
        };
    view! {
        <section class="card registration" aria-label=tr!(review.registration.title)>
            <h2>{tr!(review.registration.title)}</h2>
            <FormError error/>
            {match status {
                OrderStatus::Approved | OrderStatus::ReadyToRegister => view! {
                    <p>{tr!(review.registration.ready, module = &module)}</p>
                    {step_form("start", |l: Locale| td_string!(l, review.registration.start), "button")}
                }.into_any(),
                OrderStatus::Registering => {
                    let id = order.id.to_string();
                    view! {
                        {info.as_ref().and_then(|i| i.instructions.clone()).map(|t| view! { <p class="instructions">{t}</p> })}
                        <div class="decide">
                            {step_form("registered", |l: Locale| td_string!(l, review.registration.mark_registered), "button")}
                            <ActionForm action attr:class="reject-form">
                                <input type="hidden" name="order_id" value=id/>
                                <input type="hidden" name="step" value="failed"/>
                                <label for="registration-message">{tr!(review.registration.message_label)}</label>
                                <textarea id="registration-message" name="message" rows="2" placeholder=tr!(review.registration.message_placeholder)></textarea>
                                <FieldError error field="message"/>
                                <button type="submit" class="button-danger">{tr!(review.registration.mark_failed)}</button>
                            </ActionForm>
                        </div>
                    }.into_any()
                }
                OrderStatus::RegistrationFailed => view! {
                    <div class="form-error" role="alert">
                        <strong>{tr!(review.registration.failed)}" "</strong>
                        {info.as_ref().and_then(|i| i.failure.clone())}
                    </div>
                    {step_form("start", |l: Locale| td_string!(l, review.registration.retry), "button")}
                }.into_any(),
                _ => view! { <p>{tr!(review.registration.registered)}</p> }.into_any(),
            }}
        </section>
    }
    .into_any()
}
