//! The `server` binary's command line: serving (the default) and operator commands.
//!
//! ```text
//! server                                   serve the app
//! server admin create --email E --name N   create an admin account
//! server api-key create --admin E --name N  make an API key for a billing system
//! ```
//! The admin's password is read from `REGDOCS_ADMIN_PASSWORD` when set, otherwise asked
//! for (twice, without echo) on a terminal, otherwise read as one line from standard
//! input. It is never taken from the command line, where `ps` and shell history see it.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, bail};
use app::{
    backend::{
        accounts::auth::create_account, accounts::password::HashPool, infra::db,
        infra::settings::Settings,
    },
    domain::Role,
};
use clap::{Parser, Subcommand};
use migrations::{Migrator, MigratorTrait};

use crate::{startup, telemetry};

#[derive(Parser)]
#[command(
    name = "server",
    version,
    about = "regdocs: domain document management"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app (what happens without a command).
    Serve,
    /// Manage admin accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Manage API keys of billing systems.
    ApiKey {
        #[command(subcommand)]
        command: ApiKeyCommand,
    },
}

#[derive(Subcommand)]
enum ApiKeyCommand {
    /// Make a key acting with the rights of admin `--admin`; prints the key (once) and
    /// nothing else, so a provisioning script can capture it.
    Create {
        /// The e-mail address of the admin the key acts for.
        #[arg(long)]
        admin: String,
        /// The name the key is listed under.
        #[arg(long)]
        name: String,
        /// Only read (no customers, orders, cancellations or reports).
        #[arg(long)]
        read_only: bool,
        /// Calls per minute, at most.
        #[arg(long, default_value_t = app::domain::api_keys::DEFAULT_RATE_PER_MINUTE)]
        rate: u32,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an admin account; the password comes from REGDOCS_ADMIN_PASSWORD or a prompt.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
}

/// Runs what the command line asks for.
///
/// # Errors
/// Whatever the command failed with, in words for the operator.
pub async fn main() -> anyhow::Result<()> {
    match Cli::parse().command.unwrap_or(Command::Serve) {
        Command::Serve => startup::run().await,
        Command::Admin {
            command: AdminCommand::Create { email, name },
        } => create_admin(&email, &name).await,
        Command::ApiKey {
            command:
                ApiKeyCommand::Create {
                    admin,
                    name,
                    read_only,
                    rate,
                },
        } => create_api_key(&admin, &name, !read_only, rate).await,
    }
}

async fn create_api_key(admin: &str, name: &str, write: bool, rate: u32) -> anyhow::Result<()> {
    use app::backend::{billing::keys, entities::user};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let settings = Settings::from_env().context("reading the configuration")?;
    telemetry::init(&settings.log_filter);
    let db = db::connect(&settings)
        .await
        .context("connecting to the database")?;
    Migrator::up(&db, None)
        .await
        .context("applying database migrations")?;
    let account = user::Entity::find()
        .filter(user::Column::Email.eq(admin.trim().to_lowercase()))
        .filter(user::Column::Role.eq(Role::Admin))
        .one(&db)
        .await?
        .with_context(|| format!("no admin has the address {admin}"))?;
    let made = keys::create_for(&db, &account, name, write, rate)
        .await
        .map_err(|err| match err {
            app::error::AppError::Invalid { problems } => anyhow::anyhow!(
                "{}",
                problems
                    .iter()
                    .map(|p| format!("{}: {}", p.field, p.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            other => anyhow::anyhow!("{other}"),
        })?;
    writeln!(std::io::stdout(), "{}", made.secret)?;
    Ok(())
}

async fn create_admin(email: &str, name: &str) -> anyhow::Result<()> {
    let settings = Settings::from_env().context("reading the configuration")?;
    telemetry::init(&settings.log_filter);
    let password = read_password()?;
    let db = db::connect(&settings)
        .await
        .context("connecting to the database")?;
    Migrator::up(&db, None)
        .await
        .context("applying database migrations")?;
    let account = create_account(
        &db,
        &HashPool::default(),
        name,
        email,
        &password,
        Role::Admin,
    )
    .await
    .map_err(|err| anyhow::anyhow!("{err}"))?;
    writeln!(
        std::io::stdout(),
        "Admin {} created (account {}).",
        account.email,
        account.id
    )?;
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("REGDOCS_ADMIN_PASSWORD")
        && !password.is_empty()
    {
        return Ok(password);
    }
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password for the new admin: ")?;
        let second = rpassword::prompt_password("The same password again: ")?;
        if first != second {
            bail!("the two passwords differ; nothing was created");
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
