//! What a page shows instead of itself when something on it failed, with the status that
//! goes with it when the page is rendered on the server (404 for what does not exist,
//! 403 for what is not the visitor's, 500 for a failure on our side).

use leptos::prelude::*;

use crate::{
    error::AppError,
    i18n::{t_string, use_i18n},
};

/// The first of `errors` that is an [`AppError`], if any.
fn app_error(errors: &Errors) -> Option<AppError> {
    errors
        .iter()
        .find_map(|(_, e)| e.downcast_ref::<AppError>().cloned())
}

/// Lists the errors caught by an `ErrorBoundary`, in words a user can read.
#[component]
pub fn ErrorPanel(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let i18n = use_i18n();
    let first = errors.with_untracked(app_error);
    #[cfg(feature = "ssr")]
    if let (Some(err), Some(response)) = (
        first.as_ref(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        response.set_status(err.status());
    }
    let title = move || match &first {
        Some(AppError::NotFound) => t_string!(i18n, common.error_panel.not_found),
        Some(AppError::Forbidden) => t_string!(i18n, common.error_panel.forbidden),
        Some(AppError::Unauthorized) => t_string!(i18n, common.error_panel.unauthorized),
        _ => t_string!(i18n, common.error_panel.other),
    };
    view! {
        <section class="panel panel-error" role="alert">
            <h1>{title}</h1>
            <ul>
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|(_, e)| {
                            let text = match e.downcast_ref::<AppError>() {
                                Some(err) => err.text(i18n.get_locale()),
                                None => e.to_string(),
                            };
                            view! { <li>{text}</li> }
                        })
                        .collect_view()
                }}
            </ul>
            <p>
                <a href="/">{move || t_string!(i18n, common.error_panel.back_to_start)}</a>
            </p>
        </section>
        <super::hydration::HydratedMark/>
    }
}
