//! "My orders": order a domain, and the list of orders with their state.

use leptos::prelude::*;
use leptos_meta::Title;
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
};

/// Order form (check first, then place) and the customer's orders.
#[component]
pub fn MyOrdersPage() -> impl IntoView {
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
        <Title text="My orders"/>
        <h1>"My orders"</h1>
        <VerifyEmailNotice/>
        <section class="card order-new">
            <h2>"Order a domain"</h2>
            // A plain GET form: the check works before the page is hydrated, too.
            <form method="get" action="/orders" class="inline-fields">
                <div class="field">
                    <label for="order-domain">"Domain name"</label>
                    <input id="order-domain" name="domain" placeholder="example.us" value=asked required autocomplete="off"/>
                </div>
                <button type="submit" class="button-secondary">"Check"</button>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match check.await {
                        Ok(None) => ().into_any(),
                        Err(AppError::Validation { message, .. }) => {
                            view! { <p class="verdict verdict-bad" role="alert">{message}</p> }.into_any()
                        }
                        Err(other) => view! { <p class="verdict verdict-bad" role="alert">{other.to_string()}</p> }.into_any(),
                        Ok(Some(found)) => {
                            let needs = found.requirements.clone();
                            view! {
                                <div class="check-result">
                                    <p class="verdict verdict-good">{format!("{} can be ordered.", found.domain)}</p>
                                    {match needs {
                                        Some(req) => {
                                            let items: Vec<String> = req
                                                .items
                                                .iter()
                                                .filter(|i| !matches!(i.kind, ItemKind::Notice))
                                                .map(|i| match i.applies_to {
                                                    AppliesTo::Both => i.label.clone(),
                                                    only => format!("{} ({})", i.label, only.label()),
                                                })
                                                .collect();
                                            view! {
                                                <p>{format!("The {} registry needs more before registering it. After ordering you will be asked for:", found.extension)}</p>
                                                <ul class="needs">{items.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                                            }
                                                .into_any()
                                        }
                                        None => view! { <p>"No documents are needed: it can be registered right away."</p> }.into_any(),
                                    }}
                                    <FormError error=place_error/>
                                    <ActionForm action=place>
                                        <input type="hidden" name="domain" value=found.domain.clone()/>
                                        <FieldError error=place_error field="domain"/>
                                        <fieldset class="operation-choice">
                                            <legend>"This order is"</legend>
                                            <label class="check">
                                                <input type="radio" name="operation" value="register" checked/>
                                                "a new registration"
                                            </label>
                                            <label class="check">
                                                <input type="radio" name="operation" value="transfer"/>
                                                "a transfer from another registrar (you own the domain)"
                                            </label>
                                        </fieldset>
                                        <button type="submit" class="button">{format!("Order {}", found.domain)}</button>
                                    </ActionForm>
                                </div>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>

        <h2>"Your orders"</h2>
        <Transition fallback=|| view! { <p class="muted">"Loading your orders…"</p> }>
            {move || Suspend::new(async move {
                orders
                    .await
                    .map(|list| {
                        if list.is_empty() {
                            return view! { <p class="empty">"You have no orders yet."</p> }.into_any();
                        }
                        view! {
                            <ScrollTable label="Your orders">
                                <thead>
                                    <tr>
                                        <th scope="col">"Domain"</th>
                                        <th scope="col">"State"</th>
                                        <th scope="col">"Ordered"</th>
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
                                                        {(o.operation == Operation::Transfer).then(|| view! { " " <span class="pill pill-operation">"Transfer"</span> })}
                                                    </th>
                                                    <td><StatusPill status=o.status/></td>
                                                    <td class="muted">{o.created_at.clone()}</td>
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
