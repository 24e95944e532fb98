//! "Confirm your e-mail address": shown to a signed-in account whose address is not
//! confirmed yet, with a way to get a new link.

use crate::texts::tr;
use leptos::prelude::*;

use crate::{
    api::account::ResendVerification,
    components::{
        form::{FormError, action_error},
        session::use_session,
    },
};

/// Nothing for confirmed (or signed-out) visitors; for the others, what to do.
#[component]
pub fn VerifyEmailNotice() -> impl IntoView {
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
                        <h2 id="verify-title">{tr!(auth.verify_notice.title)}</h2>
                        <p>
                            {tr!(auth.verify_notice.text, email = account.email.clone())}
                        </p>
                        <FormError error/>
                        <Show
                            when=sent
                            fallback=move || view! {
                                <ActionForm action=resend>
                                    <button type="submit" class="button-secondary" disabled=move || resend.pending().get()>{tr!(auth.verify_notice.resend)}</button>
                                </ActionForm>
                            }
                        >
                            <p class="notice" role="status">{tr!(auth.verify_notice.sent)}</p>
                        </Show>
                    </section>
                })
            })}
        </Transition>
    }
}
