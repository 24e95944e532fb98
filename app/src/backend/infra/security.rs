//! The Content-Security-Policy of rendered pages.
//!
//! Pages carry inline scripts (Leptos' hydration bootstrap and streamed resources), each
//! marked with a per-response nonce, so the policy allows exactly those, the app's own
//! files, and compiling the app's WebAssembly. The server's header middleware makes the
//! nonce, hands it to the renderer and puts this policy on the page; everything else
//! falls back to the strict policy it puts on non-page responses.

/// The policy for an HTML page whose inline scripts carry `nonce`.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: blob:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
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
