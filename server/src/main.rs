//! The regdocs server binary; see `cli` for its commands.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::cli::main().await
}
