//! The account and session services on both databases: session expiry and rotation,
//! password changes, throttling, and sign-up that reveals nothing.

use crate::common::{TEST_PASSWORD, TestDatabase, spawn_app, test_settings};
use app::{
    backend::{
        accounts::auth::{self, SessionPolicy},
        accounts::password::HashPool,
        accounts::throttle,
        entities::{session, user},
        infra::db,
    },
    domain::Role,
    error::AppError,
};
use chrono::{Duration, Utc};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

const POLICY: SessionPolicy = SessionPolicy {
    idle: Duration::minutes(60),
    absolute: Duration::hours(12),
};

async fn database(database: &TestDatabase) -> DatabaseConnection {
    let conn = db::connect(&test_settings(&database.url)).await.unwrap();
    Migrator::up(&conn, None).await.unwrap();
    conn
}

async fn customer(conn: &DatabaseConnection, email: &str) -> user::Model {
    auth::create_account(
        conn,
        &HashPool::default(),
        "Ada",
        email,
        TEST_PASSWORD,
        Role::Customer,
    )
    .await
    .unwrap()
}

/// Ada signs in with the right password from `address` at `at`.
async fn ada_signs_in(
    conn: &DatabaseConnection,
    address: &str,
    at: chrono::DateTime<Utc>,
) -> (user::Model, auth::NewSession) {
    auth::log_in(
        conn,
        &HashPool::default(),
        POLICY,
        "ada@example.com",
        TEST_PASSWORD,
        address,
        None,
        at,
    )
    .await
    .unwrap()
}

async fn sessions_of(conn: &DatabaseConnection, user_id: i32) -> u64 {
    session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .count(conn)
        .await
        .unwrap()
}

async fn a_session_ends_after_idle_time_and_at_its_absolute_end(database: TestDatabase) {
    let conn = self::database(&database).await;
    let ada = customer(&conn, "ada@example.com").await;
    let t0 = Utc::now();
    let (_, s) = ada_signs_in(&conn, "10.0.0.1", t0).await;

    // Active every 50 minutes: alive, even after the idle time has passed since sign-in.
    let mut t = t0;
    for _ in 0..3 {
        t += Duration::minutes(50);
        let found = auth::session_user(&conn, POLICY, &s.token, t)
            .await
            .unwrap();
        assert_eq!(found.map(|u| u.id), Some(ada.id), "alive at {t}");
    }
    // Idle for an hour: gone, and its row with it.
    let later = t + Duration::minutes(61);
    assert!(
        auth::session_user(&conn, POLICY, &s.token, later)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(sessions_of(&conn, ada.id).await, 0);

    // However active, a session ends 12 hours after sign-in.
    let (_, s) = ada_signs_in(&conn, "10.0.0.1", t0).await;
    let mut t = t0;
    while t < t0 + Duration::hours(12) - Duration::minutes(30) {
        t += Duration::minutes(30);
        assert!(
            auth::session_user(&conn, POLICY, &s.token, t)
                .await
                .unwrap()
                .is_some()
        );
    }
    let past_end = t0 + Duration::hours(12);
    assert!(
        auth::session_user(&conn, POLICY, &s.token, past_end)
            .await
            .unwrap()
            .is_none()
    );
}

async fn signing_in_makes_a_new_token_and_ends_the_one_the_browser_had(database: TestDatabase) {
    let conn = self::database(&database).await;
    let ada = customer(&conn, "ada@example.com").await;
    let now = Utc::now();
    let (_, first) = ada_signs_in(&conn, "10.0.0.1", now).await;

    let (_, second) = auth::log_in(
        &conn,
        &HashPool::default(),
        POLICY,
        "ada@example.com",
        TEST_PASSWORD,
        "10.0.0.1",
        Some(&first.token),
        now,
    )
    .await
    .unwrap();

    assert_ne!(first.token, second.token);
    assert!(
        auth::session_user(&conn, POLICY, &first.token, now)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        auth::session_user(&conn, POLICY, &second.token, now)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(sessions_of(&conn, ada.id).await, 1);
}

async fn logging_out_ends_the_session(database: TestDatabase) {
    let conn = self::database(&database).await;
    customer(&conn, "ada@example.com").await;
    let now = Utc::now();
    let (_, s) = ada_signs_in(&conn, "10.0.0.1", now).await;

    auth::log_out(&conn, &s.token).await.unwrap();

    assert!(
        auth::session_user(&conn, POLICY, &s.token, now)
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_password_change_ends_every_other_session(database: TestDatabase) {
    let conn = self::database(&database).await;
    let ada = customer(&conn, "ada@example.com").await;
    let now = Utc::now();
    let login = |address: &'static str| {
        let conn = conn.clone();
        async move {
            auth::log_in(
                &conn,
                &HashPool::default(),
                POLICY,
                "ada@example.com",
                TEST_PASSWORD,
                address,
                None,
                now,
            )
            .await
            .unwrap()
            .1
        }
    };
    let laptop = login("10.0.0.1").await;
    let phone = login("10.0.0.2").await;

    let wrong = auth::change_password(
        &conn,
        &HashPool::default(),
        POLICY,
        ada.id,
        "not it",
        "a brand new passphrase",
        now,
    )
    .await;
    assert!(
        matches!(wrong, Err(AppError::Validation { ref field, .. }) if field == "current_password")
    );
    let weak = auth::change_password(
        &conn,
        &HashPool::default(),
        POLICY,
        ada.id,
        TEST_PASSWORD,
        "short",
        now,
    )
    .await;
    assert!(matches!(weak, Err(AppError::Validation { ref field, .. }) if field == "new_password"));
    assert!(
        auth::session_user(&conn, POLICY, &phone.token, now)
            .await
            .unwrap()
            .is_some(),
        "refused changes end nothing"
    );

    let fresh = auth::change_password(
        &conn,
        &HashPool::default(),
        POLICY,
        ada.id,
        TEST_PASSWORD,
        "a brand new passphrase",
        now,
    )
    .await
    .unwrap();

    assert!(
        auth::session_user(&conn, POLICY, &laptop.token, now)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        auth::session_user(&conn, POLICY, &phone.token, now)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        auth::session_user(&conn, POLICY, &fresh.token, now)
            .await
            .unwrap()
            .is_some()
    );
    let old = auth::log_in(
        &conn,
        &HashPool::default(),
        POLICY,
        "ada@example.com",
        TEST_PASSWORD,
        "10.0.0.3",
        None,
        now,
    )
    .await;
    assert_eq!(old.err(), Some(AppError::SignInFailed));
    assert!(
        auth::log_in(
            &conn,
            &HashPool::default(),
            POLICY,
            "ada@example.com",
            "a brand new passphrase",
            "10.0.0.3",
            None,
            now
        )
        .await
        .is_ok()
    );
}

async fn guessing_from_one_address_is_blocked_but_the_owner_elsewhere_is_not(
    database: TestDatabase,
) {
    let conn = self::database(&database).await;
    customer(&conn, "ada@example.com").await;
    let now = Utc::now();
    let attempt = |password: &'static str, address: &'static str, at| {
        let conn = conn.clone();
        async move {
            auth::log_in(
                &conn,
                &HashPool::default(),
                POLICY,
                "ada@example.com",
                password,
                address,
                None,
                at,
            )
            .await
        }
    };

    for _ in 0..throttle::PAIR_LIMIT.max_failures {
        assert_eq!(
            attempt("guess", "203.0.113.9", now).await.err(),
            Some(AppError::SignInFailed)
        );
    }

    // Blocked from that address, even with the right password ...
    let blocked = attempt(TEST_PASSWORD, "203.0.113.9", now).await.err();
    assert!(
        matches!(blocked, Some(AppError::TooManyAttempts { retry_after_secs }) if retry_after_secs <= 60)
    );
    // ... while the owner signs in from home.
    assert!(attempt(TEST_PASSWORD, "198.51.100.1", now).await.is_ok());
    // The block ends by itself.
    let after = now + Duration::minutes(2);
    assert!(attempt(TEST_PASSWORD, "203.0.113.9", after).await.is_ok());
}

async fn repeated_blocks_grow_but_never_beyond_fifteen_minutes(database: TestDatabase) {
    let conn = self::database(&database).await;
    let keys = throttle::keys_for("ada@example.com", "203.0.113.9");
    let pair = &keys[..1];
    let mut now = Utc::now();
    for _ in 0..throttle::PAIR_LIMIT.max_failures {
        throttle::admit(&conn, pair, now).await.unwrap();
    }
    // Each failure admitted after a block ends doubles the next block: 1, 2, 4, 8, then
    // never more than 15 minutes.
    let mut blocks = Vec::new();
    for _ in 0..6 {
        let Err(AppError::TooManyAttempts { retry_after_secs }) =
            throttle::check(&conn, &keys, now).await
        else {
            panic!("blocked after the limit");
        };
        blocks.push(retry_after_secs / 60);
        now += Duration::seconds(i64::try_from(retry_after_secs).unwrap());
        throttle::admit(&conn, pair, now).await.unwrap();
    }

    assert_eq!(blocks, [1, 2, 4, 8, 15, 15]);
    assert!(
        throttle::check(&conn, &keys, now + Duration::minutes(15))
            .await
            .is_ok()
    );
}

async fn unknown_emails_are_throttled_like_real_ones(database: TestDatabase) {
    let conn = self::database(&database).await;
    let now = Utc::now();
    for _ in 0..throttle::PAIR_LIMIT.max_failures {
        let err = auth::log_in(
            &conn,
            &HashPool::default(),
            POLICY,
            "nobody@example.com",
            "x",
            "203.0.113.9",
            None,
            now,
        )
        .await;
        assert_eq!(err.err(), Some(AppError::SignInFailed));
    }
    let err = auth::log_in(
        &conn,
        &HashPool::default(),
        POLICY,
        "nobody@example.com",
        "x",
        "203.0.113.9",
        None,
        now,
    )
    .await;
    assert!(matches!(err, Err(AppError::TooManyAttempts { .. })));
}

async fn signing_up_with_a_taken_email_changes_nothing_and_says_nothing(database: TestDatabase) {
    let app = spawn_app(database).await;
    let conn = app.db.clone();
    let ada = customer(&conn, "ada@example.com").await;
    let users_before = user::Entity::find().count(&conn).await.unwrap();

    let again = auth::sign_up(
        &app.state,
        "Mallory",
        "ADA@example.com",
        "mallory's own password",
        "203.0.113.9",
        "en",
    )
    .await;

    assert_eq!(again, Ok(()), "answers like a new sign-up");
    let stored = user::Entity::find_by_id(ada.id)
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.name, "Ada");
    assert_eq!(stored.password_hash, ada.password_hash);
    assert_eq!(
        user::Entity::find().count(&conn).await.unwrap(),
        users_before
    );
}

async fn sign_up_validates_every_field(database: TestDatabase) {
    let app = spawn_app(database).await;
    let users_before = user::Entity::find().count(&app.db).await.unwrap();
    let field = |r: Result<(), AppError>| match r {
        Err(AppError::Validation { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    };
    let sign_up = |name: &'static str, email: &'static str, password: &'static str| {
        auth::sign_up(&app.state, name, email, password, "203.0.113.9", "en")
    };
    assert_eq!(
        field(sign_up(" ", "a@example.com", TEST_PASSWORD).await),
        "name"
    );
    assert_eq!(
        field(sign_up("Ada", "not-an-email", TEST_PASSWORD).await),
        "email"
    );
    assert_eq!(
        field(sign_up("Ada", "a@example.com", "short").await),
        "password"
    );
    assert_eq!(
        user::Entity::find().count(&app.db).await.unwrap(),
        users_before,
        "nothing stored"
    );
}

async fn the_cli_refuses_a_second_account_with_the_same_email(database: TestDatabase) {
    let conn = self::database(&database).await;
    auth::create_account(
        &conn,
        &HashPool::default(),
        "Root",
        "root@example.com",
        TEST_PASSWORD,
        Role::Admin,
    )
    .await
    .unwrap();
    let again = auth::create_account(
        &conn,
        &HashPool::default(),
        "Root",
        "Root@Example.com",
        TEST_PASSWORD,
        Role::Admin,
    )
    .await;
    assert!(matches!(again, Err(AppError::Conflict { .. })));
}

on_both_databases!(
    a_session_ends_after_idle_time_and_at_its_absolute_end,
    signing_in_makes_a_new_token_and_ends_the_one_the_browser_had,
    logging_out_ends_the_session,
    a_password_change_ends_every_other_session,
    guessing_from_one_address_is_blocked_but_the_owner_elsewhere_is_not,
    repeated_blocks_grow_but_never_beyond_fifteen_minutes,
    unknown_emails_are_throttled_like_real_ones,
    signing_up_with_a_taken_email_changes_nothing_and_says_nothing,
    sign_up_validates_every_field,
    the_cli_refuses_a_second_account_with_the_same_email,
);
