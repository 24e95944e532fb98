//! A real SMTP server for the e-mail tests: `scripts/smtp_sink.py` (aiosmtpd, installed
//! by `scripts/bootstrap.sh` under `.tools/python`) on a free loopback port, writing what
//! it receives as JSON files that the test reads back.

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use serde_json::Value;

/// A running SMTP server; stopped when dropped.
pub struct SmtpSink {
    pub port: u16,
    dir: PathBuf,
    child: Child,
}

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the server crate lives in the workspace")
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl SmtpSink {
    /// Starts the server. Panics with the fix when aiosmtpd is missing: an e-mail test
    /// that silently skipped would prove nothing.
    pub fn start() -> Self {
        let tools = workspace().join(".tools/python");
        assert!(
            tools.join("aiosmtpd").is_dir(),
            "aiosmtpd is not installed under {}: run scripts/bootstrap.sh (make test does)",
            tools.display()
        );
        let dir =
            std::env::temp_dir().join(format!("regdocs-smtp-{}", uuid::Uuid::new_v4().simple()));
        let port = free_port();
        let mut child = Command::new("python3")
            .arg(workspace().join("scripts/smtp_sink.py"))
            .args(["--port", &port.to_string(), "--out"])
            .arg(&dir)
            .env("PYTHONPATH", &tools)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start python3 scripts/smtp_sink.py");
        let mut ready = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut ready)
            .expect("read from the SMTP server");
        assert_eq!(ready.trim(), "ready", "the SMTP server did not start");
        Self { port, dir, child }
    }

    /// The settings that send regdocs' e-mail here.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("REGDOCS_SMTP_HOST", "127.0.0.1".to_owned()),
            ("REGDOCS_SMTP_PORT", self.port.to_string()),
            ("REGDOCS_SMTP_SECURITY", "none".to_owned()),
            (
                "REGDOCS_MAIL_FROM",
                "regdocs <noreply@provider.test>".to_owned(),
            ),
        ]
    }

    /// Every message received so far, in arrival order.
    pub fn messages(&self) -> Vec<Value> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "json"));
        files.sort();
        files
            .iter()
            .map(|p| serde_json::from_slice(&std::fs::read(p).expect("read")).expect("JSON"))
            .collect()
    }

    /// Waits (up to 15 s) for a message whose subject contains `subject`.
    pub async fn wait_for(&self, subject: &str) -> Value {
        for _ in 0..150 {
            if let Some(found) = self
                .messages()
                .into_iter()
                .find(|m| m["subject"].as_str().is_some_and(|s| s.contains(subject)))
            {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "no message about “{subject}” arrived; got {:?}",
            self.messages()
                .iter()
                .map(|m| m["subject"].clone())
                .collect::<Vec<_>>()
        );
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
