//! Who is signed in, for every component: the account resource, the log-out action, and
//! a way for pages to say the account changed (they own their actions, so that each
//! picks up the error a no-JavaScript form submission carried back in the URL).

use leptos::prelude::*;

use crate::{
    api::account::{LogOut, whoami},
    domain::AccountView,
    error::AppError,
};

/// The signed-in account and what changes it.
#[derive(Clone, Copy)]
pub struct SessionContext {
    /// Re-fetched after a log-out and whenever a page calls [`SessionContext::changed`].
    pub account: Resource<Result<Option<AccountView>, AppError>>,
    pub log_out: ServerAction<LogOut>,
    revision: RwSignal<u32>,
}

impl SessionContext {
    /// Tells everyone showing the account to fetch it again (after sign-in, a new name...).
    pub fn changed(&self) {
        self.revision.update(|r| *r += 1);
    }

    /// Calls [`SessionContext::changed`] whenever `action` succeeds.
    pub fn follow<S>(&self, action: ServerAction<S>)
    where
        S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        let session = *self;
        Effect::new(move |_| {
            if action.value().with(|v| matches!(v, Some(Ok(_)))) {
                session.changed();
            }
        });
    }
}

/// Creates the session context and provides it to everything below.
pub fn provide_session() -> SessionContext {
    let log_out = ServerAction::<LogOut>::new();
    let revision = RwSignal::new(0);
    let account = Resource::new(
        move || (log_out.version().get(), revision.get()),
        |_| whoami(),
    );
    let context = SessionContext {
        account,
        log_out,
        revision,
    };
    provide_context(context);
    context
}

/// The session context provided by [`provide_session`].
pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
