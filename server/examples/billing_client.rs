//! Plays a billing system against a running regdocs, end to end, through the REST API:
//! creates (or updates) a customer, places an order of a domain for them, asks for a
//! one-time sign-in link to hand the customer over, follows the order until every item
//! is approved, downloads the approved documents (checking each SHA-256), and reports
//! the domain registered, as a billing system that registers domains itself would.
//!
//! ```sh
//! cargo run -p server --example billing_client -- \
//!     --url http://127.0.0.1:3000 --key rdk_… --customer whmcs-42 --domain example.us
//! ```
//!
//! The key needs the write scope (Admin › API keys). Open the printed link as the
//! customer, supply the documents, approve them as an admin; the client takes it from
//! there. Every POST carries an `Idempotency-Key`, so running it again after a network
//! failure changes nothing twice.

use std::{path::PathBuf, time::Duration};

use anyhow::{Context, bail};
use clap::Parser;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

#[derive(Parser)]
struct Args {
    /// Where regdocs runs.
    #[arg(long, default_value = "http://127.0.0.1:3000")]
    url: String,
    /// An API key with the write scope.
    #[arg(long, env = "REGDOCS_API_KEY")]
    key: String,
    /// The customer's id in the billing system.
    #[arg(long, default_value = "billing-client-demo")]
    customer: String,
    #[arg(long, default_value = "Grace Hopper")]
    name: String,
    #[arg(long, default_value = "grace.hopper@example.com")]
    email: String,
    /// The domain to order.
    #[arg(long)]
    domain: String,
    /// The order's id in the billing system (default: `inv-<domain>`).
    #[arg(long)]
    order: Option<String>,
    /// Answers to prefill, as `key=value` (repeatable).
    #[arg(long = "answer")]
    answers: Vec<String>,
    /// Where the approved documents go.
    #[arg(long, default_value = "downloads")]
    downloads: PathBuf,
    /// How often to look at the order, in milliseconds.
    #[arg(long, default_value_t = 5000)]
    poll_ms: u64,
    /// Give up after this many seconds.
    #[arg(long, default_value_t = 3600)]
    patience_secs: u64,
}

struct Api {
    http: reqwest::Client,
    base: String,
    key: String,
}

impl Api {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> anyhow::Result<Value> {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base))
            .bearer_auth(&self.key);
        if let Some(body) = body {
            // The same key for the same request: a retry is answered, not repeated.
            let idempotency = hex(&Sha256::digest(
                format!("{method} {path} {body}").as_bytes(),
            ));
            request = request.header("idempotency-key", idempotency).json(&body);
        }
        let response = request
            .send()
            .await
            .with_context(|| format!("{method} {path}"))?;
        let status = response.status();
        let value: Value = response.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            bail!(
                "{method} {path}: {status}: {} {}",
                value["detail"].as_str().unwrap_or(""),
                value["field"]
                    .as_str()
                    .map(|f| format!("(field {f})"))
                    .unwrap_or_default()
            );
        }
        Ok(value)
    }

    async fn bytes(&self, path: &str) -> anyhow::Result<Vec<u8>> {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.key)
            .send()
            .await?
            .error_for_status()?;
        Ok(response.bytes().await?.to_vec())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let api = Api {
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?,
        base: args.url.trim_end_matches('/').to_owned(),
        key: args.key.clone(),
    };
    use reqwest::Method;

    let customer = api
        .send(
            Method::PUT,
            &format!("/api/v1/customers/{}", args.customer),
            Some(json!({ "name": args.name, "email": args.email })),
        )
        .await?;
    println!(
        "customer {} is regdocs account {}",
        args.customer, customer["id"]
    );

    let answers: serde_json::Map<String, Value> = args
        .answers
        .iter()
        .filter_map(|a| a.split_once('='))
        .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
        .collect();
    let external_id = args
        .order
        .clone()
        .unwrap_or_else(|| format!("inv-{}", args.domain));
    let order = api
        .send(
            Method::POST,
            "/api/v1/orders",
            Some(
                json!({ "customer": args.customer, "external_id": external_id,
                         "domain": args.domain, "answers": answers }),
            ),
        )
        .await?;
    let id = order["id"].as_i64().context("the order has an id")?;
    println!("order {id} placed: {} is {}", args.domain, order["status"]);

    let link = api
        .send(
            Method::POST,
            &format!("/api/v1/customers/{}/sign-in-links", args.customer),
            Some(json!({ "order_id": id })),
        )
        .await?;
    println!(
        "sign-in link for the customer: {}",
        link["url"].as_str().unwrap_or_default()
    );

    let deadline = std::time::Instant::now() + Duration::from_secs(args.patience_secs);
    let mut last = String::new();
    loop {
        let order = api
            .send(Method::GET, &format!("/api/v1/orders/{id}"), None)
            .await?;
        let status = order["status"].as_str().unwrap_or_default().to_owned();
        if status != last {
            println!("order {id} is {status}");
            last.clone_from(&status);
        }
        match status.as_str() {
            "approved" | "ready_to_register" | "registering" | "registration_failed" => break,
            "registered" => {
                println!("order {id} is registered already");
                return Ok(());
            }
            "cancelled" => bail!("order {id} was cancelled"),
            _ => {}
        }
        if std::time::Instant::now() > deadline {
            bail!("order {id} is still {status}; giving up");
        }
        tokio::time::sleep(Duration::from_millis(args.poll_ms)).await;
    }

    let documents = api
        .send(Method::GET, &format!("/api/v1/orders/{id}/documents"), None)
        .await?;
    let dir = args.downloads.join(id.to_string());
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for doc in documents["documents"].as_array().into_iter().flatten() {
        let path = doc["download"].as_str().context("a download path")?;
        let bytes = api.bytes(path).await?;
        let sha = hex(&Sha256::digest(&bytes));
        if Some(sha.as_str()) != doc["sha256"].as_str() {
            bail!("document {} arrived damaged (SHA-256 {sha})", doc["id"]);
        }
        // Only the file name's last part, whatever the customer called it.
        let name = doc["name"].as_str().unwrap_or("document");
        let name = name.rsplit(['/', '\\']).next().unwrap_or("document");
        let file = dir.join(format!("{}-{}", doc["id"], name));
        std::fs::write(&file, &bytes).with_context(|| format!("writing {}", file.display()))?;
        println!(
            "downloaded {} ({} bytes, SHA-256 checked)",
            file.display(),
            bytes.len()
        );
    }

    let registered = api
        .send(
            Method::POST,
            &format!("/api/v1/orders/{id}/registration"),
            Some(json!({ "result": "registered" })),
        )
        .await?;
    println!("order {id} is {}", registered["status"]);
    Ok(())
}
