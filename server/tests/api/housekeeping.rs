//! Housekeeping: ended sessions and throttle counters that are over are removed; a live
//! session and a counter still counting or blocking are kept, and the live session still
//! signs its browser in.

use app::{
    backend::{
        entities::{login_throttle, session},
        infra::housekeeping,
    },
    domain::Role,
};
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

use crate::common::{TestDatabase, spawn_app};

on_both_databases!(ended_sessions_and_counters_go_and_the_rest_stays);

async fn ended_sessions_and_counters_go_and_the_rest_stays(database: TestDatabase) {
    let app = spawn_app(database).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let user_id = session::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .user_id;
    let now = Utc::now();
    let stale = |hash: &str, last_seen: chrono::DateTime<Utc>, expires: chrono::DateTime<Utc>| {
        session::ActiveModel {
            token_hash: Set(hash.to_owned()),
            user_id: Set(user_id),
            created_at: Set(now - Duration::hours(20)),
            last_seen_at: Set(last_seen),
            expires_at: Set(expires),
        }
    };
    // Past its absolute end, and unused for longer than the idle limit.
    stale(
        "expired",
        now - Duration::minutes(1),
        now - Duration::minutes(1),
    )
    .insert(&app.db)
    .await
    .unwrap();
    stale("idle", now - Duration::hours(2), now + Duration::hours(5))
        .insert(&app.db)
        .await
        .unwrap();

    let counter =
        |key: &str, started: chrono::DateTime<Utc>, blocked: Option<chrono::DateTime<Utc>>| {
            login_throttle::ActiveModel {
                key: Set(key.to_owned()),
                failures: Set(3),
                window_started_at: Set(started),
                blocked_until: Set(blocked),
            }
        };
    counter("old", now - Duration::days(2), None)
        .insert(&app.db)
        .await
        .unwrap();
    counter(
        "old-block-over",
        now - Duration::days(2),
        Some(now - Duration::days(1)),
    )
    .insert(&app.db)
    .await
    .unwrap();
    counter("counting", now - Duration::minutes(5), None)
        .insert(&app.db)
        .await
        .unwrap();
    counter(
        "blocking",
        now - Duration::days(2),
        Some(now + Duration::minutes(10)),
    )
    .insert(&app.db)
    .await
    .unwrap();

    let idle = app.state.settings.session_policy().idle;
    let tidied = housekeeping::tidy(&app.db, Utc::now(), idle).await.unwrap();
    assert_eq!((tidied.sessions, tidied.throttles), (2, 2));
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 1);
    let mut left: Vec<String> = login_throttle::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.key)
        .filter(|k| ["old", "old-block-over", "counting", "blocking"].contains(&k.as_str()))
        .collect();
    left.sort();
    assert_eq!(left, ["blocking", "counting"]);

    // The live session still signs Ada in.
    let page = app.get_with_cookie("/orders", &ada).await;
    assert_eq!(page.status(), StatusCode::OK);
    // A second round finds nothing more.
    let again = housekeeping::tidy(&app.db, Utc::now(), idle).await.unwrap();
    assert_eq!((again.sessions, again.throttles), (0, 0));
}
