//! The admin area. The server refuses `/admin/...` to anyone but admins before any of
//! this renders; the layout checks again for navigation inside the browser.

mod home;

pub use home::AdminHome;

use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use crate::{components::session::use_session, pages::Forbidden};

/// The frame of every admin page: the admin navigation, then the page.
#[component]
pub fn AdminLayout() -> impl IntoView {
    let session = use_session();
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.account.await {
                    Ok(Some(account)) if account.is_admin() => {
                        view! {
                            <div class="admin">
                                <nav class="admin-nav" aria-label="Admin">
                                    <span class="admin-label">"Admin"</span>
                                    <A href="/admin" exact=true>"Overview"</A>
                                </nav>
                                <Outlet/>
                            </div>
                        }
                            .into_any()
                    }
                    _ => view! { <Forbidden/> }.into_any(),
                }
            })}
        </Transition>
    }
}
