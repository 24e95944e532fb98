//! Who is signed in, for every component: the account resource and the actions that
//! change it. Provided once, inside the router (so that actions pick up errors a
//! no-JavaScript form submission carried back in the URL).

use leptos::prelude::*;

use crate::{
    api::account::{ChangePassword, LogIn, LogOut, SignUp, UpdateProfile, whoami},
    domain::AccountView,
    error::AppError,
};

/// The signed-in account and the actions that change it.
#[derive(Clone, Copy)]
pub struct SessionContext {
    /// Re-fetched whenever one of the actions below completes.
    pub account: Resource<Result<Option<AccountView>, AppError>>,
    pub log_in: ServerAction<LogIn>,
    pub log_out: ServerAction<LogOut>,
    pub sign_up: ServerAction<SignUp>,
    pub update_profile: ServerAction<UpdateProfile>,
    pub change_password: ServerAction<ChangePassword>,
}

/// Creates the session context and provides it to everything below.
pub fn provide_session() -> SessionContext {
    let log_in = ServerAction::<LogIn>::new();
    let log_out = ServerAction::<LogOut>::new();
    let sign_up = ServerAction::<SignUp>::new();
    let update_profile = ServerAction::<UpdateProfile>::new();
    let change_password = ServerAction::<ChangePassword>::new();
    let account = Resource::new(
        move || {
            (
                log_in.version().get(),
                log_out.version().get(),
                update_profile.version().get(),
                change_password.version().get(),
            )
        },
        |_| whoami(),
    );
    let context = SessionContext {
        account,
        log_in,
        log_out,
        sign_up,
        update_profile,
        change_password,
    };
    provide_context(context);
    context
}

/// The session context provided by [`provide_session`].
pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
