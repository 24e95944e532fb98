//! `GET /health` reports whether the database answers.

use crate::common::{TestDatabase, spawn_app};
use serde_json::Value;

async fn health_is_ok_while_the_database_answers(database: TestDatabase) {
    let app = spawn_app(database).await;

    let response = app.get("/health").await;

    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json body");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
}

async fn health_is_503_when_the_database_is_gone(database: TestDatabase) {
    let app = spawn_app(database).await;
    assert_eq!(app.get("/health").await.status(), 200);

    // Postgres: the database disappears under the server. SQLite: its pool is closed.
    if app.state.settings.is_sqlite() {
        app.db.close_by_ref().await.expect("close the pool");
    } else {
        app.database.drop_database().await;
    }
    let response = app.get("/health").await;

    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.expect("json body");
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["database"], "unreachable");
}

on_both_databases!(
    health_is_ok_while_the_database_answers,
    health_is_503_when_the_database_is_gone,
);
