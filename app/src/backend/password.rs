//! Password hashing with Argon2id at OWASP's recommended parameters
//! (m = 19 MiB, t = 2, p = 1).
//!
//! Each hash takes about 19 MiB and a core for tens of milliseconds, so an anonymous
//! flood of sign-ups or sign-ins could otherwise take all memory. Every hash therefore
//! goes through a [`HashPool`]: at most one per core runs at once (on the blocking
//! pool), a bounded number wait their turn for a bounded time, and anything beyond that
//! is answered at once with [`AppError::Unavailable`] (503) instead of queueing without
//! end.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};
use tokio::sync::Semaphore;

use crate::error::AppError;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("constant Argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Bounds how many password hashes run and wait at once. Cheap to clone (shared).
#[derive(Clone)]
pub struct HashPool {
    running: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    max_waiting: usize,
    patience: Duration,
}

impl Default for HashPool {
    /// One hash per core at once, eight per core waiting, for at most ten seconds.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Self::new(cores, 8 * cores, Duration::from_secs(10))
    }
}

/// Waiting for a turn; counted while it exists.
struct Waiter<'a>(&'a AtomicUsize);

impl Drop for Waiter<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl HashPool {
    /// At most `running` hashes at once, `max_waiting` waiting, each for `patience`.
    pub fn new(running: usize, max_waiting: usize, patience: Duration) -> Self {
        Self {
            running: Arc::new(Semaphore::new(running.max(1))),
            waiting: Arc::new(AtomicUsize::new(0)),
            max_waiting,
            patience,
        }
    }

    /// Runs `work` (a hash or a verification) when it is its turn.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let busy = || {
            tracing::warn!("password hashing is saturated; refusing a request");
            AppError::Unavailable
        };
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return Err(busy());
        }
        let waiter = Waiter(&self.waiting);
        let permit = tokio::time::timeout(self.patience, self.running.clone().acquire_owned())
            .await
            .map_err(|_| busy())?
            .map_err(AppError::internal)?;
        drop(waiter);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(AppError::internal)
    }

    /// Hashes `password` into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
    ///
    /// # Errors
    /// [`AppError::Unavailable`] when too many hashes wait already; [`AppError::Internal`]
    /// if the hasher fails.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            hasher()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(AppError::internal)
        })
        .await?
    }

    /// Whether `password` matches the stored PHC string. A malformed hash never matches.
    ///
    /// # Errors
    /// [`AppError::Unavailable`] when too many hashes wait already.
    pub async fn verify(&self, password: String, phc: String) -> Result<bool, AppError> {
        self.run(move || {
            PasswordHash::new(&phc)
                .map(|parsed| {
                    hasher()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
    }
}

/// A random password for generated accounts: 20 letters and digits (~119 bits).
pub fn random_password() -> String {
    use rand::{Rng, distr::Alphanumeric};
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(20)
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let pool = HashPool::default();
        let phc = pool.hash("correct horse".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(
            pool.verify("correct horse".into(), phc.clone())
                .await
                .unwrap()
        );
        assert!(!pool.verify("correct horse ".into(), phc).await.unwrap());
    }

    #[tokio::test]
    async fn the_same_password_hashes_differently_each_time() {
        let pool = HashPool::default();
        let a = pool.hash("pw".into()).await.unwrap();
        let b = pool.hash("pw".into()).await.unwrap();
        assert_ne!(a, b, "salts must differ");
    }

    #[tokio::test]
    async fn a_malformed_hash_never_matches() {
        let pool = HashPool::default();
        assert!(!pool.verify("x".into(), "not a hash".into()).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_flood_of_hashes_is_bounded_and_the_rest_refused_at_once() {
        // One at a time, two waiting: of twenty at once, at most three are served and
        // the others are refused without waiting.
        let pool = HashPool::new(1, 2, Duration::from_secs(30));
        let started = std::time::Instant::now();
        let results = futures_util::future::join_all((0..20).map(|i| {
            let pool = pool.clone();
            async move { pool.hash(format!("password {i}")).await }
        }))
        .await;
        let served = results.iter().filter(|r| r.is_ok()).count();
        let refused = results
            .iter()
            .filter(|r| matches!(r, Err(AppError::Unavailable)))
            .count();
        assert!((1..=3).contains(&served), "{served} served");
        assert_eq!(served + refused, 20);
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "nobody waited for ever"
        );
    }

    #[test]
    fn random_passwords_are_long_and_distinct() {
        let a = random_password();
        assert_eq!(a.len(), 20);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, random_password());
    }
}
