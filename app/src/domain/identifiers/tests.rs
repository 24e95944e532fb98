//! Examples come from the registries' own documentation where they publish one (ATO,
//! ASIC, Receita Federal, Ministerio del Interior), from numbers companies publish
//! (collected in python-stdnum's test suite), or were computed with the algorithm and
//! are marked “computed”. Every one was cross-checked with python-stdnum, which agrees
//! except where this module means to differ: the kind of a CIF's control character,
//! the letter of K, L and M NIFs, Belgian check digits 00, 98 and 99, ABN check
//! digits 10.

use super::IdFormat;
use crate::i18n::Locale;

fn accepted(format: IdFormat, input: &str) -> String {
    format.check(input).unwrap_or_else(|problem| {
        panic!(
            "{input} should be a valid {format:?}: {}",
            problem.text(Locale::en)
        )
    })
}

/// The refusal, in English.
fn refused(format: IdFormat, input: &str) -> String {
    match format.check(input) {
        Ok(number) => panic!("{input} should not be a valid {format:?} (got {number})"),
        Err(problem) => problem.text(Locale::en),
    }
}

fn all_accepted(format: IdFormat, inputs: &[&str]) {
    for input in inputs {
        accepted(format, input);
    }
}

fn all_refused(format: IdFormat, inputs: &[&str]) {
    for input in inputs {
        refused(format, input);
    }
}

#[test]
fn every_format_has_one_name_shared_with_serde() {
    for format in IdFormat::ALL {
        assert_eq!(IdFormat::from_name(format.name()), Some(format));
        let json = serde_json::to_string(&format).unwrap();
        assert_eq!(json, format!("\"{}\"", format.name()));
        assert_eq!(serde_json::from_str::<IdFormat>(&json).unwrap(), format);
    }
    let mut names: Vec<_> = IdFormat::ALL.iter().map(|f| f.name()).collect();
    names.dedup();
    assert_eq!(names.len(), IdFormat::ALL.len());
    assert_eq!(IdFormat::from_name("us_ssn"), None);
}

#[test]
fn the_formats_are_listed_in_the_order_of_their_labels() {
    let labels: Vec<_> = IdFormat::ALL.iter().map(|f| f.label()).collect();
    assert!(labels.is_sorted(), "{labels:?}");
    assert_eq!(IdFormat::TrTckn.label(), "Turkish T.C. Kimlik No (TCKN)");
}

#[test]
fn every_example_is_valid_and_comes_back_without_separators() {
    for format in IdFormat::ALL {
        let number = accepted(format, format.example());
        assert!(
            number.chars().all(|c| c.is_ascii_alphanumeric()),
            "{number}"
        );
    }
}

#[test]
fn empty_input_is_refused_with_a_request_for_the_number() {
    for format in IdFormat::ALL {
        assert!(refused(format, "").starts_with("Please enter "));
        assert!(refused(format, " -. ").starts_with("Please enter "));
    }
    assert_eq!(refused(IdFormat::AuAbn, "  "), "Please enter an ABN.");
}

#[test]
fn refusals_are_worded_in_the_readers_language() {
    let empty = IdFormat::AuAbn.check(" ").unwrap_err();
    assert_eq!(empty.text(Locale::tr), "Lütfen ABN girin.");
    // The subject of a sentence starts with a capital, whatever the noun.
    let short = IdFormat::ItPartitaIva.check("0764352056").unwrap_err();
    assert_eq!(
        short.text(Locale::en),
        "A partita IVA has 11 digits; this one has 10."
    );
    assert_eq!(
        short.text(Locale::tr),
        "Partita IVA 11 hanelidir; bu numara 10 haneli."
    );
}

#[test]
fn every_vat_country_has_a_sentence_of_its_own_in_every_language() {
    use super::eu_vat::{country_codes, shape_text};
    let codes = country_codes();
    for code in codes.split(", ").chain(["XI"]) {
        for locale in [Locale::en, Locale::tr] {
            let own = shape_text(code, locale);
            assert_ne!(own, shape_text("GB", locale), "{code}");
        }
    }
}

#[test]
fn separators_are_dropped_and_letters_upper_cased() {
    assert_eq!(accepted(IdFormat::BrCpf, " 529.982.247-25 "), "52998224725");
    assert_eq!(
        accepted(IdFormat::BrCnpj, "11.222.333/0001-81"),
        "11222333000181"
    );
    assert_eq!(accepted(IdFormat::AuAbn, "51 824 753 556"), "51824753556");
    assert_eq!(accepted(IdFormat::EsNif, "x-1234567-l"), "X1234567L");
    assert_eq!(
        accepted(IdFormat::EuVat, "fr 40\u{a0}303–265–045"),
        "FR40303265045"
    );
    assert_eq!(accepted(IdFormat::EuVat, "DK: 21599336"), "DK21599336");
}

#[test]
fn a_number_of_the_wrong_length_or_with_stray_characters_is_refused_with_the_reason() {
    assert_eq!(
        refused(IdFormat::TrTckn, "1000000014"),
        "A T.C. Kimlik No has 11 digits; this one has 10."
    );
    assert_eq!(
        refused(IdFormat::BrCpf, "529.982.247-2X"),
        "A CPF is made of digits only; “X” is not a digit."
    );
    assert_eq!(
        refused(IdFormat::AuAcn, "000 000 000"),
        "An ACN cannot be all zeros."
    );
}

#[test]
fn valid_tckns_are_accepted() {
    // 19090909018 (computed): 7 × odd − even is negative before the mod 10.
    all_accepted(
        IdFormat::TrTckn,
        &["10000000146", "10010405214", "10036951702", "19090909018"],
    );
}

#[test]
fn a_tckn_with_a_wrong_check_digit_is_refused() {
    assert_eq!(
        refused(IdFormat::TrTckn, "10000000147"),
        "This T.C. Kimlik No's check digits do not match; check for a typo."
    );
    all_refused(IdFormat::TrTckn, &["10000000156", "19090909028"]);
}

#[test]
fn a_tckn_starting_with_0_or_of_one_repeated_digit_is_refused() {
    assert_eq!(
        refused(IdFormat::TrTckn, "01000000146"),
        "A T.C. Kimlik No does not start with 0."
    );
    assert_eq!(
        refused(IdFormat::TrTckn, "11111111111"),
        "A T.C. Kimlik No is not one digit repeated."
    );
    assert!(refused(IdFormat::TrTckn, "1000000014A").contains("“A” is not a digit"));
}

#[test]
fn valid_vkns_are_accepted() {
    // 4540536920 goes through both special cases (a place sum of 0, a product of 9)
    // and a check digit of 0.
    all_accepted(IdFormat::TrVkn, &["4540536920", "0010213576", "1750058182"]);
}

#[test]
fn a_vkn_with_a_wrong_check_digit_or_length_is_refused() {
    assert_eq!(
        refused(IdFormat::TrVkn, "4540536921"),
        "This Vergi Kimlik No's check digit does not match; check for a typo."
    );
    all_refused(IdFormat::TrVkn, &["454053692", "45405369200", "0000000000"]);
}

#[test]
fn valid_cpfs_are_accepted() {
    // 304.011.980-06 (computed): the first check digit is 0 for a remainder of 10.
    all_accepted(
        IdFormat::BrCpf,
        &["529.982.247-25", "111.444.777-35", "304.011.980-06"],
    );
}

#[test]
fn a_cpf_with_a_wrong_check_digit_is_refused() {
    assert_eq!(
        refused(IdFormat::BrCpf, "529.982.247-26"),
        "This CPF's check digits do not match; check for a typo."
    );
    all_refused(IdFormat::BrCpf, &["529.982.247-15", "304.011.980-16"]);
}

#[test]
fn a_cpf_of_one_repeated_digit_is_refused_though_its_digits_add_up() {
    assert_eq!(
        refused(IdFormat::BrCpf, "111.111.111-11"),
        "A CPF is not one digit repeated."
    );
    all_refused(IdFormat::BrCpf, &["000.000.000-00", "529.982.247-2"]);
}

#[test]
fn valid_cnpjs_are_accepted_including_alphanumeric_ones() {
    // 12.ABC.345/01DE-35 is the Receita Federal's alphanumeric example (from July
    // 2026); 48.343.526/1195-05 (computed) has a first check digit of 0 (remainder 1).
    all_accepted(
        IdFormat::BrCnpj,
        &[
            "11.222.333/0001-81",
            "16.727.230/0001-97",
            "48.343.526/1195-05",
            "12.ABC.345/01DE-35",
        ],
    );
    assert_eq!(
        accepted(IdFormat::BrCnpj, "12.abc.345/01de-35"),
        "12ABC34501DE35"
    );
}

#[test]
fn a_cnpj_with_a_wrong_check_digit_is_refused() {
    assert_eq!(
        refused(IdFormat::BrCnpj, "11.222.333/0001-82"),
        "This CNPJ's check digits do not match; check for a typo."
    );
    all_refused(
        IdFormat::BrCnpj,
        &["12.ABC.345/01DE-36", "12.ABC.345/01DF-35"],
    );
}

#[test]
fn a_cnpj_of_one_repeated_digit_the_wrong_length_or_lettered_check_digits_is_refused() {
    assert_eq!(
        refused(IdFormat::BrCnpj, "11.111.111/1111-11"),
        "A CNPJ is not one digit repeated."
    );
    assert_eq!(
        refused(IdFormat::BrCnpj, "12ABC34501DE3A"),
        "A CNPJ ends with two check digits, never letters."
    );
    all_refused(
        IdFormat::BrCnpj,
        &["00000000000000", "11.222.333/0001-8", "11#222"],
    );
}

#[test]
fn valid_abns_are_accepted() {
    // 51 824 753 556 is the ATO's example; 99 933 505 646 (computed) has the highest
    // check digits.
    all_accepted(
        IdFormat::AuAbn,
        &["51 824 753 556", "79 000 024 733", "99 933 505 646"],
    );
}

#[test]
fn an_abn_with_a_wrong_check_digit_or_a_leading_0_is_refused() {
    assert_eq!(
        refused(IdFormat::AuAbn, "51 824 753 557"),
        "This ABN's check digits do not match; check for a typo."
    );
    assert_eq!(
        refused(IdFormat::AuAbn, "01 824 753 556"),
        "An ABN does not start with 0."
    );
    all_refused(IdFormat::AuAbn, &["15 824 753 556", "5182475355"]);
}

#[test]
fn asics_example_acns_are_accepted() {
    // 000 250 000: a weighted sum that is a multiple of 10 gives the check digit 0.
    all_accepted(
        IdFormat::AuAcn,
        &[
            "000 000 019",
            "000 250 000",
            "000 500 005",
            "001 000 004",
            "005 499 981",
            "010 499 966",
            "010 749 961",
        ],
    );
}

#[test]
fn an_acn_with_a_wrong_check_digit_is_refused() {
    assert_eq!(
        refused(IdFormat::AuAcn, "000 000 018"),
        "This ACN's check digit does not match; check for a typo."
    );
    all_refused(
        IdFormat::AuAcn,
        &["010 499 967", "000 250 001", "0104999661"],
    );
}

#[test]
fn valid_dnis_and_nies_are_accepted() {
    // 12345678Z is the Ministerio del Interior's example.
    all_accepted(
        IdFormat::EsNif,
        &[
            "12345678Z",
            "54362315K",
            "X1234567L",
            "X-5253868-R",
            "Y5277343F",
            "Z5277343K",
        ],
    );
}

#[test]
fn a_dni_or_nie_with_the_wrong_letter_is_refused() {
    assert_eq!(
        refused(IdFormat::EsNif, "12345678A"),
        "This NIF's letter does not match its digits; check for a typo."
    );
    assert_eq!(
        refused(IdFormat::EsNif, "123456789"),
        "A DNI or NIE ends with a letter, not a digit."
    );
    all_refused(IdFormat::EsNif, &["X1234567M", "Y1234567L"]);
}

#[test]
fn a_k_l_or_m_nif_takes_the_dni_letter_or_the_cif_letter_of_its_digits() {
    // M1234567L: the DNI letter of 1234567; M1234567D (computed): its CIF letter.
    all_accepted(IdFormat::EsNif, &["M1234567L", "M1234567D", "K-1234567-L"]);
    all_refused(IdFormat::EsNif, &["M1234567A", "L12345674"]);
}

#[test]
fn valid_cifs_are_accepted() {
    // B12345674 and A11111119 computed; the others are published companies' numbers.
    all_accepted(
        IdFormat::EsNif,
        &[
            "B12345674",
            "A11111119",
            "A-28184661",
            "J99216582",
            "U99216426",
            "Q2818015F",
            "R9600075G",
            "W4003922D",
        ],
    );
}

#[test]
fn a_cif_control_of_0_is_the_digit_0_or_the_letter_j() {
    // Computed: the digits 2814015 give the control 0.
    all_accepted(
        IdFormat::EsNif,
        &["B28140150", "Q2814015J", "C28140150", "C2814015J"],
    );
    all_refused(IdFormat::EsNif, &["B2814015J", "Q28140150"]);
}

#[test]
fn a_cif_control_character_must_be_of_the_kind_its_organisation_letter_calls_for() {
    // Computed: 1234567 gives the control 4 (letter D), 1111111 the control 9 (I).
    all_accepted(IdFormat::EsNif, &["C12345674", "C1234567D"]);
    assert_eq!(
        refused(IdFormat::EsNif, "A1111111I"),
        "A CIF starting with A ends with a digit, not a letter."
    );
    assert_eq!(
        refused(IdFormat::EsNif, "Q28180156"),
        "A CIF starting with Q ends with a letter, not a digit."
    );
    // Non-residents (province 00) may have a letter whatever their type.
    all_accepted(IdFormat::EsNif, &["B00123455", "B0012345E"]);
}

#[test]
fn a_cif_with_a_wrong_control_character_is_refused() {
    assert_eq!(
        refused(IdFormat::EsNif, "B12345675"),
        "This CIF's control character does not match; check for a typo."
    );
    all_refused(IdFormat::EsNif, &["Q2818015G", "C1234567E"]);
}

#[test]
fn a_spanish_nif_of_the_wrong_shape_is_refused() {
    assert!(
        refused(IdFormat::EsNif, "I1234567A").starts_with("A Spanish NIF does not start with I")
    );
    assert_eq!(
        refused(IdFormat::EsNif, "1234567Z"),
        "A Spanish NIF has 9 characters, like 12345678Z or B12345674; this one has 8."
    );
    assert_eq!(
        refused(IdFormat::EsNif, "B1234A674"),
        "A Spanish NIF has only digits between its first and last characters."
    );
}

#[test]
fn valid_sirens_are_accepted() {
    all_accepted(IdFormat::FrSiren, &["732 829 320", "303 265 045"]);
}

#[test]
fn a_siren_with_a_wrong_check_digit_is_refused() {
    assert_eq!(
        refused(IdFormat::FrSiren, "732 829 321"),
        "This SIREN's check digit does not match; check for a typo."
    );
    all_refused(IdFormat::FrSiren, &["732 829 32", "000 000 000"]);
}

#[test]
fn valid_sirets_are_accepted_including_la_postes() {
    // La Poste's head office passes the Luhn check; its other establishments only
    // have a digit sum that is a multiple of 5.
    all_accepted(
        IdFormat::FrSiret,
        &[
            "732 829 320 00074",
            "356 000 000 00048",
            "356 000 000 09075",
            "35600000049837",
        ],
    );
}

#[test]
fn a_siret_with_a_wrong_check_digit_is_refused() {
    assert_eq!(
        refused(IdFormat::FrSiret, "732 829 320 00075"),
        "This SIRET's check digits do not match; check for a typo."
    );
    // 16362055841718 (computed) passes the Luhn check but its SIREN does not.
    all_refused(
        IdFormat::FrSiret,
        &["35600000049838", "16362055841718", "7328293200007"],
    );
}

#[test]
fn valid_partite_iva_are_accepted() {
    all_accepted(
        IdFormat::ItPartitaIva,
        &["07643520567", "00743110157", "01404480202"],
    );
}

#[test]
fn a_partita_iva_with_a_wrong_check_digit_or_office_is_refused() {
    assert_eq!(
        refused(IdFormat::ItPartitaIva, "07643520568"),
        "This partita IVA's check digit does not match; check for a typo."
    );
    // Computed: both pass the Luhn check; office 101 does not exist, and the first
    // seven digits are zeros.
    assert!(refused(IdFormat::ItPartitaIva, "01536631011").contains("office code"));
    assert_eq!(
        refused(IdFormat::ItPartitaIva, "00000000018"),
        "A partita IVA does not start with seven zeros."
    );
    all_refused(IdFormat::ItPartitaIva, &["0764352056", "0764352056A"]);
}

#[test]
fn valid_codici_fiscali_are_accepted_including_omocodes_and_companies() {
    // CNTCHR83T41D969D: a woman (day + 40); RSSMRA45C12F20RX and RSSMRAQRCMNFNLRG
    // are omocodes. Computed: RSSMRAURTMLARSNL (RSSMRA85T10A562S with every digit
    // replaced), RSSMRAUVT10A562F, and two with Y and Z in odd and even places.
    all_accepted(
        IdFormat::ItCodiceFiscale,
        &[
            "RSSMRA85T10A562S",
            "rcc mnl 83s18 d969h",
            "CNTCHR83T41D969D",
            "RSSMRA45C12F20RX",
            "RSSMRAQRCMNFNLRG",
            "RSSMRAURTMLARSNL",
            "RSSMRAUVT10A562F",
            "ZZZYYY85T10A562Z",
            "YZYZYZ85T10A562D",
            "00743110157",
        ],
    );
}

#[test]
fn a_codice_fiscale_with_a_wrong_check_letter_is_refused() {
    assert_eq!(
        refused(IdFormat::ItCodiceFiscale, "FOXDRA26C24H872A"),
        "This codice fiscale's check letter does not match; check for a typo."
    );
    all_refused(
        IdFormat::ItCodiceFiscale,
        &["RSSMRA85T10A562T", "00743110158"],
    );
}

#[test]
fn a_codice_fiscale_needs_a_real_birth_date() {
    // Computed: 29 February is a date in 1984 and 2000, not in 1985 (or 1885).
    all_accepted(
        IdFormat::ItCodiceFiscale,
        &["RSSMRA84B69A562C", "RSSMRA00B29A562C"],
    );
    let message = refused(IdFormat::ItCodiceFiscale, "RSSMRA85B69A562D");
    assert!(message.contains("not a real date"), "{message}");
    // Computed: 30 April, and 31 April.
    accepted(IdFormat::ItCodiceFiscale, "RSSMRA85D30A562N");
    all_refused(
        IdFormat::ItCodiceFiscale,
        &["RSSMRA85D31A562M", "CNTCHR83T32D969H"],
    );
}

#[test]
fn a_codice_fiscale_of_the_wrong_shape_is_refused() {
    // O is not a letter omocodia uses (computed with the check letter it would have).
    assert!(
        refused(IdFormat::ItCodiceFiscale, "RSSMRA8OT10A562B")
            .starts_with("A codice fiscale is 6 letters")
    );
    // I is not a month letter.
    assert!(
        refused(IdFormat::ItCodiceFiscale, "CSTNGL22I10D086I")
            .starts_with("A codice fiscale is 6 letters")
    );
    assert_eq!(
        refused(IdFormat::ItCodiceFiscale, "RSSMRA85T10A562"),
        "A codice fiscale has 16 characters (11 digits for a company); this one has 15."
    );
}

#[test]
fn valid_vat_numbers_of_every_country_are_accepted() {
    // Numbers companies publish; the checksum ones include check digits of 0 (DE,
    // PT remainders 0 and 1), the Dutch mod-97 form, a French letter key and Monaco.
    all_accepted(
        IdFormat::EuVat,
        &[
            "ATU13585627",
            "ATU 142 43 102",
            "BE 0202.239.951",
            "BE0428759497",
            "BG 175074752",
            "CY-10259033P",
            "CZ 25123891",
            "DE 811 363 057",
            "DE119263782",
            "DE129390950",
            "DK 13 20 24 35",
            "EE 100 931 558",
            "EL 094012834",
            "ES A-28184661",
            "ES X5277343Q",
            "FI 0982651-1",
            "FI 20774740",
            "FR 40 303 265 045",
            "FR K 7399859412",
            "FR16000063601",
            "HR 33392005961",
            "HU 10672101",
            "IE 6388047V",
            "IE 8D79739I",
            "IE6433435IH",
            "IT 00743110157",
            "LT 100001354118",
            "LT 119511515",
            "LU 10590281",
            "LU 20981643",
            "LV 4000 3521 600",
            "MT 1167-9112",
            "NL808373894B01",
            "NL 002455799 B11",
            "PL 584-030-44-72",
            "PL5261025421",
            "PT 500 019 720",
            "PT 501 507 930",
            "PT 502448911",
            "RO 1822964",
            "RO 18341035",
            "SE 556043606401",
            "SE 202 100-5000 01",
            "SI 26808498",
            "SK 2022193459",
            "XI 432525179",
            "XI GD123",
        ],
    );
}

#[test]
fn greek_and_old_belgian_vat_numbers_are_written_as_vies_wants_them() {
    assert_eq!(accepted(IdFormat::EuVat, "GR 094012834"), "EL094012834");
    assert_eq!(accepted(IdFormat::EuVat, "BE 444.503.092"), "BE0444503092");
}

#[test]
fn a_vat_number_with_a_wrong_check_digit_is_refused_where_the_checksum_is_known() {
    assert_eq!(
        refused(IdFormat::EuVat, "DE 125014855"),
        "This VAT number's check digits do not match; check for a typo."
    );
    // Computed: DE 052601813 and DK 01000004 pass their checksum, but German and Danish
    // numbers never start with 0.
    all_refused(
        IdFormat::EuVat,
        &[
            "ATU 143 43 102",
            "BE 0406.139.583",
            "DE 011125440",
            "DE 052601813",
            "DK 01000004",
            "DK 11 96 56 58",
            "ES 54362415K",
            "FI 20774741",
            "FR 04409414264",
            "FR K 7399859312",
            "FR L 7399859412",
            "HR 33392005962",
            "IT 00687129980",
            "LU 10590282",
            "NL 001241644B01",
            "NL 009122746B00",
            "PL 5840304473",
            "PT 500019721",
            "SE 556043606501",
        ],
    );
}

#[test]
fn a_vat_number_of_the_wrong_shape_is_refused_with_the_countrys_format() {
    assert_eq!(
        refused(IdFormat::EuVat, "DE 12345678"),
        "A VAT number from Germany is DE followed by 9 digits."
    );
    assert_eq!(
        refused(IdFormat::EuVat, "RO 1630615123457"),
        "A VAT number from Romania is RO followed by 2 to 10 digits."
    );
    assert_eq!(
        refused(IdFormat::EuVat, "SE 556043606402"),
        "A VAT number from Sweden is SE followed by 12 digits ending in 01."
    );
    all_refused(
        IdFormat::EuVat,
        &[
            "CY-102590Z3P",
            "NL B06753742B01",
            "IE 4550C59S",
            "IE 6388047X",
            "DE DE 246595415",
            "ATU",
        ],
    );
    assert_eq!(
        refused(IdFormat::EuVat, "DE 000000000"),
        "An EU VAT number cannot be all zeros."
    );
}

#[test]
fn a_vat_number_needs_an_eu_country_code() {
    assert_eq!(
        refused(IdFormat::EuVat, "123456789"),
        "An EU VAT number starts with its country code, like DE or FR."
    );
    // Great Britain left; Northern Ireland's traders use XI.
    let message = refused(IdFormat::EuVat, "GB 432525179");
    assert!(
        message.starts_with("“GB” is not an EU VAT country code"),
        "{message}"
    );
    assert!(
        message.ends_with("or XI for Northern Ireland."),
        "{message}"
    );
}
