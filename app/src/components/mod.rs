//! Reusable widgets.

pub mod chart;
pub mod dropzone;
mod error_panel;
pub mod form;
pub mod hydration;
pub mod language;
mod layout;
pub mod live;
mod news;
mod page_title;
pub mod reuse;
pub mod session;
pub mod status;
mod table;
pub mod time;
pub mod trail;
mod verify_notice;

pub use error_panel::ErrorPanel;
pub use layout::{SiteFooter, SiteHeader};
pub use news::OrderNews;
pub use page_title::PageTitle;
pub use table::ScrollTable;
pub use verify_notice::VerifyEmailNotice;
