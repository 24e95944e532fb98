//! A real S3-compatible server for the storage tests: moto's server mode (PyPI, installed
//! by `scripts/bootstrap.sh` under `.tools/moto`) on a free loopback port. Each test gets
//! a bucket of its own.

use std::{
    path::Path,
    process::{Child, Command, Stdio},
    time::Duration,
};

use super::smtp::free_port;

/// A running S3 server; stopped when dropped.
pub struct MotoS3 {
    pub endpoint: String,
    child: Child,
}

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the server crate lives in the workspace")
}

impl MotoS3 {
    /// Starts the server and waits until it answers. Panics with the fix when moto is
    /// missing: a storage test that silently skipped would prove nothing.
    pub async fn start() -> Self {
        let tools = workspace().join(".tools/moto");
        assert!(
            tools.join("moto").is_dir(),
            "moto is not installed under {}: run scripts/bootstrap.sh (make test does)",
            tools.display()
        );
        let port = free_port();
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .env("PYTHONPATH", &tools)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start python3 -m moto.server");
        let server = Self {
            endpoint: format!("http://127.0.0.1:{port}"),
            child,
        };
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if client.get(&server.endpoint).send().await.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the S3 server (moto) did not answer within 15 s");
    }

    /// Creates a new, empty bucket; answers its name.
    pub async fn bucket(&self) -> String {
        let name = format!("regdocs-{}", uuid::Uuid::new_v4().simple());
        let created = reqwest::Client::new()
            .put(format!("{}/{name}", self.endpoint))
            .send()
            .await
            .expect("create a bucket");
        assert!(
            created.status().is_success(),
            "create bucket: {}",
            created.status()
        );
        name
    }

    /// The settings that keep documents in `bucket` under `prefix` on this server.
    pub fn settings(&self, bucket: &str, prefix: &str) -> Vec<(&'static str, String)> {
        vec![
            ("REGDOCS_STORAGE_URL", format!("s3://{bucket}/{prefix}")),
            ("AWS_ACCESS_KEY_ID", "regdocs-test".to_owned()),
            ("AWS_SECRET_ACCESS_KEY", "regdocs-test-secret".to_owned()),
            ("AWS_REGION", "eu-central-1".to_owned()),
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_ALLOW_HTTP", "true".to_owned()),
        ]
    }

    /// The keys of every object in `bucket`, straight from the server (not through the
    /// app's store).
    pub async fn keys(&self, bucket: &str) -> Vec<String> {
        tags(&self.list(bucket, "list-type=2").await, "Key")
    }

    /// Multipart uploads started and neither completed nor aborted, in `bucket`.
    pub async fn open_uploads(&self, bucket: &str) -> usize {
        tags(&self.list(bucket, "uploads").await, "UploadId").len()
    }

    /// A listing of `bucket` (`query` says which), as the XML the server answers.
    async fn list(&self, bucket: &str, query: &str) -> String {
        reqwest::get(format!("{}/{bucket}?{query}", self.endpoint))
            .await
            .expect("list the bucket")
            .text()
            .await
            .expect("the listing")
    }
}

/// The texts of every `<tag>…</tag>` in an XML answer.
fn tags(xml: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(open.as_str())
        .skip(1)
        .filter_map(|rest| {
            rest.split_once(close.as_str())
                .map(|(text, _)| text.to_owned())
        })
        .collect()
}

impl Drop for MotoS3 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
