//! Sign-up abuse limits and e-mail verification, on both databases: a new account
//! confirms its address through a signed, expiring link before it can order; forged,
//! altered and expired links are refused; links are not sent without end; sign-ups are
//! limited per address.

use app::{
    api::account::{ResendVerification, SignUp, VerifyEmail},
    backend::{
        accounts::verification,
        entities::{mail_outbox, user},
    },
    domain::Role,
};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::common::{TEST_PASSWORD, TestApp, TestDatabase, flow::*, spawn_app, spawn_app_with};

async fn sign_up(app: &TestApp, email: &str, from: &str) -> reqwest::Response {
    app.client
        .post(app.url(SignUp::PATH))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("x-forwarded-for", from)
        .body(format!(
            "name=Grace&email={}&password={}",
            email.replace('@', "%40"),
            TEST_PASSWORD.replace(' ', "+")
        ))
        .send()
        .await
        .unwrap()
}

/// The token of the newest confirmation link e-mailed to `to`.
async fn link_token(app: &TestApp, to: &str) -> String {
    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(to))
        .filter(mail_outbox::Column::Kind.eq("verify_email"))
        .order_by_desc(mail_outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a confirmation e-mail");
    let start = mail.body.find("token=").expect("a link with a token") + "token=".len();
    mail.body[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

async fn confirm(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_form(VerifyEmail::PATH, &[("token", token)], None)
        .await
}

async fn a_new_account_confirms_its_address_before_it_can_order(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    assert!(
        sign_up(&app, "grace@example.com", "198.51.100.7")
            .await
            .status()
            .is_success()
    );
    let grace = app
        .log_in("grace@example.com", TEST_PASSWORD)
        .await
        .expect("an unconfirmed account signs in");
    assert_eq!(app.whoami(&grace).await["email_verified"], false);

    let refused = place(&app, &grace, "example.us").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("not_verified"));
    // The only e-mail such an address gets is its confirmation.
    let mails = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq("grace@example.com"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        mails.iter().map(|m| m.kind.as_str()).collect::<Vec<_>>(),
        ["verify_email"]
    );
    assert!(mails[0].body.contains(&app.state.settings.public_url));

    let token = link_token(&app, "grace@example.com").await;
    assert_eq!(confirm(&app, &token).await.status(), StatusCode::OK);
    assert_eq!(
        confirm(&app, &token).await.status(),
        StatusCode::OK,
        "opening the link twice is fine"
    );

    assert_eq!(app.whoami(&grace).await["email_verified"], true);
    placed(&app, &grace, "example.us").await;
}

async fn forged_altered_and_expired_links_are_refused(database: TestDatabase) {
    let app = spawn_app(database).await;
    sign_up(&app, "grace@example.com", "198.51.100.7").await;
    let token = link_token(&app, "grace@example.com").await;
    let (id, rest) = token.split_once('.').unwrap();
    let (expires, signature) = rest.split_once('.').unwrap();
    let account = user::Entity::find()
        .filter(user::Column::Email.eq("grace@example.com"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let expired = verification::token(
        &app.state,
        &account,
        chrono::Utc::now() - chrono::Duration::minutes(1),
    );
    let other_id = format!("{}.{expires}.{signature}", account.id + 1000);
    let later = format!(
        "{id}.{}.{signature}",
        expires.parse::<i64>().unwrap() + 86_400
    );
    let flipped = format!(
        "{id}.{expires}.{}{}",
        if signature.starts_with('A') { 'B' } else { 'A' },
        &signature[1..]
    );

    for (bad, why) in [
        (other_id.as_str(), "another account"),
        (later.as_str(), "a later expiry"),
        (flipped.as_str(), "a forged signature"),
        ("nonsense", "no token at all"),
        (expired.as_str(), "an expired link"),
    ] {
        let refused = confirm(&app, bad).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
    }
    let refused = confirm(&app, &expired).await.text().await.unwrap();
    assert!(refused.contains("expired"), "{refused}");
    let stored = user::Entity::find_by_id(account.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.email_verified_at, None, "still unconfirmed");
}

async fn new_links_are_limited_and_confirmed_accounts_need_none(database: TestDatabase) {
    let app = spawn_app(database).await;
    sign_up(&app, "grace@example.com", "198.51.100.7").await;
    let grace = app
        .log_in("grace@example.com", TEST_PASSWORD)
        .await
        .unwrap();
    let resend = || app.post_form(ResendVerification::PATH, &[], Some(&grace));
    for _ in 0..3 {
        assert_eq!(resend().await.status(), StatusCode::OK);
    }
    assert_eq!(resend().await.status(), StatusCode::TOO_MANY_REQUESTS);

    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let confirmed = app
        .post_form(ResendVerification::PATH, &[], Some(&ada))
        .await;
    assert_eq!(confirmed.status(), StatusCode::CONFLICT);
}

async fn sign_ups_are_limited_per_address(database: TestDatabase) {
    let app = spawn_app_with(
        database,
        &[
            ("REGDOCS_SIGNUPS_PER_ADDRESS_PER_HOUR", "3".to_owned()),
            ("REGDOCS_TRUST_X_FORWARDED_FOR", "true".to_owned()),
        ],
    )
    .await;
    for i in 0..3 {
        let response = sign_up(&app, &format!("u{i}@example.com"), "203.0.113.5").await;
        assert!(response.status().is_success(), "{}", response.status());
    }
    let refused = sign_up(&app, "u3@example.com", "203.0.113.5").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    assert!(
        sign_up(&app, "u4@example.com", "198.51.100.9")
            .await
            .status()
            .is_success(),
        "another address is not affected"
    );
    assert!(
        user::Entity::find()
            .filter(user::Column::Email.eq("u3@example.com"))
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
}

on_both_databases!(
    a_new_account_confirms_its_address_before_it_can_order,
    forged_altered_and_expired_links_are_refused,
    new_links_are_limited_and_confirmed_accounts_need_none,
    sign_ups_are_limited_per_address,
);
