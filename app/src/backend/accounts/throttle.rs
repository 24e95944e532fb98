//! Counting attempts per key, atomically: sign-in throttling (OWASP ASVS 5.0 V6.3.1) and
//! the limits on sign-ups.
//!
//! Every attempt is *admitted* before the work it guards is done (before a password is
//! verified, before an account is made): one conditional `UPDATE … RETURNING` adds it to
//! the key's count and sets the block when the count reaches the limit, and matches no
//! row while the key is blocked. So however many attempts arrive at once, no more than
//! the limit get through: the database orders them, not the order in which requests
//! happened to read a counter.
//!
//! Sign-in failures are counted under three keys: the pair (account, client address), the
//! client address alone, and the account alone. The pair is limited tightly: a person
//! mistyping their password, or an attacker guessing from one address, is slowed down
//! after a few tries, with a block that doubles and is capped at 15 minutes. An attacker
//! failing for someone's account therefore does not block that person signing in from
//! elsewhere; only a flood of failures from many addresses (the account key) blocks the
//! account everywhere, and then only for 15 minutes at a time. Every block ends by itself;
//! a successful sign-in takes its own attempt back and clears the pair and account keys.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ConnectionTrait, EntityTrait,
    sea_query::{Expr, ExprTrait, OnConflict, Query, SimpleExpr},
};

use crate::backend::entities::login_throttle::{self, Column};
use crate::error::AppError;

/// How many attempts a key may make within `window` before it is blocked.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max_failures: i32,
    pub window: Duration,
    /// The first block; each further attempt after it doubles it, up to `max_block`.
    pub first_block: Duration,
    pub max_block: Duration,
}

impl Limit {
    /// At most `count` attempts per `window`; the rest wait for the window's end.
    pub const fn per(count: i32, window: Duration) -> Self {
        Self {
            max_failures: count,
            window,
            first_block: window,
            max_block: window,
        }
    }
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

/// Refuses when any key is blocked at `now`, without counting anything.
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
        wait = wait.max(blocked_for(db, key, now).await?);
    }
    refuse_if_waiting(wait)
}

/// Counts one attempt under every key, or refuses it (counting nothing more) when a key
/// is blocked. The attempt that reaches a key's limit is still admitted; it blocks the
/// ones after it.
///
/// # Errors
/// [`AppError::TooManyAttempts`] with the time left, or a database failure.
pub async fn admit(
    db: &impl ConnectionTrait,
    keys: &[(String, Limit)],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // A blocked key refuses before any other key counts the attempt.
    check(db, keys, now).await?;
    for (key, limit) in keys {
        if !count(db, key, *limit, now).await? {
            return refuse_if_waiting(std::cmp::max(
                blocked_for(db, key, now).await?,
                Duration::seconds(1),
            ));
        }
    }
    Ok(())
}

/// Takes back one admitted attempt of `keys` (it turned out not to be a failure).
///
/// # Errors
/// A database failure.
pub async fn forgive(db: &impl ConnectionTrait, keys: &[String]) -> Result<(), AppError> {
    for key in keys {
        let update = Query::update()
            .table(login_throttle::Entity)
            .value(Column::Failures, Expr::col(Column::Failures).sub(1))
            .and_where(Expr::col(Column::Key).eq(key.as_str()))
            .and_where(Expr::col(Column::Failures).gt(0))
            .to_owned();
        db.execute(&update).await?;
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

/// Adds one attempt to `key` unless it is blocked; whether it was added.
async fn count(
    db: &impl ConnectionTrait,
    key: &str,
    limit: Limit,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    // The row exists from the first attempt on; a rival inserting it first is fine.
    let insert = Query::insert()
        .into_table(login_throttle::Entity)
        .columns([
            Column::Key,
            Column::Failures,
            Column::WindowStartedAt,
            Column::BlockedUntil,
        ])
        .values_panic([
            key.into(),
            0.into(),
            now.into(),
            Option::<DateTime<Utc>>::None.into(),
        ])
        .on_conflict(OnConflict::column(Column::Key).do_nothing().to_owned())
        .to_owned();
    db.execute(&insert).await?;

    let column = |c: Column| Expr::col((login_throttle::Entity, c));
    // Counting starts afresh once the window has passed and the last block ended a
    // window ago: someone who keeps failing keeps their growing blocks.
    let quiet_since = now - limit.window;
    let fresh = column(Column::WindowStartedAt).lte(quiet_since).and(
        column(Column::BlockedUntil)
            .is_null()
            .or(column(Column::BlockedUntil).lte(quiet_since)),
    );
    let next: SimpleExpr = Expr::case(fresh.clone(), 1)
        .finally(column(Column::Failures).add(1))
        .into();
    let update = Query::update()
        .table(login_throttle::Entity)
        .value(Column::Failures, next.clone())
        .value(
            Column::WindowStartedAt,
            Expr::case(fresh, now).finally(column(Column::WindowStartedAt)),
        )
        .value(Column::BlockedUntil, block_after(next, limit, now))
        .and_where(column(Column::Key).eq(key))
        .and_where(
            column(Column::BlockedUntil)
                .is_null()
                .or(column(Column::BlockedUntil).lte(now)),
        )
        .returning(Query::returning().column(Column::Failures))
        .to_owned();
    Ok(db.query_one(&update).await?.is_some())
}

/// The block that follows the `count`-th attempt: none below the limit, `first_block` at
/// it, doubling with every attempt after, capped at `max_block`.
fn block_after(count: SimpleExpr, limit: Limit, now: DateTime<Utc>) -> SimpleExpr {
    let mut case = Expr::case(
        count.clone().lt(limit.max_failures),
        Option::<DateTime<Utc>>::None,
    );
    let mut block = limit.first_block;
    let mut over = 0;
    while block < limit.max_block {
        case = case.case(count.clone().eq(limit.max_failures + over), now + block);
        block = (block * 2).min(limit.max_block);
        over += 1;
    }
    case.finally(now + limit.max_block).into()
}

/// How much longer `key` is blocked at `now` (zero when it is not).
async fn blocked_for(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Duration, AppError> {
    Ok(login_throttle::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .and_then(|row| row.blocked_until)
        .filter(|until| *until > now)
        .map_or_else(Duration::zero, |until| until - now))
}

fn refuse_if_waiting(wait: Duration) -> Result<(), AppError> {
    if wait > Duration::zero() {
        // Rounded up: databases keep timestamps to the microsecond, and "wait 0 seconds"
        // would be a lie.
        let millis = std::cmp::max(wait.num_milliseconds(), 1);
        let retry_after_secs = u64::try_from((millis + 999) / 1000).unwrap_or(1);
        return Err(AppError::TooManyAttempts { retry_after_secs });
    }
    Ok(())
}
