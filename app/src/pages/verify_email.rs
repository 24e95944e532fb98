//! `/verify-email?token=…`: where the confirmation link of a new account leads. Opening
//! it confirms the address (a second time is fine); a link that is not valid any more
//! says so, and where to ask for a new one.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{api::account::verify_email, components::session::use_session};

/// Confirms the address of the link's token and says how it went.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
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
        <Title text="Confirm your e-mail address"/>
        <section class="card form-card">
            <h1>"Confirm your e-mail address"</h1>
            <Transition fallback=|| view! { <p class="muted">"Checking the link…"</p> }>
                {move || Suspend::new(async move {
                    match confirmed.await {
                        Ok(()) => view! {
                            <p class="notice" role="status">"Thank you: your e-mail address is confirmed. You can order domains now."</p>
                            <p><A href="/orders" attr:class="button">"Order a domain"</A></p>
                        }
                        .into_any(),
                        Err(err) => view! {
                            <p class="form-error" role="alert">{err.to_string()}</p>
                            <p>"Sign in, and ask for a new link on " <A href="/orders">"My orders"</A> "."</p>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
