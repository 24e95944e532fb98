//! What a page shows instead of itself when something on it failed, with the status that
//! goes with it when the page is rendered on the server (404 for what does not exist,
//! 403 for what is not the visitor's, 500 for a failure on our side).

use leptos::prelude::*;

use crate::error::AppError;

/// The first of `errors` that is an [`AppError`], if any.
fn app_error(errors: &Errors) -> Option<AppError> {
    errors
        .iter()
        .find_map(|(_, e)| e.downcast_ref::<AppError>().cloned())
}

/// Lists the errors caught by an `ErrorBoundary`, in words a user can read.
#[component]
pub fn ErrorPanel(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let first = errors.with_untracked(app_error);
    #[cfg(feature = "ssr")]
    if let (Some(err), Some(response)) = (
        first.as_ref(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        response.set_status(err.status());
    }
    let title = match first {
        Some(AppError::NotFound) => "We could not find this",
        Some(AppError::Forbidden) => "This is not yours to see",
        Some(AppError::Unauthorized) => "Please sign in",
        _ => "Something went wrong",
    };
    view! {
        <section class="panel panel-error" role="alert">
            <h1>{title}</h1>
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
        <super::hydration::HydratedMark/>
    }
}
