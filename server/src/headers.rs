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

/// Whether `path` is one of the static files everyone gets alike (the app's script,
/// styles and icons), which caches may keep.
fn is_public_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.svg"
}

/// Keeps every response but the static files out of caches (`Cache-Control: no-store`,
/// unless it says otherwise itself): pages, server-function answers, downloads and event
/// streams carry personal data, which no browser or proxy cache may keep.
pub async fn private_by_default(request: Request, next: Next) -> Response {
    let public = is_public_asset(request.uri().path());
    let mut response = next.run(request).await;
    if !public {
        response
            .headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_public_asset;

    #[test]
    fn only_static_files_may_be_cached() {
        assert!(is_public_asset("/pkg/regdocs.wasm"));
        assert!(is_public_asset("/favicon.svg"));
        for private in [
            "/",
            "/orders/1",
            "/api/get_order",
            "/documents/3",
            "/events",
        ] {
            assert!(!is_public_asset(private), "{private}");
        }
    }
}
