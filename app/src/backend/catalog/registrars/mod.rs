//! Registrar modules: who registers a domain, and which standard requirements they know
//! for the extensions they serve.
//!
//! Built in: `manual` (the admin registers by hand at the provider; knows no
//! requirements), `presets` (also registered by hand, but carrying the standard
//! requirements of the extensions in PRODUCT.md §3, gathered from registry rules and
//! the additional-fields files of common billing systems) and `email` (the approved
//! values and documents are e-mailed to the provider's address, `REGDOCS_REGISTRAR_EMAIL`;
//! it carries the presets too) and `http` (the approved order is POSTed to the
//! provider's endpoint, `REGDOCS_REGISTRAR_HTTP_URL`, see `orders::http_registrar`).

mod presets;

use serde::{Deserialize, Serialize};

use crate::domain::{ExtensionName, requirements::RequirementSet};

/// How a module starts a registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegistrationStart {
    /// Nothing is sent anywhere: an admin registers the domain at the provider by hand
    /// and then marks it registered. The text tells the admin what to do.
    Manual { instructions: String },
    /// The values and documents are e-mailed to the provider, who registers the domain;
    /// the admin marks it registered when the provider confirms.
    Email,
    /// The order is POSTed to the provider's HTTP endpoint, which answers at once
    /// (registered, or failed with its message) or later through the API.
    Http,
}

/// What a registrar module can do.
pub trait RegistrarModule: Send + Sync {
    /// The stable name stored with extensions (`manual`, `presets` ...).
    fn name(&self) -> &'static str;
    /// The name shown to admins.
    fn label(&self) -> &'static str;
    /// Whether this module can register domains under `extension`.
    fn serves(&self, extension: &ExtensionName) -> bool;
    /// The standard requirements of `extension`, when the module knows them.
    fn preset(&self, extension: &ExtensionName) -> Option<RequirementSet>;
    /// How a registration of `domain` begins.
    fn start_registration(&self, domain: &str) -> RegistrationStart;
}

/// Registration by hand, for any extension.
pub struct Manual;

impl RegistrarModule for Manual {
    fn name(&self) -> &'static str {
        "manual"
    }
    fn label(&self) -> &'static str {
        "Manual (register by hand)"
    }
    fn serves(&self, _extension: &ExtensionName) -> bool {
        true
    }
    fn preset(&self, _extension: &ExtensionName) -> Option<RequirementSet> {
        None
    }
    fn start_registration(&self, domain: &str) -> RegistrationStart {
        RegistrationStart::Manual {
            instructions: format!(
                "Register {domain} at your provider with the approved information and documents, then mark it registered."
            ),
        }
    }
}

/// Registration by hand, with the registries' standard requirements as presets.
pub struct Presets;

impl RegistrarModule for Presets {
    fn name(&self) -> &'static str {
        "presets"
    }
    fn label(&self) -> &'static str {
        "Registry presets (register by hand)"
    }
    fn serves(&self, _extension: &ExtensionName) -> bool {
        true
    }
    fn preset(&self, extension: &ExtensionName) -> Option<RequirementSet> {
        presets::preset_for(extension.as_str())
    }
    fn start_registration(&self, domain: &str) -> RegistrationStart {
        Manual.start_registration(domain)
    }
}

/// Sends the approved values and documents to the provider by e-mail, with the
/// registries' standard requirements as presets.
pub struct Email;

impl RegistrarModule for Email {
    fn name(&self) -> &'static str {
        "email"
    }
    fn label(&self) -> &'static str {
        "E-mail to the provider (with presets)"
    }
    fn serves(&self, _extension: &ExtensionName) -> bool {
        true
    }
    fn preset(&self, extension: &ExtensionName) -> Option<RequirementSet> {
        presets::preset_for(extension.as_str())
    }
    fn start_registration(&self, _domain: &str) -> RegistrationStart {
        RegistrationStart::Email
    }
}

/// POSTs the approved order (values, and signed short-lived links to the approved
/// documents) to the provider's endpoint, `REGDOCS_REGISTRAR_HTTP_URL`, signed like
/// webhooks; with the registries' standard requirements as presets.
pub struct Http;

impl RegistrarModule for Http {
    fn name(&self) -> &'static str {
        "http"
    }
    fn label(&self) -> &'static str {
        "HTTP API of the provider (with presets)"
    }
    fn serves(&self, _extension: &ExtensionName) -> bool {
        true
    }
    fn preset(&self, extension: &ExtensionName) -> Option<RequirementSet> {
        presets::preset_for(extension.as_str())
    }
    fn start_registration(&self, _domain: &str) -> RegistrationStart {
        RegistrationStart::Http
    }
}

/// Every module this build knows, in the order admins see them.
pub fn modules() -> [&'static dyn RegistrarModule; 4] {
    [&Manual, &Presets, &Email, &Http]
}

/// The module called `name`.
pub fn module(name: &str) -> Option<&'static dyn RegistrarModule> {
    modules().into_iter().find(|m| m.name() == name)
}

/// The extensions the presets module has a preset for.
pub fn preset_extensions() -> &'static [&'static str] {
    presets::EXTENSIONS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::requirements::{DefinitionLimits, ItemKind, validate_definition};
    use crate::i18n::Locale;

    #[test]
    fn every_builtin_preset_passes_the_definition_validator() {
        let limits = DefinitionLimits {
            max_upload_bytes: 25 * crate::domain::units::MB,
        };
        for ext in preset_extensions() {
            let name = ExtensionName::parse(ext).unwrap();
            let preset = Presets
                .preset(&name)
                .unwrap_or_else(|| panic!("{ext} has a preset"));
            assert_eq!(
                validate_definition(&preset, limits, Locale::en),
                vec![],
                "{ext}"
            );
            #[cfg(feature = "ssr")]
            assert_eq!(
                crate::backend::catalog::definitions::pattern_problems(&preset, Locale::en),
                vec![],
                "{ext}"
            );
        }
    }

    #[test]
    fn presets_carry_the_facts_of_product_md() {
        let us = Presets
            .preset(&ExtensionName::parse(".us").unwrap())
            .unwrap();
        let keys: Vec<&str> = us.items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(
            keys,
            ["nexus_category", "application_purpose", "nexus_country"]
        );
        let condition = us.items[2].condition.as_ref().unwrap();
        assert_eq!(condition.one_of, ["C31", "C32"]);

        let cn = Presets
            .preset(&ExtensionName::parse(".cn").unwrap())
            .unwrap();
        assert!(
            cn.items.iter().any(|i| matches!(
                i.kind,
                ItemKind::File { min_size_bytes, .. } if min_size_bytes == 55 * crate::domain::units::KB
            )),
            ".cn asks for an ID scan of at least 55 KB"
        );

        let av = Presets
            .preset(&ExtensionName::parse(".av.tr").unwrap())
            .unwrap();
        assert!(av.items.iter().any(|i| i.kind.name() == "file"));
        for plain in [".com.tr", ".net.tr", ".org.tr", ".com"] {
            assert!(
                Presets
                    .preset(&ExtensionName::parse(plain).unwrap())
                    .is_none(),
                "{plain}"
            );
        }
    }

    #[test]
    fn identifier_items_of_the_presets_check_their_check_digits() {
        use crate::domain::{identifiers::IdFormat, orders::check_answer};
        // (extension, item, a valid number as people type it, the same with a typo)
        let cases = [
            (".av.tr", "tckn", "10000000146", "10000000147"),
            (".br", "cpf", "529.982.247-25", "529.982.247-52"),
            (".br", "cnpj", "11.222.333/0001-81", "11.222.333/0001-18"),
            (".es", "nif", "12345678Z", "12345678A"),
            (".au", "abn", "51 824 753 556", "51 824 753 557"),
            (".au", "acn", "000 000 019", "000 000 018"),
            (".fr", "org_vat", "FR 40 303 265 045", "FR 40 303 265 046"),
            (".fr", "org_siren", "732 829 320", "732 829 321"),
            (
                ".it",
                "codice_fiscale",
                "RSSMRA85T10A562S",
                "RSSMRA85T10A562T",
            ),
            (".it", "partita_iva", "07643520567", "07643520568"),
        ];
        for (ext, key, valid, typo) in cases {
            let preset = Presets.preset(&ExtensionName::parse(ext).unwrap()).unwrap();
            let item = preset.items.iter().find(|i| i.key == key).unwrap();
            assert!(
                matches!(item.kind, ItemKind::Text { format: Some(f), .. } if IdFormat::ALL.contains(&f)),
                "{ext} {key}"
            );
            assert_eq!(
                check_answer(item, valid, true, Locale::en),
                None,
                "{ext} {key} {valid}"
            );
            assert!(
                check_answer(item, typo, true, Locale::en).is_some(),
                "{ext} {key} {typo}"
            );
        }
    }

    #[test]
    fn modules_are_found_by_name() {
        assert_eq!(
            module("manual").map(|m| m.label()),
            Some("Manual (register by hand)")
        );
        assert!(module("presets").is_some());
        assert_eq!(
            module("email").map(|m| m.start_registration("example.us")),
            Some(RegistrationStart::Email)
        );
        assert!(module("nope").is_none());
        assert!(matches!(
            Manual.start_registration("example.us"),
            RegistrationStart::Manual { instructions } if instructions.contains("example.us")
        ));
    }
}
