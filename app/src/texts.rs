//! The interface's texts in a view, following the language switch.
//!
//! `{move || t_string!(i18n, key)}` in a view is a closure type of its own, and Leptos
//! compiles its whole reactive render path (build, hydrate, rebuild, the render effect)
//! once per closure type: with ~500 texts that was a large part of what every page's wasm
//! holds. [`tr!`] gives the same text as a `Signal`, whose render path exists once for
//! every text of the app; all a text adds is a function that picks its string for a
//! language. Use it wherever a view shows a text: as a child, an attribute, or a
//! component's text property.

use leptos::prelude::*;

use crate::i18n::{Locale, use_i18n};

/// A text without variables: `key` picks its string for a language.
pub fn text(key: fn(Locale) -> &'static str) -> Signal<&'static str> {
    let i18n = use_i18n();
    Signal::derive(move || key(i18n.get_locale()))
}

/// A text with variables: `build` writes it for a language. (Boxed, so that this too is
/// compiled once, not once per text.)
pub fn text_with(build: Box<dyn Fn(Locale) -> String + Send + Sync>) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || build(i18n.get_locale()))
}

/// `tr!(orders.title)` is the text `orders.title` in the page's language, and
/// `tr!(orders.count, number = n)` one with variables (captured by the closure, so the
/// values must be owned and `Send + Sync`).
macro_rules! tr {
    ($($key:ident).+) => {
        $crate::texts::text(|locale| $crate::i18n::td_string!(locale, $($key).+))
    };
    ($($key:ident).+, $($rest:tt)+) => {
        $crate::texts::text_with(Box::new(move |locale| {
            $crate::i18n::td_string!(locale, $($key).+, $($rest)+).to_string()
        }))
    };
}
pub(crate) use tr;
