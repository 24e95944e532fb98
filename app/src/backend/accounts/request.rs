//! Who is asking: the session cookie, the client address, and the authorisation checks
//! every server function and route goes through (`require_user`, `require_admin`).

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use chrono::Utc;
use http::{HeaderMap, HeaderValue, header};
use leptos::prelude::use_context;

use crate::backend::{
    accounts::auth::{self, NewSession},
    entities::user,
    infra::settings::Settings,
    infra::state::{AppState, app_state},
};
use crate::{
    domain::{Role, language},
    error::AppError,
    i18n::Locale,
};

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

/// The client's address: the TCP peer, or the last `X-Forwarded-For` entry when the
/// settings say a trusted proxy sets it.
pub fn client_address(
    settings: &Settings,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> String {
    if settings.trust_x_forwarded_for {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| !v.is_empty());
        if let Some(address) = forwarded {
            return address.to_owned();
        }
    }
    peer.map_or_else(|| "unknown".to_owned(), |p| p.ip().to_string())
}

/// The `Set-Cookie` value that gives the browser `session`.
pub fn session_cookie(settings: &Settings, session: &NewSession) -> String {
    let max_age = (session.expires_at - Utc::now()).num_seconds().max(0);
    let secure = if settings.is_https() { "; Secure" } else { "" };
    format!(
        "{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        settings.session_cookie_name(),
        session.token
    )
}

/// The `Set-Cookie` value that keeps the language `locale` for the whole site, a year
/// (readable by the page's script, which sets it too when the reader switches).
pub fn language_cookie(settings: &Settings, locale: Locale) -> String {
    use language::{COOKIE, COOKIE_MAX_AGE_SECS, code};
    let secure = if settings.is_https() { "; Secure" } else { "" };
    format!(
        "{COOKIE}={}; Path=/; Max-Age={COOKIE_MAX_AGE_SECS}; SameSite=Lax{secure}",
        code(locale)
    )
}

tokio::task_local! {
    /// The language of the request being served, set around every request by the
    /// server (see [`with_locale`]).
    static REQUEST_LOCALE: Locale;
}

/// The language a request asks for, by the rule pages follow: the `lang` cookie, else
/// the best match of `Accept-Language`, else English.
pub fn locale_of(headers: &HeaderMap) -> Locale {
    use leptos_i18n::Locale as _;
    if let Some(chosen) = cookie_value(headers, language::COOKIE).and_then(|c| language::parse(&c))
    {
        return chosen;
    }
    // As the page's own resolution reads the header (leptos-use): tags in the order
    // given, weights dropped.
    let accepted: Vec<String> = headers
        .get_all(header::ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| {
            tag.split_once(';')
                .map_or(tag, |(tag, _)| tag)
                .trim()
                .to_owned()
        })
        .filter(|tag| !tag.is_empty())
        .collect();
    Locale::find_locale(&accepted)
}

/// Runs `work` with `locale` as the language of the messages it writes for the user.
pub async fn with_locale<F: Future>(locale: Locale, work: F) -> F::Output {
    REQUEST_LOCALE.scope(locale, work).await
}

/// The language the messages made now are written in (a refusal, a field's problem):
/// the request's, set around every request by the server; else, in a task Leptos
/// rendered a page in, the page's; else (a background job) English.
pub fn locale() -> Locale {
    REQUEST_LOCALE.try_with(|l| *l).unwrap_or_else(|_| {
        if leptos::prelude::Owner::current().is_some() {
            current_locale()
        } else {
            Locale::default()
        }
    })
}

/// The language the current request asks for, by the rule pages follow: the `lang`
/// cookie, else `Accept-Language`, else English (server functions only).
pub fn current_locale() -> Locale {
    leptos_i18n::locale::resolve_locale_with_options(leptos_i18n::context::I18nContextOptions {
        cookie_name: language::COOKIE.into(),
        ..Default::default()
    })
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn expired_session_cookie(settings: &Settings) -> String {
    let secure = if settings.is_https() { "; Secure" } else { "" };
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
        settings.session_cookie_name()
    )
}

/// The account signed in with the session cookie in `headers`, if any.
///
/// # Errors
/// Database failures only.
pub async fn account_from_headers(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<user::Model>, AppError> {
    let Some(token) = cookie_value(headers, state.settings.session_cookie_name()) else {
        return Ok(None);
    };
    auth::session_user(
        &state.db,
        state.settings.session_policy(),
        &token,
        Utc::now(),
    )
    .await
}

fn request_parts() -> Result<http::request::Parts, AppError> {
    use_context::<http::request::Parts>()
        .ok_or_else(|| AppError::internal("request parts missing from context"))
}

/// The session token the current request carries, if any (server functions only).
///
/// # Errors
/// [`AppError::Internal`] outside a request.
pub fn current_token() -> Result<Option<String>, AppError> {
    let state = app_state()?;
    Ok(cookie_value(
        &request_parts()?.headers,
        state.settings.session_cookie_name(),
    ))
}

/// The current request's client address (server functions only).
///
/// # Errors
/// [`AppError::Internal`] outside a request.
pub fn current_client_address() -> Result<String, AppError> {
    let state = app_state()?;
    let parts = request_parts()?;
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    Ok(client_address(&state.settings, &parts.headers, peer))
}

/// The signed-in account of the current request, if any (server functions only).
///
/// # Errors
/// Database failures; [`AppError::Internal`] outside a request.
pub async fn current_account() -> Result<Option<user::Model>, AppError> {
    let state = app_state()?;
    account_from_headers(&state, &request_parts()?.headers).await
}

/// The signed-in account, or [`AppError::Unauthorized`].
///
/// # Errors
/// [`AppError::Unauthorized`] when nobody is signed in; database failures.
pub async fn require_user() -> Result<user::Model, AppError> {
    current_account().await?.ok_or(AppError::Unauthorized)
}

/// The signed-in admin, or [`AppError::Unauthorized`] / [`AppError::Forbidden`].
///
/// # Errors
/// [`AppError::Unauthorized`] when nobody is signed in, [`AppError::Forbidden`] for a
/// customer; database failures.
pub async fn require_admin() -> Result<user::Model, AppError> {
    let account = require_user().await?;
    if account.role == Role::Admin {
        Ok(account)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Adds a `Set-Cookie` header to the response being built (server functions only).
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let h = headers(&[("cookie", "a=1; regdocs_session=tok; b=2")]);
        assert_eq!(cookie_value(&h, "regdocs_session").as_deref(), Some("tok"));
        assert_eq!(cookie_value(&h, "regdocs"), None);
        let h = headers(&[("cookie", "a=1"), ("cookie", "regdocs_session=x")]);
        assert_eq!(cookie_value(&h, "regdocs_session").as_deref(), Some("x"));
        assert_eq!(
            cookie_value(
                &headers(&[("cookie", "regdocs_session=")]),
                "regdocs_session"
            ),
            None
        );
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let peer = Some(SocketAddr::from(([10, 0, 0, 1], 5555)));
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7")]);
        let direct = Settings::from_vars(Vec::new()).unwrap();
        assert_eq!(client_address(&direct, &h, peer), "10.0.0.1");
        let proxied = Settings::from_vars([(
            "REGDOCS_TRUST_X_FORWARDED_FOR".to_owned(),
            "true".to_owned(),
        )])
        .unwrap();
        assert_eq!(
            client_address(&proxied, &h, peer),
            "203.0.113.7",
            "the proxy's own entry, not a client-supplied one"
        );
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_over_https() {
        let session = NewSession {
            token: "tok".into(),
            expires_at: Utc::now() + chrono::Duration::hours(1),
        };
        let http = Settings::from_vars(Vec::new()).unwrap();
        let cookie = session_cookie(&http, &session);
        assert!(
            cookie.starts_with("regdocs_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age="),
            "{cookie}"
        );
        assert!(!cookie.contains("Secure"));
        let https = Settings::from_vars([(
            "REGDOCS_PUBLIC_URL".to_owned(),
            "https://x.example".to_owned(),
        )])
        .unwrap();
        let cookie = session_cookie(&https, &session);
        assert!(
            cookie.starts_with("__Host-regdocs_session=tok; Path=/;"),
            "{cookie}"
        );
        assert!(cookie.ends_with("; Secure"));
        assert!(expired_session_cookie(&https).contains("Max-Age=0"));
    }
}
