//! regdocs: domain document management for hosting providers and domain resellers.
//!
//! This crate is the whole web app, compiled twice: with `ssr` for the server (pages
//! rendered to HTML, server functions, the `backend` module) and with `hydrate` for the
//! browser (the same components, made interactive). See README.md, "Architecture".

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, Meta, MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod domain;
pub mod error;
pub mod pages;

// The generated `i18n` module: `Locale`, `I18nContextProvider`, `use_i18n`, `t!` and the
// other macros, from `locales/` (see build.rs).
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

use components::{ErrorPanel, SiteFooter, SiteHeader, session::provide_session};
use pages::{
    Forbidden, NotFound,
    lazy::{
        AccountRoute, AdminHomeRoute, AdminLayoutRoute, ApiKeysRoute, DefinitionEditorRoute,
        DocumentsRoute, ExtensionInfoRoute, ExtensionsRoute, HomeRoute, LoginRoute,
        MyDocumentsRoute, MyOrdersRoute, OrderReviewRoute, OrderRoute, OutboxRoute, ReasonsRoute,
        ReviewsRoute, SignUpRoute, VerifyEmailRoute, WebhooksRoute,
    },
};

/// Who may open a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in account (customers see only what is theirs).
    SignedIn,
    /// Admins only.
    Admin,
}

/// Who may open each page of [`App`], by its route path as the server sees it (axum's
/// syntax, `{id}` for a parameter). The server locks every page before it renders: a
/// page this list does not name is for admins only, and a test fails on any route of
/// [`App`] that is missing here, so a new page is never public by accident.
pub const PAGE_ACCESS: &[(&str, Access)] = &[
    ("/", Access::Public),
    ("/login", Access::Public),
    ("/signup", Access::Public),
    ("/verify-email", Access::Public),
    ("/forbidden", Access::Public),
    ("/extensions/{name}", Access::Public),
    ("/account", Access::SignedIn),
    ("/orders", Access::SignedIn),
    ("/orders/{id}", Access::SignedIn),
    ("/documents", Access::SignedIn),
    ("/admin", Access::Admin),
    ("/admin/extensions", Access::Admin),
    ("/admin/reviews", Access::Admin),
    ("/admin/orders/{id}", Access::Admin),
    ("/admin/documents", Access::Admin),
    ("/admin/documents/new", Access::Admin),
    ("/admin/documents/{id}", Access::Admin),
    ("/admin/reasons", Access::Admin),
    ("/admin/outbox", Access::Admin),
    ("/admin/api-keys", Access::Admin),
    ("/admin/webhooks", Access::Admin),
];

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                // The stylesheet's name carries its content hash (see `hash-files`).
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The app: layout, routes and the error boundary around every page.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    // The language of the page (see components::language).
    view! {
        <components::language::LanguageProvider>
            <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
            <Title formatter=|title: String| format!("{title} · regdocs")/>
            <Description/>
            <Router>
                <Layout/>
            </Router>
        </components::language::LanguageProvider>
    }
}

/// The page's description for search engines, in the reader's language.
#[component]
fn Description() -> impl IntoView {
    let i18n = i18n::use_i18n();
    view! { <Meta name="description" content=move || i18n::td_string!(i18n.get_locale(), common.meta_description)/> }
}

/// Header, routes and footer. Pages stream in order (each waits for its data before the
/// rest is sent), so that everything, forms and their errors included, also works
/// before or without hydration. Pages of one thing (an order, an extension, a definition)
/// render whole before anything is sent, so that a missing thing answers 404, not 200.
#[component]
fn Layout() -> impl IntoView {
    provide_session();
    components::live::provide_live_events();
    // Set by the page in view once the browser has hydrated it (HydratedMark).
    let hydrated = RwSignal::new(false);
    provide_context(components::hydration::PageHydrated(hydrated));
    let i18n = i18n::use_i18n();

    view! {
        <div class="page" data-hydrated=move || hydrated.get().then_some("true")>
            <a class="skip-link" href="#main">{i18n::t!(i18n, common.skip_to_content)}</a>
            <SiteHeader/>
            <main id="main" class="main">
                <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::InOrder/>
                        <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::InOrder/>
                        <Route path=path!("/signup") view={Lazy::<SignUpRoute>::new()} ssr=SsrMode::InOrder/>
                        <Route path=path!("/verify-email") view={Lazy::<VerifyEmailRoute>::new()} ssr=SsrMode::InOrder/>
                        <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::InOrder/>
                        <Route path=path!("/orders") view={Lazy::<MyOrdersRoute>::new()} ssr=SsrMode::InOrder/>
                        <Route path=path!("/documents") view={Lazy::<MyDocumentsRoute>::new()} ssr=SsrMode::InOrder/>
                        <Route path=path!("/orders/:id") view={Lazy::<OrderRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/forbidden") view=Forbidden ssr=SsrMode::InOrder/>
                        <Route path=path!("/extensions/:name") view={Lazy::<ExtensionInfoRoute>::new()} ssr=SsrMode::Async/>
                        <ParentRoute path=path!("/admin") view={Lazy::<AdminLayoutRoute>::new()} ssr=SsrMode::InOrder>
                            <Route path=path!("") view={Lazy::<AdminHomeRoute>::new()} ssr=SsrMode::InOrder/>
                            <Route path=path!("extensions") view={Lazy::<ExtensionsRoute>::new()} ssr=SsrMode::InOrder/>
                            <Route path=path!("reviews") view={Lazy::<ReviewsRoute>::new()} ssr=SsrMode::InOrder/>
                            <Route path=path!("orders/:id") view={Lazy::<OrderReviewRoute>::new()} ssr=SsrMode::Async/>
                            <Route path=path!("documents") view={Lazy::<DocumentsRoute>::new()} ssr=SsrMode::InOrder/>
                            <Route path=path!("documents/new") view={Lazy::<DefinitionEditorRoute>::new()} ssr=SsrMode::InOrder/>
                            <Route path=path!("documents/:id") view={Lazy::<DefinitionEditorRoute>::new()} ssr=SsrMode::Async/>
                            <Route path=path!("reasons") view={Lazy::<ReasonsRoute>::new()} ssr=SsrMode::InOrder/>
                            <Route path=path!("outbox") view={Lazy::<OutboxRoute>::new()} ssr=SsrMode::InOrder/>
                            <Route path=path!("api-keys") view={Lazy::<ApiKeysRoute>::new()} ssr=SsrMode::InOrder/>
                            <Route path=path!("webhooks") view={Lazy::<WebhooksRoute>::new()} ssr=SsrMode::InOrder/>
                        </ParentRoute>
                    </Routes>
                </ErrorBoundary>
            </main>
            <SiteFooter/>
        </div>
    }
}
