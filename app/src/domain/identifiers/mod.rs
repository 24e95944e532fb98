//! Checksum validators for national identifiers: tax and company numbers a requirement
//! can ask for (an item's text answer checked against an [`IdFormat`]).
//!
//! Pure functions shared by the browser and the server, so the browser checks what the
//! server re-checks. Input is normalised the way people type it (spaces, dots, hyphens
//! and slashes dropped, letters upper-cased) and checked for length, characters and
//! check digits; a refusal is an [`IdProblem`], worded for the person who typed the
//! number in their language. A number that passes is well formed, not necessarily
//! issued: only the registries can say that.

mod eu_vat;
mod national;
mod problem;
#[cfg(test)]
mod tests;

use eu_vat::eu_vat;
use national::{
    au_abn, au_acn, br_cnpj, br_cpf, es_nif, fr_siren, fr_siret, it_codice_fiscale, it_partita_iva,
    tr_tckn, tr_vkn,
};
pub use problem::{IdProblem, Typo};
use serde::{Deserialize, Serialize};

use crate::i18n::{Locale, td_string};

/// A well-known identifier format an item's text answer can be checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdFormat {
    /// Turkish T.C. Kimlik No: 11 digits, the first not 0, two check digits.
    TrTckn,
    /// Turkish Vergi Kimlik No (tax number): 10 digits, one check digit.
    TrVkn,
    /// Brazilian CPF (persons): 11 digits, two mod-11 check digits.
    BrCpf,
    /// Brazilian CNPJ (companies): 14 characters, two mod-11 check digits; the first
    /// 12 may be letters (the alphanumeric CNPJ issued from July 2026).
    BrCnpj,
    /// Australian Business Number: 11 digits, mod-89 check.
    AuAbn,
    /// Australian Company Number: 9 digits, mod-10 check digit.
    AuAcn,
    /// Spanish NIF: DNI (8 digits + letter), NIE (X/Y/Z + 7 digits + letter), NIF of
    /// persons without either (K/L/M + 7 digits + letter) and CIF (organisation letter
    /// + 7 digits + control digit or letter).
    EsNif,
    /// French SIREN (companies): 9 digits, Luhn.
    FrSiren,
    /// French SIRET (establishments): SIREN + 5 digits, Luhn (La Poste: digit sum
    /// multiple of 5).
    FrSiret,
    /// Italian codice fiscale: 16 characters for persons (omocodia accepted) or 11
    /// digits for companies.
    ItCodiceFiscale,
    /// Italian partita IVA: 11 digits, Luhn.
    ItPartitaIva,
    /// EU VAT number: a country prefix (VIES's: EL for Greece, XI for Northern
    /// Ireland) and that country's format, with the check digits of AT, BE, DE, DK, ES,
    /// FI, FR, HR, IT, LU, NL, PL, PT and SE.
    EuVat,
}

impl IdFormat {
    /// Every format, in the order of their labels (for a select).
    pub const ALL: [IdFormat; 12] = [
        IdFormat::AuAbn,
        IdFormat::AuAcn,
        IdFormat::BrCnpj,
        IdFormat::BrCpf,
        IdFormat::EuVat,
        IdFormat::FrSiren,
        IdFormat::FrSiret,
        IdFormat::ItCodiceFiscale,
        IdFormat::ItPartitaIva,
        IdFormat::EsNif,
        IdFormat::TrTckn,
        IdFormat::TrVkn,
    ];

    /// The stored name (the serde name).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            IdFormat::TrTckn => "tr_tckn",
            IdFormat::TrVkn => "tr_vkn",
            IdFormat::BrCpf => "br_cpf",
            IdFormat::BrCnpj => "br_cnpj",
            IdFormat::AuAbn => "au_abn",
            IdFormat::AuAcn => "au_acn",
            IdFormat::EsNif => "es_nif",
            IdFormat::FrSiren => "fr_siren",
            IdFormat::FrSiret => "fr_siret",
            IdFormat::ItCodiceFiscale => "it_codice_fiscale",
            IdFormat::ItPartitaIva => "it_partita_iva",
            IdFormat::EuVat => "eu_vat",
        }
    }

    /// The format stored under `name`, if any.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.name() == name)
    }

    /// What the definition editor shows.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            IdFormat::TrTckn => "Turkish T.C. Kimlik No (TCKN)",
            IdFormat::TrVkn => "Turkish Vergi Kimlik No (VKN)",
            IdFormat::BrCpf => "Brazilian CPF",
            IdFormat::BrCnpj => "Brazilian CNPJ",
            IdFormat::AuAbn => "Australian ABN",
            IdFormat::AuAcn => "Australian ACN",
            IdFormat::EsNif => "Spanish NIF / NIE / CIF",
            IdFormat::FrSiren => "French SIREN",
            IdFormat::FrSiret => "French SIRET",
            IdFormat::ItCodiceFiscale => "Italian codice fiscale",
            IdFormat::ItPartitaIva => "Italian partita IVA",
            IdFormat::EuVat => "EU VAT number",
        }
    }

    /// A valid number, written the way people usually write it (for a placeholder).
    #[must_use]
    pub fn example(self) -> &'static str {
        match self {
            IdFormat::TrTckn => "10000000146",
            IdFormat::TrVkn => "4540536920",
            IdFormat::BrCpf => "529.982.247-25",
            IdFormat::BrCnpj => "11.222.333/0001-81",
            IdFormat::AuAbn => "51 824 753 556",
            IdFormat::AuAcn => "010 499 966",
            IdFormat::EsNif => "12345678Z",
            IdFormat::FrSiren => "732 829 320",
            IdFormat::FrSiret => "732 829 320 00074",
            IdFormat::ItCodiceFiscale => "RSSMRA85T10A562S",
            IdFormat::ItPartitaIva => "07643520567",
            IdFormat::EuVat => "FR 40 303 265 045",
        }
    }

    /// The name as the middle of a sentence in `locale` needs it (in English with its
    /// article: “an ABN”).
    fn noun(self, locale: Locale) -> &'static str {
        match self {
            IdFormat::TrTckn => td_string!(locale, checks.identifier.noun.tr_tckn),
            IdFormat::TrVkn => td_string!(locale, checks.identifier.noun.tr_vkn),
            IdFormat::BrCpf => td_string!(locale, checks.identifier.noun.br_cpf),
            IdFormat::BrCnpj => td_string!(locale, checks.identifier.noun.br_cnpj),
            IdFormat::AuAbn => td_string!(locale, checks.identifier.noun.au_abn),
            IdFormat::AuAcn => td_string!(locale, checks.identifier.noun.au_acn),
            IdFormat::EsNif => td_string!(locale, checks.identifier.noun.es_nif),
            IdFormat::FrSiren => td_string!(locale, checks.identifier.noun.fr_siren),
            IdFormat::FrSiret => td_string!(locale, checks.identifier.noun.fr_siret),
            IdFormat::ItCodiceFiscale => {
                td_string!(locale, checks.identifier.noun.it_codice_fiscale)
            }
            IdFormat::ItPartitaIva => td_string!(locale, checks.identifier.noun.it_partita_iva),
            IdFormat::EuVat => td_string!(locale, checks.identifier.noun.eu_vat),
        }
    }

    /// Checks `input` against the format and returns it normalised: without the
    /// spaces, dots, colons, hyphens and slashes people type, letters upper-case (and,
    /// for EU VAT numbers, `GR` written `EL` and old 9-digit Belgian numbers given their
    /// leading 0).
    ///
    /// # Errors
    /// What is wrong (see [`IdProblem::text`] for the words): empty input, a wrong
    /// length, a character that does not belong, or check digits that do not match (a
    /// typo).
    pub fn check(self, input: &str) -> Result<String, IdProblem> {
        let number = normalise(input);
        if number.is_empty() {
            return Err(IdProblem::Empty(self));
        }
        match self {
            IdFormat::TrTckn => tr_tckn(&number),
            IdFormat::TrVkn => tr_vkn(&number),
            IdFormat::BrCpf => br_cpf(&number),
            IdFormat::BrCnpj => br_cnpj(&number),
            IdFormat::AuAbn => au_abn(&number),
            IdFormat::AuAcn => au_acn(&number),
            IdFormat::EsNif => es_nif(&number),
            IdFormat::FrSiren => fr_siren(&number),
            IdFormat::FrSiret => fr_siret(&number),
            IdFormat::ItCodiceFiscale => it_codice_fiscale(&number),
            IdFormat::ItPartitaIva => it_partita_iva(&number),
            IdFormat::EuVat => return eu_vat(&number),
        }
        .map(|()| number)
    }
}

/// Drops what people type between the characters (white space, dots, colons, hyphens
/// and dashes, slashes) and upper-cases ASCII letters.
fn normalise(input: &str) -> String {
    input
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '.' | ':' | '-' | '/' | '\u{2010}'..='\u{2015}')
        })
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The digits of `number` when it is `len` digits and not all zeros; otherwise why
/// not, as a number of the format `of`.
fn fixed_digits(number: &str, len: usize, of: IdFormat) -> Result<Vec<u32>, IdProblem> {
    if let Some(character) = number.chars().find(|c| !c.is_ascii_digit()) {
        return Err(IdProblem::NotDigit { of, character });
    }
    if number.len() != len {
        return Err(IdProblem::DigitCount {
            of,
            expected: len,
            found: number.len(),
        });
    }
    let digits: Vec<u32> = number.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.iter().all(|&d| d == 0) {
        return Err(IdProblem::AllZeros(of));
    }
    Ok(digits)
}

fn all_same<T: PartialEq>(items: &[T]) -> bool {
    items.windows(2).all(|pair| pair[0] == pair[1])
}

fn weighted(values: &[u32], weights: &[u32]) -> u32 {
    values.iter().zip(weights).map(|(v, w)| v * w).sum()
}

/// Whether the digits pass the Luhn (mod 10) check, check digit included.
fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .zip([false, true].into_iter().cycle())
        .map(|(&d, double)| if double { luhn_doubled(d) } else { d })
        .sum();
    sum.is_multiple_of(10)
}

/// A digit doubled the Luhn way: the sum of the digits of twice it.
fn luhn_doubled(d: u32) -> u32 {
    2 * d / 10 + 2 * d % 10
}

/// Whether the digits pass ISO 7064 MOD 11,10, check digit included.
fn iso7064_mod_11_10(digits: &[u32]) -> bool {
    let Some((&check, body)) = digits.split_last() else {
        return false;
    };
    let product = body.iter().fold(10, |product, &d| {
        let sum = (d + product) % 10;
        (if sum == 0 { 10 } else { sum }) * 2 % 11
    });
    (11 - product) % 10 == check
}

/// The number the digits write.
fn number_of(digits: &[u32]) -> u32 {
    digits.iter().fold(0, |n, &d| n * 10 + d)
}
