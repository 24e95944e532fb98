//! The API's description: the OpenAPI 3.1 document generated from the handlers and their
//! types (`/api/v1/openapi.json`), and a reference page rendered from it on the server
//! (`/api/v1/docs`): plain HTML with one stylesheet allowed by its hash, no script, no
//! CDN, so the page's Content-Security-Policy stays strict.

use std::fmt::Write as _;

use axum::{
    Json,
    response::{Html, IntoResponse, Response},
};
use http::{HeaderValue, header};
use serde_json::Value;
use sha2::{Digest, Sha256};
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use super::{customers, orders};

const INTRODUCTION: &str = "\
The document step of a billing system's order flow. Create or update the customer by \
your own id, place the order by your own order id, send the customer to a one-time \
sign-in link to supply their documents, follow the order, download the approved \
documents, and report the registration if you make it yourself.\n\n\
Every call but this description needs `Authorization: Bearer rdk_…`, an API key an \
admin makes in Admin › API keys (read, or read and write). Each key has a rate limit per \
minute (429 with `Retry-After` beyond it). Errors are RFC 9457 problem details \
(`application/problem+json`) naming the `field` at fault. Every POST honours \
`Idempotency-Key`: the same request again within a day gets the same answer \
(`Idempotent-Replayed: true`) and changes nothing. Lists are paged with `cursor`.";

#[derive(OpenApi)]
#[openapi(
    info(title = "regdocs API", version = "1", description = INTRODUCTION),
    paths(
        customers::put_customer,
        customers::get_customer,
        customers::create_sign_in_link,
        orders::create_order,
        orders::list_orders,
        orders::get_order,
        orders::cancel_order,
        orders::report_registration,
        orders::list_documents,
        orders::download_document,
        orders::requirements,
    ),
    modifiers(&BearerKey),
    tags(
        (name = "Customers", description = "Customers by the billing system's id, and their sign-in links"),
        (name = "Orders", description = "Orders of domains that need documents"),
        (name = "Documents", description = "The documents of approved items"),
        (name = "Requirements", description = "What an extension asks for, as JSON Schema"),
    )
)]
pub struct ApiDoc;

/// Declares the bearer API key every call uses.
struct BearerKey;

impl Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("rdk_…")
                    .description(Some("An API key made in Admin › API keys"))
                    .build(),
            ),
        );
    }
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

const STYLE: &str = "\
body{font:16px/1.5 system-ui,sans-serif;color:#1d2330;background:#fafbfc;margin:0}\
main{max-width:60rem;margin:0 auto;padding:1.5rem}\
h1{margin-top:0}h2{margin-top:2.5rem;border-bottom:1px solid #d5dae3}\
section.op{background:#fff;border:1px solid #d5dae3;border-radius:8px;padding:1rem;margin:1rem 0}\
h3{margin:0 0 .5rem;font-size:1.05rem}code,pre{font-family:ui-monospace,monospace;font-size:.92em}\
.m{display:inline-block;min-width:3.6rem;text-align:center;border-radius:4px;padding:0 .4rem;margin-right:.5rem;color:#fff;font-weight:600}\
.get{background:#1f6f43}.post{background:#2f5bd3}.put{background:#8a4b08}.delete{background:#a1262c}\
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;vertical-align:top;border-top:1px solid #e5e8ee;padding:.3rem .5rem}\
th{font-weight:600}.scope{color:#555}a{color:#2f5bd3}p.desc{white-space:pre-line}";

/// `GET /api/v1/docs`: the reference, rendered from the OpenAPI document.
pub async fn reference_page() -> Response {
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null);
    let html = render(&doc);
    let style_hash = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(STYLE.as_bytes()))
    };
    let mut response = Html(html).into_response();
    if let Ok(csp) = HeaderValue::from_str(&format!(
        "default-src 'none'; style-src 'sha256-{style_hash}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` escaped, with `code` spans set in `<code>`.
fn prose(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", escape(part))
            } else {
                escape(part)
            }
        })
        .collect()
}

/// `#/components/schemas/Order` → `Order`.
fn ref_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

/// A schema's type, as a reader would say it, linking to named schemas.
fn type_of(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = ref_name(r);
        return format!("<a href=\"#schema-{0}\">{0}</a>", escape(name));
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        return options
            .iter()
            .map(type_of)
            .filter(|t| t != "null")
            .collect::<Vec<_>>()
            .join(" or ");
    }
    let kind = match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join(" or "),
        _ => String::new(),
    };
    match kind.as_str() {
        "array" => format!(
            "array of {}",
            schema.get("items").map_or_else(String::new, type_of)
        ),
        "object" if schema.get("additionalProperties").is_some() => "object (key → value)".into(),
        _ => {
            let format = schema.get("format").and_then(Value::as_str);
            match format {
                Some(f) => format!("{} ({})", escape(&kind), escape(f)),
                None => escape(&kind),
            }
        }
    }
}

fn render(doc: &Value) -> String {
    let title = doc["info"]["title"].as_str().unwrap_or("API");
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} reference</title><style>{STYLE}</style></head><body><main>\
         <h1>{} reference</h1><p class=\"desc\">{}</p>\
         <p>Machine-readable: <a href=\"/api/v1/openapi.json\">openapi.json</a> (OpenAPI {}).</p>",
        escape(title),
        escape(title),
        prose(doc["info"]["description"].as_str().unwrap_or("")),
        escape(doc["openapi"].as_str().unwrap_or("3.1")),
    );
    html.push_str("<h2>Calls</h2>");
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                render_operation(&mut html, method, path, op);
            }
        }
    }
    html.push_str("<h2>Types</h2>");
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            let _ = write!(
                html,
                "<section class=\"op\" id=\"schema-{0}\"><h3>{0}</h3>",
                escape(name)
            );
            if let Some(d) = schema["description"].as_str() {
                let _ = write!(html, "<p class=\"desc\">{}</p>", prose(d));
            }
            let required: Vec<&str> = schema["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if let Some(props) = schema["properties"].as_object() {
                html.push_str("<table><tr><th>Field</th><th>Type</th><th>About</th></tr>");
                for (field, p) in props {
                    let _ = write!(
                        html,
                        "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
                        escape(field),
                        if required.contains(&field.as_str()) {
                            " (required)"
                        } else {
                            ""
                        },
                        type_of(p),
                        prose(p["description"].as_str().unwrap_or("")),
                    );
                }
                html.push_str("</table>");
            }
            html.push_str("</section>");
        }
    }
    html.push_str("</main></body></html>");
    html
}

fn render_operation(html: &mut String, method: &str, path: &str, op: &Value) {
    let _ = write!(
        html,
        "<section class=\"op\"><h3><span class=\"m {0}\">{1}</span><code>{2}</code></h3>",
        escape(method),
        escape(&method.to_uppercase()),
        escape(path)
    );
    if let Some(summary) = op["summary"].as_str() {
        let _ = write!(html, "<p>{}</p>", prose(summary));
    }
    if let Some(d) = op["description"].as_str() {
        let _ = write!(html, "<p class=\"desc\">{}</p>", prose(d));
    }
    let scopes: Vec<&str> = op["security"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["api_key"].as_array())
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if !scopes.is_empty() {
        let _ = write!(
            html,
            "<p class=\"scope\">Key scope: {}</p>",
            escape(&scopes.join(", "))
        );
    }
    if let Some(params) = op["parameters"].as_array() {
        html.push_str("<table><tr><th>Parameter</th><th>In</th><th>Type</th><th>About</th></tr>");
        for p in params {
            let _ = write!(
                html,
                "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(p["name"].as_str().unwrap_or("")),
                if p["required"].as_bool() == Some(true) {
                    " (required)"
                } else {
                    ""
                },
                escape(p["in"].as_str().unwrap_or("")),
                type_of(&p["schema"]),
                prose(p["description"].as_str().unwrap_or("")),
            );
        }
        html.push_str("</table>");
    }
    if let Some(content) = op["requestBody"]["content"].as_object() {
        for (media, body) in content {
            let _ = write!(
                html,
                "<p>Body: {} <code>{}</code></p>",
                type_of(&body["schema"]),
                escape(media)
            );
        }
    }
    if let Some(responses) = op["responses"].as_object() {
        html.push_str("<table><tr><th>Answer</th><th>Body</th><th>When</th></tr>");
        for (status, r) in responses {
            let body = r["content"]
                .as_object()
                .and_then(|c| c.values().next())
                .map_or_else(String::new, |b| type_of(&b["schema"]));
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(status),
                body,
                prose(r["description"].as_str().unwrap_or("")),
            );
        }
        html.push_str("</table>");
    }
    html.push_str("</section>");
}
