//! Password hashing with Argon2id at OWASP's recommended parameters
//! (m = 19 MiB, t = 2, p = 1).
//!
//! Each hash takes about 19 MiB and a core for tens of milliseconds, so an anonymous
//! flood of sign-ups or sign-ins could otherwise take all memory. Every hash therefore
//! goes through a [`HashPool`]: a fixed set of threads, one per core, does the hashing,
//! each with its own 19 MiB of Argon2 memory allocated once and reused for every hash
//! (allocating it per hash fragments the heap: measured, the server kept ~19 MiB more
//! for every password it hashed); a bounded number of requests wait their turn for a
//! bounded time, and anything beyond that is answered at once with
//! [`AppError::Unavailable`] (503) instead of queueing without end.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use argon2::{
    Algorithm, Argon2, Block, Params, Version,
    password_hash::{
        Output, ParamsString, PasswordHash, PasswordVerifier, SaltString, rand_core::OsRng,
    },
};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::{mpsc, oneshot};

use crate::error::AppError;

fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).expect("constant Argon2 parameters are valid")
}

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
}

/// The Argon2 memory of one hashing thread, reused for every hash it computes.
type Memory = Vec<Block>;

/// Runs Argon2id with `argon2`'s parameters into `out`, in `memory` (grown only for a
/// stored hash made with more memory than regdocs uses).
fn argon2_into(
    argon2: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
    memory: &mut Memory,
) -> Result<(), argon2::Error> {
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    argon2.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
}

/// `password` hashed with a new salt, as a PHC string.
fn hash_with(password: &[u8], memory: &mut Memory) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt
        .as_salt()
        .decode_b64(&mut salt_bytes)
        .map_err(AppError::internal)?;
    let params = params();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2_into(&hasher(), &params, password, salt_bytes, &mut out, memory)
        .map_err(AppError::internal)?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(AppError::internal)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(AppError::internal)?),
    };
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `phc` (compared in constant time).
fn verify_with(password: &[u8], phc: &str, memory: &mut Memory) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    if parsed.algorithm != Algorithm::Argon2id.ident() {
        // Not made by regdocs; checked the allocating way.
        return hasher().verify_password(password, &parsed).is_ok();
    }
    let (Ok(params), Some(salt), Some(expected)) =
        (Params::try_from(&parsed), parsed.salt, parsed.hash)
    else {
        return false;
    };
    let version = parsed
        .version
        .map_or(Ok(Version::V0x13), Version::try_from)
        .unwrap_or(Version::V0x13);
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let argon2 = Argon2::new(Algorithm::Argon2id, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    argon2_into(&argon2, &params, password, salt_bytes, &mut out, memory).is_ok()
        && Output::new(&out).is_ok_and(|computed| computed == expected)
}

/// One hash to compute, unless nobody waits for it any more.
struct Job {
    work: Box<dyn FnOnce(&mut Memory) + Send>,
    deadline: Instant,
}

/// Bounds how many password hashes run and wait at once. Cheap to clone (shared); its
/// threads end when the last clone is dropped.
#[derive(Clone)]
pub struct HashPool {
    jobs: mpsc::Sender<Job>,
    patience: Duration,
}

impl Default for HashPool {
    /// One hashing thread per core, eight requests per core waiting, for at most ten
    /// seconds.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Self::new(cores, 8 * cores, Duration::from_secs(10))
    }
}

impl HashPool {
    /// `threads` hashing threads, at most `max_waiting` requests waiting, each for
    /// `patience`.
    pub fn new(threads: usize, max_waiting: usize, patience: Duration) -> Self {
        let (jobs, receiver) = mpsc::channel::<Job>(max_waiting.max(1));
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..threads.max(1) {
            let receiver = receiver.clone();
            std::thread::Builder::new()
                .name(format!("regdocs-hash-{n}"))
                .spawn(move || {
                    let mut memory: Memory = vec![Block::default(); params().block_count()];
                    loop {
                        let job = receiver
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .blocking_recv();
                        let Some(job) = job else { return };
                        // Whoever asked has given up waiting: the work would be wasted.
                        if Instant::now() < job.deadline {
                            (job.work)(&mut memory);
                        }
                    }
                })
                .expect("a hashing thread starts");
        }
        Self { jobs, patience }
    }

    /// Runs `work` (a hash or a verification) when it is its turn.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Memory) -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let busy = || {
            tracing::warn!("password hashing is saturated; refusing a request");
            AppError::Unavailable
        };
        let (done, result) = oneshot::channel();
        let job = Job {
            work: Box::new(move |memory| {
                let _ = done.send(work(memory));
            }),
            deadline: Instant::now() + self.patience,
        };
        self.jobs.try_send(job).map_err(|_| busy())?;
        tokio::time::timeout(self.patience, result)
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy())
    }

    /// Hashes `password` into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
    ///
    /// # Errors
    /// [`AppError::Unavailable`] when too many hashes wait already; [`AppError::Internal`]
    /// if the hasher fails.
    pub async fn hash(&self, password: SecretString) -> Result<String, AppError> {
        self.run(move |memory| hash_with(password.expose_secret().as_bytes(), memory))
            .await?
    }

    /// Whether `password` matches the stored PHC string. A malformed hash never matches.
    ///
    /// # Errors
    /// [`AppError::Unavailable`] when too many hashes wait already.
    pub async fn verify(&self, password: SecretString, phc: String) -> Result<bool, AppError> {
        self.run(move |memory| verify_with(password.expose_secret().as_bytes(), &phc, memory))
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

    #[test]
    fn hashes_made_here_verify_with_the_argon2_crate_itself_and_the_other_way_round() {
        use argon2::PasswordHasher;
        let mut memory = Memory::new();
        let ours = hash_with(b"correct horse", &mut memory).unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(hasher().verify_password(b"correct horse", &parsed).is_ok());
        let theirs = hasher()
            .hash_password(b"battery staple", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert!(verify_with(b"battery staple", &theirs, &mut memory));
        assert!(!verify_with(b"battery stapler", &theirs, &mut memory));
    }

    #[tokio::test]
    async fn a_malformed_hash_never_matches() {
        let pool = HashPool::default();
        assert!(!pool.verify("x".into(), "not a hash".into()).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_flood_of_hashes_is_bounded_and_the_rest_refused_at_once() {
        // One thread, two waiting: of twenty at once, at most three are served and the
        // others are refused without waiting.
        let pool = HashPool::new(1, 2, Duration::from_secs(30));
        let started = std::time::Instant::now();
        let results = futures_util::future::join_all((0..20).map(|i| {
            let pool = pool.clone();
            async move { pool.hash(format!("password {i}").into()).await }
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
