//! EU VAT numbers: the country prefix, the country's format and, where it is simple
//! and well published, its checksum.

use super::national::{es_nif, it_partita_iva};
use super::{iso7064_mod_11_10, luhn, luhn_doubled, number_of, typo, weighted};

/// How an EU VAT number looks after its country prefix.
enum Shape {
    /// Only digits, as many as one of these.
    Digits(&'static [usize]),
    /// One of these patterns, and how to say it: in a pattern `d` is a digit, `l` a
    /// letter, `c` a letter or a digit, `w` a letter A–W, `s` a letter, `+` or `*`;
    /// anything else stands for itself.
    Patterns(&'static [&'static str], &'static str),
}

/// The EU VAT prefixes (those of VIES, with XI for Northern Ireland), their country and
/// what follows them.
const VAT_COUNTRIES: [(&str, &str, Shape); 28] = [
    (
        "AT",
        "Austria",
        Shape::Patterns(&["Udddddddd"], "ATU followed by 8 digits"),
    ),
    (
        "BE",
        "Belgium",
        Shape::Patterns(
            &["0ddddddddd", "1ddddddddd"],
            "BE followed by 10 digits, the first 0 or 1",
        ),
    ),
    ("BG", "Bulgaria", Shape::Digits(&[9, 10])),
    (
        "CY",
        "Cyprus",
        Shape::Patterns(&["ddddddddl"], "CY followed by 8 digits and a letter"),
    ),
    ("CZ", "Czechia", Shape::Digits(&[8, 9, 10])),
    ("DE", "Germany", Shape::Digits(&[9])),
    ("DK", "Denmark", Shape::Digits(&[8])),
    ("EE", "Estonia", Shape::Digits(&[9])),
    ("EL", "Greece", Shape::Digits(&[9])),
    (
        "ES",
        "Spain",
        Shape::Patterns(&["cdddddddc"], "ES followed by the 9-character NIF"),
    ),
    ("FI", "Finland", Shape::Digits(&[8])),
    (
        "FR",
        "France",
        Shape::Patterns(
            &["ccddddddddd"],
            "FR followed by a 2-character key and the 9-digit SIREN",
        ),
    ),
    ("HR", "Croatia", Shape::Digits(&[11])),
    ("HU", "Hungary", Shape::Digits(&[8])),
    (
        "IE",
        "Ireland",
        Shape::Patterns(
            &["dddddddw", "dddddddww", "dsdddddw"],
            "IE followed by 7 digits and 1 or 2 letters (or the older form, like 8D79739I)",
        ),
    ),
    ("IT", "Italy", Shape::Digits(&[11])),
    ("LT", "Lithuania", Shape::Digits(&[9, 12])),
    ("LU", "Luxembourg", Shape::Digits(&[8])),
    ("LV", "Latvia", Shape::Digits(&[11])),
    ("MT", "Malta", Shape::Digits(&[8])),
    (
        "NL",
        "the Netherlands",
        Shape::Patterns(&["dddddddddBdd"], "NL followed by 9 digits, B and 2 digits"),
    ),
    ("PL", "Poland", Shape::Digits(&[10])),
    ("PT", "Portugal", Shape::Digits(&[9])),
    (
        "RO",
        "Romania",
        Shape::Digits(&[2, 3, 4, 5, 6, 7, 8, 9, 10]),
    ),
    (
        "SE",
        "Sweden",
        Shape::Patterns(&["dddddddddd01"], "SE followed by 12 digits ending in 01"),
    ),
    ("SI", "Slovenia", Shape::Digits(&[8])),
    ("SK", "Slovakia", Shape::Digits(&[10])),
    (
        "XI",
        "Northern Ireland",
        Shape::Patterns(
            &["ddddddddd", "dddddddddddd", "GDddd", "HAddd"],
            "XI followed by 9 or 12 digits, or by GD or HA and 3 digits",
        ),
    ),
];

fn fits(text: &str, shape: &Shape) -> bool {
    match shape {
        Shape::Digits(lengths) => {
            text.bytes().all(|b| b.is_ascii_digit()) && lengths.contains(&text.len())
        }
        Shape::Patterns(patterns, _) => patterns.iter().any(|pattern| {
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

/// The shape in words: “DE followed by 9 digits”.
fn describe(code: &str, shape: &Shape) -> String {
    match shape {
        Shape::Patterns(_, described) => (*described).to_owned(),
        Shape::Digits([n]) => format!("{code} followed by {n} digits"),
        Shape::Digits([a, b]) => format!("{code} followed by {a} or {b} digits"),
        Shape::Digits([a, b, c]) => format!("{code} followed by {a}, {b} or {c} digits"),
        Shape::Digits([first, .., last]) => format!("{code} followed by {first} to {last} digits"),
        Shape::Digits([]) => format!("{code} followed by digits"),
    }
}

pub(super) fn eu_vat(number: &str) -> Result<String, String> {
    let Some(prefix) = number
        .get(..2)
        .filter(|p| p.bytes().all(|b| b.is_ascii_uppercase()))
    else {
        return Err("An EU VAT number starts with its country code, like DE or FR.".to_owned());
    };
    // Greece's VAT prefix is EL, not its ISO code.
    let code = if prefix == "GR" { "EL" } else { prefix };
    let Some((_, country, shape)) = VAT_COUNTRIES.iter().find(|(c, ..)| *c == code) else {
        let codes: Vec<&str> = VAT_COUNTRIES
            .iter()
            .map(|(c, ..)| *c)
            .filter(|c| *c != "XI")
            .collect();
        return Err(format!(
            "“{prefix}” is not an EU VAT country code; use one of {}, or XI for Northern Ireland.",
            codes.join(", ")
        ));
    };
    let mut rest = number[2..].to_owned();
    if code == "BE" && rest.len() == 9 {
        // Belgian numbers had 9 digits before a leading 0 was added.
        rest.insert(0, '0');
    }
    if !fits(&rest, shape) {
        let described = describe(code, shape);
        return Err(format!("A VAT number from {country} is {described}."));
    }
    let digits: Vec<u32> = rest.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.iter().all(|&d| d == 0) {
        return Err("An EU VAT number cannot be all zeros.".to_owned());
    }
    match code {
        "ES" => es_nif(&rest)?,
        "IT" => it_partita_iva(&rest)?,
        _ if !vat_checksum(code, &rest, &digits) => {
            return Err(typo("This VAT number's check digits do not match"));
        }
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
