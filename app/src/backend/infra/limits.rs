//! Limits on what one account may hold open at once on this server: uploads in
//! flight, live event streams. Counted in memory per instance (these are connections
//! to this process); a slot is given back when its guard is dropped, however the
//! request ends.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use crate::{backend::accounts::request, error::AppError, i18n::td_string};

/// At most `max` slots per key (an account id) at once.
#[derive(Clone)]
pub struct PerAccount {
    held: Arc<Mutex<HashMap<i32, u32>>>,
    max: u32,
}

/// A slot taken from a [`PerAccount`]; given back on drop.
pub struct Slot {
    held: Arc<Mutex<HashMap<i32, u32>>>,
    key: i32,
}

impl PerAccount {
    /// At most `max` at once per account.
    pub fn new(max: u32) -> Self {
        Self {
            held: Arc::default(),
            max,
        }
    }

    /// A slot for `key`, or `None` when it holds `max` already.
    pub fn try_take(&self, key: i32) -> Option<Slot> {
        let mut held = self
            .held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = held.entry(key).or_insert(0);
        if *count >= self.max {
            return None;
        }
        *count += 1;
        Some(Slot {
            held: self.held.clone(),
            key,
        })
    }

    /// Slots held by every account together.
    pub fn in_use(&self) -> u32 {
        self.held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .values()
            .sum()
    }
}

/// The answer to an upload while the account sends `max` already.
pub fn too_many_uploads(max: u32) -> AppError {
    AppError::TooManyRequests {
        message: td_string!(
            request::locale(),
            refusals.upload.too_many_at_once,
            max = max
        )
        .to_string(),
        retry_after_secs: 5,
    }
}

/// The answer to one more live page (event stream) of an account that has its most open.
pub fn too_many_live_pages() -> AppError {
    AppError::TooManyRequests {
        message: td_string!(request::locale(), refusals.account.too_many_live_pages).to_owned(),
        retry_after_secs: 30,
    }
}

/// The answer to an export while the account's previous one is still being made (it
/// takes an upload's slot).
pub fn export_in_progress() -> AppError {
    AppError::TooManyRequests {
        message: td_string!(request::locale(), refusals.account.export_in_progress).to_owned(),
        retry_after_secs: 10,
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut held = self
            .held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = held.get_mut(&self.key) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                held.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_limited_per_account_and_come_back_when_dropped() {
        let limit = PerAccount::new(2);
        let a = limit.try_take(1).unwrap();
        let _b = limit.try_take(1).unwrap();
        assert!(limit.try_take(1).is_none());
        assert!(limit.try_take(2).is_some(), "another account has its own");
        drop(a);
        assert!(limit.try_take(1).is_some());
        assert_eq!(limit.in_use(), 1);
    }
}
