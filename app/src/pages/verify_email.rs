//! `/verify-email?token=…`: where the confirmation link of a new account leads. Opening
//! it confirms the address (a second time is fine); a link that is not valid any more
//! says so, and where to ask for a new one.

use crate::components::PageTitle;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    api::account::verify_email,
    components::session::use_session,
    i18n::{t_string, use_i18n},
};

/// Confirms the address of the link's token and says how it went.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token")).unwrap_or_default();
    let confirmed = Resource::new(token, verify_email);
    let session = use_session();
    Effect::new(move |_| {
        if matches!(confirmed.get(), Some(Ok(()))) {
            session.changed();
        }
    });
    view! {
        <PageTitle text=move || t_string!(i18n, auth.verify_email.title).to_string()/>
        <section class="card form-card">
            <h1>{move || t_string!(i18n, auth.verify_email.title)}</h1>
            <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, auth.verify_email.checking)}</p> }>
                {move || Suspend::new(async move {
                    match confirmed.await {
                        Ok(()) => view! {
                            <p class="notice" role="status">{move || t_string!(i18n, auth.verify_email.confirmed)}</p>
                            <p><A href="/orders" attr:class="button">{move || t_string!(i18n, auth.verify_email.order_domain)}</A></p>
                        }
                        .into_any(),
                        Err(err) => view! {
                            <p class="form-error" role="alert">{err.text(i18n.get_locale_untracked())}</p>
                            <p>
                                {move || t_string!(i18n, auth.verify_email.new_link_before)}
                                <A href="/orders">{move || t_string!(i18n, auth.verify_email.new_link_page)}</A>
                                {move || t_string!(i18n, auth.verify_email.new_link_after)}
                            </p>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
