//! The end of an order's review: its registration once approved, and cancelling it.

use leptos::prelude::*;

use crate::{
    api::{
        orders::{CancelOrder, OrderView},
        registration::RegistrationStep,
    },
    components::form::{FieldError, FormError, action_error},
    domain::orders::OrderStatus,
};

/// Cancelling the order, with the statement the customer will see.
#[component]
pub fn AdminCancelPanel(order_id: i32, cancel: ServerAction<CancelOrder>) -> impl IntoView {
    let error = action_error(cancel);
    view! {
        <details class="card cancel-order">
            <summary>"Cancel this order"</summary>
            <p>"The customer sees your statement on their order page and by e-mail; the name becomes free to order again."</p>
            <FormError error/>
            <ActionForm action=cancel attr:class="reject-form">
                <input type="hidden" name="id" value=order_id.to_string()/>
                <label for="cancel-statement">"Statement for the customer"</label>
                <textarea id="cancel-statement" name="statement" rows="2" placeholder="Why the order is cancelled"></textarea>
                <FieldError error field="statement"/>
                <button type="submit" class="button-danger" disabled=move || cancel.pending().get()>"Cancel the order"</button>
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
        .map(|i| i.registrar_label.clone())
        .unwrap_or_default();
    let id = order.id.to_string();
    let step_form = move |step: &'static str, label: String, class: &'static str| {
        let id = id.clone();
        view! {
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="order_id" value=id/>
                <input type="hidden" name="step" value=step/>
                <button type="submit" class=class>{label}</button>
            </ActionForm>
        }
    };
    view! {
        <section class="card registration" aria-label="Registration">
            <h2>"Registration"</h2>
            <FormError error/>
            {match status {
                OrderStatus::Approved | OrderStatus::ReadyToRegister => view! {
                    <p>{format!("Everything needed is here. Registering goes through: {module}.")}</p>
                    {step_form("start", "Start registration".to_owned(), "button")}
                }.into_any(),
                OrderStatus::Registering => {
                    let id = order.id.to_string();
                    view! {
                        {info.as_ref().and_then(|i| i.instructions.clone()).map(|t| view! { <p class="instructions">{t}</p> })}
                        <div class="decide">
                            {step_form("registered", "Mark registered".to_owned(), "button")}
                            <ActionForm action attr:class="reject-form">
                                <input type="hidden" name="order_id" value=id/>
                                <input type="hidden" name="step" value="failed"/>
                                <label for="registration-message">"The provider's message, if it failed"</label>
                                <textarea id="registration-message" name="message" rows="2" placeholder="What the registry or provider answered"></textarea>
                                <FieldError error field="message"/>
                                <button type="submit" class="button-danger">"Mark failed"</button>
                            </ActionForm>
                        </div>
                    }.into_any()
                }
                OrderStatus::RegistrationFailed => view! {
                    <div class="form-error" role="alert">
                        <strong>"The registration failed. "</strong>
                        {info.as_ref().and_then(|i| i.failure.clone())}
                    </div>
                    {step_form("start", "Retry registration".to_owned(), "button")}
                }.into_any(),
                _ => view! { <p>"The domain is registered."</p> }.into_any(),
            }}
        </section>
    }
    .into_any()
}
