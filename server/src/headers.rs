//! Security headers on every response (OWASP ASVS 5.0 V3.4).
//!
//! Pages set their own Content-Security-Policy with a per-response nonce (see
//! `app::backend::infra::security`); every other response (health, files, errors) gets the
//! strict fallback below, which allows nothing at all to run or load.

use axum::{Router, extract::Request, middleware::Next, response::Response};
use http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy for responses that are not pages: nothing may load, run or frame them.
pub const FALLBACK_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The nonce the page a request renders marks its inline scripts with: made here, given
/// to Leptos through the request (see `startup::router`'s context), and put in the page's
/// policy by [`page_policy`].
#[derive(Debug, Clone)]
pub struct PageNonce(pub String);

/// Gives each request a [`PageNonce`] and puts the page policy with it on every HTML
/// page rendered with it (a response that says nothing, or a page policy of Leptos');
/// an HTML response with a policy of its own (the API reference) keeps it. Done here,
/// around the renderer, because a header set from inside an asynchronously rendered
/// page was sometimes lost, and the page's scripts blocked by the fallback policy.
pub async fn page_policy(mut request: Request, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new().to_string();
    request.extensions_mut().insert(PageNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let own_policy = response
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.contains("'nonce-"));
    if html
        && !own_policy
        && let Ok(value) = HeaderValue::from_str(&app::backend::infra::security::page_csp(&nonce))
    {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// Serves each request in the language it asks for (the `lang` cookie, else
/// `Accept-Language`, else English), so that what the services write for the user (a
/// refusal, a field's problem) is in it: pages, server functions, uploads and the REST
/// API alike (see `app::backend::accounts::request::locale`).
pub async fn request_language(request: Request, next: Next) -> Response {
    use app::backend::accounts::request::{locale_of, with_locale};
    let locale = locale_of(request.headers());
    with_locale(locale, next.run(request)).await
}

/// Adds the security headers to every response of `router`.
pub fn with_security_headers<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    https: bool,
) -> Router<S> {
    let always = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=()",
        ),
    ];
    let mut router = router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(FALLBACK_CSP),
        ))
        // Document previews may be framed by the app's own pages; they say so themselves.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ));
    for (name, value) in always {
        router = router.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    if https {
        router = router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    router
}

/// How long a cache may keep the static file at `path`, or `None` for anything else.
///
/// A file whose name carries the hash of its content (`/pkg/regdocs.<hash>.wasm`, made by
/// cargo-leptos' `hash-files`) never changes under that name: browsers keep it for a year
/// without asking again. Other static files (the icon, files without a hash) are kept but
/// revalidated on every use, so a new release is seen at once.
fn asset_cache_policy(path: &str) -> Option<&'static str> {
    let static_file = path.starts_with("/pkg/") || path == "/favicon.svg";
    if !static_file {
        return None;
    }
    let name = path.rsplit('/').next().unwrap_or_default();
    Some(if carries_content_hash(name) {
        "public, max-age=31536000, immutable"
    } else {
        "public, no-cache"
    })
}

/// Whether one of the dot-separated parts of the file `name` is a content hash as
/// cargo-leptos writes it (an MD5 digest in unpadded base64url: 22 characters).
fn carries_content_hash(name: &str) -> bool {
    let mut parts = name.split('.');
    parts.next(); // the stem is the file's own name
    parts.any(|part| {
        part.len() == 22
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && part
                .bytes()
                .any(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    })
}

/// Keeps every response but the static files out of caches (`Cache-Control: no-store`,
/// unless it says otherwise itself): pages, server-function answers, downloads and event
/// streams carry personal data, which no browser or proxy cache may keep. Static files
/// get their policy from [`asset_cache_policy`] when they are found.
pub async fn private_by_default(request: Request, next: Next) -> Response {
    let policy = asset_cache_policy(request.uri().path());
    let mut response = next.run(request).await;
    let policy = match policy {
        Some(policy) if response.status().is_success() => policy,
        // A missing file is answered with the rendered 404 page, which may name the user.
        Some(_) | None => "no-store",
    };
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy));
    response
}

#[cfg(test)]
mod tests {
    use super::asset_cache_policy;

    #[test]
    fn hashed_static_files_are_kept_for_a_year_the_rest_revalidated_or_never_stored() {
        const YEAR: Option<&str> = Some("public, max-age=31536000, immutable");
        for hashed in [
            "/pkg/regdocs.Xk3_9aQ-0bZc7YtPq1LmNw.wasm",
            "/pkg/regdocs.Xk3_9aQ-0bZc7YtPq1LmNw.js",
            "/pkg/regdocs.Xk3_9aQ-0bZc7YtPq1LmNw.css",
            "/pkg/__wasm_split.Xk3_9aQ-0bZc7YtPq1LmNw.js",
            "/pkg/split_admin_page.Xk3_9aQ-0bZc7YtPq1LmNw.wasm",
        ] {
            assert_eq!(asset_cache_policy(hashed), YEAR, "{hashed}");
        }
        for unhashed in [
            "/pkg/regdocs.wasm",
            "/favicon.svg",
            "/pkg/snippets/x/inline0.js",
        ] {
            assert_eq!(
                asset_cache_policy(unhashed),
                Some("public, no-cache"),
                "{unhashed}"
            );
        }
        for private in [
            "/",
            "/orders/1",
            "/api/get_order",
            "/documents/3",
            "/events",
        ] {
            assert_eq!(asset_cache_policy(private), None, "{private}");
        }
    }
}
