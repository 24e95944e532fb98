//! The signed-in account: change name and password, download everything held about it.

use crate::texts::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::{
    api::account::{ChangePassword, DeleteAccount as DeleteAccountAction, UpdateProfile},
    components::{
        form::{FieldError, FormError, action_error},
        session::use_session,
    },
    domain::account::PASSWORD_MIN_CHARS,
    i18n::{t, use_i18n},
};

/// Name and password forms; signed-out visitors are sent to sign in.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Title text=tr!(account.title)/>
        <crate::components::VerifyEmailNotice/>
        <Transition fallback=move || view! { <p class="muted">{tr!(account.loading)}</p> }>
            {move || Suspend::new(async move {
                match session.account.await {
                    Ok(Some(account)) => {
                        view! {
                            <h1>{tr!(account.title)}</h1>
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
    let action = ServerAction::<UpdateProfile>::new();
    use_session().follow(action);
    let error = action_error(action);
    let saved = move || matches!(action.value().get(), Some(Ok(_)));
    view! {
        <section class="card">
            <h2>{tr!(account.profile.heading)}</h2>
            <FormError error/>
            <ActionForm action>
                <div class="field">
                    <label for="profile-name">{tr!(account.profile.name)}</label>
                    <input id="profile-name" name="name" value=name autocomplete="name" required aria-describedby="name-error"/>
                    <FieldError error field="name"/>
                </div>
                <button type="submit" class="button">{tr!(account.profile.submit)}</button>
                <Show when=saved>
                    <span class="saved" role="status">{tr!(account.profile.saved)}</span>
                </Show>
            </ActionForm>
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = action_error(action);
    let saved = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <section class="card">
            <h2>{tr!(account.password.heading)}</h2>
            <p class="muted">{tr!(account.password.intro)}</p>
            <FormError error/>
            <ActionForm action>
                <div class="field">
                    <label for="current-password">{tr!(account.password.current)}</label>
                    <input id="current-password" type="password" name="current_password" autocomplete="current-password" required aria-describedby="current_password-error"/>
                    <FieldError error field="current_password"/>
                </div>
                <div class="field">
                    <label for="new-password">{tr!(account.password.new_password)}</label>
                    <input id="new-password" type="password" name="new_password" autocomplete="new-password" required minlength=PASSWORD_MIN_CHARS.to_string() aria-describedby="new_password-error"/>
                    <FieldError error field="new_password"/>
                </div>
                <button type="submit" class="button">{tr!(account.password.submit)}</button>
                <Show when=saved>
                    <span class="saved" role="status">{tr!(account.password.saved)}</span>
                </Show>
            </ActionForm>
        </section>
    }
}

/// The way to everything regdocs holds about the account.
#[component]
fn YourData() -> impl IntoView {
    view! {
        <section class="card your-data">
            <h2>{tr!(account.data.heading)}</h2>
            <p>
                {tr!(account.data.text_before)}
                <code>"manifest.json"</code>
                {tr!(account.data.text_after)}
            </p>
            <a href="/account/export" rel="external" download class="button-secondary">{tr!(account.data.download)}</a>
        </section>
    }
}

/// The way out: deleting the account, confirmed by typing the e-mail address.
#[component]
fn DeleteAccount(email: String) -> impl IntoView {
    let action = ServerAction::<DeleteAccountAction>::new();
    let error = action_error(action);
    view! {
        <section class="card danger-zone">
            <h2>{tr!(account.delete.heading)}</h2>
            <p>
                {tr!(account.delete.text)}
            </p>
            <FormError error/>
            <ActionForm action>
                <div class="field">
                    <label for="delete-confirmation">{tr!(account.delete.confirm_label, email = &email)}</label>
                    <input id="delete-confirmation" name="confirmation" autocomplete="off" required/>
                    <FieldError error field="confirmation"/>
                </div>
                <button type="submit" class="button-danger" disabled=move || action.pending().get()>{tr!(account.delete.submit)}</button>
            </ActionForm>
        </section>
    }
}
