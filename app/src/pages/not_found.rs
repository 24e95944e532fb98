//! The page for addresses that lead nowhere; answered with HTTP 404.

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
        <Title text="Page not found"/>
        <section class="panel not-found">
            <p class="eyebrow">"Error 404"</p>
            <h1>"This page does not exist"</h1>
            <p>"The address may be mistyped, or the page may have moved."</p>
            <p>
                <a class="button" href="/">"Go to the start page"</a>
            </p>
        </section>
        <HydratedMark/>
    }
}
