//! Dates and times as the reader expects them: in their language's format and, once the
//! page runs in their browser, in their time zone.
//!
//! The server writes moments as `2026-11-29 14:03 UTC` and days as `2026-11-29`. A
//! page renders them on the server in the language's format in UTC (the server does not
//! know the reader's time zone); after hydration the browser writes moments again with
//! its own `Intl` formatting in the reader's time zone (`<time datetime>` keeps the
//! exact moment, and the title the UTC one).

use leptos::prelude::*;

use crate::i18n::{Locale, td_string, use_i18n};

/// A moment or a day as the server writes it, taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp<'a> {
    year: &'a str,
    month: &'a str,
    day: &'a str,
    /// `HH:MM` or `HH:MM:SS` for a moment (UTC); `None` for a day.
    time: Option<&'a str>,
}

impl Stamp<'_> {
    /// The machine-readable form (`<time datetime>`): `2026-11-29T14:03Z` or `2026-11-29`.
    fn iso(&self) -> String {
        match self.time {
            Some(time) => format!("{}-{}-{}T{time}Z", self.year, self.month, self.day),
            None => format!("{}-{}-{}", self.year, self.month, self.day),
        }
    }
}

fn parse(text: &str) -> Option<Stamp<'_>> {
    let text = text.trim();
    let (date, time) = match text.strip_suffix(" UTC") {
        Some(moment) => {
            let (date, time) = moment.split_once(' ')?;
            (date, Some(time))
        }
        None => (text, None),
    };
    let mut parts = date.splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let time_ok = time.is_none_or(|t| {
        let parts: Vec<&str> = t.split(':').collect();
        (2..=3).contains(&parts.len()) && parts.iter().all(|p| digits(p, 2))
    });
    (digits(year, 4) && digits(month, 2) && digits(day, 2) && time_ok).then_some(Stamp {
        year,
        month,
        day,
        time,
    })
}

/// A moment as the server writes it for [`When`] and [`format_utc`]:
/// `2026-11-29 14:03 UTC`.
pub fn moment(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// `text` (as the server writes it) in `locale`'s format, still in UTC; text that is not
/// a date is returned as it is.
pub fn format_utc(locale: Locale, text: &str) -> String {
    match parse(text) {
        Some(Stamp {
            year,
            month,
            day,
            time: Some(time),
        }) => td_string!(
            locale,
            common.time.moment_utc,
            year = year,
            month = month,
            day = day,
            time = time
        ),
        Some(Stamp {
            year,
            month,
            day,
            time: None,
        }) => {
            td_string!(
                locale,
                common.time.day,
                year = year,
                month = month,
                day = day
            )
        }
        None => text.to_owned(),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_and_days_are_written_in_each_language() {
        assert_eq!(
            format_utc(Locale::en, "2026-11-29 14:03 UTC"),
            "2026-11-29 14:03 UTC"
        );
        assert_eq!(
            format_utc(Locale::tr, "2026-11-29 14:03 UTC"),
            "29.11.2026 14:03 UTC"
        );
        assert_eq!(format_utc(Locale::tr, "2026-11-29"), "29.11.2026");
        assert_eq!(
            format_utc(Locale::tr, "2026-11-29 14:03:09 UTC"),
            "29.11.2026 14:03:09 UTC"
        );
        assert_eq!(format_utc(Locale::tr, "soon"), "soon");
        assert_eq!(format_utc(Locale::tr, "2026-1-29"), "2026-1-29");
    }
}
