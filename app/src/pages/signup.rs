//! Creating a customer account. Fields are checked as they are left, with the same
//! rules the server applies; the form also works before the page is hydrated.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    api::account::SignUp,
    components::form::{FieldError, FormError, action_error, message_for},
    domain::account::{Email, PASSWORD_MIN_CHARS, check_new_password, parse_person_name},
};

/// Name, e-mail and password.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let sign_up = ServerAction::<SignUp>::new();
    let error = action_error(sign_up);
    let name_hint = RwSignal::new(None::<String>);
    let email_hint = RwSignal::new(None::<String>);
    let password_hint = RwSignal::new(None::<String>);
    let email_value = RwSignal::new(String::new());

    view! {
        <Title text="Create an account"/>
        <section class="card form-card">
            <h1>"Create an account"</h1>
            <p class="muted">"You need an account to order domains and send the documents a registry asks for."</p>
            <FormError error/>
            <ActionForm action=sign_up>
                <div class="field">
                    <label for="signup-name">"Your name"</label>
                    <input
                        id="signup-name"
                        name="name"
                        autocomplete="name"
                        required
                        aria-describedby="name-error"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            name_hint.set(parse_person_name(&value).err().and_then(|e| message_for(Some(&e), "name")));
                        }
                    />
                    <FieldError error field="name" local=name_hint/>
                </div>
                <div class="field">
                    <label for="signup-email">"E-mail address"</label>
                    <input
                        id="signup-email"
                        type="email"
                        name="email"
                        autocomplete="email"
                        required
                        aria-describedby="email-error"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            email_hint.set(Email::parse(&value).err().and_then(|e| message_for(Some(&e), "email")));
                            email_value.set(value);
                        }
                    />
                    <FieldError error field="email" local=email_hint/>
                </div>
                <div class="field">
                    <label for="signup-password">"Password"</label>
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
                                check_new_password("password", &value, &email_value.get_untracked())
                                    .err()
                                    .and_then(|e| message_for(Some(&e), "password")),
                            );
                        }
                    />
                    <p class="field-help" id="password-help">
                        {format!("At least {PASSWORD_MIN_CHARS} characters. A few unrelated words make a strong, memorable password.")}
                    </p>
                    <FieldError error field="password" local=password_hint/>
                </div>
                <button type="submit" class="button" disabled=move || sign_up.pending().get()>
                    "Create account"
                </button>
            </ActionForm>
            <p class="form-aside">"Have an account? " <A href="/login">"Sign in"</A></p>
        </section>
    }
}
