//! Signing in. The form works before the page is hydrated, too.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    api::account::LogIn,
    components::{
        form::{FieldError, FormError, action_error},
        session::use_session,
    },
};

/// E-mail and password; on success, back to where the visitor came from.
#[component]
pub fn LoginPage() -> impl IntoView {
    let log_in = ServerAction::<LogIn>::new();
    use_session().follow(log_in);
    let error = action_error(log_in);
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    let welcome = move || query.with(|q| q.get("welcome").is_some());
    let link_expired = move || query.with(|q| q.get("link").as_deref() == Some("expired"));
    let deleted = move || query.with(|q| q.get("deleted").is_some());

    view! {
        <Title text="Sign in"/>
        <section class="card form-card">
            <h1>"Sign in"</h1>
            <Show when=welcome>
                <p class="notice">"Thanks for signing up. We sent you a link to confirm your e-mail address; you can sign in now, and order domains once the address is confirmed."</p>
            </Show>
            <Show when=deleted>
                <p class="notice" role="status">"Your account was deleted, with your documents and personal data."</p>
            </Show>
            <Show when=link_expired>
                <p class="notice notice-info" role="status">"This sign-in link was used already or has expired. Open the order again from where you bought the domain to get a new link, or sign in below."</p>
            </Show>
            <FormError error/>
            <ActionForm action=log_in>
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="login-email">"E-mail address"</label>
                    <input id="login-email" type="email" name="email" autocomplete="username" required/>
                    <FieldError error field="email"/>
                </div>
                <div class="field">
                    <label for="login-password">"Password"</label>
                    <input id="login-password" type="password" name="password" autocomplete="current-password" required/>
                    <FieldError error field="password"/>
                </div>
                <button type="submit" class="button" disabled=move || log_in.pending().get()>
                    "Sign in"
                </button>
            </ActionForm>
            <p class="form-aside">"New here? " <A href="/signup">"Create an account"</A></p>
        </section>
    }
}
