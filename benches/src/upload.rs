//! One large file through the upload route, with the server's memory read meanwhile.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::bail;
use futures_util::StreamExt;

use crate::http::*;

pub async fn upload(
    base: &str,
    cookie: &str,
    path: &str,
    megabytes: u64,
    server_pid: u32,
) -> anyhow::Result<()> {
    let size = megabytes * 1024 * 1024;
    let before = rss(server_pid)?;
    // A PDF by its first bytes, then zeros, sent in 1 MB pieces that share one buffer
    // (no copy per piece: the load generator should not take the server's CPU).
    let mut head = vec![0u8; 1024 * 1024];
    head[..9].copy_from_slice(b"%PDF-1.7\n");
    let head = bytes::Bytes::from(head);
    let zeros = bytes::Bytes::from(vec![0u8; 1024 * 1024]);
    let pdf = move || {
        let (head, zeros) = (head.clone(), zeros.clone());
        futures_util::stream::iter((0..megabytes).map(move |n| {
            Ok::<_, std::io::Error>(if n == 0 { head.clone() } else { zeros.clone() })
        }))
    };

    // A second reference: the same body through HTTP on loopback to a bare axum handler
    // that only counts the bytes: what the transport alone costs on this machine.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let sink_addr = listener.local_addr()?;
    let sink = axum::Router::new().route(
        "/",
        axum::routing::post(|body: axum::body::Body| async move {
            let mut stream = body.into_data_stream();
            let mut received = 0usize;
            while let Some(Ok(chunk)) = stream.next().await {
                received += chunk.len();
            }
            received.to_string()
        }),
    );
    tokio::spawn(async move { axum::serve(listener, sink).await });
    let started = Instant::now();
    client()
        .post(format!("http://{sink_addr}/"))
        .header("content-length", size)
        .body(reqwest::Body::wrap_stream(pdf()))
        .send()
        .await?
        .text()
        .await?;
    let transport = started.elapsed();
    println!(
        "  reference: to a bare axum handler: {:.0} MB/s (HTTP on loopback, nothing stored)",
        size as f64 / 1e6 / transport.as_secs_f64()
    );
    let body = pdf();
    let sampling = Arc::new(AtomicBool::new(true));
    let peak = Arc::new(AtomicU64::new(before));
    let sampler = {
        let (sampling, peak) = (sampling.clone(), peak.clone());
        tokio::spawn(async move {
            while sampling.load(Ordering::Relaxed) {
                if let Ok(now) = rss(server_pid) {
                    peak.fetch_max(now, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let started = Instant::now();
    let response = client()
        .post(format!("{base}{path}"))
        .header("cookie", cookie)
        .header("x-file-name", "bench.pdf")
        .header("content-length", size)
        .body(reqwest::Body::wrap_stream(body))
        .send()
        .await?;
    let status = response.status();
    let text = response.text().await?;
    let elapsed = started.elapsed();
    sampling.store(false, Ordering::Relaxed);
    let _ = sampler.await;
    if !status.is_success() {
        bail!("the upload was refused: {status} {text}");
    }
    let peak = peak.load(Ordering::Relaxed);
    println!(
        "  through the upload route:        {:.0} MB/s ({megabytes} MB in {:.2} s)   server memory growth (peak RSS) {:.1} MB",
        size as f64 / 1e6 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64(),
        peak.saturating_sub(before) as f64 / 1e6
    );
    Ok(())
}
