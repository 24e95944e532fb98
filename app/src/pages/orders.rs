//! "My orders": order a domain, and the list of orders with their state.

use crate::components::PageTitle;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    api::orders::{PlaceOrder, check_domain, my_orders},
    components::{
        ScrollTable, VerifyEmailNotice,
        form::{FieldError, FormError, action_error},
        status::StatusPill,
    },
    domain::requirements::{AppliesTo, ItemKind, Operation},
    error::AppError,
    i18n::{t, t_string, use_i18n},
};

/// Order form (check first, then place) and the customer's orders.
#[component]
pub fn MyOrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let asked = move || query.with(|q| q.get("domain")).unwrap_or_default();
    let check = Resource::new(asked, |domain| async move {
        if domain.trim().is_empty() {
            Ok(None)
        } else {
            check_domain(domain).await.map(Some)
        }
    });
    let orders = OnceResource::new(my_orders());
    let place = ServerAction::<PlaceOrder>::new();
    let place_error = action_error(place);

    view! {
        <PageTitle text=move || t_string!(i18n, orders.title).to_string()/>
        <h1>{move || t_string!(i18n, orders.title)}</h1>
        <VerifyEmailNotice/>
        <section class="card order-new">
            <h2>{move || t_string!(i18n, orders.new_order.heading)}</h2>
            // A plain GET form: the check works before the page is hydrated, too.
            <form method="get" action="/orders" class="inline-fields">
                <div class="field">
                    <label for="order-domain">{move || t_string!(i18n, orders.new_order.domain_label)}</label>
                    <input
                        id="order-domain"
                        name="domain"
                        placeholder=move || t_string!(i18n, orders.new_order.domain_placeholder)
                        value=asked
                        required
                        autocomplete="off"
                    />
                </div>
                <button type="submit" class="button-secondary">{move || t_string!(i18n, orders.new_order.check_button)}</button>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match check.await {
                        Ok(None) => ().into_any(),
                        Err(AppError::Validation { message, .. }) => {
                            view! { <p class="verdict verdict-bad" role="alert">{message}</p> }.into_any()
                        }
                        Err(other) => view! { <p class="verdict verdict-bad" role="alert">{other.text(i18n.get_locale_untracked())}</p> }.into_any(),
                        Ok(Some(found)) => {
                            let needs = found.requirements.clone();
                            view! {
                                <div class="check-result">
                                    <p class="verdict verdict-good">{t!(i18n, orders.new_order.can_be_ordered, domain = found.domain.clone())}</p>
                                    {match needs {
                                        Some(req) => {
                                            // The item's label comes from the definition, in the
                                            // reader's language where it has one.
                                            let items: Vec<_> = req
                                                .items
                                                .into_iter()
                                                .filter(|i| !matches!(i.kind, ItemKind::Notice))
                                                .collect();
                                            view! {
                                                <p>{move || t_string!(i18n, orders.new_order.registry_needs, extension = found.extension.clone()).to_string()}</p>
                                                <ul class="needs">
                                                    {items
                                                        .into_iter()
                                                        .map(|item| {
                                                            let text = move || {
                                                                let label = item
                                                                    .label_in(crate::domain::language::code(i18n.get_locale()))
                                                                    .to_owned();
                                                                match item.applies_to {
                                                                AppliesTo::Both => label,
                                                                AppliesTo::Registration => {
                                                                    t_string!(i18n, orders.new_order.item_registrations_only, label = &label)
                                                                }
                                                                AppliesTo::Transfer => {
                                                                    t_string!(i18n, orders.new_order.item_transfers_only, label = &label)
                                                                }
                                                                }
                                                            };
                                                            view! { <li>{text}</li> }
                                                        })
                                                        .collect_view()}
                                                </ul>
                                            }
                                                .into_any()
                                        }
                                        None => view! { <p>{move || t_string!(i18n, orders.new_order.no_documents)}</p> }.into_any(),
                                    }}
                                    <FormError error=place_error/>
                                    <ActionForm action=place>
                                        <input type="hidden" name="domain" value=found.domain.clone()/>
                                        <FieldError error=place_error field="domain"/>
                                        <fieldset class="operation-choice">
                                            <legend>{move || t_string!(i18n, orders.new_order.operation_legend)}</legend>
                                            <label class="check">
                                                <input type="radio" name="operation" value="register" checked/>
                                                {move || t_string!(i18n, orders.new_order.operation_register)}
                                            </label>
                                            <label class="check">
                                                <input type="radio" name="operation" value="transfer"/>
                                                {move || t_string!(i18n, orders.new_order.operation_transfer)}
                                            </label>
                                        </fieldset>
                                        <button type="submit" class="button">{move || t_string!(i18n, orders.new_order.order_button, domain = found.domain.clone()).to_string()}</button>
                                    </ActionForm>
                                </div>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>

        <h2>{move || t_string!(i18n, orders.list.heading)}</h2>
        <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, orders.list.loading)}</p> }>
            {move || Suspend::new(async move {
                orders
                    .await
                    .map(|list| {
                        if list.is_empty() {
                            return view! { <p class="empty">{move || t_string!(i18n, orders.list.empty)}</p> }.into_any();
                        }
                        view! {
                            <ScrollTable label=move || t_string!(i18n, orders.list.heading).to_string()>
                                <thead>
                                    <tr>
                                        <th scope="col">{move || t_string!(i18n, orders.list.col_domain)}</th>
                                        <th scope="col">{move || t_string!(i18n, orders.list.col_state)}</th>
                                        <th scope="col">{move || t_string!(i18n, orders.list.col_ordered)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|o| {
                                            view! {
                                                <tr>
                                                    <th scope="row">
                                                        <A href=format!("/orders/{}", o.id)>{o.domain.clone()}</A>
                                                        {(o.operation == Operation::Transfer).then(|| view! { " " <span class="pill pill-operation">{move || t_string!(i18n, orders.list.transfer)}</span> })}
                                                    </th>
                                                    <td><StatusPill status=o.status/></td>
                                                    <td class="muted"><crate::components::time::When at=o.created_at.clone()/></td>
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
