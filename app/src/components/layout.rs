//! The frame around every page: header with the product name, navigation and the
//! signed-in account, and the footer.

use leptos::prelude::*;
use leptos_router::components::A;

use super::session::use_session;

/// The top bar: product name, main navigation, and who is signed in.
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
                <AccountMenu/>
            </div>
        </header>
    }
}

/// "Sign in / Create account", or the signed-in account with its links and log-out.
#[component]
fn AccountMenu() -> impl IntoView {
    let session = use_session();
    view! {
        <div class="account-menu">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.account.await {
                        Ok(Some(account)) => {
                            view! {
                                {account
                                    .is_admin()
                                    .then(|| view! { <A href="/admin" attr:class="nav-admin">"Admin"</A> })}
                                <A href="/orders" attr:class="nav-link">"My orders"</A>
                                <A href="/documents" attr:class="nav-link">"My documents"</A>
                                <A href="/account" attr:class="account-name">
                                    <span class="visually-hidden">"Signed in as "</span>
                                    {account.name.clone()}
                                </A>
                                <ActionForm action=session.log_out attr:class="inline-form">
                                    <button type="submit" class="button-quiet">"Log out"</button>
                                </ActionForm>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <A href="/login" attr:class="nav-link">"Sign in"</A>
                                <A href="/signup" attr:class="button button-small">"Create account"</A>
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
    view! {
        <footer class="site-footer">
            <div class="bar">
                <p>"regdocs — domain document management for hosting providers and resellers."</p>
                <p class="muted">"Version " {env!("CARGO_PKG_VERSION")}</p>
            </div>
        </footer>
    }
}
