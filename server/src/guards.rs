//! Request guards that run before the app: cross-site request refusal (CSRF, OWASP
//! ASVS V3.5) and the server-side lock on the admin area.

use axum::{
    body::Body,
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use http::{Method, StatusCode, Uri, header};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use app::{
    backend::{orders, request::account_from_headers, settings::Settings, state::AppState},
    domain::Role,
    error::AppError,
};

/// Whether a request that can change state comes from this site.
///
/// Browsers send `Sec-Fetch-Site` on every request; when it is there it decides (only
/// `same-origin` and `none`, a typed address or bookmark, pass). Older browsers send
/// `Origin` on cross-site POSTs; it must then be the public URL or the address the
/// request was sent to. A request with neither header does not come from a browser
/// page, so it cannot be a forged cross-site request.
pub fn is_same_site(settings: &Settings, request: &http::request::Parts) -> bool {
    let headers = &request.headers;
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true;
    };
    if origin == settings.public_url {
        return true;
    }
    let scheme = if settings.is_https() { "https" } else { "http" };
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|host| origin == format!("{scheme}://{host}"))
}

/// Refuses state-changing requests (anything but GET, HEAD, OPTIONS) from other sites.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    if !is_same_site(&state.settings, &parts) {
        tracing::warn!(path = %parts.uri.path(), "cross-site request refused");
        return AppError::Forbidden.into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

/// Who may open the pages under a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Area {
    Public,
    /// Any signed-in account.
    Private,
    /// Admins only.
    Admin,
}

fn area_of(path: &str) -> Area {
    let under = |root: &str| path == root || path.starts_with(&format!("{root}/"));
    if under("/admin") {
        Area::Admin
    } else if under("/account") || under("/orders") {
        Area::Private
    } else {
        Area::Public
    }
}

/// Locks private pages on the server, before routing, so none is ever rendered for the
/// wrong visitor: signed-out visitors are sent to sign in (and back afterwards);
/// customers who open `/admin/...` get the 403 page, and another customer's order page
/// the 404 page.
pub async fn lock_private_areas(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let area = area_of(&path);
    if area == Area::Public {
        return next.run(request).await;
    }
    match account_from_headers(&state, request.headers()).await {
        Err(err) => err.into_response(),
        Ok(None) => {
            Redirect::to(&format!("/login?next={}", encode_query_value(&path))).into_response()
        }
        Ok(Some(account))
            if area == Area::Private || Role::from_stored(&account.role) == Role::Admin =>
        {
            // Someone else's order does not exist, as far as this visitor can tell.
            if let Some(id) = order_id_of(&path) {
                match orders::is_visible_to(&state.db, &account, id).await {
                    Ok(true) => {}
                    Ok(false) => {
                        return render_instead(
                            request,
                            next,
                            "/__not_found",
                            StatusCode::NOT_FOUND,
                        )
                        .await;
                    }
                    Err(err) => return err.into_response(),
                }
            }
            next.run(request).await
        }
        Ok(Some(_)) => render_instead(request, next, "/forbidden", StatusCode::FORBIDDEN).await,
    }
}

/// Renders the app's page at `path` in place of the one asked for, with `status`.
async fn render_instead(
    mut request: Request,
    next: Next,
    path: &'static str,
    status: StatusCode,
) -> Response {
    *request.uri_mut() = Uri::from_static(path);
    *request.method_mut() = Method::GET;
    let request = request.map(|_| Body::empty());
    let mut response = next.run(request).await;
    *response.status_mut() = status;
    response
}

/// The order id of an order page path (`/orders/12`).
fn order_id_of(path: &str) -> Option<i32> {
    path.strip_prefix("/orders/")?
        .trim_end_matches('/')
        .parse()
        .ok()
}

/// Everything but unreserved characters and `/` is percent-encoded in a `next` path.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes everything but unreserved characters and `/`.
fn encode_query_value(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(pairs: &[(&str, &str)]) -> http::request::Parts {
        let mut builder = http::Request::builder().method("POST").uri("/api/x");
        for (k, v) in pairs {
            builder = builder.header(*k, *v);
        }
        builder.body(()).unwrap().into_parts().0
    }

    fn settings() -> Settings {
        Settings::from_vars([(
            "REGDOCS_PUBLIC_URL".to_owned(),
            "https://docs.example.com".to_owned(),
        )])
        .unwrap()
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(is_same_site(
            &settings(),
            &parts(&[("sec-fetch-site", "same-origin")])
        ));
        assert!(is_same_site(
            &settings(),
            &parts(&[("sec-fetch-site", "none")])
        ));
        assert!(!is_same_site(
            &settings(),
            &parts(&[("sec-fetch-site", "cross-site")])
        ));
        assert!(!is_same_site(
            &settings(),
            &parts(&[("sec-fetch-site", "same-site")])
        ));
        assert!(!is_same_site(
            &settings(),
            &parts(&[
                ("sec-fetch-site", "cross-site"),
                ("origin", "https://docs.example.com")
            ])
        ));
    }

    #[test]
    fn origin_must_be_this_site_when_fetch_metadata_is_missing() {
        assert!(is_same_site(
            &settings(),
            &parts(&[("origin", "https://docs.example.com")])
        ));
        assert!(is_same_site(
            &settings(),
            &parts(&[
                ("origin", "https://internal:8443"),
                ("host", "internal:8443")
            ])
        ));
        assert!(!is_same_site(
            &settings(),
            &parts(&[("origin", "https://evil.example")])
        ));
        assert!(!is_same_site(&settings(), &parts(&[("origin", "null")])));
        assert!(
            is_same_site(&settings(), &parts(&[])),
            "no browser, no forgery"
        );
    }

    #[test]
    fn areas_are_decided_by_whole_path_segments() {
        assert_eq!(area_of("/admin"), Area::Admin);
        assert_eq!(area_of("/admin/extensions"), Area::Admin);
        assert_eq!(area_of("/administrator"), Area::Public);
        assert_eq!(area_of("/account"), Area::Private);
        assert_eq!(area_of("/accounts"), Area::Public);
        assert_eq!(area_of("/orders/7"), Area::Private);
        assert_eq!(order_id_of("/orders/7"), Some(7));
        assert_eq!(order_id_of("/orders/x"), None);
        assert_eq!(order_id_of("/orders"), None);
        assert_eq!(area_of("/"), Area::Public);
    }

    #[test]
    fn next_paths_are_encoded_for_the_query_string() {
        assert_eq!(encode_query_value("/admin/a b?c&d"), "/admin/a%20b%3Fc%26d");
    }
}
