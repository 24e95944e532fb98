//! Thousands of event streams, one change, and the time until each heard of it.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures_util::StreamExt;

use crate::http::*;

/// Opens one event stream and waits for its first `pending` event; the returned task
/// then waits for the next one and answers when it came.
async fn open_stream(
    client: reqwest::Client,
    url: String,
    cookie: String,
) -> anyhow::Result<tokio::sync::oneshot::Receiver<Instant>> {
    let response = client.get(&url).header("cookie", &cookie).send().await?;
    if response.status() != 200 {
        bail!("stream refused: {}", response.status());
    }
    let mut body = response.bytes_stream();
    let mut seen = String::new();
    // The first state.
    while !seen.contains("event: pending\n") {
        let chunk = body.next().await.context("the stream ended")??;
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    let (tell, told) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let mut seen = String::new();
        while let Some(Ok(chunk)) = body.next().await {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("event: pending\n") {
                let _ = tell.send(Instant::now());
                break;
            }
            seen.clear();
        }
        // Keep the connection open until the measurement is over.
        while body.next().await.is_some() {}
    });
    Ok(told)
}

async fn fanout_once(
    base: &str,
    cookies: &[String],
    streams: usize,
    server_pid: u32,
    change: &str,
) -> anyhow::Result<(Vec<Duration>, u64, u64)> {
    let before = rss(server_pid)?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()?;
    let url = format!("{base}/events");
    let mut waiting = Vec::with_capacity(streams);
    let mut opening = futures_util::stream::iter((0..streams).map(|n| {
        open_stream(
            client.clone(),
            url.clone(),
            cookies[n % cookies.len()].clone(),
        )
    }))
    .buffer_unordered(256);
    while let Some(told) = opening.next().await {
        waiting.push(told?);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let held = rss(server_pid)?;
    let started = Instant::now();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(change)
        .status()?;
    if !status.success() {
        bail!("the change failed: {change}");
    }
    let mut delays = Vec::with_capacity(streams);
    for told in waiting {
        let at = tokio::time::timeout(Duration::from_secs(60), told)
            .await
            .context("a stream heard nothing within a minute")??;
        delays.push(at.saturating_duration_since(started));
    }
    delays.sort();
    Ok((delays, before, held))
}

pub async fn fanout(
    base: &str,
    cookies: &[String],
    streams: usize,
    server_pid: u32,
    change: &str,
) -> anyhow::Result<()> {
    println!("fan-out: one change (an order submitted), delivered to every open admin stream");
    // The reference for memory: what an idle keep-alive HTTP connection costs this server
    // (one request answered, the connection kept), whatever it serves. They stay open
    // while the streams are measured, so both figures are growth into fresh memory.
    let idle_count = streams / 2;
    let before_idle = rss(server_pid)?;
    let idle = idle_connections(base, idle_count).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle_per = rss(server_pid)?.saturating_sub(before_idle) as f64 / idle_count.max(1) as f64;
    let (one, _, _) = fanout_once(base, cookies, 1, server_pid, change).await?;
    println!("  1 stream (reference)            delivery {}", ms(one[0]));
    let (delays, before, held) = fanout_once(base, cookies, streams, server_pid, change).await?;
    let per = held.saturating_sub(before) as f64 / streams as f64;
    println!(
        "  {streams} streams                   p50 {}   p99 {}   max {}",
        ms(quantile(&delays, 0.5)),
        ms(quantile(&delays, 0.99)),
        ms(quantile(&delays, 1.0)),
    );
    println!(
        "  server memory: {:.1} MB before, {:.1} MB with the streams open: {:.1} KB per stream",
        before as f64 / 1e6,
        held as f64 / 1e6,
        per / 1024.0
    );
    println!(
        "  reference: an idle keep-alive HTTP connection ({idle_count} of them): {:.1} KB each",
        idle_per / 1024.0
    );
    drop(idle);
    Ok(())
}

/// `n` connections that each had one request answered (`GET /health`) and stay open.
async fn idle_connections(base: &str, n: usize) -> anyhow::Result<Vec<tokio::net::TcpStream>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = base
        .strip_prefix("http://")
        .context("an http:// base")?
        .to_owned();
    let mut opening = futures_util::stream::iter((0..n).map(|_| {
        let address = address.clone();
        async move {
            let mut tcp = tokio::net::TcpStream::connect(&address).await?;
            tcp.write_all(b"GET /health HTTP/1.1\r\nhost: bench\r\n\r\n")
                .await?;
            let mut answer = [0u8; 2048];
            let read = tcp.read(&mut answer).await?;
            if !answer[..read].starts_with(b"HTTP/1.1 200") {
                bail!("/health did not answer 200");
            }
            Ok::<_, anyhow::Error>(tcp)
        }
    }))
    .buffer_unordered(256);
    let mut open = Vec::with_capacity(n);
    while let Some(tcp) = opening.next().await {
        open.push(tcp?);
    }
    Ok(open)
}
