//! One module per page; admin pages under `admin/`.

mod account;
pub mod admin;
mod extension_info;
mod forbidden;
mod home;
pub mod lazy;
mod login;
mod my_documents;
mod not_found;
pub mod order;
mod orders;
mod signup;
mod verify_email;

pub use account::AccountPage;
pub use extension_info::ExtensionInfoPage;
pub use forbidden::Forbidden;
pub use home::HomePage;
pub use login::LoginPage;
pub use my_documents::MyDocumentsPage;
pub use not_found::NotFound;
pub use order::OrderPage;
pub use orders::MyOrdersPage;
pub use signup::SignUpPage;
pub use verify_email::VerifyEmailPage;

/// The numeric `:id` of the current route (an order, a definition), `None` when the
/// path holds something else.
pub(crate) fn use_id_param() -> leptos::prelude::Signal<Option<i32>> {
    use leptos::prelude::*;
    let params = leptos_router::hooks::use_params_map();
    Signal::derive(move || params.with(|p| p.get("id")).and_then(|id| id.parse().ok()))
}
