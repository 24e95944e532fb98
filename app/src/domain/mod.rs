//! Pure types and rules shared by the browser and the server: names and their
//! validation. Nothing here touches the network or the database, so the browser checks
//! input exactly as the server re-checks it.

pub mod names;

pub use names::{DomainName, ExtensionName, NameError};
