//! Pure types and rules shared by the browser and the server: names and their
//! validation. Nothing here touches the network or the database, so the browser checks
//! input exactly as the server re-checks it.

pub mod account;
pub mod api_keys;
pub mod audit;
pub mod claims;
pub mod countries;
pub mod dates;
pub mod definitions;
pub mod extensions;
pub mod identifiers;
pub mod language;
pub mod names;
pub mod order_view;
pub mod orders;
pub mod outbox;
pub mod overview;
pub mod queue;
pub mod reasons;
pub mod requirements;
pub mod sla;
pub mod sniff;
pub mod units;
pub mod webhooks;

pub use account::{AccountView, Email, Role};
pub use names::{DomainName, ExtensionName, NameError};
