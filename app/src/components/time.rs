//! Dates and times as the reader expects them: in their language's format and, once the
//! page runs in their browser, in their time zone.
//!
//! The server writes moments as `2026-11-29 14:03 UTC` and days as `2026-11-29`. A
//! page renders them on the server in the language's format in UTC (the server does not
//! know the reader's time zone); after hydration the browser writes moments again with
//! its own `Intl` formatting in the reader's time zone (`<time datetime>` keeps the
//! exact moment, and the title the UTC one).

use leptos::prelude::*;

pub use crate::domain::dates::{format_utc, moment};
use crate::{
    domain::dates::{Stamp, parse},
    i18n::use_i18n,
};

/// The moment `iso` (`2026-11-29T14:03Z`) in the browser's time zone, formatted by the
/// browser for `language`.
#[cfg(feature = "hydrate")]
fn format_local(language: &str, iso: &str) -> Option<String> {
    // A moment given to the second is shown to the second (webhook attempts).
    let time_style = if iso.len() > "2026-11-29T14:03Z".len() {
        "medium"
    } else {
        "short"
    };
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return None;
    }
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into()).ok()?;
    js_sys::Reflect::set(&options, &"timeStyle".into(), &time_style.into()).ok()?;
    Some(String::from(date.to_locale_string(language, &options)))
}

/// The moment `at` as [`When`] shows it, as a view a translation can take for a
/// variable (`t!(i18n, key, date = when(at))`) or a table cell.
pub fn when(
    at: chrono::DateTime<chrono::Utc>,
) -> impl Fn() -> AnyView + Clone + Send + Sync + 'static {
    let text = moment(at);
    move || view! { <When at=text.clone()/> }.into_any()
}

/// A moment or a day written by the server (see the module's documentation).
#[component]
pub fn When(#[prop(into)] at: String) -> impl IntoView {
    let i18n = use_i18n();
    let local = RwSignal::new(None::<String>);
    let stamp = parse(&at);
    let iso = stamp.as_ref().map(Stamp::iso);
    // Only moments move with the time zone; a day stays the day it is.
    #[cfg(feature = "hydrate")]
    if let Some(moment) = iso
        .clone()
        .filter(|_| stamp.is_some_and(|s| s.time.is_some()))
    {
        Effect::new(move |_| {
            let language = crate::domain::language::code(i18n.get_locale());
            local.set(format_local(language, &moment));
        });
    }
    let utc = at.clone();
    view! {
        <time datetime=iso title=at.clone()>
            {move || local.get().unwrap_or_else(|| format_utc(i18n.get_locale(), &utc))}
        </time>
    }
}
