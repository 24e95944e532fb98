//! What a page shows instead of itself when something on it failed.

use leptos::prelude::*;

/// Lists the errors caught by an `ErrorBoundary`, in words a user can read.
#[component]
pub fn ErrorPanel(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <section class="panel panel-error" role="alert">
            <h1>"Something went wrong"</h1>
            <ul>
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|(_, e)| view! { <li>{e.to_string()}</li> })
                        .collect_view()
                }}
            </ul>
            <p>
                <a href="/">"Back to the start page"</a>
            </p>
        </section>
    }
}
