//! Shown (with HTTP 403) when a signed-in customer opens a part of the site that is for
//! admins only.

use crate::texts::tr;
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
        <Title text=tr!(common.error_pages.forbidden.title)/>
        <section class="panel not-found">
            <p class="eyebrow">{tr!(common.error_pages.forbidden.eyebrow)}</p>
            <h1>{tr!(common.error_pages.forbidden.heading)}</h1>
            <p>{tr!(common.error_pages.forbidden.text)}</p>
            <p>
                <a class="button" href="/">{tr!(common.error_pages.go_home)}</a>
            </p>
        </section>
        <HydratedMark/>
    }
}
