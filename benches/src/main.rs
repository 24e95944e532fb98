//! The client side of `make bench` (driven by `scripts/bench.sh`): signs in, loads pages
//! under concurrency, holds thousands of event streams, sends a large upload, times the
//! review queue. Every figure is printed next to a reference measured in the same run on
//! the same machine; nothing here asserts a time.

mod fanout;
mod http;
mod latency;
mod pages;
mod scale;
mod upload;

use clap::{Parser, Subcommand};

use crate::{
    fanout::fanout,
    http::{log_in, place},
    latency::latency,
    pages::pages,
    upload::upload,
};

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
    /// The load run of `make load`: several servers, customers uploading at once,
    /// event-stream clients, one server killed mid-run (see scripts/load.sh).
    Scale {
        /// The servers, requests spread over them.
        #[arg(long, value_delimiter = ',')]
        bases: Vec<String>,
        /// Their process ids, in the same order (memory; the one killed).
        #[arg(long, value_delimiter = ',')]
        pids: Vec<u32>,
        #[arg(long, default_value_t = 200)]
        customers: usize,
        /// Their e-mail addresses, `{n}` being 0, 1, ...
        #[arg(long)]
        emails: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value_t = 1000)]
        streams: usize,
        #[arg(long, default_value_t = 60)]
        secs: u64,
        /// When the server is killed, in seconds from the start.
        #[arg(long, default_value_t = 30)]
        kill_after: u64,
        /// Which server is killed (0: the first).
        #[arg(long, default_value_t = 1)]
        kill: usize,
        #[arg(long, default_value_t = 32)]
        upload_kb: usize,
        #[arg(long, default_value_t = 20)]
        uploads_per_customer: usize,
        /// The bucket's URL (e.g. http://127.0.0.1:3950/regdocs-load): its speed alone is
        /// measured as the reference.
        #[arg(long)]
        s3: Option<String>,
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
        Command::Scale {
            bases,
            pids,
            customers,
            emails,
            password,
            streams,
            secs,
            kill_after,
            kill,
            upload_kb,
            uploads_per_customer,
            s3,
        } => {
            scale::scale(scale::Plan {
                bases,
                customers,
                email_pattern: emails,
                password,
                streams,
                secs,
                kill_after,
                kill,
                pids,
                upload_kb,
                uploads_per_customer,
                s3,
            })
            .await?;
        }
        Command::Latency {
            cookie,
            paths,
            runs,
        } => latency(&base, &cookie, &paths, runs).await?,
    }
    Ok(())
}
