//! The admin area. The server refuses `/admin/...` to anyone but admins before any of
//! this renders, and every admin server function checks again.

mod definition_editor;
mod documents;
mod extensions;
mod home;

pub use definition_editor::DefinitionEditorPage;
pub use documents::DocumentsPage;
pub use extensions::ExtensionsPage;
pub use home::AdminHome;

use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

/// The frame of every admin page: the admin navigation, then the page. The pages'
/// server functions refuse anyone but admins, so a customer who reached this through
/// in-browser navigation sees their refusal, never admin data.
#[component]
pub fn AdminLayout() -> impl IntoView {
    view! {
        <div class="admin">
            <nav class="admin-nav" aria-label="Admin">
                <span class="admin-label">"Admin"</span>
                <A href="/admin" exact=true>"Overview"</A>
                <A href="/admin/extensions">"Extensions"</A>
                <A href="/admin/documents">"Domain doc management"</A>
            </nav>
            <Outlet/>
        </div>
    }
}
