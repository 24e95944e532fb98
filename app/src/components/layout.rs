//! The frame around every page: header with the product name, navigation and the
//! signed-in account, and the footer.

use leptos::prelude::*;
use leptos_router::components::A;

use super::session::use_session;
use crate::i18n::{t_string, use_i18n};

/// The top bar: product name, main navigation, and who is signed in.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <div class="bar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"rd"</span>
                    <span class="brand-name">"regdocs"</span>
                </A>
                <nav class="site-nav" aria-label=move || crate::i18n::td_string!(i18n.get_locale(), common.nav.main)>
                    <a href="/#how-it-works">{move || t_string!(i18n, common.nav.how_it_works)}</a>
                    <a href="/#extensions">{move || t_string!(i18n, common.nav.extensions)}</a>
                </nav>
                <AccountMenu/>
                <super::language::LanguageSwitch/>
            </div>
        </header>
    }
}

/// "Sign in / Create account", or the signed-in account with its links and log-out.
#[component]
fn AccountMenu() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    view! {
        <div class="account-menu">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.account.await {
                        Ok(Some(account)) => {
                            view! {
                                {account
                                    .is_admin()
                                    .then(|| view! { <A href="/admin" attr:class="nav-admin">{move || t_string!(i18n, common.nav.admin)}</A> })}
                                <A href="/orders" attr:class="nav-link">{move || t_string!(i18n, common.nav.my_orders)}</A>
                                <A href="/documents" attr:class="nav-link">{move || t_string!(i18n, common.nav.my_documents)}</A>
                                <A href="/account" attr:class="account-name">
                                    <span class="visually-hidden">{move || t_string!(i18n, common.nav.signed_in_as)}</span>
                                    {account.name.clone()}
                                </A>
                                <ActionForm action=session.log_out attr:class="inline-form">
                                    <button type="submit" class="button-quiet">{move || t_string!(i18n, common.nav.log_out)}</button>
                                </ActionForm>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <A href="/login" attr:class="nav-link">{move || t_string!(i18n, common.nav.sign_in)}</A>
                                <A href="/signup" attr:class="button button-small">{move || t_string!(i18n, common.nav.create_account)}</A>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
}

/// The bottom bar: what this is, and the version running.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <div class="bar">
                <p>{move || t_string!(i18n, common.footer.about)}</p>
                <p class="muted">{move || t_string!(i18n, common.footer.version, version = env!("CARGO_PKG_VERSION")).to_string()}</p>
            </div>
        </footer>
    }
}
