//! The admin start page: headline figures, and the orders waiting longest for review
//! against the review target.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::admin::admin_overview;

/// Counts of customers, admins and extensions.
#[component]
pub fn AdminHome() -> impl IntoView {
    let figures = OnceResource::new(admin_overview());
    view! {
        <Title text="Admin overview"/>
        <h1>"Overview"</h1>
        <Transition fallback=|| view! { <p class="muted">"Loading figures…"</p> }>
            {move || Suspend::new(async move {
                figures
                    .await
                    .map(|f| {
                        view! {
                            <dl class="figures">
                                <div class="figure">
                                    <dt>"Customers"</dt>
                                    <dd>{f.customers}</dd>
                                </div>
                                <div class="figure">
                                    <dt>"Admins"</dt>
                                    <dd>{f.admins}</dd>
                                </div>
                                <div class="figure">
                                    <dt>"Extensions on offer"</dt>
                                    <dd>{format!("{} of {}", f.enabled_extensions, f.extensions)}</dd>
                                </div>
                            </dl>
                            <section class="card oldest" aria-label="Waiting longest">
                                <h2>"Waiting longest for review"</h2>
                                <p class="muted">{format!("The review target is {}.", f.review_target)}</p>
                                {if f.oldest.is_empty() {
                                    view! { <p class="empty">"Nothing waits for review."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="oldest-list">
                                            {f.oldest.into_iter().map(|r| view! {
                                                <li>
                                                    <A href=format!("/admin/orders/{}", r.order_id)>{r.domain}</A>
                                                    <span>{r.waiting}" " <span class=r.sla.class()>{r.sla.label()}</span></span>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                        }
                    })
            })}
        </Transition>
    }
}
