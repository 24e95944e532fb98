//! Sign-in throttling (OWASP ASVS 5.0 V6.3.1).
//!
//! Failures are counted under three keys: the pair (account, client address), the
//! client address alone, and the account alone. The pair is limited tightly: a person
//! mistyping their password, or an attacker guessing from one address, is slowed down
//! after a few tries, with a block that doubles and is capped at 15 minutes. An attacker
//! failing for someone's account therefore does not block that person signing in from
//! elsewhere; only a flood of failures from many addresses (the account key) blocks the
//! account everywhere, and then only for 15 minutes at a time. Every block ends by
//! itself; a successful sign-in clears the pair and account counters.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use super::entities::login_throttle;
use crate::error::AppError;

/// How many failures a key may collect within `window` before it is blocked.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max_failures: i32,
    pub window: Duration,
    /// The first block; each further failure doubles it, up to `max_block`.
    pub first_block: Duration,
    pub max_block: Duration,
}

/// Limits for the pair (account, address).
pub const PAIR_LIMIT: Limit = Limit {
    max_failures: 5,
    window: Duration::minutes(15),
    first_block: Duration::minutes(1),
    max_block: Duration::minutes(15),
};

/// Limits for one client address, whatever accounts it tries.
pub const ADDRESS_LIMIT: Limit = Limit {
    max_failures: 30,
    window: Duration::minutes(15),
    first_block: Duration::minutes(15),
    max_block: Duration::minutes(15),
};

/// Limits for one account, whatever addresses try it.
pub const ACCOUNT_LIMIT: Limit = Limit {
    max_failures: 100,
    window: Duration::minutes(15),
    first_block: Duration::minutes(15),
    max_block: Duration::minutes(15),
};

/// The keys and limits that apply to a sign-in of `email` from `address`.
pub fn keys_for(email: &str, address: &str) -> [(String, Limit); 3] {
    [
        (format!("pair:{email}|{address}"), PAIR_LIMIT),
        (format!("address:{address}"), ADDRESS_LIMIT),
        (format!("account:{email}"), ACCOUNT_LIMIT),
    ]
}

/// Refuses when any key is blocked at `now`.
///
/// # Errors
/// [`AppError::TooManyAttempts`] with the time left, or a database failure.
pub async fn check(
    db: &impl ConnectionTrait,
    keys: &[(String, Limit)],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut wait = Duration::zero();
    for (key, _) in keys {
        if let Some(row) = login_throttle::Entity::find_by_id(key.clone())
            .one(db)
            .await?
            && let Some(until) = row.blocked_until.filter(|until| *until > now)
        {
            wait = wait.max(until - now);
        }
    }
    if wait > Duration::zero() {
        // Rounded up: databases keep timestamps to the microsecond, and "wait 0 seconds"
        // would be a lie.
        let millis = wait.num_milliseconds().max(1);
        let retry_after_secs = u64::try_from((millis + 999) / 1000).unwrap_or(1);
        return Err(AppError::TooManyAttempts { retry_after_secs });
    }
    Ok(())
}

/// Counts one failure under every key, blocking those over their limit.
///
/// # Errors
/// A database failure.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    keys: &[(String, Limit)],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for (key, limit) in keys {
        let existing = login_throttle::Entity::find_by_id(key.clone())
            .one(db)
            .await?;
        let fresh_window = existing
            .as_ref()
            .is_none_or(|row| now - row.window_started_at >= limit.window);
        let failures = if fresh_window {
            1
        } else {
            existing.as_ref().map_or(0, |row| row.failures) + 1
        };
        let window_started_at = match &existing {
            Some(row) if !fresh_window => row.window_started_at,
            _ => now,
        };
        let blocked_until = (failures >= limit.max_failures).then(|| {
            let doublings = u32::try_from(failures - limit.max_failures)
                .unwrap_or(0)
                .min(10);
            now + (limit.first_block * 2_i32.pow(doublings)).min(limit.max_block)
        });
        let row = login_throttle::ActiveModel {
            key: Set(key.clone()),
            failures: Set(failures),
            window_started_at: Set(window_started_at),
            blocked_until: Set(blocked_until),
        };
        if existing.is_some() {
            row.update(db).await?;
        } else {
            row.insert(db).await?;
        }
    }
    Ok(())
}

/// Forgets the counters of `keys` (after a successful sign-in).
///
/// # Errors
/// A database failure.
pub async fn clear(db: &impl ConnectionTrait, keys: &[String]) -> Result<(), AppError> {
    for key in keys {
        login_throttle::Entity::delete_by_id(key.clone())
            .exec(db)
            .await?;
    }
    Ok(())
}
