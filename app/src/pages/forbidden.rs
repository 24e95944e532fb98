//! Shown (with HTTP 403) when a signed-in customer opens a part of the site that is for
//! admins only.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::hydration::HydratedMark;

/// Explains that the page is for staff only.
#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <Title text="Admins only"/>
        <section class="panel not-found">
            <p class="eyebrow">"Error 403"</p>
            <h1>"This area is for admins only"</h1>
            <p>"Your account cannot open the admin area. If you work for the provider, sign in with your staff account."</p>
            <p>
                <a class="button" href="/">"Go to the start page"</a>
            </p>
        </section>
        <HydratedMark/>
    }
}
