//! Reusable widgets.

pub mod dropzone;
mod error_panel;
pub mod form;
mod layout;
pub mod live;
pub mod session;
pub mod trail;

pub use error_panel::ErrorPanel;
pub use layout::{SiteFooter, SiteHeader};
