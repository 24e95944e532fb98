//! The signed-in account: change name and password, download everything held about it.

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
};

/// Name and password forms; signed-out visitors are sent to sign in.
#[component]
pub fn AccountPage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="Your account"/>
        <crate::components::VerifyEmailNotice/>
        <Transition fallback=|| view! { <p class="muted">"Loading your account…"</p> }>
            {move || Suspend::new(async move {
                match session.account.await {
                    Ok(Some(account)) => {
                        view! {
                            <h1>"Your account"</h1>
                            <p class="muted wrap-anywhere">{format!("Signed in as {}.", account.email)}</p>
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
            <h2>"Name"</h2>
            <FormError error/>
            <ActionForm action>
                <div class="field">
                    <label for="profile-name">"Your name"</label>
                    <input id="profile-name" name="name" value=name autocomplete="name" required aria-describedby="name-error"/>
                    <FieldError error field="name"/>
                </div>
                <button type="submit" class="button">"Save name"</button>
                <Show when=saved>
                    <span class="saved" role="status">"Saved."</span>
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
            <h2>"Password"</h2>
            <p class="muted">"Changing it signs you out everywhere else."</p>
            <FormError error/>
            <ActionForm action>
                <div class="field">
                    <label for="current-password">"Current password"</label>
                    <input id="current-password" type="password" name="current_password" autocomplete="current-password" required aria-describedby="current_password-error"/>
                    <FieldError error field="current_password"/>
                </div>
                <div class="field">
                    <label for="new-password">"New password"</label>
                    <input id="new-password" type="password" name="new_password" autocomplete="new-password" required minlength=PASSWORD_MIN_CHARS.to_string() aria-describedby="new_password-error"/>
                    <FieldError error field="new_password"/>
                </div>
                <button type="submit" class="button">"Change password"</button>
                <Show when=saved>
                    <span class="saved" role="status">"Password changed."</span>
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
            <h2>"Your data"</h2>
            <p>
                "Download everything we hold about you as one ZIP file: your account, every order with your answers and our decisions, and the documents you uploaded that we still keep. "
                <code>"manifest.json"</code>
                " in it lists everything in a form other services can read."
            </p>
            <a href="/account/export" rel="external" download class="button-secondary">"Download my data (ZIP)"</a>
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
            <h2>"Delete your account"</h2>
            <p>
                "Your orders in progress are cancelled, every document you uploaded is deleted at once, and your name, address and answers are erased. What we must keep as records stays without them: which domains were ordered and what was decided when. This cannot be undone; download your data first if you want a copy."
            </p>
            <FormError error/>
            <ActionForm action>
                <div class="field">
                    <label for="delete-confirmation">{format!("Type {email} to confirm")}</label>
                    <input id="delete-confirmation" name="confirmation" autocomplete="off" required/>
                    <FieldError error field="confirmation"/>
                </div>
                <button type="submit" class="button-danger" disabled=move || action.pending().get()>"Delete my account"</button>
            </ActionForm>
        </section>
    }
}
