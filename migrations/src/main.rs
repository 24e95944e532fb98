//! Operator CLI for the schema: `migrations up|down|status|fresh|refresh|reset`.
//! Reads `DATABASE_URL` (or `-u URL`), like the server does.

#[tokio::main]
async fn main() {
    sea_orm_migration::cli::run_cli(migrations::Migrator).await;
}
