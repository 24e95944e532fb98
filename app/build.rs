//! Generates the `i18n` module (`crate::i18n`, included in `src/lib.rs`) from the translation files in
//! `locales/<language>/<namespace>.json`. English is the default and the fallback; a key
//! missing in one language is reported here and fails `every_language_has_every_key`
//! (in `src/domain/language.rs`).

use std::{error::Error, path::PathBuf};

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

/// The namespaces (one file per language each), by the part of the app they serve.
const NAMESPACES: &[&str] = &[
    "common",
    "home",
    "auth",
    "account",
    "orders",
    "order",
    "upload",
    "extension",
    "mail",
    "admin",
    "review",
    "editor",
    "integrations",
    "reasons",
    // What the app says when it refuses something: answers and numbers checked
    // (`checks`), a definition or an integration set up wrong (`problems`), an action
    // refused by a service (`refusals`).
    "checks",
    "problems",
    "refusals",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");

    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    let config = Config::new("en")?
        .add_locale("tr")?
        .add_namespaces(NAMESPACES)?
        // Texts as plain strings too (`td_string!`), for e-mails and server messages.
        .parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
