//! Creating a customer account. Fields are checked as they are left, with the same
//! rules the server applies; the form also works before the page is hydrated.

use crate::components::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::account::SignUp,
    components::form::{FieldError, FormError, action_error, message_for},
    domain::account::{Email, PASSWORD_MIN_CHARS, check_new_password, parse_person_name},
    i18n::{t_string, use_i18n},
};

/// Name, e-mail and password.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let sign_up = ServerAction::<SignUp>::new();
    let error = action_error(sign_up);
    let name_hint = RwSignal::new(None::<String>);
    let email_hint = RwSignal::new(None::<String>);
    let password_hint = RwSignal::new(None::<String>);
    let email_value = RwSignal::new(String::new());

    view! {
        <PageTitle text=move || t_string!(i18n, auth.signup.title).to_string()/>
        <section class="card form-card">
            <h1>{move || t_string!(i18n, auth.signup.title)}</h1>
            <p class="muted">{move || t_string!(i18n, auth.signup.intro)}</p>
            <FormError error/>
            <ActionForm action=sign_up>
                <div class="field">
                    <label for="signup-name">{move || t_string!(i18n, auth.signup.name)}</label>
                    <input
                        id="signup-name"
                        name="name"
                        autocomplete="name"
                        required
                        aria-describedby="name-error"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            let checked = parse_person_name(&value, i18n.get_locale_untracked());
                            name_hint.set(checked.err().and_then(|e| message_for(Some(&e), "name")));
                        }
                    />
                    <FieldError error field="name" local=name_hint/>
                </div>
                <div class="field">
                    <label for="signup-email">{move || t_string!(i18n, auth.signup.email)}</label>
                    <input
                        id="signup-email"
                        type="email"
                        name="email"
                        autocomplete="email"
                        required
                        aria-describedby="email-error"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            let checked = Email::parse(&value, i18n.get_locale_untracked());
                            email_hint.set(checked.err().and_then(|e| message_for(Some(&e), "email")));
                            email_value.set(value);
                        }
                    />
                    <FieldError error field="email" local=email_hint/>
                </div>
                <div class="field">
                    <label for="signup-password">{move || t_string!(i18n, auth.signup.password)}</label>
                    <input
                        id="signup-password"
                        type="password"
                        name="password"
                        autocomplete="new-password"
                        required
                        minlength=PASSWORD_MIN_CHARS.to_string()
                        aria-describedby="password-help password-error"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            password_hint.set(
                                check_new_password("password", &value, &email_value.get_untracked(), i18n.get_locale_untracked())
                                    .err()
                                    .and_then(|e| message_for(Some(&e), "password")),
                            );
                        }
                    />
                    <p class="field-help" id="password-help">
                        {move || t_string!(i18n, auth.signup.password_help, min = PASSWORD_MIN_CHARS).to_string()}
                    </p>
                    <FieldError error field="password" local=password_hint/>
                </div>
                <button type="submit" class="button" disabled=move || sign_up.pending().get()>
                    {move || t_string!(i18n, auth.signup.submit)}
                </button>
            </ActionForm>
            <p class="form-aside">{move || t_string!(i18n, auth.signup.have_account)} <A href="/login">{move || t_string!(i18n, auth.signup.sign_in)}</A></p>
        </section>
    }
}
