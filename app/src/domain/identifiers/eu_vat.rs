//! EU VAT numbers: the country prefix, the country's format and, where it is simple
//! and well published, its checksum.

use super::national::{es_nif, it_partita_iva};
use super::problem::{IdProblem, Typo};
use super::{IdFormat, iso7064_mod_11_10, luhn, luhn_doubled, number_of, weighted};
use crate::i18n::{Locale, td_string};

/// How an EU VAT number looks after its country prefix.
enum Shape {
    /// Only digits, as many as one of these.
    Digits(&'static [usize]),
    /// One of these patterns: `d` is a digit, `l` a letter, `c` a letter or a digit,
    /// `w` a letter A–W, `s` a letter, `+` or `*`; anything else stands for itself.
    Patterns(&'static [&'static str]),
}

/// The EU VAT prefixes (those of VIES, with XI for Northern Ireland) and what follows
/// them; [`shape_text`] says it in words.
const VAT_COUNTRIES: [(&str, Shape); 28] = [
    ("AT", Shape::Patterns(&["Udddddddd"])),
    ("BE", Shape::Patterns(&["0ddddddddd", "1ddddddddd"])),
    ("BG", Shape::Digits(&[9, 10])),
    ("CY", Shape::Patterns(&["ddddddddl"])),
    ("CZ", Shape::Digits(&[8, 9, 10])),
    ("DE", Shape::Digits(&[9])),
    ("DK", Shape::Digits(&[8])),
    ("EE", Shape::Digits(&[9])),
    ("EL", Shape::Digits(&[9])),
    ("ES", Shape::Patterns(&["cdddddddc"])),
    ("FI", Shape::Digits(&[8])),
    ("FR", Shape::Patterns(&["ccddddddddd"])),
    ("HR", Shape::Digits(&[11])),
    ("HU", Shape::Digits(&[8])),
    (
        "IE",
        Shape::Patterns(&["dddddddw", "dddddddww", "dsdddddw"]),
    ),
    ("IT", Shape::Digits(&[11])),
    ("LT", Shape::Digits(&[9, 12])),
    ("LU", Shape::Digits(&[8])),
    ("LV", Shape::Digits(&[11])),
    ("MT", Shape::Digits(&[8])),
    ("NL", Shape::Patterns(&["dddddddddBdd"])),
    ("PL", Shape::Digits(&[10])),
    ("PT", Shape::Digits(&[9])),
    ("RO", Shape::Digits(&[2, 3, 4, 5, 6, 7, 8, 9, 10])),
    ("SE", Shape::Patterns(&["dddddddddd01"])),
    ("SI", Shape::Digits(&[8])),
    ("SK", Shape::Digits(&[10])),
    (
        "XI",
        Shape::Patterns(&["ddddddddd", "dddddddddddd", "GDddd", "HAddd"]),
    ),
];

/// What a VAT number of the country `code` looks like, as a whole sentence in
/// `locale` (each country its own, so that every language words it its own way).
pub(super) fn shape_text(code: &str, locale: Locale) -> &'static str {
    match code {
        "AT" => td_string!(locale, checks.identifier.vat.shape.at),
        "BE" => td_string!(locale, checks.identifier.vat.shape.be),
        "BG" => td_string!(locale, checks.identifier.vat.shape.bg),
        "CY" => td_string!(locale, checks.identifier.vat.shape.cy),
        "CZ" => td_string!(locale, checks.identifier.vat.shape.cz),
        "DE" => td_string!(locale, checks.identifier.vat.shape.de),
        "DK" => td_string!(locale, checks.identifier.vat.shape.dk),
        "EE" => td_string!(locale, checks.identifier.vat.shape.ee),
        "EL" => td_string!(locale, checks.identifier.vat.shape.el),
        "ES" => td_string!(locale, checks.identifier.vat.shape.es),
        "FI" => td_string!(locale, checks.identifier.vat.shape.fi),
        "FR" => td_string!(locale, checks.identifier.vat.shape.fr),
        "HR" => td_string!(locale, checks.identifier.vat.shape.hr),
        "HU" => td_string!(locale, checks.identifier.vat.shape.hu),
        "IE" => td_string!(locale, checks.identifier.vat.shape.ie),
        "IT" => td_string!(locale, checks.identifier.vat.shape.it),
        "LT" => td_string!(locale, checks.identifier.vat.shape.lt),
        "LU" => td_string!(locale, checks.identifier.vat.shape.lu),
        "LV" => td_string!(locale, checks.identifier.vat.shape.lv),
        "MT" => td_string!(locale, checks.identifier.vat.shape.mt),
        "NL" => td_string!(locale, checks.identifier.vat.shape.nl),
        "PL" => td_string!(locale, checks.identifier.vat.shape.pl),
        "PT" => td_string!(locale, checks.identifier.vat.shape.pt),
        "RO" => td_string!(locale, checks.identifier.vat.shape.ro),
        "SE" => td_string!(locale, checks.identifier.vat.shape.se),
        "SI" => td_string!(locale, checks.identifier.vat.shape.si),
        "SK" => td_string!(locale, checks.identifier.vat.shape.sk),
        "XI" => td_string!(locale, checks.identifier.vat.shape.xi),
        // Only the codes above are ever asked about; any other needs its prefix.
        _ => td_string!(locale, checks.identifier.vat.no_country),
    }
}

/// The EU VAT country codes but XI (which the message names apart), as a list.
pub(super) fn country_codes() -> String {
    let codes: Vec<&str> = VAT_COUNTRIES
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| *c != "XI")
        .collect();
    codes.join(", ")
}

fn fits(text: &str, shape: &Shape) -> bool {
    match shape {
        Shape::Digits(lengths) => {
            text.bytes().all(|b| b.is_ascii_digit()) && lengths.contains(&text.len())
        }
        Shape::Patterns(patterns) => patterns.iter().any(|pattern| {
            text.chars().count() == pattern.len()
                && text.chars().zip(pattern.chars()).all(|(c, p)| match p {
                    'd' => c.is_ascii_digit(),
                    'l' => c.is_ascii_uppercase(),
                    'c' => c.is_ascii_uppercase() || c.is_ascii_digit(),
                    'w' => ('A'..='W').contains(&c),
                    's' => c.is_ascii_uppercase() || c == '+' || c == '*',
                    _ => c == p,
                })
        }),
    }
}

pub(super) fn eu_vat(number: &str) -> Result<String, IdProblem> {
    let Some(prefix) = number
        .get(..2)
        .filter(|p| p.bytes().all(|b| b.is_ascii_uppercase()))
    else {
        return Err(IdProblem::VatNoCountry);
    };
    // Greece's VAT prefix is EL, not its ISO code.
    let wanted = if prefix == "GR" { "EL" } else { prefix };
    let Some(&(code, ref shape)) = VAT_COUNTRIES.iter().find(|(c, _)| *c == wanted) else {
        return Err(IdProblem::VatUnknownCountry(prefix.to_owned()));
    };
    let mut rest = number[2..].to_owned();
    if code == "BE" && rest.len() == 9 {
        // Belgian numbers had 9 digits before a leading 0 was added.
        rest.insert(0, '0');
    }
    if !fits(&rest, shape) {
        return Err(IdProblem::VatShape(code));
    }
    let digits: Vec<u32> = rest.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.iter().all(|&d| d == 0) {
        return Err(IdProblem::AllZeros(IdFormat::EuVat));
    }
    match code {
        "ES" => es_nif(&rest)?,
        "IT" => it_partita_iva(&rest)?,
        _ if !vat_checksum(code, &rest, &digits) => return Err(IdProblem::Typo(Typo::Vat)),
        _ => {}
    }
    Ok(format!("{code}{rest}"))
}

/// Whether a VAT number's check digits match, for the countries whose checksum is
/// simple and well published; `rest` fits the country's shape, `digits` are its digits.
fn vat_checksum(code: &str, rest: &str, d: &[u32]) -> bool {
    match code {
        "AT" => {
            // Luhn-like over the 7 digits after U, offset by 4.
            let sum: u32 = d[..7]
                .iter()
                .zip([false, true].into_iter().cycle())
                .map(|(&x, double)| if double { luhn_doubled(x) } else { x })
                .sum();
            d[7] == (10 - (sum + 4) % 10) % 10
        }
        "BE" => 97 - number_of(&d[..8]) % 97 == number_of(&d[8..]),
        "DE" => d[0] != 0 && iso7064_mod_11_10(d),
        "DK" => d[0] != 0 && weighted(d, &[2, 7, 6, 5, 4, 3, 2, 1]).is_multiple_of(11),
        "HR" => iso7064_mod_11_10(d),
        "FI" => weighted(d, &[7, 9, 10, 5, 8, 4, 2, 1]).is_multiple_of(11),
        "FR" => fr_vat_key(rest),
        "LU" => number_of(&d[..6]) % 89 == number_of(&d[6..]),
        "NL" => {
            // Mod 11 over the 9 digits, or (sole traders since 2020) mod 97 over the
            // whole number with its prefix, letters counting 10–35.
            let mod11 = weighted(&d[..8], &[9, 8, 7, 6, 5, 4, 3, 2]) % 11 == d[8];
            let mod97 = format!("NL{rest}")
                .chars()
                .filter_map(|c| c.to_digit(36))
                .fold(0, |r, v| {
                    if v < 10 {
                        (r * 10 + v) % 97
                    } else {
                        (r * 100 + v) % 97
                    }
                })
                == 1;
            !rest.ends_with("B00") && (mod11 || mod97)
        }
        "PL" => weighted(&d[..9], &[6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 == d[9],
        "PT" => {
            let r = weighted(&d[..8], &[9, 8, 7, 6, 5, 4, 3, 2]) % 11;
            d[0] != 0 && d[8] == if r < 2 { 0 } else { 11 - r }
        }
        "SE" => luhn(&d[..10]),
        _ => true,
    }
}

/// The characters of a French VAT key (digits and letters but I and O).
const FR_KEY_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// The French VAT key: 2 digits, (12 + 3 × SIREN) mod 97, or for newer numbers 2
/// characters of which one at least is a letter; Monaco's numbers (000…) have no
/// SIREN check of their own.
fn fr_vat_key(rest: &str) -> bool {
    let (key, siren) = rest.split_at(2);
    let siren_digits: Vec<u32> = siren.chars().filter_map(|c| c.to_digit(10)).collect();
    if !siren.starts_with("000") && !luhn(&siren_digits) {
        return false;
    }
    let siren = u64::from(number_of(&siren_digits));
    let index = |c: char| {
        FR_KEY_CHARS
            .chars()
            .zip(0_u64..)
            .find(|&(k, _)| k == c)
            .map(|(_, i)| i)
    };
    let mut key = key.chars().map(index);
    let (Some(Some(a)), Some(Some(b))) = (key.next(), key.next()) else {
        return false;
    };
    if a < 10 && b < 10 {
        return a * 10 + b == (siren * 100 + 12) % 97;
    }
    let check = if a < 10 {
        a * 24 + b - 10
    } else {
        a * 34 + b - 100
    };
    (siren + 1 + check / 11) % 11 == check % 11
}
