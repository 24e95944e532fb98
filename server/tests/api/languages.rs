//! Languages: pages in the language asked for (the `lang` cookie, else
//! `Accept-Language`), the choice kept in the account, e-mails in the recipient's
//! language, item texts in the customer's language, and no English left on a Turkish
//! customer's pages.

use std::collections::BTreeSet;

use app::{
    api::account::SetLanguage,
    backend::entities::{mail_outbox, user},
    domain::{
        Role,
        requirements::{ItemKind, ItemTexts, RequirementSet},
    },
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::common::{TestApp, TestDatabase, flow, spawn_app};

async fn page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut request = app.client.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The `lang` attribute of the page's `<html>`.
fn html_lang(html: &str) -> &str {
    let start = html.find("<html").expect("an html element");
    let tag = &html[start..start + html[start..].find('>').unwrap()];
    let at = tag.find("lang=\"").expect("a lang attribute") + "lang=\"".len();
    &tag[at..at + tag[at..].find('"').unwrap()]
}

/// What a reader of `html` sees or hears: the text between tags (scripts and styles
/// left out) and the texts of `placeholder`, `aria-label`, `title` and `alt`.
fn readable_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        let tail = &rest[open..];
        let lower = tail.get(..8).unwrap_or(tail).to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") {
            tail.find("</script>").map(|i| i + 9)
        } else if lower.starts_with("<style") {
            tail.find("</style>").map(|i| i + 8)
        } else if lower.starts_with("<!--") {
            tail.find("-->").map(|i| i + 3)
        } else {
            let end = tail.find('>').map_or(tail.len(), |i| i + 1);
            for attribute in ["placeholder=\"", "aria-label=\"", "title=\"", "alt=\""] {
                if let Some(at) = tail[..end].find(attribute) {
                    let value = &tail[at + attribute.len()..end];
                    out.push_str(&value[..value.find('"').unwrap_or(0)]);
                    out.push(' ');
                }
            }
            Some(end)
        };
        rest = &tail[skip_to.unwrap_or(tail.len())..];
    }
    out.push_str(rest);
    out.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every text of one language's translation files.
fn texts_of(language: &str) -> Vec<String> {
    fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out)),
            serde_json::Value::String(text) => out.push(text.clone()),
            _ => {}
        }
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../app/locales")
        .join(language);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        walk(&serde_json::from_str(&text).unwrap(), &mut out);
    }
    out
}

/// The English interface's phrases (two words or more, the parts between variables)
/// that Turkish does not share.
fn english_phrases() -> BTreeSet<String> {
    let turkish = texts_of("tr").join("\n");
    texts_of("en")
        .iter()
        .filter(|text| !text.contains("-- \n"))
        .flat_map(|text| {
            text.split("{{")
                .flat_map(|part| part.rsplit("}}").next())
                .map(|part| {
                    part.trim()
                        .trim_matches(|c: char| c.is_ascii_punctuation())
                        .trim()
                        .to_owned()
                })
                .collect::<Vec<_>>()
        })
        .filter(|phrase| phrase.split_whitespace().count() >= 2 && phrase.len() >= 8)
        .filter(|phrase| !turkish.contains(phrase.as_str()))
        .collect()
}

/// English words no Turkish sentence of the app has: one of them on a Turkish page is a
/// text that bypassed the translations.
const ENGLISH_WORDS: &[&str] = &[
    "the",
    "your",
    "you",
    "and",
    "please",
    "order",
    "orders",
    "upload",
    "documents",
    "submit",
    "save",
    "sign",
    "account",
    "required",
    "items",
    "with",
    "for",
    "not",
    "this",
    "what",
];

fn english_left(phrases: &BTreeSet<String>, text: &str) -> Vec<String> {
    let mut found: Vec<String> = phrases
        .iter()
        .filter(|p| text.contains(p.as_str()))
        .cloned()
        .collect();
    // Dotted and underscored names (event types such as `order.placed`) are one word.
    let words: BTreeSet<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_'))
        .map(|w| w.trim_matches('.').to_lowercase())
        .collect();
    found.extend(
        ENGLISH_WORDS
            .iter()
            .filter(|w| words.contains(**w))
            .map(|w| format!("word “{w}”")),
    );
    found
}

/// What each of `pages` (a path, the cookie to send and the status it answers with)
/// shows in English although it is rendered in Turkish (`<html lang="tr">`).
async fn english_on_pages(app: &TestApp, pages: &[(String, &str, u16)]) -> Vec<String> {
    let phrases = english_phrases();
    let mut problems = Vec::new();
    for (path, cookie, expected) in pages {
        let (status, html) = page(app, path, &[("cookie", cookie)]).await;
        assert_eq!(status, *expected, "{path}");
        assert_eq!(html_lang(&html), "tr", "{path}");
        let text = readable_text(&html);
        if std::env::var_os("SHOW_TEXT").is_some() {
            eprintln!("{path}: {text}");
        }
        let left = english_left(&phrases, &text);
        if !left.is_empty() {
            problems.push(format!("{path}: {left:?}"));
        }
    }
    problems
}

/// `cookie`'s account chooses `language`, as the header's switcher does.
async fn choose_language(app: &TestApp, cookie: &str, language: &str) -> reqwest::Response {
    app.call(
        &SetLanguage {
            language: language.into(),
        },
        Some(cookie),
    )
    .await
}

/// `.us` with Turkish texts for its details, its items and the options of its choice.
fn us_in_turkish() -> RequirementSet {
    let mut set = flow::us_requirements(2, 100 * 1024);
    set.items.retain(|i| i.key != "nexus_country");
    set.details_translations
        .insert("tr".into(), "usTLD bir bağ (nexus) ister.".into());
    for item in &mut set.items {
        let mut texts = ItemTexts {
            label: format!("{} öğesi", item.key),
            ..Default::default()
        };
        if let ItemKind::Select { options } = &item.kind {
            for (option, turkish) in options.iter().zip(["Vatandaş", "Yabancı kuruluş"]) {
                texts.options.insert(option.value.clone(), turkish.into());
            }
        }
        item.translations.insert("tr".into(), texts);
    }
    set
}

async fn pages_follow_the_cookie_then_accept_language(database: TestDatabase) {
    let app = spawn_app(database).await;

    let (_, english) = page(&app, "/", &[]).await;
    assert_eq!(html_lang(&english), "en");
    assert!(english.contains("How it works"));

    let (_, turkish) = page(&app, "/", &[("accept-language", "tr-TR,tr;q=0.9,en;q=0.8")]).await;
    assert_eq!(html_lang(&turkish), "tr");
    assert!(turkish.contains("Nasıl çalışır"), "the header in Turkish");
    assert!(!turkish.contains("How it works"));

    // The chosen language wins over the browser's.
    let (_, chosen) = page(
        &app,
        "/",
        &[("accept-language", "tr-TR,tr;q=0.9"), ("cookie", "lang=en")],
    )
    .await;
    assert_eq!(html_lang(&chosen), "en");

    // A language the app does not have gets English.
    let (_, other) = page(&app, "/", &[("accept-language", "fr-FR,fr;q=0.9")]).await;
    assert_eq!(html_lang(&other), "en");
}

/// The text of the page's `<title>`.
fn title(html: &str) -> &str {
    let start = html.find("<title>").expect("a title") + "<title>".len();
    &html[start..start + html[start..].find("</title>").expect("a closed title")]
}

/// Many pages rendered at once in both languages by a multi-threaded server: every page
/// answers, and every `<title>` is in its own reader's language. (`leptos_meta` writes the
/// title into the `<head>` once the body's first chunk is out, outside the request's
/// reactive arena, where reading the language signal found another request's arena or
/// none, and panicked.)
async fn titles_follow_each_readers_language_in_parallel(database: TestDatabase) {
    let app = spawn_app(database).await;
    let pages = [
        ("/", "Domain document management", "Alan adı belge yönetimi"),
        ("/login", "Sign in", "Giriş yap"),
        ("/signup", "Create an account", "Hesap oluşturun"),
    ];
    let answers = futures_util::future::join_all((0..240).map(|n| {
        let (path, english, turkish) = pages[n % pages.len()];
        let (language, expected) = if n % 2 == 0 {
            ("en", english)
        } else {
            ("tr", turkish)
        };
        let app = &app;
        async move {
            let (status, html) = page(app, path, &[("accept-language", language)]).await;
            (path, language, expected, status, html)
        }
    }))
    .await;
    for (path, language, expected, status, html) in answers {
        assert_eq!(status, 200, "{path} in {language}");
        assert_eq!(html_lang(&html), language, "{path}");
        assert_eq!(
            title(&html),
            format!("{expected} · regdocs"),
            "{path} in {language}"
        );
    }
}

async fn the_choice_is_kept_in_the_account_and_the_browser(database: TestDatabase) {
    let app = spawn_app(database).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;

    let response = choose_language(&app, &ada, "tr").await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("lang=tr;"), "{cookie}");
    let stored = user::Entity::find()
        .filter(user::Column::Email.eq("ada@example.com"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.language, "tr");

    // Signing in again (another browser) brings the account's language with it.
    let response = app
        .post_form(
            <app::api::account::LogIn as leptos::server_fn::ServerFn>::PATH,
            &[
                ("email", "ada@example.com"),
                ("password", crate::common::TEST_PASSWORD),
            ],
            None,
        )
        .await;
    let cookies: Vec<&str> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("lang=tr;")),
        "{cookies:?}"
    );

    let refused = choose_language(&app, &ada, "xx").await;
    assert_eq!(
        refused.status(),
        422,
        "a language the app does not have is refused"
    );
}

/// A server with `.us` defined in Turkish too, Ada (who chose Turkish) signed in, and
/// her order of example.us.
async fn turkish_ada_orders(database: TestDatabase) -> (TestApp, String, i32) {
    let app = spawn_app(database).await;
    flow::define_us_as(&app, us_in_turkish()).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let chosen = choose_language(&app, &ada, "tr").await;
    assert_eq!(chosen.status(), 200);
    let id = flow::placed(&app, &ada, "example.us").await;
    (app, ada, id)
}

async fn a_turkish_customer_gets_turkish_mail_and_item_texts(database: TestDatabase) {
    let (app, ada, id) = turkish_ada_orders(database).await;

    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Kind.eq("documents_requested"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the customer was written to");
    assert_eq!(mail.subject, "example.us için belgeler gerekiyor");
    assert!(
        mail.body.starts_with("Merhaba Test Person,"),
        "{}",
        mail.body
    );
    assert!(mail.body.contains(&format!("/orders/{id}")));

    let (status, html) = page(
        &app,
        &format!("/orders/{id}"),
        &[("cookie", &format!("{ada}; lang=tr"))],
    )
    .await;
    assert_eq!(status, 200);
    let text = readable_text(&html);
    assert!(
        text.contains("nexus öğesi"),
        "the item's Turkish label: {text}"
    );
    assert!(
        text.contains("Yabancı kuruluş"),
        "the option's Turkish label"
    );
    assert!(text.contains("usTLD bir bağ (nexus) ister."));
    assert!(!text.contains("The nexus"), "not the English label");

    // An admin reading English gets the submission notice in English.
    let (_, english) = page(
        &app,
        &format!("/orders/{id}"),
        &[("cookie", &format!("{ada}; lang=en"))],
    )
    .await;
    assert!(readable_text(&english).contains("The nexus"));
}

async fn a_turkish_customer_reads_no_english(database: TestDatabase) {
    let (app, ada, id) = turkish_ada_orders(database).await;
    let signed_in = format!("{ada}; lang=tr");

    let pages = [
        ("/".to_owned(), signed_in.as_str(), 200),
        ("/orders".to_owned(), signed_in.as_str(), 200),
        (format!("/orders/{id}"), signed_in.as_str(), 200),
        ("/documents".to_owned(), signed_in.as_str(), 200),
        ("/account".to_owned(), signed_in.as_str(), 200),
        ("/extensions/us".to_owned(), signed_in.as_str(), 200),
        ("/login".to_owned(), "lang=tr", 200),
        ("/signup".to_owned(), "lang=tr", 200),
        ("/forbidden".to_owned(), "lang=tr", 403),
        ("/no/such/page".to_owned(), "lang=tr", 404),
    ];
    let problems = english_on_pages(&app, &pages).await;
    assert!(
        problems.is_empty(),
        "English on Turkish pages:\n{}",
        problems.join("\n")
    );
}

/// Every admin page in Turkish, for an admin who chose it (the outbox is left out: it
/// shows e-mails as they were written, in their recipients' languages).
async fn a_turkish_admin_reads_no_english(database: TestDatabase) {
    let (app, ada, id) = turkish_ada_orders(database).await;
    // Every admin reads Turkish (the notice of the submission is written to each in theirs).
    user::Entity::update_many()
        .col_expr(
            user::Column::Language,
            sea_orm::sea_query::Expr::value("tr"),
        )
        .filter(user::Column::Role.eq(Role::Admin))
        .exec(&app.db)
        .await
        .unwrap();
    flow::ada_submits(&app, &ada, id).await;
    let root = app.signed_in("root@example.com", Role::Admin).await;
    let chosen = choose_language(&app, &root, "tr").await;
    assert_eq!(chosen.status(), 200);
    let cookie = format!("{root}; lang=tr");

    let pages: Vec<(String, &str, u16)> = [
        "/admin".to_owned(),
        "/admin/extensions".to_owned(),
        "/admin/reviews".to_owned(),
        format!("/admin/orders/{id}"),
        "/admin/documents".to_owned(),
        "/admin/documents/new".to_owned(),
        "/admin/reasons".to_owned(),
        "/admin/api-keys".to_owned(),
        "/admin/webhooks".to_owned(),
    ]
    .into_iter()
    .map(|path| (path, cookie.as_str(), 200))
    .collect();
    let problems = english_on_pages(&app, &pages).await;
    assert!(
        problems.is_empty(),
        "English on Turkish admin pages:\n{}",
        problems.join("\n")
    );
}

/// A template picked without a typed statement is written in each customer's language:
/// rejected on a Turkish and an English customer's orders at once (bulk), each reads
/// their own; the form's `translations[tr]` field keeps the Turkish text.
async fn a_reason_template_speaks_the_customers_language(database: TestDatabase) {
    use app::api::{
        reasons::{ReasonTemplate, SaveReason},
        review::DecideOrders,
    };
    use app::domain::orders::ReviewDecision;
    use leptos::server_fn::ServerFn;

    let app = spawn_app(database).await;
    flow::define_us(&app).await;
    let root = app.signed_in("root@example.com", Role::Admin).await;
    let saved = app
        .post_form(
            SaveReason::PATH,
            &[
                ("title", "Unreadable"),
                ("statement", "The scan cannot be read."),
                ("translations[tr]", "Tarama okunamıyor."),
            ],
            Some(&root),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let template: ReasonTemplate = saved.json().await.unwrap();
    assert_eq!(template.statement_in("tr"), "Tarama okunamıyor.");

    let mut orders = Vec::new();
    for (email, language, domain) in [
        ("ada@example.com", "tr", "ada.us"),
        ("bob@example.com", "en", "bob.us"),
    ] {
        let customer = app.signed_in(email, Role::Customer).await;
        choose_language(&app, &customer, language).await;
        let id = flow::placed(&app, &customer, domain).await;
        flow::ada_submits(&app, &customer, id).await;
        orders.push((customer, id));
    }
    let bulk = DecideOrders {
        order_ids: format!("{},{}", orders[0].1, orders[1].1),
        decision: ReviewDecision::Reject,
        statement: None,
        template_id: Some(template.id),
    };
    assert_eq!(app.call(&bulk, Some(&root)).await.status(), 200);

    for ((customer, id), expected) in orders
        .iter()
        .zip(["Tarama okunamıyor.", "The scan cannot be read."])
    {
        let order = flow::order(&app, customer, *id).await;
        let statements: Vec<_> = order
            .items
            .iter()
            .filter_map(|i| i.statement.clone())
            .collect();
        assert!(!statements.is_empty());
        assert!(statements.iter().all(|s| s == expected), "{statements:?}");
    }
}

/// What the app refuses is said in the language of the request: a domain name, the
/// answers of a submission, an upload, a REST API call; English without a choice.
async fn refusals_are_written_in_the_readers_language(database: TestDatabase) {
    let (app, ada, id) = turkish_ada_orders(database).await;
    let turkish = format!("{ada}; lang=tr");
    let english = format!("{ada}; lang=en");
    let message = |body: serde_json::Value| body["message"].as_str().unwrap_or("").to_owned();

    let refused = flow::place(&app, &turkish, "example..us").await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        message(refused.json().await.unwrap()),
        "Adın bir bölümü boş: art arda iki nokta ya da sonda bir nokta olup olmadığını kontrol edin."
    );
    let refused = flow::place(&app, &english, "example..us").await;
    assert!(message(refused.json().await.unwrap()).starts_with("A part of the name is empty"));

    // Nothing answered: each item's problem in Turkish.
    let refused = flow::submit(&app, &turkish, id, &[]).await;
    assert_eq!(refused.status(), 422);
    let body: serde_json::Value = refused.json().await.unwrap();
    let problems: Vec<&str> = body["problems"]
        .as_array()
        .expect("the problems")
        .iter()
        .filter_map(|p| p["message"].as_str())
        .collect();
    assert!(
        problems.contains(&"Lütfen bu alanı doldurun."),
        "{problems:?}"
    );
    assert!(
        problems.contains(&"Lütfen bu belgeyi yükleyin."),
        "{problems:?}"
    );

    // A picture where only PDF is accepted, through the upload route.
    let refused = flow::upload(&app, &turkish, id, "proof", "id.png", flow::png(2_000)).await;
    assert!(refused.status().is_client_error(), "{}", refused.status());
    let text = message(refused.json().await.unwrap());
    assert!(
        text.starts_with("Bu dosya kabul edilen türlerden biri değil"),
        "{text}"
    );
    let refused = flow::upload(&app, &english, id, "proof", "id.png", flow::png(2_000)).await;
    let text = message(refused.json().await.unwrap());
    assert!(
        text.starts_with("This file is not one of the accepted types"),
        "{text}"
    );

    // The REST API follows Accept-Language, English by default.
    for (language, expected) in [(None, "API key"), (Some("tr-TR,tr;q=0.9"), "API anahtar")] {
        let mut request = app.client.get(app.url("/api/v1/orders"));
        if let Some(language) = language {
            request = request.header("accept-language", language);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401);
        let problem: serde_json::Value = response.json().await.unwrap();
        let detail = problem["detail"].as_str().unwrap_or("");
        assert!(detail.contains(expected), "{language:?}: {detail}");
    }
}

on_both_databases!(
    pages_follow_the_cookie_then_accept_language,
    the_choice_is_kept_in_the_account_and_the_browser,
    a_turkish_customer_gets_turkish_mail_and_item_texts,
    a_turkish_customer_reads_no_english,
    a_reason_template_speaks_the_customers_language,
    a_turkish_admin_reads_no_english,
    refusals_are_written_in_the_readers_language,
);

in_parallel_on_both_databases!(titles_follow_each_readers_language_in_parallel);
