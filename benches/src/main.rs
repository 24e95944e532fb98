//! The client side of `make bench` (driven by `scripts/bench.sh`): signs in, loads pages
//! under concurrency, holds thousands of event streams, sends a large upload, times the
//! review queue. Every figure is printed next to a reference measured in the same run on
//! the same machine; nothing here asserts a time.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use futures_util::StreamExt;

#[derive(Parser)]
#[command(about = "regdocs benchmarks: the client side (see scripts/bench.sh)")]
struct Cli {
    /// The server under test.
    #[arg(long, default_value = "http://127.0.0.1:3900")]
    base: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Signs in through the sign-in form and prints the session cookie.
    Login {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
    },
    /// Places an order through the order form; prints its id.
    Place {
        #[arg(long)]
        cookie: String,
        #[arg(long)]
        domain: String,
    },
    /// Requests per second of pages, next to a bare axum "hello" handler.
    Pages {
        #[arg(long)]
        cookie: String,
        /// A page of the signed-in customer (e.g. /orders/1).
        #[arg(long)]
        order_path: String,
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
        #[arg(long, default_value_t = 5)]
        secs: u64,
    },
    /// Opens event streams, then times the delivery of one change to every one of them.
    Fanout {
        /// Session cookies of admins; the streams are spread over them.
        #[arg(long, value_delimiter = ',')]
        cookies: Vec<String>,
        #[arg(long, default_value_t = 10_000)]
        streams: usize,
        /// The server's process id, to read its memory.
        #[arg(long)]
        server_pid: u32,
        /// A shell command that makes the change (e.g. submits an order through psql).
        #[arg(long)]
        change: String,
    },
    /// Sends one large file through the upload route, reading the server's memory meanwhile.
    Upload {
        #[arg(long)]
        cookie: String,
        /// The upload route, e.g. /api/orders/1/items/bulk/documents.
        #[arg(long)]
        path: String,
        #[arg(long, default_value_t = 200)]
        megabytes: u64,
        #[arg(long)]
        server_pid: u32,
    },
    /// p50/p95 of GET requests (the review queue's pages), next to /health.
    Latency {
        #[arg(long)]
        cookie: String,
        /// `label=path` pairs.
        #[arg(long, value_delimiter = ',')]
        paths: Vec<String>,
        #[arg(long, default_value_t = 200)]
        runs: usize,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let base = cli.base.trim_end_matches('/').to_owned();
    match cli.command {
        Command::Login { email, password } => {
            println!("{}", log_in(&base, &email, &password).await?);
        }
        Command::Place { cookie, domain } => {
            println!("{}", place(&base, &cookie, &domain).await?);
        }
        Command::Pages {
            cookie,
            order_path,
            concurrency,
            secs,
        } => pages(&base, &cookie, &order_path, concurrency, secs).await?,
        Command::Fanout {
            cookies,
            streams,
            server_pid,
            change,
        } => fanout(&base, &cookies, streams, server_pid, &change).await?,
        Command::Upload {
            cookie,
            path,
            megabytes,
            server_pid,
        } => upload(&base, &cookie, &path, megabytes, server_pid).await?,
        Command::Latency {
            cookie,
            paths,
            runs,
        } => latency(&base, &cookie, &paths, runs).await?,
    }
    Ok(())
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// The URL of server function `name` that a form of `page` posts to
/// (`<form action="/api/name…">`: its path carries a hash the build chose).
async fn form_action(
    base: &str,
    cookie: Option<&str>,
    page: &str,
    name: &str,
) -> anyhow::Result<String> {
    let mut request = client().get(format!("{base}{page}"));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let html = request.send().await?.text().await?;
    let wanted = format!("action=\"/api/{name}");
    let start = html
        .find(&wanted)
        .with_context(|| format!("no form of {name} on {page}"))?
        + "action=\"".len();
    let end = html[start..].find('"').context("an unterminated action")? + start;
    Ok(html[start..end].replace("&amp;", "&"))
}

fn form_body(fields: &[(&str, &str)]) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn log_in(base: &str, email: &str, password: &str) -> anyhow::Result<String> {
    let action = form_action(base, None, "/login", "log_in").await?;
    let response = client()
        .post(format!("{base}{action}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(form_body(&[
            ("email", email),
            ("password", password),
            ("next", "/"),
        ]))
        .send()
        .await?;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("regdocs_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned());
    match cookie {
        Some(cookie) => Ok(cookie),
        None => bail!("sign-in refused: {}", response.status()),
    }
}

async fn place(base: &str, cookie: &str, domain: &str) -> anyhow::Result<i32> {
    let action = form_action(
        base,
        Some(cookie),
        &format!("/orders?domain={domain}"),
        "place_order",
    )
    .await?;
    let response = client()
        .post(format!("{base}{action}"))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(form_body(&[("domain", domain)]))
        .send()
        .await?;
    let status = response.status();
    let text = response.text().await?;
    text.trim()
        .parse()
        .with_context(|| format!("placing {domain}: {status} {text}"))
}

/// Sorted samples → the value at quantile `q`.
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

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

async fn pages(
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

/// The server's resident memory (VmRSS), in bytes.
fn rss(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .context("no VmRSS")?;
    let kb: u64 = line
        .split_whitespace()
        .nth(1)
        .context("no number")?
        .parse()?;
    Ok(kb * 1024)
}

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

async fn fanout(
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

async fn upload(
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

async fn latency(base: &str, cookie: &str, paths: &[String], runs: usize) -> anyhow::Result<()> {
    let client = client();
    let mut all = vec![("GET /health (reference)".to_owned(), "/health".to_owned())];
    for pair in paths {
        let (label, path) = pair.split_once('=').context("label=path")?;
        all.push((label.to_owned(), path.to_owned()));
    }
    for (label, path) in all {
        let mut samples = Vec::with_capacity(runs);
        for n in 0..runs + 10 {
            let started = Instant::now();
            let response = client
                .get(format!("{base}{path}"))
                .header("cookie", cookie)
                .send()
                .await?;
            let status = response.status();
            let _ = response.bytes().await?;
            if status != 200 {
                bail!("{path}: {status}");
            }
            // The first ten warm the caches.
            if n >= 10 {
                samples.push(started.elapsed());
            }
        }
        samples.sort();
        println!(
            "  {label:<44} p50 {:>9}   p95 {:>9}",
            ms(quantile(&samples, 0.5)),
            ms(quantile(&samples, 0.95))
        );
    }
    Ok(())
}
