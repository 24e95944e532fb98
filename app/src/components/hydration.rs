//! Tells a live page from server-rendered HTML: the `.page` element carries
//! `data-hydrated="true"` once the browser has taken over the page in view, its lazily
//! loaded code included (people and end-to-end tests wait for it).

use leptos::prelude::*;

/// Set once the page in view is hydrated; provided by the layout.
#[derive(Clone, Copy)]
pub struct PageHydrated(pub RwSignal<bool>);

/// Renders nothing. Put after a page's content: its effect runs once the content before
/// it is hydrated, and marks the page as live.
#[component]
pub fn HydratedMark() -> impl IntoView {
    if let Some(PageHydrated(flag)) = use_context() {
        Effect::new(move |_| flag.set(true));
    }
}
