//! Why a number was refused, and how to say it in the reader's language.
//!
//! The checks say what is wrong as a value; the words are chosen only when the
//! message is shown, so the browser and the server (each knowing its reader's
//! language) word the same refusal.

use super::IdFormat;
use super::eu_vat::{country_codes, shape_text};
use crate::i18n::{Locale, td_string};

/// What is wrong with a number, for [`IdProblem::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem {
    /// Nothing but separators was typed.
    Empty(IdFormat),
    /// A number of digits only has another character.
    NotDigit {
        of: IdFormat,
        character: char,
    },
    /// Too many or too few digits.
    DigitCount {
        of: IdFormat,
        expected: usize,
        found: usize,
    },
    AllZeros(IdFormat),
    LeadingZero(IdFormat),
    /// Every digit the same (which some checksums let through).
    OneDigitRepeated(IdFormat),
    /// A CNPJ character that is neither a digit nor a letter.
    CnpjCharacter(char),
    /// A CNPJ of this many characters instead of 14.
    CnpjLength(usize),
    CnpjLetteredCheckDigits,
    PartitaIvaSevenZeros,
    /// A codice fiscale of this many characters instead of 16 (or 11 digits).
    CodiceFiscaleLength(usize),
    CodiceFiscaleShape,
    /// A Spanish NIF of this many characters instead of 9.
    NifLength(usize),
    /// Something other than digits between a Spanish NIF's first and last characters.
    NifBody,
    /// A DNI or NIE ending with a digit.
    DniNeedsLetter,
    /// A Spanish NIF starting with a character no kind of NIF starts with.
    NifFirst(char),
    /// A CIF of this organisation letter ending with a digit.
    CifNeedsLetter(char),
    /// A CIF of this organisation letter ending with a letter.
    CifNeedsDigit(char),
    VatNoCountry,
    /// A prefix that is no EU VAT country code.
    VatUnknownCountry(String),
    /// The rest of the number does not look like that country's (by its VAT code).
    VatShape(&'static str),
    /// Check digits (or letters) that do not match: most likely a typo.
    Typo(Typo),
}

/// Which check of a number failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typo {
    TrTckn,
    TrVkn,
    BrCpf,
    BrCnpj,
    AuAbn,
    AuAcn,
    FrSiren,
    FrSiret,
    /// A partita IVA's tax office (its 8th to 10th digits) that does not exist.
    PartitaIvaOffice,
    PartitaIva,
    CodiceFiscale,
    /// A codice fiscale's birth date that is not a date.
    CodiceFiscaleBirthDate,
    /// A DNI, NIE or K, L, M NIF whose letter does not go with its digits.
    NifLetter,
    CifControl,
    Vat,
}

impl IdProblem {
    /// The refusal in `locale`, for the person who typed the number.
    #[must_use]
    pub fn text(&self, locale: Locale) -> String {
        match self {
            Self::Empty(format) => {
                td_string!(locale, checks.identifier.enter, noun = format.noun(locale)).to_string()
            }
            Self::NotDigit { of, character } => td_string!(
                locale,
                checks.identifier.digits_only,
                subject = as_subject(*of, locale),
                character = character
            )
            .to_string(),
            Self::DigitCount {
                of,
                expected,
                found,
            } => td_string!(
                locale,
                checks.identifier.digit_count,
                subject = as_subject(*of, locale),
                expected = expected,
                found = found
            )
            .to_string(),
            Self::AllZeros(of) => td_string!(
                locale,
                checks.identifier.all_zeros,
                subject = as_subject(*of, locale)
            )
            .to_string(),
            Self::LeadingZero(of) => td_string!(
                locale,
                checks.identifier.leading_zero,
                subject = as_subject(*of, locale)
            )
            .to_string(),
            Self::OneDigitRepeated(of) => td_string!(
                locale,
                checks.identifier.one_digit_repeated,
                subject = as_subject(*of, locale)
            )
            .to_string(),
            Self::CnpjCharacter(character) => td_string!(
                locale,
                checks.identifier.cnpj.character,
                character = character
            )
            .to_string(),
            Self::CnpjLength(found) => {
                td_string!(locale, checks.identifier.cnpj.length, found = found).to_string()
            }
            Self::CnpjLetteredCheckDigits => {
                td_string!(locale, checks.identifier.cnpj.lettered_check_digits).to_owned()
            }
            Self::PartitaIvaSevenZeros => {
                td_string!(locale, checks.identifier.partita_iva_seven_zeros).to_owned()
            }
            Self::CodiceFiscaleLength(found) => td_string!(
                locale,
                checks.identifier.codice_fiscale.length,
                found = found
            )
            .to_string(),
            Self::CodiceFiscaleShape => {
                td_string!(locale, checks.identifier.codice_fiscale.shape).to_owned()
            }
            Self::NifLength(found) => {
                td_string!(locale, checks.identifier.nif.length, found = found).to_string()
            }
            Self::NifBody => td_string!(locale, checks.identifier.nif.body).to_owned(),
            Self::DniNeedsLetter => {
                td_string!(locale, checks.identifier.nif.dni_needs_letter).to_owned()
            }
            Self::NifFirst(character) => {
                td_string!(locale, checks.identifier.nif.first, character = character).to_string()
            }
            Self::CifNeedsLetter(character) => td_string!(
                locale,
                checks.identifier.nif.cif_needs_letter,
                character = character
            )
            .to_string(),
            Self::CifNeedsDigit(character) => td_string!(
                locale,
                checks.identifier.nif.cif_needs_digit,
                character = character
            )
            .to_string(),
            Self::VatNoCountry => td_string!(locale, checks.identifier.vat.no_country).to_owned(),
            Self::VatUnknownCountry(prefix) => td_string!(
                locale,
                checks.identifier.vat.unknown_country,
                prefix = prefix,
                codes = country_codes()
            )
            .to_string(),
            Self::VatShape(code) => shape_text(code, locale).to_owned(),
            Self::Typo(typo) => typo.text(locale).to_owned(),
        }
    }
}

impl Typo {
    fn text(self, locale: Locale) -> &'static str {
        match self {
            Self::TrTckn => td_string!(locale, checks.identifier.typo.tr_tckn),
            Self::TrVkn => td_string!(locale, checks.identifier.typo.tr_vkn),
            Self::BrCpf => td_string!(locale, checks.identifier.typo.br_cpf),
            Self::BrCnpj => td_string!(locale, checks.identifier.typo.br_cnpj),
            Self::AuAbn => td_string!(locale, checks.identifier.typo.au_abn),
            Self::AuAcn => td_string!(locale, checks.identifier.typo.au_acn),
            Self::FrSiren => td_string!(locale, checks.identifier.typo.fr_siren),
            Self::FrSiret => td_string!(locale, checks.identifier.typo.fr_siret),
            Self::PartitaIvaOffice => td_string!(locale, checks.identifier.typo.partita_iva_office),
            Self::PartitaIva => td_string!(locale, checks.identifier.typo.partita_iva),
            Self::CodiceFiscale => td_string!(locale, checks.identifier.typo.codice_fiscale),
            Self::CodiceFiscaleBirthDate => {
                td_string!(locale, checks.identifier.typo.codice_fiscale_birth_date)
            }
            Self::NifLetter => td_string!(locale, checks.identifier.typo.nif_letter),
            Self::CifControl => td_string!(locale, checks.identifier.typo.cif_control),
            Self::Vat => td_string!(locale, checks.identifier.typo.vat),
        }
    }
}

/// The name of `format` as the subject a sentence starts with (“A CPF”, “Partita
/// IVA”): its noun with the first letter upper-cased.
fn as_subject(format: IdFormat, locale: Locale) -> String {
    let mut chars = format.noun(locale).chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
