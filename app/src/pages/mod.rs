//! One module per page; admin pages under `admin/`.

mod account;
pub mod admin;
mod extension_info;
mod forbidden;
mod home;
mod login;
mod not_found;
mod order;
mod orders;
mod signup;

pub use account::AccountPage;
pub use extension_info::ExtensionInfoPage;
pub use forbidden::Forbidden;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFound;
pub use order::OrderPage;
pub use orders::MyOrdersPage;
pub use signup::SignUpPage;
