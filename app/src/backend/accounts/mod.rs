//! Accounts: sign-up and sign-in, sessions, password hashing, throttling, e-mail
//! verification, and who is asking in a request.

pub mod auth;
pub mod deletion;
pub mod export;
pub mod password;
pub mod request;
pub mod throttle;
pub mod verification;
