//! The standard requirements of extensions whose registries ask for more than a name
//! and an address. Sources: the registries' policies (usTLD nexus policy, CIRA, EURid,
//! AFNIC, Registro.it, Red.es, auDA, CNNIC resellers, TRABIS) and the additional
//! fields that WHMCS, Blesta and CentralNic/HEXONET's modules collect for them.
//! Admins import a preset and then adapt it; nothing here is applied on its own.

use crate::domain::{
    countries::{EU27, country_name},
    identifiers::IdFormat,
    requirements::{
        Condition, ConditionEffect, FileType, ItemDef, ItemKind, RequirementSet, SelectOption,
    },
};

/// The extensions with a preset.
pub const EXTENSIONS: &[&str] = &[
    ".us", ".ca", ".eu", ".fr", ".it", ".es", ".au", ".com.au", ".cn", ".nyc", ".br", ".hk",
    ".av.tr", ".bel.tr", ".dr.tr", ".edu.tr", ".gov.tr", ".k12.tr", ".kep.tr", ".pol.tr",
    ".tsk.tr",
];

use crate::domain::units::{KB, MB};

fn item(key: &str, label: &str, explanation: &str, kind: ItemKind) -> ItemDef {
    ItemDef {
        translations: Default::default(),
        applies_to: Default::default(),
        key: key.to_owned(),
        label: label.to_owned(),
        explanation: explanation.to_owned(),
        required: true,
        kind,
        condition: None,
    }
}

fn select(key: &str, label: &str, explanation: &str, options: &[(&str, &str)]) -> ItemDef {
    let options = options
        .iter()
        .map(|(v, l)| SelectOption::new(v, l))
        .collect();
    item(key, label, explanation, ItemKind::Select { options })
}

fn text(key: &str, label: &str, explanation: &str, max_len: u32) -> ItemDef {
    item(
        key,
        label,
        explanation,
        ItemKind::Text {
            min_len: None,
            max_len: Some(max_len),
            pattern: None,
            pattern_message: None,
            format: None,
        },
    )
}

/// A national identifier, checked with its checksum (in the browser and on the server).
fn identifier(key: &str, label: &str, explanation: &str, format: IdFormat) -> ItemDef {
    item(
        key,
        label,
        explanation,
        ItemKind::Text {
            min_len: None,
            max_len: Some(40),
            pattern: None,
            pattern_message: None,
            format: Some(format),
        },
    )
}

fn agreement(key: &str, label: &str, agreement: &str, link: &str) -> ItemDef {
    item(
        key,
        label,
        "",
        ItemKind::Checkbox {
            agreement: agreement.to_owned(),
            link: Some(link.to_owned()),
        },
    )
}

fn documents(
    key: &str,
    label: &str,
    explanation: &str,
    types: &[FileType],
    max_bytes: u64,
    max_files: u32,
) -> ItemDef {
    item(
        key,
        label,
        explanation,
        ItemKind::File {
            allowed_types: types.to_vec(),
            max_size_bytes: max_bytes,
            min_size_bytes: 0,
            min_pixels: None,
            min_files: 1,
            max_files,
            document_kind: None,
            valid_days: None,
        },
    )
}

/// [`documents`] that must be at least `min_bytes` large (a scan below it is too
/// coarse to read).
fn scans(
    key: &str,
    label: &str,
    explanation: &str,
    types: &[FileType],
    (min_bytes, max_bytes): (u64, u64),
    max_files: u32,
) -> ItemDef {
    let mut def = documents(key, label, explanation, types, max_bytes, max_files);
    if let ItemKind::File { min_size_bytes, .. } = &mut def.kind {
        *min_size_bytes = min_bytes;
    }
    def
}

/// Makes `item` shown (and asked for) only when `on` is one of `values`.
fn only_when(mut item: ItemDef, on: &str, values: &[&str]) -> ItemDef {
    item.condition = Some(Condition {
        item: on.to_owned(),
        one_of: values.iter().map(|v| (*v).to_owned()).collect(),
        effect: ConditionEffect::Visible,
    });
    item
}

fn set(details: &str, items: Vec<ItemDef>) -> RequirementSet {
    RequirementSet {
        details_translations: Default::default(),
        details: details.to_owned(),
        items,
    }
}

/// The preset of `extension` (lower case, with its dot), if there is one.
pub fn preset_for(extension: &str) -> Option<RequirementSet> {
    Some(match extension {
        ".us" => us(),
        ".ca" => ca(),
        ".eu" => eu(),
        ".fr" => fr(),
        ".it" => it(),
        ".es" => es(),
        ".au" | ".com.au" => au(),
        ".cn" => cn(),
        ".nyc" => nyc(),
        ".br" => br(),
        ".hk" => hk(),
        ".av.tr" | ".bel.tr" | ".dr.tr" | ".edu.tr" | ".gov.tr" | ".k12.tr" | ".kep.tr"
        | ".pol.tr" | ".tsk.tr" => tr_second_level(extension),
        _ => return None,
    })
}

fn us() -> RequirementSet {
    set(
        "The .us registry registers names only for people and organisations with a real connection to the \
         United States (the “nexus” requirement). Tell us which connection you have and what the domain is for.",
        vec![
            select(
                "nexus_category",
                "Nexus category",
                "Your connection to the United States.",
                &[
                    ("C11", "C11 — a US citizen"),
                    ("C12", "C12 — a permanent resident of the US"),
                    (
                        "C21",
                        "C21 — a US organisation (incorporated or organised in the US)",
                    ),
                    (
                        "C31",
                        "C31 — a foreign entity that regularly does business in the US",
                    ),
                    (
                        "C32",
                        "C32 — a foreign entity with an office or property in the US",
                    ),
                ],
            ),
            select(
                "application_purpose",
                "Application purpose",
                "What the domain will be used for.",
                &[
                    ("P1", "P1 — business use for profit"),
                    (
                        "P2",
                        "P2 — non-profit business, club, association or religious organisation",
                    ),
                    ("P3", "P3 — personal use"),
                    ("P4", "P4 — education"),
                    ("P5", "P5 — government"),
                ],
            ),
            only_when(
                item(
                    "nexus_country",
                    "Nexus country",
                    "For foreign entities (C31, C32): the country of the entity.",
                    ItemKind::Country,
                ),
                "nexus_category",
                &["C31", "C32"],
            ),
        ],
    )
}

fn ca() -> RequirementSet {
    set(
        "CIRA, the .ca registry, registers names only for registrants with a connection to Canada (its \
         “Canadian Presence Requirements”), and every registrant must accept CIRA's Registrant Agreement.",
        vec![
            select(
                "legal_type",
                "CIRA legal type",
                "What kind of registrant you are, in CIRA's terms.",
                &[
                    (
                        "CCO",
                        "CCO — corporation (Canada or a Canadian province or territory)",
                    ),
                    ("CCT", "CCT — Canadian citizen"),
                    ("RES", "RES — permanent resident of Canada"),
                    ("GOV", "GOV — government or government entity in Canada"),
                    ("EDU", "EDU — Canadian educational institution"),
                    ("ASS", "ASS — Canadian unincorporated association"),
                    ("HOP", "HOP — Canadian hospital"),
                    ("PRT", "PRT — partnership registered in Canada"),
                    (
                        "TDM",
                        "TDM — trademark registered in Canada (by a non-Canadian owner)",
                    ),
                    ("TRD", "TRD — Canadian trade union"),
                    ("PLT", "PLT — Canadian political party"),
                    ("LAM", "LAM — Canadian library, archive or museum"),
                    ("TRS", "TRS — trust established in Canada"),
                    ("ABO", "ABO — Aboriginal peoples indigenous to Canada"),
                    (
                        "INB",
                        "INB — Indian band recognised by the Indian Act of Canada",
                    ),
                    (
                        "LGR",
                        "LGR — legal representative of a Canadian citizen or permanent resident",
                    ),
                    ("OMK", "OMK — official mark registered in Canada"),
                    ("MAJ", "MAJ — His Majesty the King"),
                ],
            ),
            agreement(
                "cira_agreement",
                "CIRA Registrant Agreement",
                "I have read and accept the CIRA Registrant Agreement, version 2.1.",
                "https://www.cira.ca/en/resources/documents/domains/registrant-agreement/",
            ),
            select(
                "language",
                "Language of the agreement",
                "The language in which you accept the agreement.",
                &[("EN", "English"), ("FR", "Français")],
            ),
        ],
    )
}

fn eu() -> RequirementSet {
    let mut countries: Vec<&str> = EU27.to_vec();
    countries.extend(["IS", "LI", "NO"]);
    countries.sort_unstable();
    let options: Vec<(&str, &str)> = countries
        .iter()
        .map(|c| (*c, country_name(c).unwrap_or(c)))
        .collect();
    set(
        "EURid registers .eu names for residents and organisations of the EU and the EEA, and for EU \
         citizens wherever they live.",
        vec![
            select(
                "eligibility",
                "Eligibility",
                "On what ground you may hold a .eu name.",
                &[
                    (
                        "residence",
                        "I live, or my organisation is established, in the EU, Iceland, Liechtenstein or Norway",
                    ),
                    (
                        "citizenship",
                        "I am a citizen of one of those countries living elsewhere",
                    ),
                ],
            ),
            only_when(
                select(
                    "citizenship_country",
                    "Country of citizenship",
                    "Needed when your address is outside the EEA.",
                    &options,
                ),
                "eligibility",
                &["citizenship"],
            ),
        ],
    )
}

fn fr() -> RequirementSet {
    set(
        "AFNIC registers .fr names for people living in, and organisations established in, the EU, Iceland, \
         Liechtenstein, Norway and Switzerland. Organisations and associations identify themselves.",
        vec![
            select(
                "legal_type",
                "Registrant type",
                "",
                &[
                    ("INDIV", "An individual"),
                    ("ORG", "A company or other organisation"),
                    ("ASS", "An association"),
                ],
            ),
            only_when(
                select(
                    "org_id_type",
                    "Identifier of the organisation",
                    "Which identifier you give below.",
                    &[
                        ("VAT", "EU VAT number"),
                        ("SIREN", "SIREN number"),
                        ("TRADEMARK", "EU trademark number"),
                        ("DUNS", "DUNS number"),
                        ("LOCAL", "Local company registration number"),
                    ],
                ),
                "legal_type",
                &["ORG"],
            ),
            only_when(
                identifier(
                    "org_vat",
                    "EU VAT number",
                    "With its country prefix, e.g. FR40303265045.",
                    IdFormat::EuVat,
                ),
                "org_id_type",
                &["VAT"],
            ),
            only_when(
                identifier(
                    "org_siren",
                    "SIREN number",
                    "The 9-digit number of the company in the SIRENE register, e.g. 732 829 320.",
                    IdFormat::FrSiren,
                ),
                "org_id_type",
                &["SIREN"],
            ),
            only_when(
                text(
                    "org_id",
                    "Identifier",
                    "The number of the identifier chosen above.",
                    40,
                ),
                "org_id_type",
                &["TRADEMARK", "DUNS", "LOCAL"],
            ),
            only_when(
                item(
                    "jo_date",
                    "Date of publication in the Journal Officiel",
                    "When the association's declaration was published.",
                    ItemKind::Date,
                ),
                "legal_type",
                &["ASS"],
            ),
            only_when(
                text(
                    "jo_number",
                    "Journal Officiel number",
                    "The number of the issue.",
                    20,
                ),
                "legal_type",
                &["ASS"],
            ),
            only_when(
                text(
                    "jo_page",
                    "Journal Officiel page",
                    "The page of the announcement.",
                    10,
                ),
                "legal_type",
                &["ASS"],
            ),
        ],
    )
}

fn it() -> RequirementSet {
    set(
        "Registro.it needs the registrant's entity type and Italian tax code (or VAT or national ID number for \
         foreign registrants), and the explicit acceptance of the sections of its registration terms.",
        vec![
            select(
                "entity_type",
                "Entity type",
                "",
                &[
                    ("1", "1 — Italian and foreign natural persons"),
                    ("2", "2 — Companies and one-person businesses"),
                    ("3", "3 — Freelance workers and professionals"),
                    ("4", "4 — Non-profit organisations"),
                    ("5", "5 — Public organisations"),
                    ("6", "6 — Other subjects"),
                    (
                        "7",
                        "7 — Foreign entities (EU/EEA) other than natural persons",
                    ),
                ],
            ),
            select(
                "tax_id_type",
                "Tax identifier",
                "Which number you give below.",
                &[
                    ("CF", "Italian tax code (codice fiscale)"),
                    ("PIVA", "Italian VAT number (partita IVA)"),
                    (
                        "FOREIGN",
                        "Foreign registrant: national identity or VAT number",
                    ),
                ],
            ),
            only_when(
                identifier(
                    "codice_fiscale",
                    "Codice fiscale",
                    "16 characters for a person (e.g. RSSMRA85T10A562S), 11 digits for an organisation.",
                    IdFormat::ItCodiceFiscale,
                ),
                "tax_id_type",
                &["CF"],
            ),
            only_when(
                identifier(
                    "partita_iva",
                    "Partita IVA",
                    "11 digits, without the IT prefix.",
                    IdFormat::ItPartitaIva,
                ),
                "tax_id_type",
                &["PIVA"],
            ),
            only_when(
                text(
                    "tax_id",
                    "National identity or VAT number",
                    "As your country issues it.",
                    30,
                ),
                "tax_id_type",
                &["FOREIGN"],
            ),
            agreement(
                "accept_sections",
                "Registration terms",
                "I accept sections 3 (declarations and liability), 5 (processing of personal data), 6 (publication \
                 of personal data) and 7 (explicit acceptance) of the .it registration terms.",
                "https://www.nic.it/",
            ),
        ],
    )
}

fn es() -> RequirementSet {
    set(
        "Red.es needs an identity or tax number of the registrant and its legal form.",
        vec![
            select(
                "id_type",
                "Identification type",
                "",
                &[
                    ("NIF", "NIF or NIE (Spanish tax or foreigner number)"),
                    ("OTHER", "Other identification (passport, foreign ID)"),
                ],
            ),
            only_when(
                identifier(
                    "nif",
                    "NIF, NIE or CIF",
                    "The Spanish tax number (DNI/NIF, NIE for foreigners, CIF for organisations), e.g. 12345678Z.",
                    IdFormat::EsNif,
                ),
                "id_type",
                &["NIF"],
            ),
            only_when(
                text(
                    "id_number",
                    "Identification number",
                    "Passport or foreign ID number.",
                    20,
                ),
                "id_type",
                &["OTHER"],
            ),
            select(
                "legal_form",
                "Legal form",
                "",
                &[
                    ("1", "Individual"),
                    ("612", "Limited company (S.L.)"),
                    ("524", "Public limited company (S.A.)"),
                    ("877", "Other legal form"),
                ],
            ),
        ],
    )
}

fn au() -> RequirementSet {
    set(
        "auDA registers .au names for Australian people and businesses, and for holders of an Australian \
         trademark. The name must match, or be closely connected to, the registrant.",
        vec![
            text(
                "registrant_name",
                "Registrant name",
                "The legal name of the person or organisation.",
                200,
            ),
            select(
                "id_type",
                "Registrant ID type",
                "",
                &[
                    ("ABN", "ABN — Australian Business Number"),
                    ("ACN", "ACN — Australian Company Number"),
                    ("RBN", "Business registration number"),
                    ("TM", "Australian trademark number"),
                ],
            ),
            only_when(
                identifier(
                    "abn",
                    "ABN",
                    "11 digits, e.g. 51 824 753 556.",
                    IdFormat::AuAbn,
                ),
                "id_type",
                &["ABN"],
            ),
            only_when(
                identifier("acn", "ACN", "9 digits, e.g. 000 000 019.", IdFormat::AuAcn),
                "id_type",
                &["ACN"],
            ),
            only_when(
                text(
                    "id_number",
                    "Registrant ID number",
                    "The business registration or trademark number.",
                    20,
                ),
                "id_type",
                &["RBN", "TM"],
            ),
            select(
                "eligibility_type",
                "Eligibility type",
                "",
                &[
                    ("company", "Company"),
                    ("registered_business", "Registered business"),
                    ("sole_trader", "Sole trader"),
                    ("partnership", "Partnership"),
                    ("trademark_owner", "Trademark owner"),
                    ("pending_tm_owner", "Pending trademark owner"),
                    ("other", "Other"),
                ],
            ),
            select(
                "eligibility_reason",
                "Eligibility reason",
                "",
                &[
                    (
                        "exact_match",
                        "The name is an exact match, acronym or abbreviation of the registrant's name or trademark",
                    ),
                    (
                        "close_connection",
                        "The name is closely and substantially connected to the registrant",
                    ),
                ],
            ),
        ],
    )
}

fn cn() -> RequirementSet {
    set(
        "CNNIC requires real-name verification of every .cn registrant: an identity document number and a scan \
         of the document. The name on the document must match the registrant.",
        vec![
            select(
                "id_type",
                "Document type",
                "",
                &[
                    ("SFZ", "Resident identity card (PRC)"),
                    ("HZ", "Passport"),
                    (
                        "GAJMTX",
                        "Mainland travel permit for Hong Kong and Macao residents",
                    ),
                    ("TWJMTX", "Mainland travel permit for Taiwan residents"),
                    ("YYZZ", "Business licence"),
                    ("TYDM", "Unified social credit code certificate"),
                    ("ORG", "Organisation code certificate"),
                    ("QT", "Other"),
                ],
            ),
            text("id_number", "Document number", "", 40),
            scans(
                "id_scan",
                "Scan of the document",
                "A clear colour scan of the whole document chosen above, as a JPEG of 55 KB to 1 MB. The name \
                 on it must be the registrant's.",
                &[FileType::Jpeg],
                (55 * KB, MB),
                1,
            ),
        ],
    )
}

fn nyc() -> RequirementSet {
    set(
        "The City of New York registers .nyc names only for residents of New York City and for organisations \
         with a street address there. PO boxes do not count.",
        vec![
            select(
                "nexus",
                "Connection to New York City",
                "",
                &[
                    ("person", "A person whose primary home is in New York City"),
                    (
                        "entity",
                        "An organisation with an office at a street address in New York City",
                    ),
                ],
            ),
            item(
                "nyc_address",
                "Street address in New York City",
                "No PO boxes.",
                ItemKind::Textarea {
                    min_len: Some(10),
                    max_len: Some(500),
                },
            ),
        ],
    )
}

fn br() -> RequirementSet {
    set(
        "Registro.br registers .br names for Brazilian people (CPF) and organisations (CNPJ).",
        vec![
            select(
                "id_type",
                "Registrant",
                "",
                &[
                    ("CPF", "A person (CPF)"),
                    ("CNPJ", "An organisation (CNPJ)"),
                ],
            ),
            only_when(
                identifier(
                    "cpf",
                    "CPF",
                    "11 digits, e.g. 529.982.247-25.",
                    IdFormat::BrCpf,
                ),
                "id_type",
                &["CPF"],
            ),
            only_when(
                identifier(
                    "cnpj",
                    "CNPJ",
                    "14 characters, e.g. 11.222.333/0001-81.",
                    IdFormat::BrCnpj,
                ),
                "id_type",
                &["CNPJ"],
            ),
        ],
    )
}

fn hk() -> RequirementSet {
    set(
        "HKIRC asks every .hk registrant for the type and number of an identifying document.",
        vec![
            select(
                "registrant_type",
                "Registrant type",
                "",
                &[("IND", "An individual"), ("ORG", "An organisation")],
            ),
            select(
                "document_type",
                "Document type",
                "",
                &[
                    ("HKID", "Hong Kong identity card"),
                    ("OTHID", "Identity card of another country"),
                    ("PASSNO", "Passport"),
                    ("BIRTHCERT", "Birth certificate"),
                    ("BR", "Business registration certificate"),
                    ("CI", "Certificate of incorporation"),
                    ("CRS", "Certificate of registration of a school"),
                    ("HKSARG", "Hong Kong SAR government department"),
                    ("HKORDINANCE", "Ordinance of Hong Kong"),
                    ("OTHORG", "Other organisation document"),
                ],
            ),
            text("document_number", "Document number", "", 40),
        ],
    )
}

fn tr_second_level(extension: &str) -> RequirementSet {
    // What proves eligibility, in English and as TRABIS words it in Turkish.
    let (proof, proof_tr) = match extension {
        ".av.tr" => (
            "a current registration certificate from your bar association (baro sicil belgesi)",
            "baronuzdan alınmış güncel baro sicil belgesi",
        ),
        ".bel.tr" => (
            "an official letter showing that the applicant is the municipality named in the domain",
            "başvuranın alan adında adı geçen belediye olduğunu gösteren resmi yazı",
        ),
        ".dr.tr" => (
            "your medical diploma or specialisation certificate, or your Turkish Medical Association registration",
            "tıp diplomanız ya da uzmanlık belgeniz veya Türk Tabipleri Birliği kaydınız",
        ),
        ".edu.tr" => (
            "the authorisation of the institution by the Council of Higher Education (YÖK)",
            "kurumun Yükseköğretim Kurulu (YÖK) tarafından verilmiş yetki belgesi",
        ),
        ".gov.tr" => (
            "an official letter of the public institution applying for the name",
            "alan adına başvuran kamu kurumunun resmi yazısı",
        ),
        ".k12.tr" => (
            "the Ministry of National Education's authorisation of the school",
            "okulun Milli Eğitim Bakanlığı'ndan aldığı kurum açma izni",
        ),
        ".kep.tr" => (
            "your licence as a registered e-mail (KEP) service provider",
            "kayıtlı elektronik posta (KEP) hizmet sağlayıcısı yetki belgeniz",
        ),
        ".pol.tr" => (
            "the authorisation of the General Directorate of Security",
            "Emniyet Genel Müdürlüğü'nün yetki yazısı",
        ),
        _ => (
            "the authorisation of the Turkish Armed Forces",
            "Türk Silahlı Kuvvetleri'nin yetki yazısı",
        ),
    };
    let mut items = vec![turkish(
        documents(
            "eligibility_documents",
            "Proof of eligibility",
            &format!("Upload {proof}. PDF or a clear scan or photo; up to three files."),
            &[FileType::Pdf, FileType::Jpeg, FileType::Png],
            10 * MB,
            3,
        ),
        "Hak sahipliği belgesi",
        &format!(
            "Şunu yükleyin: {proof_tr}. PDF ya da okunaklı bir tarama veya fotoğraf; en çok üç dosya."
        ),
    )];
    if matches!(extension, ".av.tr" | ".dr.tr") {
        items.insert(
            0,
            turkish(
                identifier(
                    "tckn",
                    "Turkish identity number (T.C. Kimlik No)",
                    "The number of the professional the name is for.",
                    IdFormat::TrTckn,
                ),
                "T.C. Kimlik No",
                "Alan adının ait olacağı meslek mensubunun kimlik numarası.",
            ),
        );
    }
    let mut set = set(
        &format!(
            "TRABIS, the .tr registry, registers {extension} names only for applicants who prove their \
             eligibility with documents."
        ),
        items,
    );
    set.details_translations.insert(
        "tr".to_owned(),
        format!(
            ".tr kayıt kuruluşu TRABIS, {extension} alan adlarını yalnızca hak sahipliğini belgeyle \
             kanıtlayan başvuru sahiplerine tahsis eder."
        ),
    );
    set
}

/// `item` with its label and explanation in Turkish too.
fn turkish(mut item: ItemDef, label: &str, explanation: &str) -> ItemDef {
    item.translations.insert(
        "tr".to_owned(),
        crate::domain::requirements::ItemTexts {
            label: label.to_owned(),
            explanation: explanation.to_owned(),
            ..Default::default()
        },
    );
    item
}
