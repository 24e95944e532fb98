//! The national identifiers: Turkish, Brazilian, Australian, French, Italian and
//! Spanish numbers.

use super::problem::{IdProblem, Typo};
use super::{IdFormat, all_same, fixed_digits, luhn, luhn_doubled, number_of, weighted};

pub(super) fn tr_tckn(number: &str) -> Result<(), IdProblem> {
    let d = fixed_digits(number, 11, IdFormat::TrTckn)?;
    if d[0] == 0 {
        return Err(IdProblem::LeadingZero(IdFormat::TrTckn));
    }
    if all_same(&d) {
        return Err(IdProblem::OneDigitRepeated(IdFormat::TrTckn));
    }
    let odd = d[0] + d[2] + d[4] + d[6] + d[8];
    let even = d[1] + d[3] + d[5] + d[7];
    // (7 × odd − even) mod 10, kept from going below zero: −even ≡ 9 × even.
    let tenth = (7 * odd + 9 * even) % 10;
    let eleventh = d[..10].iter().sum::<u32>() % 10;
    if d[9] != tenth || d[10] != eleventh {
        return Err(IdProblem::Typo(Typo::TrTckn));
    }
    Ok(())
}

pub(super) fn tr_vkn(number: &str) -> Result<(), IdProblem> {
    let d = fixed_digits(number, 10, IdFormat::TrVkn)?;
    // The first nine digits from the right, at places 1 to 9.
    let sum: u32 = d[..9]
        .iter()
        .rev()
        .zip(1..)
        .map(|(&digit, place)| match (digit + place) % 10 {
            0 => 0,
            c => match c * 2_u32.pow(place) % 9 {
                0 => 9,
                r => r,
            },
        })
        .sum();
    if d[9] != (10 - sum % 10) % 10 {
        return Err(IdProblem::Typo(Typo::TrVkn));
    }
    Ok(())
}

/// A Brazilian check digit: the values weighted 2, 3 … from the right (back to 2 after
/// `max_weight`), 11 minus the sum mod 11, and 0 instead of 10 or 11.
fn mod11_br(values: &[u32], max_weight: u32) -> u32 {
    let sum: u32 = values
        .iter()
        .rev()
        .zip((2..=max_weight).cycle())
        .map(|(v, w)| v * w)
        .sum();
    match sum % 11 {
        0 | 1 => 0,
        r => 11 - r,
    }
}

pub(super) fn br_cpf(number: &str) -> Result<(), IdProblem> {
    let d = fixed_digits(number, 11, IdFormat::BrCpf)?;
    if all_same(&d) {
        return Err(IdProblem::OneDigitRepeated(IdFormat::BrCpf));
    }
    if d[9] != mod11_br(&d[..9], 11) || d[10] != mod11_br(&d[..10], 11) {
        return Err(IdProblem::Typo(Typo::BrCpf));
    }
    Ok(())
}

pub(super) fn br_cnpj(number: &str) -> Result<(), IdProblem> {
    if let Some(c) = number.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(IdProblem::CnpjCharacter(c));
    }
    let bytes = number.as_bytes();
    if bytes.len() != 14 {
        return Err(IdProblem::CnpjLength(bytes.len()));
    }
    if !bytes[12..].iter().all(u8::is_ascii_digit) {
        return Err(IdProblem::CnpjLetteredCheckDigits);
    }
    // Each character counts its ASCII code minus 48: digits 0–9, letters A = 17 … Z = 42.
    let values: Vec<u32> = bytes.iter().map(|&b| u32::from(b) - 48).collect();
    if values.iter().all(|&v| v == 0) || all_same(&values) {
        return Err(IdProblem::OneDigitRepeated(IdFormat::BrCnpj));
    }
    if values[12] != mod11_br(&values[..12], 9) || values[13] != mod11_br(&values[..13], 9) {
        return Err(IdProblem::Typo(Typo::BrCnpj));
    }
    Ok(())
}

pub(super) fn au_abn(number: &str) -> Result<(), IdProblem> {
    let d = fixed_digits(number, 11, IdFormat::AuAbn)?;
    if d[0] == 0 {
        return Err(IdProblem::LeadingZero(IdFormat::AuAbn));
    }
    // The first digit less 1, then weights 10, 1, 3, 5 … 19: a multiple of 89.
    let sum = (d[0] - 1) * 10 + weighted(&d[1..], &[1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
    if !sum.is_multiple_of(89) {
        return Err(IdProblem::Typo(Typo::AuAbn));
    }
    Ok(())
}

pub(super) fn au_acn(number: &str) -> Result<(), IdProblem> {
    let d = fixed_digits(number, 9, IdFormat::AuAcn)?;
    let sum = weighted(&d[..8], &[8, 7, 6, 5, 4, 3, 2, 1]);
    if d[8] != (10 - sum % 10) % 10 {
        return Err(IdProblem::Typo(Typo::AuAcn));
    }
    Ok(())
}

pub(super) fn fr_siren(number: &str) -> Result<(), IdProblem> {
    if !luhn(&fixed_digits(number, 9, IdFormat::FrSiren)?) {
        return Err(IdProblem::Typo(Typo::FrSiren));
    }
    Ok(())
}

/// La Poste's SIREN: its establishments' SIRETs (all but the head office's,
/// 356 000 000 00048) have a digit sum that is a multiple of 5 instead of the Luhn check.
const LA_POSTE_SIREN: &str = "356000000";

pub(super) fn fr_siret(number: &str) -> Result<(), IdProblem> {
    let d = fixed_digits(number, 14, IdFormat::FrSiret)?;
    let valid = if number.starts_with(LA_POSTE_SIREN) && number != "35600000000048" {
        d.iter().sum::<u32>().is_multiple_of(5)
    } else {
        luhn(&d)
    };
    if !valid || !luhn(&d[..9]) {
        return Err(IdProblem::Typo(Typo::FrSiret));
    }
    Ok(())
}

pub(super) fn it_partita_iva(number: &str) -> Result<(), IdProblem> {
    let d = fixed_digits(number, 11, IdFormat::ItPartitaIva)?;
    if d[..7].iter().all(|&x| x == 0) {
        return Err(IdProblem::PartitaIvaSevenZeros);
    }
    // The 8th to 10th digits: the tax office (provinces 001–100, and a few special ones).
    if !matches!(number_of(&d[7..10]), 1..=100 | 120 | 121 | 888 | 999) {
        return Err(IdProblem::Typo(Typo::PartitaIvaOffice));
    }
    if !luhn(&d) {
        return Err(IdProblem::Typo(Typo::PartitaIva));
    }
    Ok(())
}

/// The letters that stand for digits in an omocode codice fiscale (L = 0 … V = 9).
const OMOCODE_LETTERS: &str = "LMNPQRSTUV";
/// The month letters of a codice fiscale, January to December.
const MONTH_LETTERS: &str = "ABCDEHLMPRST";
/// What a character in an odd place (1st, 3rd …) of a codice fiscale counts, by its
/// value (0–9 for digits, 0–25 for letters).
const CF_ODD_VALUES: [u32; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

pub(super) fn it_codice_fiscale(number: &str) -> Result<(), IdProblem> {
    if number.len() == 11 && number.bytes().all(|b| b.is_ascii_digit()) {
        return it_partita_iva(number);
    }
    let chars: Vec<char> = number.chars().collect();
    if chars.len() != 16 {
        return Err(IdProblem::CodiceFiscaleLength(chars.len()));
    }
    // A digit, or the letter omocodia put in its place.
    let digit = |c: char| {
        c.to_digit(10).or_else(|| {
            OMOCODE_LETTERS
                .chars()
                .zip(0..)
                .find(|&(l, _)| l == c)
                .map(|(_, v)| v)
        })
    };
    let shape_ok = chars.iter().enumerate().all(|(i, &c)| match i {
        6 | 7 | 9 | 10 | 12 | 13 | 14 => digit(c).is_some(),
        8 => MONTH_LETTERS.contains(c),
        _ => c.is_ascii_uppercase(),
    });
    if !shape_ok {
        return Err(IdProblem::CodiceFiscaleShape);
    }
    let two_digits =
        |i: usize| digit(chars[i]).unwrap_or(0) * 10 + digit(chars[i + 1]).unwrap_or(0);
    // Women's birth days count 40 more; a year ending in 00 may be 2000, a leap year.
    let day = two_digits(9) % 40;
    let days_in_month = match MONTH_LETTERS.find(chars[8]) {
        Some(1) if two_digits(6).is_multiple_of(4) => 29,
        Some(1) => 28,
        Some(3 | 5 | 8 | 10) => 30,
        _ => 31,
    };
    if day == 0 || day > days_in_month {
        return Err(IdProblem::Typo(Typo::CodiceFiscaleBirthDate));
    }
    // Digits count 0–9, letters 0–25; odd places through the table, even ones as is.
    let value = |c: char| {
        c.to_digit(10)
            .unwrap_or_else(|| c.to_digit(36).map_or(0, |v| v - 10))
    };
    let sum: u32 = chars[..15]
        .iter()
        .zip([true, false].into_iter().cycle())
        .map(|(&c, odd)| {
            let v = value(c);
            if odd {
                CF_ODD_VALUES.get(v as usize).copied().unwrap_or(0)
            } else {
                v
            }
        })
        .sum();
    if chars[15].to_digit(36) != Some(sum % 26 + 10) {
        return Err(IdProblem::Typo(Typo::CodiceFiscale));
    }
    Ok(())
}

/// The DNI and NIE letters, by the number mod 23.
const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
/// The CIF control letters, by the control digit.
const CIF_LETTERS: &[u8; 10] = b"JABCDEFGHI";

pub(super) fn es_nif(number: &str) -> Result<(), IdProblem> {
    let bytes = number.as_bytes();
    if bytes.len() != 9 || !number.is_ascii() {
        return Err(IdProblem::NifLength(number.chars().count()));
    }
    let (first, last) = (bytes[0], bytes[8]);
    let body = if first.is_ascii_digit() {
        &bytes[..8]
    } else {
        &bytes[1..8]
    };
    if !body.iter().all(u8::is_ascii_digit) {
        return Err(IdProblem::NifBody);
    }
    let digits: Vec<u32> = body.iter().map(|&b| u32::from(b - b'0')).collect();
    let dni_letter = |leading: u32| {
        let n = digits.iter().fold(leading, |n, &d| n * 10 + d);
        DNI_LETTERS[(n % 23) as usize]
    };
    match first {
        // DNI; NIE, whose X, Y or Z counts as a leading 0, 1 or 2.
        b'0'..=b'9' | b'X' | b'Y' | b'Z' => {
            let leading = if first.is_ascii_digit() {
                0
            } else {
                u32::from(first - b'X')
            };
            if last.is_ascii_digit() {
                Err(IdProblem::DniNeedsLetter)
            } else if last == dni_letter(leading) {
                Ok(())
            } else {
                Err(IdProblem::Typo(Typo::NifLetter))
            }
        }
        // Persons without a DNI or NIE: sources disagree on their letter (the DNI letter
        // of the 7 digits, or the CIF control letter), so either is taken.
        b'K' | b'L' | b'M' if last == dni_letter(0) || last == cif_letter(&digits) => Ok(()),
        b'K' | b'L' | b'M' => Err(IdProblem::Typo(Typo::NifLetter)),
        b'A'..=b'H' | b'J' | b'N' | b'P'..=b'S' | b'U'..=b'W' => cif(first, &digits, last),
        _ => Err(IdProblem::NifFirst(char::from(first))),
    }
}

/// The CIF control digit of the 7 digits: their Luhn check digit.
fn cif_digit(digits: &[u32]) -> u32 {
    let sum: u32 = digits
        .iter()
        .zip([true, false].into_iter().cycle())
        .map(|(&d, double)| if double { luhn_doubled(d) } else { d })
        .sum();
    (10 - sum % 10) % 10
}

fn cif_letter(digits: &[u32]) -> u8 {
    CIF_LETTERS[cif_digit(digits) as usize]
}

/// A CIF: the organisation type letter, 7 digits and a control character, which is a
/// digit for some types, a letter for others, and either for the rest.
fn cif(first: u8, digits: &[u32], last: u8) -> Result<(), IdProblem> {
    let kind = char::from(first);
    // Public and religious bodies, foreign entities: a letter.
    if matches!(first, b'N' | b'P' | b'Q' | b'R' | b'S' | b'W') && last.is_ascii_digit() {
        return Err(IdProblem::CifNeedsLetter(kind));
    }
    // Companies (anónima, limitada), communities of goods and of owners: a digit,
    // except for non-residents (province 00).
    if matches!(first, b'A' | b'B' | b'E' | b'H') && !last.is_ascii_digit() && digits[..2] != [0, 0]
    {
        return Err(IdProblem::CifNeedsDigit(kind));
    }
    let control = cif_digit(digits);
    if char::from(last).to_digit(10) == Some(control) || last == cif_letter(digits) {
        Ok(())
    } else {
        Err(IdProblem::Typo(Typo::CifControl))
    }
}
