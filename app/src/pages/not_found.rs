//! The page for addresses that lead nowhere; answered with HTTP 404.

use crate::components::PageTitle;
use leptos::prelude::*;

use crate::{
    components::hydration::HydratedMark,
    i18n::{t_string, use_i18n},
};

/// Tells the visitor the page does not exist and where to go instead.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <PageTitle text=move || t_string!(i18n, common.error_pages.not_found.title).to_string()/>
        <section class="panel not-found">
            <p class="eyebrow">{move || t_string!(i18n, common.error_pages.not_found.eyebrow)}</p>
            <h1>{move || t_string!(i18n, common.error_pages.not_found.heading)}</h1>
            <p>{move || t_string!(i18n, common.error_pages.not_found.text)}</p>
            <p>
                <a class="button" href="/">{move || t_string!(i18n, common.error_pages.go_home)}</a>
            </p>
        </section>
        <HydratedMark/>
    }
}
