//! The end of an order's review: its registration once approved, and cancelling it.

use leptos::prelude::*;

use crate::{
    api::{
        orders::{CancelOrder, OrderView},
        registration::RegistrationStep,
    },
    components::form::{FieldError, FormError, action_error},
    domain::orders::OrderStatus,
    i18n::{Locale, t_string, td_string, use_i18n},
};

/// Cancelling the order, with the statement the customer will see.
#[component]
pub fn AdminCancelPanel(order_id: i32, cancel: ServerAction<CancelOrder>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(cancel);
    view! {
        <details class="card cancel-order">
            <summary>{move || t_string!(i18n, review.cancel.summary)}</summary>
            <p>{move || t_string!(i18n, review.cancel.text)}</p>
            <FormError error/>
            <ActionForm action=cancel attr:class="reject-form">
                <input type="hidden" name="id" value=order_id.to_string()/>
                <label for="cancel-statement">{move || t_string!(i18n, review.statement_for_customer)}</label>
                <textarea id="cancel-statement" name="statement" rows="2" placeholder=move || t_string!(i18n, review.cancel.placeholder)></textarea>
                <FieldError error field="statement"/>
                <button type="submit" class="button-danger" disabled=move || cancel.pending().get()>{move || t_string!(i18n, review.cancel.button)}</button>
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
        <section class="card registration" aria-label=move || t_string!(i18n, review.registration.title)>
            <h2>{move || t_string!(i18n, review.registration.title)}</h2>
            <FormError error/>
            {match status {
                OrderStatus::Approved | OrderStatus::ReadyToRegister => view! {
                    <p>{move || t_string!(i18n, review.registration.ready, module = &module).to_string()}</p>
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
                                <label for="registration-message">{move || t_string!(i18n, review.registration.message_label)}</label>
                                <textarea id="registration-message" name="message" rows="2" placeholder=move || t_string!(i18n, review.registration.message_placeholder)></textarea>
                                <FieldError error field="message"/>
                                <button type="submit" class="button-danger">{move || t_string!(i18n, review.registration.mark_failed)}</button>
                            </ActionForm>
                        </div>
                    }.into_any()
                }
                OrderStatus::RegistrationFailed => view! {
                    <div class="form-error" role="alert">
                        <strong>{move || t_string!(i18n, review.registration.failed)}" "</strong>
                        {info.as_ref().and_then(|i| i.failure.clone())}
                    </div>
                    {step_form("start", |l: Locale| td_string!(l, review.registration.retry), "button")}
                }.into_any(),
                _ => view! { <p>{move || t_string!(i18n, review.registration.registered)}</p> }.into_any(),
            }}
        </section>
    }
    .into_any()
}
