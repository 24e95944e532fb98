//! The pages are loaded lazily, in three groups. Built with `cargo leptos --split` (as
//! `make run` and `make e2e` do), each group's code goes into its own wasm files, fetched
//! when a page of the group is first shown: the public pages (home, sign-in, sign-up,
//! extension information), the customer's pages (account, orders, an order) and the admin
//! area. The shell (header, footer, router, session) stays in the main file. A customer
//! never downloads the admin pages, and a visitor of the home page neither.
//!
//! Why groups rather than one chunk per page: the splitter puts the code each set of
//! pages shares into a file of its own, so seventeen lazy pages made ~350 files and
//! ~190 requests for one order page; three groups make a handful.
//!
//! Without `--split` everything stays in the one wasm file and these routes behave like
//! ordinary ones.

use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::components::hydration::HydratedMark;

use super::{
    AccountPage, ExtensionInfoPage, HomePage, LoginPage, MyDocumentsPage, MyOrdersPage, OrderPage,
    SignUpPage, VerifyEmailPage,
    admin::{
        AdminHome, AdminLayout, ApiKeysPage, DefinitionEditorPage, DocumentsPage, ExtensionsPage,
        OrderReviewPage, OutboxPage, ReasonsPage, ReviewsPage, WebhooksPage,
    },
};

/// A page of the public group.
#[derive(Clone, Copy)]
enum Public {
    Home,
    Login,
    SignUp,
    VerifyEmail,
    ExtensionInfo,
}

/// A page of the customer's group.
#[derive(Clone, Copy)]
enum Customer {
    Account,
    MyOrders,
    MyDocuments,
    Order,
}

/// A part of the admin area.
#[derive(Clone, Copy)]
enum Admin {
    Layout,
    Home,
    Extensions,
    Reviews,
    OrderReview,
    Documents,
    DefinitionEditor,
    Reasons,
    Outbox,
    ApiKeys,
    Webhooks,
}

#[leptos::lazy]
fn public_page(page: Public) -> AnyView {
    match page {
        Public::Home => HomePage().into_any(),
        Public::Login => LoginPage().into_any(),
        Public::SignUp => SignUpPage().into_any(),
        Public::VerifyEmail => VerifyEmailPage().into_any(),
        Public::ExtensionInfo => ExtensionInfoPage().into_any(),
    }
}

#[leptos::lazy]
fn customer_page(page: Customer) -> AnyView {
    match page {
        Customer::Account => AccountPage().into_any(),
        Customer::MyOrders => MyOrdersPage().into_any(),
        Customer::MyDocuments => MyDocumentsPage().into_any(),
        Customer::Order => OrderPage().into_any(),
    }
}

#[leptos::lazy]
fn admin_page(page: Admin) -> AnyView {
    match page {
        Admin::Layout => AdminLayout().into_any(),
        Admin::Home => AdminHome().into_any(),
        Admin::Extensions => ExtensionsPage().into_any(),
        Admin::Reviews => ReviewsPage().into_any(),
        Admin::OrderReview => OrderReviewPage().into_any(),
        Admin::Documents => DocumentsPage().into_any(),
        Admin::DefinitionEditor => DefinitionEditorPage().into_any(),
        Admin::Reasons => ReasonsPage().into_any(),
        Admin::Outbox => OutboxPage().into_any(),
        Admin::ApiKeys => ApiKeysPage().into_any(),
        Admin::Webhooks => WebhooksPage().into_any(),
    }
}

/// Routes that show pages of the group loaded by `$load` (whose splitter preload is
/// `$preload`).
macro_rules! lazy_routes {
    ($load:ident, $preload:ident: $($route:ident => $page:expr),* $(,)?) => {$(
        #[doc = concat!("The lazily loaded route of `", stringify!($page), "`.")]
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_: Self) -> AnyView {
                let page = $load($page).await;
                view! { {page} <HydratedMark/> }.into_any()
            }

            async fn preload() {
                // The splitter's loader exists in the browser build only.
                #[cfg(target_arch = "wasm32")]
                $preload().await;
            }
        }
    )*};
}

lazy_routes! { public_page, __preload_public_page:
    HomeRoute => Public::Home,
    LoginRoute => Public::Login,
    SignUpRoute => Public::SignUp,
    VerifyEmailRoute => Public::VerifyEmail,
    ExtensionInfoRoute => Public::ExtensionInfo,
}

lazy_routes! { customer_page, __preload_customer_page:
    AccountRoute => Customer::Account,
    MyOrdersRoute => Customer::MyOrders,
    MyDocumentsRoute => Customer::MyDocuments,
    OrderRoute => Customer::Order,
}

lazy_routes! { admin_page, __preload_admin_page:
    AdminLayoutRoute => Admin::Layout,
    AdminHomeRoute => Admin::Home,
    ExtensionsRoute => Admin::Extensions,
    ReviewsRoute => Admin::Reviews,
    OrderReviewRoute => Admin::OrderReview,
    DocumentsRoute => Admin::Documents,
    DefinitionEditorRoute => Admin::DefinitionEditor,
    ReasonsRoute => Admin::Reasons,
    OutboxRoute => Admin::Outbox,
    ApiKeysRoute => Admin::ApiKeys,
    WebhooksRoute => Admin::Webhooks,
}
