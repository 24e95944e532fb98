//! p50/p95 of GET requests (the review queue's pages), next to /health.

use std::time::Instant;

use anyhow::{Context, bail};

use crate::http::*;

pub async fn latency(
    base: &str,
    cookie: &str,
    paths: &[String],
    runs: usize,
) -> anyhow::Result<()> {
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
