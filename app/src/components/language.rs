//! The language of the interface: which one a request gets, the switcher in the header,
//! and the cookie that keeps a visitor's choice.
//!
//! A page is rendered on the server in the language of the `lang` cookie, else the
//! first of the browser's `Accept-Language` the app has, else English; the provider puts
//! it on `<html lang>`, where the browser reads it when it hydrates (no flash of another
//! language). Signing in sets the cookie from the account's language; choosing a
//! language while signed in saves it in the account too (e-mails use that one).

use leptos::prelude::*;
use leptos_i18n::{Locale as _, context::CookieOptions};

use crate::domain::language::{COOKIE, COOKIE_MAX_AGE_SECS, parse};
use crate::i18n::{Locale, t_string, td_string, use_i18n};

/// The options of the `lang` cookie when the server writes it while rendering a page: the
/// whole site, a year. (The browser never writes it: `set_language` sets it on the server,
/// so `leptos_i18n`'s cookie code is in the server build only, see app/Cargo.toml.)
fn cookie_options() -> CookieOptions<Locale> {
    CookieOptions::default()
        .path("/")
        .max_age(COOKIE_MAX_AGE_SECS * 1000)
}

/// Provides the language to `children` (see the module's documentation) and puts it on
/// `<html lang>`. (The generated `I18nContextProvider` does the same but also renders an
/// empty `<script>`, which the page's nonce-based policy would block.)
#[component]
pub fn LanguageProvider(children: Children) -> impl IntoView {
    let i18n = leptos_i18n::context::init_i18n_context_with_options::<Locale>(
        leptos_i18n::context::I18nContextOptions {
            enable_cookie: true,
            cookie_name: COOKIE.into(),
            cookie_options: cookie_options(),
            ssr_lang_header_getter: Default::default(),
        },
    );
    provide_context(i18n);
    let lang = move || i18n.get_locale().as_str();
    let dir = move || i18n.get_locale().direction().as_str();
    view! {
        {children()}
        <leptos_meta::Html attr:lang=lang attr:dir=dir/>
    }
}

/// A language's name in that language, as the switcher lists it.
pub fn language_name(locale: Locale) -> &'static str {
    td_string!(locale, common.language_name)
}

/// The switcher in the header: the languages the app has, each named in itself.
/// Choosing one re-renders the page in place (what was typed stays), keeps the choice in
/// the cookie and, for a signed-in account, in the account.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<crate::api::account::SetLanguage>::new();
    let on_change = move |event: leptos::ev::Event| {
        if let Some(locale) = parse(&event_target_value(&event)) {
            i18n.set_locale(locale);
            save.dispatch(crate::api::account::SetLanguage {
                language: locale.as_str().to_owned(),
            });
        }
    };
    view! {
        <label class="language-switch">
            <span class="visually-hidden">{move || t_string!(i18n, common.nav.language)}</span>
            <select on:change=on_change>
                {Locale::get_all()
                    .iter()
                    .map(|&locale| {
                        view! {
                            <option
                                value=locale.as_str()
                                lang=locale.as_str()
                                selected=move || i18n.get_locale() == locale
                            >
                                {language_name(locale)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
