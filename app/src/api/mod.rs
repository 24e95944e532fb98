//! Server functions, one module per feature, with the types they exchange. Compiled for
//! both targets: the browser gets a client stub, the server the implementation. Every
//! function that reads or changes anything private starts with `require_user()` or
//! `require_admin()`.

pub mod account;
pub mod admin;
pub mod api_keys;
pub mod catalog;
pub mod definitions;
pub mod extensions;
pub mod mail;
pub mod orders;
pub mod reasons;
pub mod registration;
pub mod review;
pub mod webhooks;
