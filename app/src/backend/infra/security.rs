//! The Content-Security-Policy of rendered pages.
//!
//! Pages carry inline scripts (Leptos' hydration bootstrap and streamed resources), each
//! marked with a per-response nonce, so the policy allows exactly those, the app's own
//! files, and compiling the app's WebAssembly. Everything else falls back to the strict
//! policy the server's header middleware puts on non-page responses.

use leptos::prelude::use_context;

/// The policy for an HTML page whose inline scripts carry `nonce`.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: blob:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Puts the page policy, with this response's nonce, on the response being rendered.
pub fn send_page_csp() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&page_csp(nonce.as_inner())) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_policy_allows_only_nonced_inline_scripts_and_no_framing() {
        let csp = page_csp("abc123");
        assert!(csp.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("object-src 'none'"));
        assert!(!csp.contains("unsafe-inline"));
    }
}
