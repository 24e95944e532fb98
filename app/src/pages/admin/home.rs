//! The admin start page: headline figures.

use leptos::prelude::*;
use leptos_meta::Title;

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
                        }
                    })
            })}
        </Transition>
    }
}
