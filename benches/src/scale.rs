//! The load run of `make load` (`scripts/load.sh`): several app servers on one Postgres
//! and one S3-compatible store, customers uploading at once and event-stream clients,
//! half of the requests to each server; one server killed mid-run. It reports what the
//! clients saw before and after the kill, and whether any acknowledged document was lost,
//! changed or stored twice: every document the servers hold is downloaded and checked by
//! SHA-256 against what was sent. Nothing here passes or fails on a time.

use std::{
    collections::{HashMap, HashSet},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::http::*;

/// What the run is given (see `Command::Scale`).
pub struct Plan {
    pub bases: Vec<String>,
    pub customers: usize,
    pub email_pattern: String,
    pub password: String,
    pub streams: usize,
    pub secs: u64,
    pub kill_after: u64,
    pub kill: usize,
    pub pids: Vec<u32>,
    pub upload_kb: usize,
    pub uploads_per_customer: usize,
    /// The bucket's URL on the S3-compatible store, for the reference.
    pub s3: Option<String>,
}

/// Before or after the kill.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
enum Phase {
    Before,
    After,
}

/// Uploads acknowledged: (customer, document id) -> the SHA-256 sent.
type Acked = HashMap<(usize, i64), String>;
/// Every SHA-256 sent (acknowledged or not) -> its customer.
type Sent = HashMap<String, usize>;

/// What the clients saw, per phase.
#[derive(Default)]
struct Seen {
    /// (phase, kind) -> latencies of answered requests.
    latencies: HashMap<(Phase, &'static str), Vec<Duration>>,
    /// (phase, kind, what went wrong) -> how many.
    errors: HashMap<(Phase, &'static str, String), u64>,
    acked: Acked,
    sent: Sent,
    /// Streams that ended because their server went away, and how long until each was
    /// following again (through the other server).
    reconnects: Vec<Duration>,
}

struct Shared {
    plan: Plan,
    started: Instant,
    killed_at: Mutex<Option<Instant>>,
    /// Servers known to be gone: clients go to the others (as a load balancer would).
    dead: Vec<AtomicBool>,
    stop: AtomicBool,
    seen: Mutex<Seen>,
    events: AtomicU64,
    streams_open: AtomicUsize,
}

impl Shared {
    fn phase(&self) -> Phase {
        match *self.killed_at.lock().unwrap() {
            Some(_) => Phase::After,
            None => Phase::Before,
        }
    }

    /// The server for request `n` of client `who`: half to each, skipping dead ones.
    fn base(&self, who: usize, n: usize) -> (usize, &str) {
        let count = self.plan.bases.len();
        for step in 0..count {
            let i = (who + n + step) % count;
            if !self.dead[i].load(Ordering::Relaxed) {
                return (i, &self.plan.bases[i]);
            }
        }
        (0, &self.plan.bases[0])
    }

    fn answered(&self, kind: &'static str, took: Duration) {
        let phase = self.phase();
        self.seen
            .lock()
            .unwrap()
            .latencies
            .entry((phase, kind))
            .or_default()
            .push(took);
    }

    /// The answer to a request of `kind` to `server`, if it has the `wanted` status;
    /// anything else is counted as what the client saw, and a server that cannot be
    /// reached is taken as gone.
    fn answer(
        &self,
        kind: &'static str,
        server: usize,
        sent: reqwest::Result<reqwest::Response>,
        wanted: u16,
    ) -> Option<reqwest::Response> {
        match sent {
            Ok(response) if response.status().as_u16() == wanted => Some(response),
            Ok(response) => {
                self.failed(
                    kind,
                    format!("status {}", response.status().as_u16()),
                    server,
                );
                None
            }
            Err(err) => {
                if unreachable(&err) {
                    self.dead[server].store(true, Ordering::Relaxed);
                }
                self.failed(kind, kind_of(&err), server);
                None
            }
        }
    }

    fn failed(&self, kind: &'static str, what: String, server: usize) {
        let phase = self.phase();
        let what = format!("{what} (server {})", server + 1);
        *self
            .seen
            .lock()
            .unwrap()
            .errors
            .entry((phase, kind, what))
            .or_default() += 1;
    }
}

/// A connection error: the server is gone.
fn unreachable(err: &reqwest::Error) -> bool {
    err.is_connect() || err.is_request() || err.is_body()
}

/// `size` bytes of a PDF no other upload has.
fn unique_pdf(size: usize, who: usize, n: usize) -> Vec<u8> {
    let mut bytes = format!(
        "%PDF-1.7\n% customer {who} upload {n} {:?}\n",
        Instant::now()
    )
    .into_bytes();
    let mut x: u64 = ((who as u64) << 32 | n as u64) ^ 0x9E37_79B9_7F4A_7C15;
    while bytes.len() < size {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    bytes.truncate(size);
    bytes
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One customer: signs in, orders, then uploads (and looks at the order page) until the
/// run ends or its uploads are all sent.
async fn customer(
    shared: Arc<Shared>,
    who: usize,
    client: reqwest::Client,
    cookie: String,
    order: i32,
) {
    let path = format!("/api/orders/{order}/items/bulk/documents");
    let mut n = 0;
    while !shared.stop.load(Ordering::Relaxed) && n < shared.plan.uploads_per_customer {
        let bytes = unique_pdf(shared.plan.upload_kb * 1024, who, n);
        let sha = hex(&bytes);
        shared.seen.lock().unwrap().sent.insert(sha.clone(), who);
        let (server, base) = shared.base(who, n);
        let begun = Instant::now();
        let sent = client
            .post(format!("{base}{path}"))
            .header("cookie", &cookie)
            .header("x-file-name", format!("upload-{n}.pdf"))
            .body(bytes)
            .send()
            .await;
        if let Some(response) = shared.answer("upload", server, sent, 201) {
            let took = begun.elapsed();
            match response.json::<serde_json::Value>().await {
                Ok(doc) => {
                    shared.answered("upload", took);
                    if let Some(id) = doc["id"].as_i64() {
                        shared.seen.lock().unwrap().acked.insert((who, id), sha);
                    }
                }
                Err(err) => shared.failed("upload", format!("answer cut off: {err}"), server),
            }
        }
        // The order page, from a server chosen the same way.
        let (server, base) = shared.base(who, n + 1);
        let begun = Instant::now();
        let page = client
            .get(format!("{base}/orders/{order}"))
            .header("cookie", &cookie)
            .send()
            .await;
        if let Some(response) = shared.answer("order page", server, page, 200) {
            let _ = response.bytes().await;
            shared.answered("order page", begun.elapsed());
        }
        n += 1;
        // A person does not upload flat out.
        tokio::time::sleep(Duration::from_millis(
            200 + (who as u64 * 37 + n as u64 * 11) % 400,
        ))
        .await;
    }
}

fn kind_of(err: &reqwest::Error) -> String {
    if err.is_connect() {
        "connection refused".into()
    } else if err.is_timeout() {
        "timed out".into()
    } else if err.is_body() || err.is_request() {
        "connection lost mid-request".into()
    } else {
        format!("{err}")
    }
}

/// One event-stream client: follows its customer's orders; when its server goes away,
/// follows again through another, and counts how long that took.
async fn stream(shared: Arc<Shared>, who: usize, client: reqwest::Client, cookie: String) {
    let mut attempt = 0;
    let mut lost_at: Option<Instant> = None;
    while !shared.stop.load(Ordering::Relaxed) {
        let (server, base) = shared.base(who, attempt);
        attempt += 1;
        let response = client
            .get(format!("{base}/events"))
            .header("cookie", &cookie)
            .send()
            .await;
        let Some(response) = shared.answer("event stream", server, response, 200) else {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        let mut body = response.bytes_stream();
        let mut following = false;
        while let Some(chunk) = body.next().await {
            let Ok(chunk) = chunk else { break };
            if !following {
                following = true;
                shared.streams_open.fetch_add(1, Ordering::Relaxed);
                if let Some(lost) = lost_at.take() {
                    shared.seen.lock().unwrap().reconnects.push(lost.elapsed());
                }
            }
            let text = String::from_utf8_lossy(&chunk);
            shared.events.fetch_add(
                text.matches("event: order").count() as u64,
                Ordering::Relaxed,
            );
            if shared.stop.load(Ordering::Relaxed) {
                break;
            }
        }
        if following {
            shared.streams_open.fetch_sub(1, Ordering::Relaxed);
        }
        if shared.stop.load(Ordering::Relaxed) {
            break;
        }
        // The stream ended under it: its server is gone (or restarting).
        shared.failed("event stream", "stream ended".into(), server);
        shared.dead[server].store(true, Ordering::Relaxed);
        lost_at.get_or_insert_with(Instant::now);
    }
}

/// The resident memory high-water mark (VmHWM) of `pid`, in bytes.
fn peak_memory(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
}

pub async fn scale(plan: Plan) -> anyhow::Result<()> {
    if plan.bases.len() < 2 {
        bail!("the load run needs two servers or more");
    }
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(plan.customers * 2)
        .build()?;
    let stream_client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()?;

    // The reference: the S3-compatible store alone, objects of the same size put one
    // after the other (an upload through the app makes five requests to it: start,
    // part, complete, copy, delete).
    if let Some(s3) = &plan.s3 {
        let mut took = Vec::new();
        for n in 0..50 {
            let begun = Instant::now();
            let put = client
                .put(format!("{s3}/reference/object-{n}"))
                .body(unique_pdf(plan.upload_kb * 1024, usize::MAX, n))
                .send()
                .await?;
            if !put.status().is_success() {
                bail!("the S3 reference put failed: {}", put.status());
            }
            took.push(begun.elapsed());
        }
        took.sort();
        println!(
            "  reference: one {} KB put to the S3 store alone, unloaded: p50 {}, p99 {}",
            plan.upload_kb,
            ms(quantile(&took, 0.5)),
            ms(quantile(&took, 0.99))
        );
    }

    // Customers sign in and order, half on each server.
    let started = Instant::now();
    let mut people = Vec::with_capacity(plan.customers);
    let mut signing_in = futures_util::stream::iter((0..plan.customers).map(|who| {
        let base = plan.bases[who % plan.bases.len()].clone();
        let email = plan.email_pattern.replace("{n}", &who.to_string());
        let password = plan.password.clone();
        async move {
            let cookie = log_in(&base, &email, &password)
                .await
                .with_context(|| format!("sign-in of {email}"))?;
            let order = place(&base, &cookie, &format!("load-{who}.com"))
                .await
                .with_context(|| format!("order of {email}"))?;
            anyhow::Ok((who, cookie, order))
        }
    }))
    .buffer_unordered(16);
    while let Some(person) = signing_in.next().await {
        people.push(person?);
    }
    drop(signing_in);
    people.sort_by_key(|(who, ..)| *who);
    println!(
        "  {} customers signed in and ordered in {:.1} s",
        people.len(),
        started.elapsed().as_secs_f64()
    );

    let shared = Arc::new(Shared {
        dead: plan.bases.iter().map(|_| AtomicBool::new(false)).collect(),
        plan,
        started: Instant::now(),
        killed_at: Mutex::new(None),
        stop: AtomicBool::new(false),
        seen: Mutex::new(Seen::default()),
        events: AtomicU64::new(0),
        streams_open: AtomicUsize::new(0),
    });
    let plan = &shared.plan;
    let mut tasks = Vec::new();
    for n in 0..plan.streams {
        // Stream n goes to server n % servers (half to each), for customer n % customers.
        let (_, cookie, _) = &people[n % people.len()];
        tasks.push(tokio::spawn(stream(
            shared.clone(),
            n,
            stream_client.clone(),
            cookie.clone(),
        )));
    }
    for (who, cookie, order) in &people {
        tasks.push(tokio::spawn(customer(
            shared.clone(),
            *who,
            client.clone(),
            cookie.clone(),
            *order,
        )));
    }

    // Mid-run, one server is killed (SIGKILL: no goodbye to anyone).
    let mut peaks: Vec<Option<u64>> = vec![None; plan.pids.len()];
    tokio::time::sleep(Duration::from_secs(plan.kill_after)).await;
    let open_before = shared.streams_open.load(Ordering::Relaxed);
    let victim = plan.kill;
    peaks[victim] = plan.pids.get(victim).and_then(|pid| peak_memory(*pid));
    if let Some(pid) = plan.pids.get(victim) {
        std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()?;
    }
    *shared.killed_at.lock().unwrap() = Some(Instant::now());
    println!(
        "  killed server {} (pid {:?}) after {} s, with {open_before} streams open",
        victim + 1,
        plan.pids.get(victim),
        plan.kill_after
    );
    let rest = plan.secs.saturating_sub(plan.kill_after);
    tokio::time::sleep(Duration::from_secs(rest)).await;
    let open_after = shared.streams_open.load(Ordering::Relaxed);
    for (i, pid) in plan.pids.iter().enumerate() {
        if i != victim {
            peaks[i] = peak_memory(*pid);
        }
    }
    shared.stop.store(true, Ordering::Relaxed);
    for task in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(35), task).await;
    }
    let elapsed = shared.started.elapsed();

    // What the clients saw.
    let (acked, sent) = report(&shared, elapsed, open_before, open_after, &peaks);

    // Every document the servers hold, against what was sent.
    let survivor = (0..plan.bases.len()).find(|i| *i != victim).unwrap_or(0);
    let base = plan.bases[survivor].clone();
    let checks = futures_util::stream::iter(people.iter().map(|(who, cookie, order)| {
        let (client, base, cookie) = (client.clone(), base.clone(), cookie.clone());
        let who = *who;
        let order = *order;
        async move {
            let page = client
                .get(format!("{base}/orders/{order}"))
                .header("cookie", &cookie)
                .send()
                .await?
                .text()
                .await?;
            let ids: HashSet<i64> = page
                .split("href=\"/documents/")
                .skip(1)
                .filter_map(|rest| rest.split('"').next()?.parse().ok())
                .collect();
            let mut held = Vec::new();
            for id in ids {
                let bytes = client
                    .get(format!("{base}/documents/{id}"))
                    .header("cookie", &cookie)
                    .send()
                    .await?
                    .bytes()
                    .await?;
                held.push((id, hex(&bytes)));
            }
            anyhow::Ok((who, held))
        }
    }))
    .buffer_unordered(8)
    .collect::<Vec<_>>()
    .await;
    let (mut held_total, mut lost, mut changed, mut twice, mut unacked) = (0, 0, 0, 0, 0);
    let mut held_keys = HashSet::new();
    for check in checks {
        let (who, held) = check?;
        let mut hashes = HashSet::new();
        for (id, sha) in held {
            held_total += 1;
            held_keys.insert((who, id));
            if !hashes.insert(sha.clone()) {
                twice += 1;
            }
            match acked.get(&(who, id)) {
                Some(expected) if *expected != sha => changed += 1,
                Some(_) => {}
                // Stored, but its answer never reached the client (in flight on the killed
                // server): the same bytes as sent, never a stranger's.
                None => {
                    unacked += 1;
                    if sent.get(&sha) != Some(&who) {
                        changed += 1;
                    }
                }
            }
        }
    }
    lost += acked.keys().filter(|k| !held_keys.contains(*k)).count();
    println!(
        "\n  documents: {} acknowledged, {held_total} held (each downloaded and checked by SHA-256); lost {lost}, changed {changed}, stored twice {twice}; {unacked} stored whose answer the client never got",
        acked.len()
    );
    Ok(())
}

/// Prints what the clients saw; answers the uploads acknowledged and every one sent.
fn report(
    shared: &Shared,
    elapsed: Duration,
    open_before: usize,
    open_after: usize,
    peaks: &[Option<u64>],
) -> (Acked, Sent) {
    let plan = &shared.plan;
    let victim = plan.kill;
    let seen = shared.seen.lock().unwrap();
    println!(
        "\n  what the clients saw ({:.0} s, server {} killed at {} s)",
        elapsed.as_secs_f64(),
        victim + 1,
        plan.kill_after
    );
    println!("  | phase | requests | answered | p50 | p99 | errors |");
    println!("  | --- | --- | --- | --- | --- | --- |");
    for phase in [Phase::Before, Phase::After] {
        for kind in ["upload", "order page"] {
            let mut latencies = seen
                .latencies
                .get(&(phase, kind))
                .cloned()
                .unwrap_or_default();
            latencies.sort();
            let errors: u64 = seen
                .errors
                .iter()
                .filter(|((p, k, _), _)| *p == phase && *k == kind)
                .map(|(_, n)| n)
                .sum();
            println!(
                "  | {} kill: {kind} | {} | {} | {} | {} | {errors} |",
                if phase == Phase::Before {
                    "before"
                } else {
                    "after"
                },
                latencies.len() as u64 + errors,
                latencies.len(),
                ms(quantile(&latencies, 0.5)),
                ms(quantile(&latencies, 0.99)),
            );
        }
    }
    let mut errors: Vec<_> = seen.errors.iter().collect();
    errors.sort();
    for ((phase, kind, what), n) in errors {
        println!("    {phase:?}: {kind}: {what}: {n}");
    }
    let mut reconnects = seen.reconnects.clone();
    reconnects.sort();
    println!(
        "  event streams: {} opened; {open_before} following before the kill, {open_after} after; {} followed again through the other server (p50 {}, p99 {}); {} order events received",
        plan.streams,
        reconnects.len(),
        ms(quantile(&reconnects, 0.5)),
        ms(quantile(&reconnects, 0.99)),
        shared.events.load(Ordering::Relaxed)
    );
    for (i, peak) in peaks.iter().enumerate() {
        println!(
            "  server {}: peak resident memory {}{}",
            i + 1,
            peak.map_or("unknown".to_owned(), |b| format!(
                "{:.1} MB",
                b as f64 / 1_048_576.0
            )),
            if i == victim {
                " (read just before it was killed)"
            } else {
                ""
            }
        );
    }
    (seen.acked.clone(), seen.sent.clone())
}
