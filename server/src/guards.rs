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
    Access, PAGE_ACCESS,
    backend::{
        accounts::request::account_from_headers, infra::settings::Settings, infra::state::AppState,
        orders,
    },
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

/// Who may open which page: every route of the app, classified by `app::PAGE_ACCESS`;
/// a route missing from it is for admins only (private by default).
#[derive(Debug, Clone)]
pub struct PageLocks {
    routes: Vec<(Vec<String>, Access)>,
}

impl PageLocks {
    /// The locks of the routes at `paths` (axum syntax, as `generate_route_list` gives
    /// them).
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a str>) -> Self {
        let routes = paths
            .into_iter()
            .map(|path| {
                let access = PAGE_ACCESS
                    .iter()
                    .find(|(listed, _)| *listed == path)
                    .map_or_else(
                        || {
                            tracing::warn!(
                                path,
                                "a page without an entry in PAGE_ACCESS is locked to admins"
                            );
                            Access::Admin
                        },
                        |(_, access)| *access,
                    );
                (segments(path).map(str::to_owned).collect(), access)
            })
            .collect();
        Self { routes }
    }

    /// Who may open `path`; `None` when it is no page of the app (a file, a server
    /// function, a route of the server's own, or nothing at all: those guard
    /// themselves or answer 404).
    pub fn access(&self, path: &str) -> Option<Access> {
        let asked: Vec<&str> = segments(path).collect();
        self.routes
            .iter()
            .find(|(pattern, _)| {
                pattern.len() == asked.len()
                    && pattern
                        .iter()
                        .zip(&asked)
                        .all(|(p, a)| p == a || (p.starts_with('{') && !a.is_empty()))
            })
            .map(|(_, access)| *access)
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// What [`lock_private_areas`] needs.
#[derive(Clone)]
pub struct Guard {
    pub state: AppState,
    pub pages: std::sync::Arc<PageLocks>,
}

/// Locks private pages on the server, before routing, so none is ever rendered for the
/// wrong visitor: signed-out visitors are sent to sign in (and back afterwards);
/// customers who open an admin page get the 403 page, and an order that is not theirs
/// (or, for admins, that does not exist) the 404 page.
pub async fn lock_private_areas(
    State(guard): State<Guard>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let access = match guard.pages.access(&path) {
        None | Some(Access::Public) => return next.run(request).await,
        Some(access) => access,
    };
    let state = &guard.state;
    match account_from_headers(state, request.headers()).await {
        Err(err) => err.into_response(),
        Ok(None) => {
            Redirect::to(&format!("/login?next={}", encode_query_value(&path))).into_response()
        }
        Ok(Some(account)) if access == Access::SignedIn || account.role == Role::Admin => {
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

/// The order id of an order page path (`/orders/12`, `/admin/orders/12`).
fn order_id_of(path: &str) -> Option<i32> {
    path.strip_prefix("/admin")
        .unwrap_or(path)
        .strip_prefix("/orders/")?
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
    fn pages_are_matched_by_whole_segments_and_unlisted_ones_are_for_admins() {
        let locks = PageLocks::new([
            "/",
            "/orders",
            "/orders/{id}",
            "/admin",
            "/admin/orders/{id}",
            "/secret/new-page",
        ]);
        assert_eq!(locks.access("/"), Some(Access::Public));
        assert_eq!(locks.access("/orders/7"), Some(Access::SignedIn));
        assert_eq!(locks.access("/orders/7/"), Some(Access::SignedIn));
        assert_eq!(locks.access("/admin"), Some(Access::Admin));
        assert_eq!(locks.access("/admin/orders/3"), Some(Access::Admin));
        assert_eq!(locks.access("/administrator"), None, "no such page: 404");
        assert_eq!(locks.access("/orders/7/extra"), None);
        assert_eq!(
            locks.access("/secret/new-page"),
            Some(Access::Admin),
            "a page nobody classified is locked"
        );
        assert_eq!(order_id_of("/orders/7"), Some(7));
        assert_eq!(order_id_of("/admin/orders/7"), Some(7));
        assert_eq!(order_id_of("/orders/x"), None);
        assert_eq!(order_id_of("/orders"), None);
    }

    #[test]
    fn next_paths_are_encoded_for_the_query_string() {
        assert_eq!(encode_query_value("/admin/a b?c&d"), "/admin/a%20b%3Fc%26d");
    }
}
