//! The signed-in account: change name and password, download everything held about it.

use crate::components::PageTitle;
use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::{
    api::account::{ChangePassword, DeleteAccount as DeleteAccountAction, UpdateProfile},
    components::{
        form::{FieldError, FormError, action_error},
        session::use_session,
    },
    domain::account::PASSWORD_MIN_CHARS,
    i18n::{t, t_string, use_i18n},
};

/// Name and password forms; signed-out visitors are sent to sign in.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <PageTitle text=move || t_string!(i18n, account.title).to_string()/>
        <crate::components::VerifyEmailNotice/>
        <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, account.loading)}</p> }>
            {move || Suspend::new(async move {
                match session.account.await {
                    Ok(Some(account)) => {
                        view! {
                            <h1>{move || t_string!(i18n, account.title)}</h1>
                            <p class="muted wrap-anywhere">{t!(i18n, account.signed_in_as, email = account.email.clone())}</p>
                            <div class="form-grid">
                                <ProfileForm name=account.name.clone()/>
                                <PasswordForm/>
                            </div>
                            <YourData/>
                            {(account.role == crate::domain::Role::Customer).then(|| view! { <DeleteAccount email=account.email.clone()/> })}
                        }
                            .into_any()
                    }
                    _ => view! { <Redirect path="/login?next=/account"/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProfileForm(name: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdateProfile>::new();
    use_session().follow(action);
    let error = action_error(action);
    let saved = move || matches!(action.value().get(), Some(Ok(_)));
    view! {
        <section class="card">
            <h2>{move || t_string!(i18n, account.profile.heading)}</h2>
            <FormError error/>
            <ActionForm action>
                <div class="field">
                    <label for="profile-name">{move || t_string!(i18n, account.profile.name)}</label>
                    <input id="profile-name" name="name" value=name autocomplete="name" required aria-describedby="name-error"/>
                    <FieldError error field="name"/>
                </div>
                <button type="submit" class="button">{move || t_string!(i18n, account.profile.submit)}</button>
                <Show when=saved>
                    <span class="saved" role="status">{move || t_string!(i18n, account.profile.saved)}</span>
                </Show>
            </ActionForm>
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChangePassword>::new();
    let error = action_error(action);
    let saved = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <section class="card">
            <h2>{move || t_string!(i18n, account.password.heading)}</h2>
            <p class="muted">{move || t_string!(i18n, account.password.intro)}</p>
            <FormError error/>
            <ActionForm action>
                <div class="field">
                    <label for="current-password">{move || t_string!(i18n, account.password.current)}</label>
                    <input id="current-password" type="password" name="current_password" autocomplete="current-password" required aria-describedby="current_password-error"/>
                    <FieldError error field="current_password"/>
                </div>
                <div class="field">
                    <label for="new-password">{move || t_string!(i18n, account.password.new_password)}</label>
                    <input id="new-password" type="password" name="new_password" autocomplete="new-password" required minlength=PASSWORD_MIN_CHARS.to_string() aria-describedby="new_password-error"/>
                    <FieldError error field="new_password"/>
                </div>
                <button type="submit" class="button">{move || t_string!(i18n, account.password.submit)}</button>
                <Show when=saved>
                    <span class="saved" role="status">{move || t_string!(i18n, account.password.saved)}</span>
                </Show>
            </ActionForm>
        </section>
    }
}

/// The way to everything regdocs holds about the account.
#[component]
fn YourData() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card your-data">
            <h2>{move || t_string!(i18n, account.data.heading)}</h2>
            <p>
                {move || t_string!(i18n, account.data.text_before)}
                <code>"manifest.json"</code>
                {move || t_string!(i18n, account.data.text_after)}
            </p>
            <a href="/account/export" rel="external" download class="button-secondary">{move || t_string!(i18n, account.data.download)}</a>
        </section>
    }
}

/// The way out: deleting the account, confirmed by typing the e-mail address.
#[component]
fn DeleteAccount(email: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<DeleteAccountAction>::new();
    let error = action_error(action);
    view! {
        <section class="card danger-zone">
            <h2>{move || t_string!(i18n, account.delete.heading)}</h2>
            <p>
                {move || t_string!(i18n, account.delete.text)}
            </p>
            <FormError error/>
            <ActionForm action>
                <div class="field">
                    <label for="delete-confirmation">{move || t_string!(i18n, account.delete.confirm_label, email = &email).to_string()}</label>
                    <input id="delete-confirmation" name="confirmation" autocomplete="off" required/>
                    <FieldError error field="confirmation"/>
                </div>
                <button type="submit" class="button-danger" disabled=move || action.pending().get()>{move || t_string!(i18n, account.delete.submit)}</button>
            </ActionForm>
        </section>
    }
}
