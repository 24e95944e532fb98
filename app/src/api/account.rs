//! Signing up, in and out, and the account page.

use leptos::prelude::*;

use crate::{domain::AccountView, error::AppError};

/// Where to send someone after signing in: `next` when it is a path on this site,
/// otherwise the start page (no open redirects to other sites).
pub fn safe_next(next: Option<&str>) -> String {
    match next.map(str::trim) {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// The signed-in account, or `None`.
///
/// # Errors
/// Database failures.
#[server]
pub async fn whoami() -> Result<Option<AccountView>, AppError> {
    Ok(crate::backend::accounts::request::current_account()
        .await?
        .map(AccountView::from))
}

/// Creates a customer account and sends the confirmation link to its address, then
/// sends the browser to the sign-in page. An address that has an account already gets
/// the same answer (and nothing changes).
///
/// # Errors
/// [`AppError::Validation`] naming the field at fault; [`AppError::TooManyRequests`]
/// over the sign-up limits; [`AppError::Unavailable`] when the server is saturated.
#[server]
pub async fn sign_up(name: String, email: String, password: String) -> Result<(), AppError> {
    use crate::backend::{accounts::auth, accounts::request, infra::state::app_state};
    let state = app_state()?;
    let address = request::current_client_address()?;
    let language = crate::domain::language::code(request::current_locale());
    auth::sign_up(&state, &name, &email, &password, &address, language).await?;
    leptos_axum::redirect("/login?welcome=1");
    Ok(())
}

/// Confirms an e-mail address with the token of the link sent to it; public (the link
/// may be opened in another browser than the one signed in).
///
/// # Errors
/// [`AppError::Validation`] on `token` when it is not valid or has expired.
#[server]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    let state = crate::backend::infra::state::app_state()?;
    crate::backend::accounts::verification::confirm(&state, &token, chrono::Utc::now()).await
}

/// Sends the signed-in account a new confirmation link.
///
/// # Errors
/// [`AppError::Conflict`] when the address is confirmed already;
/// [`AppError::TooManyRequests`] after three links within an hour.
#[server]
pub async fn resend_verification() -> Result<(), AppError> {
    use crate::backend::{accounts::verification, infra::ctx::Ctx};
    let ctx = Ctx::user().await?;
    verification::resend(&ctx.state, &ctx.user).await
}

/// Signs in, sets a new session cookie and sends the browser to `next`.
///
/// # Errors
/// [`AppError::SignInFailed`] (the same for an unknown e-mail and a wrong password),
/// [`AppError::TooManyAttempts`] while throttled.
#[server]
pub async fn log_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<AccountView, AppError> {
    use crate::backend::{accounts::auth, accounts::request, infra::state::app_state};
    let state = app_state()?;
    let address = request::current_client_address()?;
    let previous = request::current_token()?;
    let (account, session) = auth::log_in(
        &state.db,
        &state.passwords,
        state.settings.session_policy(),
        &email,
        &password,
        &address,
        previous.as_deref(),
        chrono::Utc::now(),
    )
    .await?;
    request::set_cookie(&request::session_cookie(&state.settings, &session));
    // The account's language from now on, in this browser too.
    if let Some(locale) = crate::domain::language::parse(&account.language) {
        request::set_cookie(&request::language_cookie(&state.settings, locale));
    }
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(account.into())
}

/// Ends the current session and removes the cookie.
///
/// # Errors
/// Database failures.
#[server]
pub async fn log_out() -> Result<(), AppError> {
    use crate::backend::{accounts::auth, accounts::request, infra::state::app_state};
    let state = app_state()?;
    if let Some(token) = request::current_token()? {
        auth::log_out(&state.db, &token).await?;
    }
    request::set_cookie(&request::expired_session_cookie(&state.settings));
    leptos_axum::redirect("/");
    Ok(())
}

/// Deletes the signed-in customer's account (they typed their e-mail address as
/// `confirmation`): documents deleted, personal data erased, signed out.
///
/// # Errors
/// [`AppError::Unauthorized`] when signed out; [`AppError::Forbidden`] for admins;
/// [`AppError::Validation`] on `confirmation`; [`AppError::Conflict`] while an order is
/// being registered.
#[server]
pub async fn delete_account(confirmation: String) -> Result<(), AppError> {
    use crate::backend::{accounts::deletion, accounts::request, infra::ctx::Ctx};
    let ctx = Ctx::user().await?;
    deletion::delete_account(&ctx, &confirmation).await?;
    request::set_cookie(&request::expired_session_cookie(&ctx.state.settings));
    leptos_axum::redirect("/login?deleted=1");
    Ok(())
}

/// Changes the signed-in account's name.
///
/// # Errors
/// [`AppError::Unauthorized`] when signed out; [`AppError::Validation`] on `name`.
#[server]
pub async fn update_profile(name: String) -> Result<AccountView, AppError> {
    use crate::backend::{accounts::auth, accounts::request, infra::state::app_state};
    let account = request::require_user().await?;
    let state = app_state()?;
    Ok(auth::update_name(&state.db, account.id, &name)
        .await?
        .into())
}

/// Keeps `language` (`en`, `tr`) as the signed-in account's language (its e-mails and,
/// after signing in anywhere, its pages); signed out, only the `lang` cookie keeps it.
///
/// # Errors
/// [`AppError::Validation`] on `language` when the app does not have it.
#[server]
pub async fn set_language(language: String) -> Result<(), AppError> {
    use crate::backend::{accounts::auth, accounts::request, infra::state::app_state};
    use crate::i18n::td_string;
    let locale = crate::domain::language::parse(&language).ok_or_else(|| {
        AppError::validation(
            "language",
            td_string!(request::locale(), refusals.account.language),
        )
    })?;
    let state = app_state()?;
    request::set_cookie(&request::language_cookie(&state.settings, locale));
    if let Some(account) = request::current_account().await? {
        auth::set_language(&state.db, account.id, crate::domain::language::code(locale)).await?;
    }
    Ok(())
}

/// Changes the signed-in account's password; every other session of it ends.
///
/// # Errors
/// [`AppError::Unauthorized`] when signed out; [`AppError::Validation`] on
/// `current_password` or `new_password`.
#[server]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::backend::{accounts::auth, accounts::request, infra::state::app_state};
    let account = request::require_user().await?;
    let state = app_state()?;
    let session = auth::change_password(
        &state.db,
        &state.passwords,
        state.settings.session_policy(),
        account.id,
        &current_password,
        &new_password,
        chrono::Utc::now(),
    )
    .await?;
    request::set_cookie(&request::session_cookie(&state.settings, &session));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/admin")), "/admin");
        assert_eq!(safe_next(Some("/account?tab=1")), "/account?tab=1");
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "admin",
            "",
            "/a\nb",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
