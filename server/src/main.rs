//! Starts the regdocs server; see `startup::run`.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::startup::run().await
}
