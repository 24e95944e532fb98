//! What every part of the client shares: an HTTP client, signing in and placing an
//! order through the app's own forms, quantiles, and a process's resident memory.

use std::time::Duration;

use anyhow::{Context, bail};

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// The URL of server function `name` that a form of `page` posts to
/// (`<form action="/api/name…">`: its path carries a hash the build chose).
pub async fn form_action(
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

pub fn form_body(fields: &[(&str, &str)]) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
        .collect::<Vec<_>>()
        .join("&")
}

pub async fn log_in(base: &str, email: &str, password: &str) -> anyhow::Result<String> {
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

pub async fn place(base: &str, cookie: &str, domain: &str) -> anyhow::Result<i32> {
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
pub fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The server's resident memory (VmRSS), in bytes.
pub fn rss(pid: u32) -> anyhow::Result<u64> {
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
