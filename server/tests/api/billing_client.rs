//! `server/examples/billing_client.rs`, run as a billing system would run it, against the
//! real server: the test plays the customer (opens the sign-in link, uploads, submits)
//! and the admin (approves), the example does the rest and must end with the domain
//! registered and the approved document downloaded intact.

use std::{path::PathBuf, process::Stdio, time::Duration};

use app::{backend::billing::keys, domain::Role, domain::orders::OrderStatus};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::common::{TestDatabase, flow::*, session_cookie_of, spawn_app};

/// The example's binary: `cargo test -p server` builds it next to the test binaries;
/// run with `--test api` alone, the test builds it first.
fn example() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let debug = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/debug");
    let path = debug.join("examples").join("billing_client");
    if !path.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let built = std::process::Command::new(cargo)
            .args(["build", "-p", "server", "--example", "billing_client"])
            .status()
            .expect("cargo runs");
        assert!(built.success(), "building the example");
    }
    path
}

async fn the_example_client_takes_an_order_to_registered(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let key = keys::create(&app.demo_admin_ctx().await, "Example client", true, 600)
        .await
        .unwrap();
    let downloads =
        std::env::temp_dir().join(format!("regdocs-client-{}", uuid::Uuid::new_v4().simple()));
    let mut child = tokio::process::Command::new(example())
        .args([
            "--url",
            &app.url(""),
            "--customer",
            "whmcs-77",
            "--email",
            "whmcs-77@example.com",
            "--domain",
            "client.us",
            "--answer",
            "nexus=C11",
            "--poll-ms",
            "100",
            "--patience-secs",
            "60",
            "--downloads",
        ])
        .arg(&downloads)
        .env("REGDOCS_API_KEY", &key.secret)
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the example was built by cargo test");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut said = Vec::new();
    let link = loop {
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("the example speaks")
            .unwrap()
            .unwrap_or_else(|| panic!("the example ended early: {said:?}"));
        said.push(line.clone());
        if let Some(url) = line.strip_prefix("sign-in link for the customer: ") {
            break url.to_owned();
        }
    };
    let id: i32 = said
        .iter()
        .find_map(|l| l.strip_prefix("order ")?.split(' ').next()?.parse().ok())
        .expect("the example names the order");

    // The customer follows the link, supplies the proof and submits.
    let path = &link[link.find("/sign-in/").unwrap()..];
    let opened = app.get(path).await;
    let customer = session_cookie_of(&opened).expect("signed in by the link");
    let bytes = pdf(4 * 1024);
    assert!(
        upload(&app, &customer, id, "proof", "proof.pdf", bytes.clone())
            .await
            .status()
            .is_success()
    );
    assert!(
        submit(&app, &customer, id, &[("nexus", "C11")])
            .await
            .status()
            .is_success()
    );
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    approve(&app, &admin, id, "nexus").await;
    approve(&app, &admin, id, "proof").await;

    let status = tokio::time::timeout(Duration::from_secs(60), async {
        while let Ok(Some(line)) = lines.next_line().await {
            said.push(line);
        }
        child.wait().await.unwrap()
    })
    .await
    .expect("the example finishes");
    assert!(status.success(), "the example failed: {said:?}");
    assert!(
        said.iter()
            .any(|l| l == &format!("order {id} is \"registered\"")),
        "{said:?}"
    );
    assert_eq!(
        order(&app, &customer, id).await.status,
        OrderStatus::Registered
    );
    let files: Vec<_> = std::fs::read_dir(downloads.join(id.to_string()))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(std::fs::read(&files[0]).unwrap(), bytes);
    let _ = std::fs::remove_dir_all(&downloads);
}

on_both_databases!(the_example_client_takes_an_order_to_registered);
