//! Shown (with HTTP 403) when a signed-in customer opens a part of the site that is for
//! admins only.

use crate::components::PageTitle;
use leptos::prelude::*;

use crate::{
    components::hydration::HydratedMark,
    i18n::{t_string, use_i18n},
};

/// Explains that the page is for staff only.
#[component]
pub fn Forbidden() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <PageTitle text=move || t_string!(i18n, common.error_pages.forbidden.title).to_string()/>
        <section class="panel not-found">
            <p class="eyebrow">{move || t_string!(i18n, common.error_pages.forbidden.eyebrow)}</p>
            <h1>{move || t_string!(i18n, common.error_pages.forbidden.heading)}</h1>
            <p>{move || t_string!(i18n, common.error_pages.forbidden.text)}</p>
            <p>
                <a class="button" href="/">{move || t_string!(i18n, common.error_pages.go_home)}</a>
            </p>
        </section>
        <HydratedMark/>
    }
}
