//! The page for addresses that lead nowhere; answered with HTTP 404.

use crate::texts::tr;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::hydration::HydratedMark;

/// Tells the visitor the page does not exist and where to go instead.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=tr!(common.error_pages.not_found.title)/>
        <section class="panel not-found">
            <p class="eyebrow">{tr!(common.error_pages.not_found.eyebrow)}</p>
            <h1>{tr!(common.error_pages.not_found.heading)}</h1>
            <p>{tr!(common.error_pages.not_found.text)}</p>
            <p>
                <a class="button" href="/">{tr!(common.error_pages.go_home)}</a>
            </p>
        </section>
        <HydratedMark/>
    }
}
