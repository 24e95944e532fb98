//! Signing in. The form works before the page is hydrated, too.

use crate::components::PageTitle;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    api::account::LogIn,
    components::{
        form::{FieldError, FormError, action_error},
        session::use_session,
    },
    i18n::{t_string, use_i18n},
};

/// E-mail and password; on success, back to where the visitor came from.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let log_in = ServerAction::<LogIn>::new();
    use_session().follow(log_in);
    let error = action_error(log_in);
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    let welcome = move || query.with(|q| q.get("welcome").is_some());
    let link_expired = move || query.with(|q| q.get("link").as_deref() == Some("expired"));
    let deleted = move || query.with(|q| q.get("deleted").is_some());

    view! {
        <PageTitle text=move || t_string!(i18n, auth.login.title).to_string()/>
        <section class="card form-card">
            <h1>{move || t_string!(i18n, auth.login.title)}</h1>
            <Show when=welcome>
                <p class="notice">{move || t_string!(i18n, auth.login.welcome)}</p>
            </Show>
            <Show when=deleted>
                <p class="notice" role="status">{move || t_string!(i18n, auth.login.deleted)}</p>
            </Show>
            <Show when=link_expired>
                <p class="notice notice-info" role="status">{move || t_string!(i18n, auth.login.link_expired)}</p>
            </Show>
            <FormError error/>
            <ActionForm action=log_in>
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="login-email">{move || t_string!(i18n, auth.login.email)}</label>
                    <input id="login-email" type="email" name="email" autocomplete="username" required/>
                    <FieldError error field="email"/>
                </div>
                <div class="field">
                    <label for="login-password">{move || t_string!(i18n, auth.login.password)}</label>
                    <input id="login-password" type="password" name="password" autocomplete="current-password" required/>
                    <FieldError error field="password"/>
                </div>
                <button type="submit" class="button" disabled=move || log_in.pending().get()>
                    {move || t_string!(i18n, auth.login.submit)}
                </button>
            </ActionForm>
            <p class="form-aside">{move || t_string!(i18n, auth.login.new_here)} <A href="/signup">{move || t_string!(i18n, auth.login.create_account)}</A></p>
        </section>
    }
}
