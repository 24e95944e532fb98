//! Authentication and authorisation over HTTP: CSRF refusal, no state change by GET, no
//! account enumeration, the admin area locked on the server, sessions that end.

use crate::common::{TEST_PASSWORD, TestDatabase, session_cookie_of, spawn_app};
use app::{
    api::{
        account::{LogIn, LogOut, SignUp},
        admin::AdminOverview,
        definitions::{
            DeleteDefinition, ExtensionPreset, ListDefinitions, LoadDefinitionDraft, SaveDefinition,
        },
        extensions::{
            AdminListExtensions, CreateExtension, DeleteExtension, MoveExtension, UpdateExtension,
        },
        mail::{Outbox, RetryMail},
        reasons::{DeleteReason, ListReasons, SaveReason},
        registration::RegistrationStep,
        review::{PendingReviews, ReviewItem, ReviewQueue},
    },
    domain::Role,
};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use serde_json::Value;

/// How an endpoint is called in the table below.
#[derive(Clone, Copy)]
enum Call {
    Page,
    Form(&'static [(&'static str, &'static str)]),
    Json(&'static str),
}

/// Every endpoint that only admins may use, called with valid arguments (so that a
/// refusal can only come from the authorisation check). Grow it with every admin page
/// and server function.
fn admin_endpoints() -> Vec<(&'static str, Call)> {
    vec![
        ("/admin", Call::Page),
        ("/admin/", Call::Page),
        ("/admin/extensions", Call::Page),
        ("/admin/documents", Call::Page),
        ("/admin/documents/new", Call::Page),
        ("/admin/documents/1", Call::Page),
        (AdminOverview::PATH, Call::Form(&[])),
        (AdminListExtensions::PATH, Call::Form(&[])),
        (
            CreateExtension::PATH,
            Call::Form(&[("name", ".xyz"), ("registrar_module", "manual")]),
        ),
        (
            UpdateExtension::PATH,
            Call::Form(&[("id", "1"), ("registrar_module", "manual")]),
        ),
        (
            MoveExtension::PATH,
            Call::Form(&[("id", "1"), ("direction", "up")]),
        ),
        (DeleteExtension::PATH, Call::Form(&[("id", "1")])),
        (ListDefinitions::PATH, Call::Form(&[])),
        (LoadDefinitionDraft::PATH, Call::Form(&[])),
        (ExtensionPreset::PATH, Call::Form(&[("extension_id", "4")])),
        (DeleteDefinition::PATH, Call::Form(&[("id", "1")])),
        ("/admin/reviews", Call::Page),
        ("/admin/orders/1", Call::Page),
        (ReviewQueue::PATH, Call::Form(&[])),
        (PendingReviews::PATH, Call::Form(&[])),
        ("/admin/reasons", Call::Page),
        ("/admin/outbox", Call::Page),
        (ListReasons::PATH, Call::Form(&[])),
        (
            SaveReason::PATH,
            Call::Form(&[("title", "Blurry"), ("statement", "Send a sharper scan.")]),
        ),
        (DeleteReason::PATH, Call::Form(&[("id", "1")])),
        (Outbox::PATH, Call::Form(&[])),
        (RetryMail::PATH, Call::Form(&[("id", "1")])),
        (
            RegistrationStep::PATH,
            Call::Form(&[("order_id", "1"), ("step", "start")]),
        ),
        (
            ReviewItem::PATH,
            Call::Form(&[
                ("order_id", "1"),
                ("item_key", "a"),
                ("attempt", "1"),
                ("decision", "approve"),
            ]),
        ),
        (
            SaveDefinition::PATH,
            Call::Json(
                r#"{"input":{"id":null,"extension_id":4,"revision":0,"imported_from":null,"requirements":{"details":"d","items":[{"key":"a","label":"A","explanation":"","required":true,"kind":"date","condition":null}]}}}"#,
            ),
        ),
    ]
}

async fn call(
    app: &crate::common::TestApp,
    path: &str,
    how: Call,
    cookie: Option<&str>,
) -> reqwest::Response {
    match (how, cookie) {
        (Call::Page, Some(cookie)) => app.get_with_cookie(path, cookie).await,
        (Call::Page, None) => app.get(path).await,
        (Call::Form(form), _) => app.post_form(path, form, cookie).await,
        (Call::Json(body), _) => {
            app.post_json(path, &serde_json::from_str(body).unwrap(), cookie)
                .await
        }
    }
}

async fn customers_are_refused_on_every_admin_endpoint(database: TestDatabase) {
    let app = spawn_app(database).await;
    let customer = app.signed_in("customer@example.com", Role::Customer).await;

    for (path, how) in admin_endpoints() {
        let response = call(&app, path, how, Some(&customer)).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        let body = response.text().await.unwrap();
        assert!(!body.contains("Customers"), "{path} leaked admin content");
    }
    // Nothing was changed by the refused calls.
    let list = app::backend::catalog::extensions::list(&app.demo_admin_ctx().await)
        .await
        .unwrap();
    assert!(!list.extensions.iter().any(|e| e.name == ".xyz"));
    assert!(list.extensions.iter().any(|e| e.id == 1));
}

async fn visitors_are_sent_to_sign_in_for_admin_pages_and_refused_by_admin_functions(
    database: TestDatabase,
) {
    let app = spawn_app(database).await;

    for (path, how) in admin_endpoints() {
        let response = call(&app, path, how, None).await;
        if matches!(how, Call::Page) {
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
            let location = response.headers()["location"].to_str().unwrap();
            assert!(location.starts_with("/login?next=/admin"), "{location}");
        } else {
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
        }
    }
}

async fn admins_reach_the_admin_area(database: TestDatabase) {
    let app = spawn_app(database).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;

    let page = app.get_with_cookie("/admin", &admin).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Customers"));

    let figures = app.post_form(AdminOverview::PATH, &[], Some(&admin)).await;
    assert_eq!(figures.status(), StatusCode::OK);
    let figures: Value = figures.json().await.unwrap();
    assert_eq!(figures["admins"], 2, "the demo admin and this one");
}

async fn cross_site_posts_are_refused_and_change_nothing(database: TestDatabase) {
    let app = spawn_app(database).await;
    let cookie = app.signed_in("ada@example.com", Role::Customer).await;

    let forged = [
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "https://evil.example"),
        ("origin", "null"),
    ];
    for (header, value) in forged {
        let response = app
            .client
            .post(app.url(LogOut::PATH))
            .header("cookie", &cookie)
            .header(header, value)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{header}: {value}"
        );
    }
    assert_eq!(
        app.whoami(&cookie).await["email"],
        "ada@example.com",
        "still signed in"
    );

    // The same request from the site itself goes through.
    let own = app
        .client
        .post(app.url(LogOut::PATH))
        .header("cookie", &cookie)
        .header("sec-fetch-site", "same-origin")
        .header("origin", app.url(""))
        .send()
        .await
        .unwrap();
    assert!(
        own.status().is_success() || own.status().is_redirection(),
        "{}",
        own.status()
    );
    assert_eq!(app.whoami(&cookie).await, Value::Null);
}

async fn get_cannot_change_state(database: TestDatabase) {
    let app = spawn_app(database).await;
    let cookie = app.signed_in("ada@example.com", Role::Customer).await;

    for path in [LogOut::PATH, LogIn::PATH, SignUp::PATH] {
        let response = app.get_with_cookie(path, &cookie).await;
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "GET {path}"
        );
    }
    assert_eq!(app.whoami(&cookie).await["email"], "ada@example.com");
}

async fn wrong_password_and_unknown_email_get_the_same_answer(database: TestDatabase) {
    let app = spawn_app(database).await;
    app.signed_in("ada@example.com", Role::Customer).await;

    let wrong_password = app
        .log_in("ada@example.com", "not the password")
        .await
        .unwrap_err();
    let unknown_email = app
        .log_in("nobody@example.com", TEST_PASSWORD)
        .await
        .unwrap_err();

    assert_eq!(wrong_password.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.status(), unknown_email.status());
    let a = wrong_password.text().await.unwrap();
    let b = unknown_email.text().await.unwrap();
    assert_eq!(a, b);
    assert!(a.contains("sign_in_failed"), "{a}");
}

async fn signing_up_twice_with_one_email_gives_the_same_answer(database: TestDatabase) {
    let app = spawn_app(database).await;
    let form = |name| {
        [
            ("name", name),
            ("email", "ada@example.com"),
            ("password", TEST_PASSWORD),
        ]
    };

    let first = app.post_form(SignUp::PATH, &form("Ada"), None).await;
    let second = app.post_form(SignUp::PATH, &form("Mallory"), None).await;

    assert_eq!(first.status(), second.status());
    assert_eq!(
        first.headers().get("location"),
        second.headers().get("location")
    );
    assert_eq!(first.text().await.unwrap(), second.text().await.unwrap());
    // And the first owner's password still works.
    assert!(app.log_in("ada@example.com", TEST_PASSWORD).await.is_ok());
}

async fn the_session_cookie_is_http_only_and_same_site(database: TestDatabase) {
    let app = spawn_app(database).await;
    app::backend::accounts::auth::create_account(
        &app.db,
        &app.state.passwords,
        "Ada",
        "ada@example.com",
        TEST_PASSWORD,
        Role::Customer,
    )
    .await
    .unwrap();

    let response = app
        .post_form(
            LogIn::PATH,
            &[("email", "ada@example.com"), ("password", TEST_PASSWORD)],
            None,
        )
        .await;

    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(set_cookie.contains("Path=/"), "{set_cookie}");
    assert!(session_cookie_of(&response).is_some());
}

async fn a_logged_out_token_no_longer_works(database: TestDatabase) {
    let app = spawn_app(database).await;
    let cookie = app.signed_in("ada@example.com", Role::Customer).await;
    assert_eq!(app.whoami(&cookie).await["email"], "ada@example.com");

    let response = app.post_form(LogOut::PATH, &[], Some(&cookie)).await;
    let cleared = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");

    assert_eq!(app.whoami(&cookie).await, Value::Null);
    let page = app.get_with_cookie("/account", &cookie).await;
    assert_eq!(
        page.status(),
        StatusCode::SEE_OTHER,
        "the account page sends the visitor to sign in"
    );
    assert_eq!(page.headers()["location"], "/login?next=/account");
}

async fn the_account_page_changes_name_and_password(database: TestDatabase) {
    use app::api::account::{ChangePassword, UpdateProfile};
    let app = spawn_app(database).await;
    let cookie = app.signed_in("ada@example.com", Role::Customer).await;
    let other_browser = app.log_in("ada@example.com", TEST_PASSWORD).await.unwrap();

    let renamed = app
        .post_form(UpdateProfile::PATH, &[("name", "Ada King")], Some(&cookie))
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);
    assert_eq!(app.whoami(&cookie).await["name"], "Ada King");

    let changed = app
        .post_form(
            ChangePassword::PATH,
            &[
                ("current_password", TEST_PASSWORD),
                ("new_password", "another long passphrase"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let new_cookie = session_cookie_of(&changed).expect("a new session for this browser");
    assert_eq!(app.whoami(&new_cookie).await["name"], "Ada King");
    assert_eq!(
        app.whoami(&cookie).await,
        Value::Null,
        "the old session ended"
    );
    assert_eq!(
        app.whoami(&other_browser).await,
        Value::Null,
        "other browsers signed out"
    );
}

async fn signed_out_visitors_cannot_change_an_account(database: TestDatabase) {
    use app::api::account::UpdateProfile;
    let app = spawn_app(database).await;

    let response = app
        .post_form(UpdateProfile::PATH, &[("name", "Mallory")], None)
        .await;

    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

on_both_databases!(
    customers_are_refused_on_every_admin_endpoint,
    visitors_are_sent_to_sign_in_for_admin_pages_and_refused_by_admin_functions,
    admins_reach_the_admin_area,
    cross_site_posts_are_refused_and_change_nothing,
    get_cannot_change_state,
    wrong_password_and_unknown_email_get_the_same_answer,
    signing_up_twice_with_one_email_gives_the_same_answer,
    the_session_cookie_is_http_only_and_same_site,
    a_logged_out_token_no_longer_works,
    the_account_page_changes_name_and_password,
    signed_out_visitors_cannot_change_an_account,
);
