//! Pages render, unknown addresses get the 404 page, and every response carries the
//! security headers (OWASP ASVS V3.4).

use crate::common::{TestDatabase, spawn_app};
use reqwest::header::{
    CONTENT_ENCODING, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use server::headers::FALLBACK_CSP;

fn assert_common_security_headers(response: &reqwest::Response) {
    let h = response.headers();
    assert_eq!(h[X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[REFERRER_POLICY], "strict-origin-when-cross-origin");
    assert_eq!(h["x-frame-options"], "DENY");
    let csp = h[CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(
        !h.contains_key("strict-transport-security"),
        "no HSTS over plain http"
    );
}

/// The nonce of the page's CSP, checked to be on every inline script of the page.
fn nonce_of(csp: &str) -> &str {
    let start = csp.find("'nonce-").expect("CSP has a nonce") + "'nonce-".len();
    let end = start + csp[start..].find('\'').expect("nonce is quoted");
    &csp[start..end]
}

async fn home_page_is_rendered_with_a_nonce_csp_that_covers_its_scripts(database: TestDatabase) {
    let app = spawn_app(database).await;

    let response = app.get("/").await;

    assert_eq!(response.status(), 200);
    assert_common_security_headers(&response);
    let csp = response.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let nonce = nonce_of(&csp).to_owned();
    assert!(nonce.len() >= 16, "nonce too short: {nonce}");

    let html = response.text().await.unwrap();
    assert!(html.contains("regdocs"));
    assert!(html.contains("How it works"));
    // The seeded extension list is rendered on the server.
    assert!(html.contains(".av.tr"), "extension list missing");
    let scripts = html.matches("<script").count();
    assert!(scripts > 0, "hydration scripts missing");
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "every script carries the response's nonce"
    );

    // A second response gets a different nonce.
    let again = app.get("/").await;
    let csp_again = again.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert_ne!(nonce_of(csp_again), nonce);
}

async fn unknown_pages_get_a_404_page_with_the_headers(database: TestDatabase) {
    let app = spawn_app(database).await;

    let response = app.get("/no/such/page").await;

    assert_eq!(response.status(), 404);
    assert_common_security_headers(&response);
    let html = response.text().await.unwrap();
    assert!(html.contains("This page does not exist"));
}

async fn non_page_responses_get_the_strict_fallback_policy(database: TestDatabase) {
    let app = spawn_app(database).await;

    let response = app.get("/health").await;

    assert_common_security_headers(&response);
    assert_eq!(response.headers()[CONTENT_SECURITY_POLICY], FALLBACK_CSP);
}

async fn pages_are_compressed_for_clients_that_accept_it(database: TestDatabase) {
    let app = spawn_app(database).await;

    let response = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[CONTENT_ENCODING], "br");
}

/// Pages of one thing answer with the status of what the visitor gets: 404 for what
/// does not exist, 403 for what is not theirs; rendered on the server, before hydration.
async fn missing_and_forbidden_pages_have_their_status(database: TestDatabase) {
    let app = spawn_app(database).await;
    let admin = app
        .signed_in("root@example.com", app::domain::Role::Admin)
        .await;
    let ada = app
        .signed_in("ada@example.com", app::domain::Role::Customer)
        .await;

    let missing_extension = app.get("/extensions/nope").await;
    assert_eq!(missing_extension.status(), 404);
    assert!(
        missing_extension
            .text()
            .await
            .unwrap()
            .contains("We could not find")
    );
    assert_eq!(app.get("/extensions/us").await.status(), 200);
    for path in ["/admin/documents/999", "/admin/orders/999"] {
        assert_eq!(
            app.get_with_cookie(path, &admin).await.status(),
            404,
            "{path}"
        );
    }
    assert_eq!(app.get_with_cookie("/orders/999", &ada).await.status(), 404);
    assert_eq!(
        app.get_with_cookie("/admin/reviews", &ada).await.status(),
        403
    );
}

/// Every page of the app is classified public or private next to its route; none is
/// public by accident.
#[tokio::test]
async fn every_page_is_classified_public_or_private() {
    let routes = leptos_axum::generate_route_list(app::App);
    let paths: Vec<String> = routes.iter().map(|r| r.path().to_owned()).collect();
    let unlisted: Vec<&String> = paths
        .iter()
        .filter(|p| !app::PAGE_ACCESS.iter().any(|(listed, _)| listed == p))
        .collect();
    assert!(
        unlisted.is_empty(),
        "pages missing from app::PAGE_ACCESS: {unlisted:?}"
    );
    let stale: Vec<&str> = app::PAGE_ACCESS
        .iter()
        .map(|(listed, _)| *listed)
        .filter(|listed| !paths.iter().any(|p| p == listed))
        .collect();
    assert!(stale.is_empty(), "no such pages: {stale:?}");
    // The private ones are locked.
    let locks = server::guards::PageLocks::new(paths.iter().map(String::as_str));
    assert_eq!(locks.access("/orders/1"), Some(app::Access::SignedIn));
    assert_eq!(locks.access("/admin/outbox"), Some(app::Access::Admin));
    assert_eq!(locks.access("/verify-email"), Some(app::Access::Public));
}

on_both_databases!(
    missing_and_forbidden_pages_have_their_status,
    home_page_is_rendered_with_a_nonce_csp_that_covers_its_scripts,
    unknown_pages_get_a_404_page_with_the_headers,
    non_page_responses_get_the_strict_fallback_policy,
    pages_are_compressed_for_clients_that_accept_it,
);

#[tokio::test]
async fn https_deployments_send_hsts() {
    let router = server::headers::with_security_headers(
        axum::Router::new().route("/", axum::routing::get(|| async { "hi" })),
        true,
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });

    let response = reqwest::get(format!("http://{addr}/")).await.unwrap();

    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}
