//! Requests per second of pages, next to a bare axum "hello" handler.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use crate::http::*;

/// Requests per second of `path` with `concurrency` clients for `secs` seconds, and the
/// share of answers that were not 200.
async fn load(
    url: String,
    cookie: Option<String>,
    concurrency: usize,
    secs: u64,
) -> (f64, u64, Duration) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("a client");
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, url, cookie) = (client.clone(), url.clone(), cookie.clone());
        let (done, failed, stop) = (done.clone(), failed.clone(), stop.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let mut request = client.get(&url);
                if let Some(cookie) = &cookie {
                    request = request.header("cookie", cookie);
                }
                let begun = Instant::now();
                match request.send().await {
                    Ok(response) if response.status() == 200 => {
                        let _ = response.bytes().await;
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
                latencies.push(begun.elapsed());
            }
            latencies
        }));
    }
    tokio::time::sleep(Duration::from_secs(secs)).await;
    stop.store(true, Ordering::Relaxed);
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await.unwrap_or_default());
    }
    latencies.sort();
    let elapsed = started.elapsed().as_secs_f64();
    (
        done.load(Ordering::Relaxed) as f64 / elapsed,
        failed.load(Ordering::Relaxed),
        quantile(&latencies, 0.99),
    )
}

pub async fn pages(
    base: &str,
    cookie: &str,
    order_path: &str,
    concurrency: usize,
    secs: u64,
) -> anyhow::Result<()> {
    // The reference: a bare axum handler, same profile, same machine, same client.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let hello_addr = listener.local_addr()?;
    let hello = axum::Router::new().route("/", axum::routing::get(|| async { "hello" }));
    tokio::spawn(async move { axum::serve(listener, hello).await });

    println!("pages: {concurrency} concurrent clients, {secs} s each");
    let runs = [
        (
            "bare axum \"hello\" (reference)",
            format!("http://{hello_addr}/"),
            None,
        ),
        ("home page /", format!("{base}/"), None),
        (
            "customer's order page",
            format!("{base}{order_path}"),
            Some(cookie.to_owned()),
        ),
    ];
    for (label, url, cookie) in runs {
        let (rps, failed, p99) = load(url, cookie, concurrency, secs).await;
        println!(
            "  {label:<34} {rps:>9.0} req/s   p99 {:>10}   non-200: {failed}",
            ms(p99)
        );
    }
    Ok(())
}
