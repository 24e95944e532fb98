//! The frame around every page: header with the product name and navigation, footer.

use leptos::prelude::*;
use leptos_router::components::A;

/// The top bar: product name and the main navigation.
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="bar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"rd"</span>
                    <span class="brand-name">"regdocs"</span>
                </A>
                <nav class="site-nav" aria-label="Main">
                    <a href="/#how-it-works">"How it works"</a>
                    <a href="/#extensions">"Extensions"</a>
                </nav>
            </div>
        </header>
    }
}

/// The bottom bar: what this is, and the version running.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="bar">
                <p>"regdocs — domain document management for hosting providers and resellers."</p>
                <p class="muted">"Version " {env!("CARGO_PKG_VERSION")}</p>
            </div>
        </footer>
    }
}
