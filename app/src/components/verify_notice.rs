//! "Confirm your e-mail address": shown to a signed-in account whose address is not
//! confirmed yet, with a way to get a new link.

use leptos::prelude::*;

use crate::{
    api::account::ResendVerification,
    components::{
        form::{FormError, action_error},
        session::use_session,
    },
    i18n::{t_string, use_i18n},
};

/// Nothing for confirmed (or signed-out) visitors; for the others, what to do.
#[component]
pub fn VerifyEmailNotice() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let resend = ServerAction::<ResendVerification>::new();
    let error = action_error(resend);
    let sent = move || resend.value().with(|v| matches!(v, Some(Ok(()))));
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let account = session.account.await.ok().flatten();
                account.filter(|a| !a.email_verified).map(|account| view! {
                    <section class="card verify-notice" aria-labelledby="verify-title">
                        <h2 id="verify-title">{move || t_string!(i18n, auth.verify_notice.title)}</h2>
                        <p>
                            {move || t_string!(i18n, auth.verify_notice.text, email = account.email.clone()).to_string()}
                        </p>
                        <FormError error/>
                        <Show
                            when=sent
                            fallback=move || view! {
                                <ActionForm action=resend>
                                    <button type="submit" class="button-secondary" disabled=move || resend.pending().get()>{move || t_string!(i18n, auth.verify_notice.resend)}</button>
                                </ActionForm>
                            }
                        >
                            <p class="notice" role="status">{move || t_string!(i18n, auth.verify_notice.sent)}</p>
                        </Show>
                    </section>
                })
            })}
        </Transition>
    }
}
