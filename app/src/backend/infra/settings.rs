//! Typed configuration, read once at start from the environment.
//!
//! Every setting has a default that works on a fresh machine (SQLite and documents under
//! `./data/`), so `make run` needs no configuration at all. Secrets (the database
//! password) never appear in logs: `Debug` redacts them.

use std::{collections::HashMap, fmt, path::PathBuf};

use secrecy::SecretString;

/// Everything regdocs can be configured with. See README.md, "Configuration".
#[derive(Clone)]
pub struct Settings {
    /// `DATABASE_URL`: `sqlite://...` (default) or `postgres://...`.
    pub database_url: String,
    /// `REGDOCS_DB_MAX_CONNECTIONS`: size of the connection pool.
    pub db_max_connections: u32,
    /// `REGDOCS_DATA_DIR`: where the SQLite file and stored documents live.
    pub data_dir: PathBuf,
    /// `REGDOCS_STORAGE_URL`: where documents are kept: `file://<directory>` (default:
    /// `documents/` in the data directory) or `s3://<bucket>/<prefix>` on S3-compatible
    /// storage, reached with the `AWS_*` variables below.
    pub storage: StorageLocation,
    /// `AWS_*` (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`,
    /// `AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP`, ...): the S3 connection, named as the AWS
    /// tools name it; read only with an `s3://` storage URL.
    pub aws: Vec<(String, SecretString)>,
    /// `REGDOCS_DOWNLOAD_REDIRECT`: with S3 storage, a download answers with a redirect to
    /// a presigned URL valid for a minute (the bytes then skip this server) instead of
    /// streaming the document through it. Previews always go through the server.
    pub download_redirect: bool,
    /// `REGDOCS_METRICS_ADDR`: an address of its own (e.g. `127.0.0.1:9464`) serving
    /// `/metrics` (Prometheus text format) to whoever reaches it.
    pub metrics_addr: Option<std::net::SocketAddr>,
    /// `REGDOCS_METRICS_TOKEN`: `/metrics` on the app's own address, for requests with
    /// `Authorization: Bearer <token>` (at least 16 characters).
    pub metrics_token: Option<SecretString>,
    /// `REGDOCS_PUBLIC_URL`: the address users reach the app at; decides whether
    /// cookies are `Secure` and whether HSTS is sent.
    pub public_url: String,
    /// `REGDOCS_SEED_DEMO`: on the first start, create demo extensions and an admin.
    pub seed_demo: bool,
    /// `RUST_LOG`: the tracing filter.
    pub log_filter: String,
    /// `REGDOCS_SESSION_IDLE_MINUTES`: a session without requests this long ends.
    pub session_idle_minutes: u32,
    /// `REGDOCS_SESSION_MAX_HOURS`: a session ends this long after sign-in regardless.
    pub session_max_hours: u32,
    /// `REGDOCS_TRUST_X_FORWARDED_FOR`: take the client address from the last
    /// `X-Forwarded-For` entry (only behind a reverse proxy that sets it).
    pub trust_x_forwarded_for: bool,
    /// `REGDOCS_MAX_UPLOAD_MB`: the largest document the server accepts, per file.
    pub max_upload_mb: u32,
    /// `REGDOCS_CUSTOMER_QUOTA_MB`: how much one customer may keep stored in total.
    pub customer_quota_mb: u32,
    /// `REGDOCS_SMTP_HOST`: the SMTP server e-mail goes through. Unset, e-mail is kept
    /// in the outbox (readable by admins) instead of being sent.
    pub smtp_host: Option<String>,
    /// `REGDOCS_SMTP_PORT`: default 587 (465 with `tls`, 25 with `none`).
    pub smtp_port: u16,
    /// `REGDOCS_SMTP_SECURITY`: `starttls` (default), `tls` (implicit TLS) or `none`.
    pub smtp_security: SmtpSecurity,
    /// `REGDOCS_SMTP_USERNAME` / `REGDOCS_SMTP_PASSWORD`: credentials, when needed.
    pub smtp_username: Option<String>,
    pub smtp_password: Option<SecretString>,
    /// `REGDOCS_MAIL_FROM`: the sender of every e-mail.
    pub mail_from: String,
    /// `REGDOCS_REGISTRAR_EMAIL`: where the `email` registrar module sends a domain's
    /// values and documents.
    pub registrar_email: Option<String>,
    /// `REGDOCS_REGISTRAR_HTTP_URL`: where the `http` registrar module POSTs an approved
    /// order (http:// or https://).
    pub registrar_http_url: Option<String>,
    /// `REGDOCS_REGISTRAR_HTTP_SECRET`: the `whsec_…` secret those POSTs are signed with
    /// (Standard Webhooks); required with the URL.
    pub registrar_http_secret: Option<SecretString>,
    /// `REGDOCS_STREAM_RECHECK_SECS`: how often an open event stream checks that its
    /// session still exists (after a sign-out it ends).
    pub stream_recheck_secs: u32,
    /// `REGDOCS_CLAIM_MINUTES`: how long an admin's claim on an order lasts after their
    /// last sign of work on it (default 15).
    pub claim_minutes: u32,
    /// `REGDOCS_REVIEW_TARGET_HOURS`: how long an order may wait for review (default 4).
    pub review_target_hours: u32,
    /// `REGDOCS_WORKING_HOURS`: `09-17` counts the review target in working hours (UTC,
    /// Monday to Friday); unset, round the clock.
    pub working_hours: Option<(u32, u32)>,
    /// `REGDOCS_SECRET_KEY`: the key that signs e-mail confirmation links (at least 32
    /// characters; the same on every instance). Unset, one is made and kept in the
    /// database.
    pub secret_key: Option<SecretString>,
    /// `REGDOCS_SIGNUPS_PER_ADDRESS_PER_HOUR`: accounts one client address may create.
    pub signups_per_address_per_hour: u32,
    /// `REGDOCS_SIGNUPS_PER_MINUTE`: accounts everyone together may create.
    pub signups_per_minute: u32,
    /// `REGDOCS_MAX_OPEN_ORDERS`: orders one customer may have in progress at once.
    pub max_open_orders: u32,
    /// `REGDOCS_MAX_PARALLEL_UPLOADS`: uploads one customer may send at the same time.
    pub max_parallel_uploads: u32,
    /// `REGDOCS_MAX_STREAMS_PER_ACCOUNT`: live pages (event streams) one account may
    /// keep open at once.
    pub max_streams_per_account: u32,
    /// `REGDOCS_REQUEST_TIMEOUT_SECS`: the longest any request but an upload or an
    /// event stream may take.
    pub request_timeout_secs: u32,
    /// `REGDOCS_UPLOAD_IDLE_SECS`: an upload that sends nothing for this long is cut off.
    pub upload_idle_secs: u32,
    /// `REGDOCS_PURGE_AFTER_CLOSED_DAYS`: a registered or cancelled order's documents'
    /// bytes are deleted this many days after it closed (the rows stay).
    pub purge_after_closed_days: u32,
    /// `REGDOCS_PURGE_AFTER_REPLACED_DAYS`: a rejected document's bytes are deleted this
    /// many days after the customer submitted its replacement.
    pub purge_after_replaced_days: u32,
    /// `REGDOCS_REMIND_DAYS_BEFORE_EXPIRY`: customers of registered domains are reminded
    /// this many days before an approved document's validity runs out.
    pub remind_days_before_expiry: u32,
    /// `REGDOCS_SHUTDOWN_GRACE_SECS`: on SIGTERM, how long requests in flight may take to
    /// finish before the server exits anyway.
    pub shutdown_grace_secs: u32,
    /// `REGDOCS_DB_WAIT_SECS`: at start, how long to wait for a database that is not up
    /// yet (Postgres) before giving up.
    pub db_wait_secs: u32,
}

/// Where documents are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageLocation {
    /// A local directory (one server, or a shared file system).
    Directory(PathBuf),
    /// S3-compatible object storage: a bucket, and a prefix inside it ("" for none).
    S3 { bucket: String, prefix: String },
}

impl StorageLocation {
    /// Reads `REGDOCS_STORAGE_URL`.
    ///
    /// # Errors
    /// The message for a URL that is neither `file://…` nor `s3://bucket/…`.
    pub fn parse(url: &str) -> Result<Self, String> {
        if let Some(path) = url.strip_prefix("file://") {
            if path.is_empty() {
                return Err(
                    "file:// needs a directory, e.g. file:///var/lib/regdocs/documents".into(),
                );
            }
            return Ok(Self::Directory(PathBuf::from(path)));
        }
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            let valid = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-".contains(c);
            if bucket.len() < 3 || !bucket.chars().all(valid) {
                return Err(format!(
                    "“{bucket}” is not a bucket name (3 or more lower-case letters, digits, dots, dashes)"
                ));
            }
            return Ok(Self::S3 {
                bucket: bucket.to_owned(),
                prefix: prefix.trim_matches('/').to_owned(),
            });
        }
        Err("must start with file:// or s3://".into())
    }

    /// For logs: `s3://bucket/prefix` or the directory.
    pub fn describe(&self) -> String {
        match self {
            Self::Directory(dir) => dir.display().to_string(),
            Self::S3 { bucket, prefix } => format!("s3://{bucket}/{prefix}"),
        }
    }
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (required).
    StartTls,
    /// TLS from the first byte (SMTPS).
    Tls,
    /// No encryption: only for a relay on the same host or a test server.
    None,
}

/// A setting that is present but unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration variable {var}: {message}")]
pub struct SettingsError {
    pub var: &'static str,
    pub message: String,
}

impl Settings {
    /// Reads the settings from the process environment.
    ///
    /// # Errors
    /// A [`SettingsError`] naming the first variable that cannot be used.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_vars(std::env::vars())
    }

    /// Reads the settings from the given variables (the environment, or a test's map).
    ///
    /// # Errors
    /// A [`SettingsError`] naming the first variable that cannot be used.
    pub fn from_vars(
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, SettingsError> {
        let vars: HashMap<String, String> = vars
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        let get = |key: &str| vars.get(key).map(|v| v.trim().to_owned());

        let data_dir = PathBuf::from(get("REGDOCS_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = match get("DATABASE_URL") {
            Some(url) => url,
            None => format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("regdocs.db").display()
            ),
        };
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(SettingsError {
                var: "DATABASE_URL",
                message: "must start with sqlite:, postgres:// or postgresql://".into(),
            });
        }

        let public_url = get("REGDOCS_PUBLIC_URL")
            .unwrap_or_else(|| "http://127.0.0.1:3000".into())
            .trim_end_matches('/')
            .to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(SettingsError {
                var: "REGDOCS_PUBLIC_URL",
                message: "must start with http:// or https://".into(),
            });
        }

        let flag = |var: &'static str, default: bool| match get(var) {
            None => Ok(default),
            Some(v) => parse_bool(&v).ok_or_else(|| SettingsError {
                var,
                message: format!("“{v}” is not one of true/false/1/0/yes/no"),
            }),
        };
        let number = |var: &'static str, default: u32, max: u32| match get(var) {
            None => Ok(default),
            Some(v) => match v.parse::<u32>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(SettingsError {
                    var,
                    message: format!("“{v}” is not a number between 1 and {max}"),
                }),
            },
        };

        let smtp_security = match get("REGDOCS_SMTP_SECURITY").as_deref() {
            None | Some("starttls") => SmtpSecurity::StartTls,
            Some("tls") => SmtpSecurity::Tls,
            Some("none") => SmtpSecurity::None,
            Some(other) => {
                return Err(SettingsError {
                    var: "REGDOCS_SMTP_SECURITY",
                    message: format!("“{other}” is not one of starttls, tls, none"),
                });
            }
        };
        let default_port = match smtp_security {
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::Tls => 465,
            SmtpSecurity::None => 25,
        };
        let smtp_port = match get("REGDOCS_SMTP_PORT") {
            None => default_port,
            Some(v) => v
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| SettingsError {
                    var: "REGDOCS_SMTP_PORT",
                    message: format!("“{v}” is not a port number"),
                })?,
        };
        let address = |var: &'static str| -> Result<Option<String>, SettingsError> {
            match get(var) {
                None => Ok(None),
                Some(v) if looks_like_mailbox(&v) => Ok(Some(v)),
                Some(v) => Err(SettingsError {
                    var,
                    message: format!("“{v}” is not an e-mail address"),
                }),
            }
        };
        let mail_from =
            address("REGDOCS_MAIL_FROM")?.unwrap_or_else(|| "regdocs <regdocs@localhost>".into());
        let registrar_email = address("REGDOCS_REGISTRAR_EMAIL")?;
        let registrar_http_url = match get("REGDOCS_REGISTRAR_HTTP_URL") {
            None => None,
            Some(v) if v.starts_with("http://") || v.starts_with("https://") => Some(v),
            Some(v) => {
                return Err(SettingsError {
                    var: "REGDOCS_REGISTRAR_HTTP_URL",
                    message: format!("“{v}” is not an http:// or https:// address"),
                });
            }
        };
        let registrar_http_secret = match get("REGDOCS_REGISTRAR_HTTP_SECRET") {
            Some(v) if v.starts_with("whsec_") && v.len() > 20 => Some(SecretString::from(v)),
            Some(_) => {
                return Err(SettingsError {
                    var: "REGDOCS_REGISTRAR_HTTP_SECRET",
                    message: "a secret of the form whsec_<base64>, at least 20 characters".into(),
                });
            }
            None if registrar_http_url.is_some() => {
                return Err(SettingsError {
                    var: "REGDOCS_REGISTRAR_HTTP_SECRET",
                    message: "the http registrar module signs what it sends: set a whsec_… secret"
                        .into(),
                });
            }
            None => None,
        };

        let working_hours = get("REGDOCS_WORKING_HOURS")
            .filter(|v| !v.is_empty())
            .map(|v| {
                crate::domain::sla::SlaPolicy::parse_working_hours(&v).map_err(|message| {
                    SettingsError {
                        var: "REGDOCS_WORKING_HOURS",
                        message,
                    }
                })
            })
            .transpose()?;

        let secret_key = match get("REGDOCS_SECRET_KEY") {
            Some(key) if key.chars().count() < 32 => {
                return Err(SettingsError {
                    var: "REGDOCS_SECRET_KEY",
                    message: "must be at least 32 characters long".into(),
                });
            }
            key => key.map(SecretString::from),
        };

        let storage = match get("REGDOCS_STORAGE_URL") {
            None => StorageLocation::Directory(data_dir.join("documents")),
            Some(url) => StorageLocation::parse(&url).map_err(|message| SettingsError {
                var: "REGDOCS_STORAGE_URL",
                message,
            })?,
        };
        let mut aws: Vec<(String, SecretString)> = vars
            .iter()
            .filter(|(k, _)| k.starts_with("AWS_"))
            .map(|(k, v)| (k.clone(), SecretString::from(v.trim().to_owned())))
            .collect();
        aws.sort_by(|a, b| a.0.cmp(&b.0));

        let metrics_addr = get("REGDOCS_METRICS_ADDR")
            .map(|v| {
                v.parse::<std::net::SocketAddr>()
                    .map_err(|_| SettingsError {
                        var: "REGDOCS_METRICS_ADDR",
                        message: format!("“{v}” is not an address and port such as 127.0.0.1:9464"),
                    })
            })
            .transpose()?;
        let metrics_token = match get("REGDOCS_METRICS_TOKEN") {
            Some(token) if token.chars().count() < 16 => {
                return Err(SettingsError {
                    var: "REGDOCS_METRICS_TOKEN",
                    message: "must be at least 16 characters long".into(),
                });
            }
            token => token.map(SecretString::from),
        };

        Ok(Self {
            metrics_addr,
            metrics_token,
            storage,
            aws,
            download_redirect: flag("REGDOCS_DOWNLOAD_REDIRECT", false)?,
            secret_key,
            signups_per_address_per_hour: number(
                "REGDOCS_SIGNUPS_PER_ADDRESS_PER_HOUR",
                10,
                100_000,
            )?,
            signups_per_minute: number("REGDOCS_SIGNUPS_PER_MINUTE", 30, 100_000)?,
            max_open_orders: number("REGDOCS_MAX_OPEN_ORDERS", 25, 100_000)?,
            max_parallel_uploads: number("REGDOCS_MAX_PARALLEL_UPLOADS", 4, 1000)?,
            max_streams_per_account: number("REGDOCS_MAX_STREAMS_PER_ACCOUNT", 10, 100_000)?,
            request_timeout_secs: number("REGDOCS_REQUEST_TIMEOUT_SECS", 30, 3600)?,
            upload_idle_secs: number("REGDOCS_UPLOAD_IDLE_SECS", 60, 3600)?,
            purge_after_closed_days: number("REGDOCS_PURGE_AFTER_CLOSED_DAYS", 30, 36_500)?,
            purge_after_replaced_days: number("REGDOCS_PURGE_AFTER_REPLACED_DAYS", 7, 36_500)?,
            remind_days_before_expiry: number("REGDOCS_REMIND_DAYS_BEFORE_EXPIRY", 30, 3650)?,
            shutdown_grace_secs: number("REGDOCS_SHUTDOWN_GRACE_SECS", 30, 3600)?,
            db_wait_secs: number("REGDOCS_DB_WAIT_SECS", 300, 86_400)?,
            smtp_host: get("REGDOCS_SMTP_HOST"),
            smtp_port,
            smtp_security,
            smtp_username: get("REGDOCS_SMTP_USERNAME"),
            smtp_password: get("REGDOCS_SMTP_PASSWORD").map(SecretString::from),
            mail_from,
            registrar_email,
            registrar_http_url,
            registrar_http_secret,
            database_url,
            db_max_connections: number("REGDOCS_DB_MAX_CONNECTIONS", 10, 1000)?,
            data_dir,
            public_url,
            seed_demo: flag("REGDOCS_SEED_DEMO", true)?,
            log_filter: get("RUST_LOG").unwrap_or_else(|| "info".into()),
            session_idle_minutes: number("REGDOCS_SESSION_IDLE_MINUTES", 60, 24 * 60)?,
            session_max_hours: number("REGDOCS_SESSION_MAX_HOURS", 12, 24 * 90)?,
            trust_x_forwarded_for: flag("REGDOCS_TRUST_X_FORWARDED_FOR", false)?,
            max_upload_mb: number("REGDOCS_MAX_UPLOAD_MB", 25, 4096)?,
            customer_quota_mb: number("REGDOCS_CUSTOMER_QUOTA_MB", 500, 1_000_000)?,
            stream_recheck_secs: number("REGDOCS_STREAM_RECHECK_SECS", 30, 3600)?,
            claim_minutes: number("REGDOCS_CLAIM_MINUTES", 15, 24 * 60)?,
            review_target_hours: number("REGDOCS_REVIEW_TARGET_HOURS", 4, 24 * 30)?,
            working_hours,
        })
    }

    /// Whether the app is served over HTTPS (then cookies get `Secure` and HSTS is sent).
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The review target.
    pub fn sla_policy(&self) -> crate::domain::sla::SlaPolicy {
        crate::domain::sla::SlaPolicy {
            target_minutes: i64::from(self.review_target_hours) * 60,
            working_hours: self.working_hours,
        }
    }

    /// How long sessions live.
    pub fn session_policy(&self) -> crate::backend::accounts::auth::SessionPolicy {
        crate::backend::accounts::auth::SessionPolicy {
            idle: chrono::Duration::minutes(i64::from(self.session_idle_minutes)),
            absolute: chrono::Duration::hours(i64::from(self.session_max_hours)),
        }
    }

    /// The limits requirement definitions must respect.
    pub fn definition_limits(&self) -> crate::domain::requirements::DefinitionLimits {
        crate::domain::requirements::DefinitionLimits {
            max_upload_bytes: crate::domain::units::megabytes(self.max_upload_mb),
        }
    }

    /// The most bytes one customer may keep stored.
    pub fn customer_quota_bytes(&self) -> u64 {
        crate::domain::units::megabytes(self.customer_quota_mb)
    }

    /// The name of the session cookie: `__Host-` prefixed (bound to this host, path `/`,
    /// HTTPS only) when served over HTTPS.
    pub fn session_cookie_name(&self) -> &'static str {
        if self.is_https() {
            "__Host-regdocs_session"
        } else {
            "regdocs_session"
        }
    }

    /// Whether the database is SQLite (events stay in-process) rather than Postgres.
    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

/// `someone@host` or `Name <someone@host>`: checked properly when a message is built.
fn looks_like_mailbox(v: &str) -> bool {
    let addr = v
        .rsplit_once('<')
        .map_or(v, |(_, a)| a.trim_end_matches('>'));
    matches!(addr.split_once('@'), Some((l, d)) if !l.is_empty() && !d.is_empty() && !addr.contains(' '))
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// Hides the password of a `scheme://user:password@host/...` URL.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            if userinfo.contains(':') {
                format!("{scheme}://{user}:***@{host}")
            } else {
                format!("{scheme}://{user}@{host}")
            }
        }
        None => url.to_owned(),
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &redact_url(&self.database_url))
            .field("db_max_connections", &self.db_max_connections)
            .field("data_dir", &self.data_dir)
            .field("storage", &self.storage.describe())
            // Which AWS settings are given, never their values (keys are secret).
            .field(
                "aws",
                &self.aws.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            )
            .field("download_redirect", &self.download_redirect)
            .field("metrics_addr", &self.metrics_addr)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .field("public_url", &self.public_url)
            .field("seed_demo", &self.seed_demo)
            .field("log_filter", &self.log_filter)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("session_max_hours", &self.session_max_hours)
            .field("trust_x_forwarded_for", &self.trust_x_forwarded_for)
            .field("max_upload_mb", &self.max_upload_mb)
            .field("customer_quota_mb", &self.customer_quota_mb)
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_security", &self.smtp_security)
            .field("smtp_username", &self.smtp_username)
            .field("smtp_password", &self.smtp_password.as_ref().map(|_| "***"))
            .field("mail_from", &self.mail_from)
            .field("registrar_email", &self.registrar_email)
            .field("registrar_http_url", &self.registrar_http_url)
            .field(
                "registrar_http_secret",
                &self.registrar_http_secret.as_ref().map(|_| "***"),
            )
            .field("stream_recheck_secs", &self.stream_recheck_secs)
            .field("claim_minutes", &self.claim_minutes)
            .field("review_target_hours", &self.review_target_hours)
            .field("working_hours", &self.working_hours)
            .field("secret_key", &self.secret_key.as_ref().map(|_| "***"))
            .field(
                "signups_per_address_per_hour",
                &self.signups_per_address_per_hour,
            )
            .field("signups_per_minute", &self.signups_per_minute)
            .field("max_open_orders", &self.max_open_orders)
            .field("max_parallel_uploads", &self.max_parallel_uploads)
            .field("max_streams_per_account", &self.max_streams_per_account)
            .field("request_timeout_secs", &self.request_timeout_secs)
            .field("upload_idle_secs", &self.upload_idle_secs)
            .field("purge_after_closed_days", &self.purge_after_closed_days)
            .field("purge_after_replaced_days", &self.purge_after_replaced_days)
            .field("remind_days_before_expiry", &self.remind_days_before_expiry)
            .field("shutdown_grace_secs", &self.shutdown_grace_secs)
            .field("db_wait_secs", &self.db_wait_secs)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn defaults_run_on_sqlite_under_data() {
        let s = Settings::from_vars(vars(&[])).expect("defaults are valid");
        assert_eq!(s.database_url, "sqlite://data/regdocs.db?mode=rwc");
        assert!(s.is_sqlite());
        assert_eq!(s.data_dir, PathBuf::from("data"));
        assert_eq!(s.public_url, "http://127.0.0.1:3000");
        assert!(!s.is_https());
        assert!(s.seed_demo);
        assert_eq!(s.db_max_connections, 10);
        assert_eq!(s.session_policy().idle, chrono::Duration::minutes(60));
        assert_eq!(s.session_policy().absolute, chrono::Duration::hours(12));
        assert!(!s.trust_x_forwarded_for);
        assert_eq!(s.session_cookie_name(), "regdocs_session");
    }

    #[test]
    fn the_storage_url_chooses_a_directory_or_a_bucket() {
        let s = Settings::from_vars(vars(&[("REGDOCS_DATA_DIR", "/srv/rd")])).unwrap();
        assert_eq!(
            s.storage,
            StorageLocation::Directory(PathBuf::from("/srv/rd/documents"))
        );
        let s = Settings::from_vars(vars(&[("REGDOCS_STORAGE_URL", "file:///mnt/docs")])).unwrap();
        assert_eq!(
            s.storage,
            StorageLocation::Directory(PathBuf::from("/mnt/docs"))
        );
        let s = Settings::from_vars(vars(&[
            ("REGDOCS_STORAGE_URL", "s3://regdocs-prod/tenant-a/"),
            ("AWS_SECRET_ACCESS_KEY", "very secret"),
            ("AWS_REGION", "eu-central-1"),
            ("REGDOCS_DOWNLOAD_REDIRECT", "true"),
        ]))
        .unwrap();
        assert_eq!(
            s.storage,
            StorageLocation::S3 {
                bucket: "regdocs-prod".into(),
                prefix: "tenant-a".into()
            }
        );
        assert!(s.download_redirect);
        let names: Vec<_> = s.aws.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["AWS_REGION", "AWS_SECRET_ACCESS_KEY"]);
        // The keys never reach a log line.
        assert!(!format!("{s:?}").contains("very secret"));
        for bad in [
            "s3://",
            "s3://Bad_Bucket/x",
            "ftp://host/x",
            "file://",
            "/var/docs",
        ] {
            let err = Settings::from_vars(vars(&[("REGDOCS_STORAGE_URL", bad)])).unwrap_err();
            assert_eq!(err.var, "REGDOCS_STORAGE_URL", "{bad}");
        }
    }

    #[test]
    fn metrics_get_an_address_or_a_token() {
        let s = Settings::from_vars(vars(&[])).unwrap();
        assert!(s.metrics_addr.is_none() && s.metrics_token.is_none());
        let s = Settings::from_vars(vars(&[
            ("REGDOCS_METRICS_ADDR", "127.0.0.1:9464"),
            ("REGDOCS_METRICS_TOKEN", "a-long-enough-scrape-token"),
        ]))
        .unwrap();
        assert_eq!(s.metrics_addr, Some("127.0.0.1:9464".parse().unwrap()));
        assert!(!format!("{s:?}").contains("a-long-enough-scrape-token"));
        let err = Settings::from_vars(vars(&[("REGDOCS_METRICS_ADDR", "9464")])).unwrap_err();
        assert_eq!(err.var, "REGDOCS_METRICS_ADDR");
        let err = Settings::from_vars(vars(&[("REGDOCS_METRICS_TOKEN", "short")])).unwrap_err();
        assert_eq!(err.var, "REGDOCS_METRICS_TOKEN");
    }

    #[test]
    fn a_postgres_url_switches_the_database() {
        let s = Settings::from_vars(vars(&[(
            "DATABASE_URL",
            "postgres://regdocs:secret@db.internal/regdocs",
        )]))
        .unwrap();
        assert!(!s.is_sqlite());
    }

    #[test]
    fn the_data_dir_moves_the_default_sqlite_file() {
        let s = Settings::from_vars(vars(&[("REGDOCS_DATA_DIR", "/var/lib/regdocs")])).unwrap();
        assert_eq!(
            s.database_url,
            "sqlite:///var/lib/regdocs/regdocs.db?mode=rwc"
        );
    }

    #[test]
    fn unusable_values_name_the_variable() {
        let err = Settings::from_vars(vars(&[("DATABASE_URL", "mysql://x")])).unwrap_err();
        assert_eq!(err.var, "DATABASE_URL");
        let err = Settings::from_vars(vars(&[("REGDOCS_DB_MAX_CONNECTIONS", "lots")])).unwrap_err();
        assert_eq!(err.var, "REGDOCS_DB_MAX_CONNECTIONS");
        let err = Settings::from_vars(vars(&[("REGDOCS_DB_MAX_CONNECTIONS", "0")])).unwrap_err();
        assert_eq!(err.var, "REGDOCS_DB_MAX_CONNECTIONS");
        let err = Settings::from_vars(vars(&[("REGDOCS_SEED_DEMO", "maybe")])).unwrap_err();
        assert_eq!(err.var, "REGDOCS_SEED_DEMO");
        let err = Settings::from_vars(vars(&[("REGDOCS_SESSION_IDLE_MINUTES", "-5")])).unwrap_err();
        assert_eq!(err.var, "REGDOCS_SESSION_IDLE_MINUTES");
        let err = Settings::from_vars(vars(&[("REGDOCS_PUBLIC_URL", "example.com")])).unwrap_err();
        assert_eq!(err.var, "REGDOCS_PUBLIC_URL");
    }

    #[test]
    fn https_public_url_is_detected_and_trailing_slash_dropped() {
        let s = Settings::from_vars(vars(&[
            ("REGDOCS_PUBLIC_URL", "https://docs.example.com/"),
            ("REGDOCS_SEED_DEMO", "no"),
        ]))
        .unwrap();
        assert!(s.is_https());
        assert_eq!(s.session_cookie_name(), "__Host-regdocs_session");
        assert_eq!(s.public_url, "https://docs.example.com");
        assert!(!s.seed_demo);
    }

    #[test]
    fn smtp_is_off_by_default_and_configurable() {
        let s = Settings::from_vars(vars(&[])).unwrap();
        assert_eq!(s.smtp_host, None);
        assert_eq!(s.smtp_security, SmtpSecurity::StartTls);
        assert_eq!(s.smtp_port, 587);
        assert_eq!(s.mail_from, "regdocs <regdocs@localhost>");
        let s = Settings::from_vars(vars(&[
            ("REGDOCS_SMTP_HOST", "mail.example.com"),
            ("REGDOCS_SMTP_SECURITY", "tls"),
            ("REGDOCS_SMTP_PASSWORD", "sesame-open"),
            ("REGDOCS_REGISTRAR_EMAIL", "docs@registrar.example"),
        ]))
        .unwrap();
        assert_eq!(s.smtp_port, 465);
        assert_eq!(s.registrar_email.as_deref(), Some("docs@registrar.example"));
        assert!(!format!("{s:?}").contains("sesame-open"));
        let err = Settings::from_vars(vars(&[("REGDOCS_SMTP_SECURITY", "ssl3")])).unwrap_err();
        assert_eq!(err.var, "REGDOCS_SMTP_SECURITY");
        let err = Settings::from_vars(vars(&[("REGDOCS_SMTP_PORT", "70000")])).unwrap_err();
        assert_eq!(err.var, "REGDOCS_SMTP_PORT");
        let err = Settings::from_vars(vars(&[("REGDOCS_MAIL_FROM", "nobody")])).unwrap_err();
        assert_eq!(err.var, "REGDOCS_MAIL_FROM");
    }

    #[test]
    fn limits_have_defaults_and_a_short_secret_key_is_refused() {
        let s = Settings::from_vars(vars(&[])).unwrap();
        assert!(s.secret_key.is_none());
        assert_eq!(s.max_parallel_uploads, 4);
        assert_eq!(s.shutdown_grace_secs, 30);
        let err = Settings::from_vars(vars(&[("REGDOCS_SECRET_KEY", "too short")])).unwrap_err();
        assert_eq!(err.var, "REGDOCS_SECRET_KEY");
        let key = "k".repeat(40);
        let s = Settings::from_vars(vars(&[("REGDOCS_SECRET_KEY", key.as_str())])).unwrap();
        assert!(!format!("{s:?}").contains(&key));
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let s = Settings::from_vars(vars(&[("DATABASE_URL", "  ")])).unwrap();
        assert!(s.is_sqlite());
    }

    #[test]
    fn debug_output_never_shows_the_database_password() {
        let s = Settings::from_vars(vars(&[(
            "DATABASE_URL",
            "postgres://regdocs:hunter2@db/regdocs",
        )]))
        .unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("postgres://regdocs:***@db/regdocs"));
    }
}
