//! The state of an order or an item as a coloured pill, and the history of an item's
//! submitted attempts: the same everywhere they appear. Also the translated names of
//! states and document kinds, and a document's facts, for every page.

use leptos::prelude::*;

use crate::{
    domain::{
        order_view::{AttemptView, DocumentView},
        orders::{ItemStatus, OrderStatus},
        requirements::{DocumentKind, Pixels},
        units::human_size,
    },
    i18n::{Locale, t_string, td_string, use_i18n},
};

/// [`OrderStatus::label`] in `locale`.
pub fn order_status_text(locale: Locale, status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::AwaitingDocuments => {
            td_string!(locale, common.order_status.awaiting_documents)
        }
        OrderStatus::UnderReview => td_string!(locale, common.order_status.under_review),
        OrderStatus::ActionRequired => td_string!(locale, common.order_status.action_required),
        OrderStatus::Approved => td_string!(locale, common.order_status.approved),
        OrderStatus::Registering => td_string!(locale, common.order_status.registering),
        OrderStatus::Registered => td_string!(locale, common.order_status.registered),
        OrderStatus::RegistrationFailed => {
            td_string!(locale, common.order_status.registration_failed)
        }
        OrderStatus::ReadyToRegister => td_string!(locale, common.order_status.ready_to_register),
        OrderStatus::Cancelled => td_string!(locale, common.order_status.cancelled),
    }
}

/// [`OrderStatus::explanation`] in `locale`.
pub fn order_status_explanation(locale: Locale, status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::AwaitingDocuments => {
            td_string!(locale, common.order_status_explanation.awaiting_documents)
        }
        OrderStatus::UnderReview => {
            td_string!(locale, common.order_status_explanation.under_review)
        }
        OrderStatus::ActionRequired => {
            td_string!(locale, common.order_status_explanation.action_required)
        }
        OrderStatus::Approved => td_string!(locale, common.order_status_explanation.approved),
        OrderStatus::Registering => td_string!(locale, common.order_status_explanation.registering),
        OrderStatus::Registered => td_string!(locale, common.order_status_explanation.registered),
        OrderStatus::RegistrationFailed => {
            td_string!(locale, common.order_status_explanation.registration_failed)
        }
        OrderStatus::ReadyToRegister => {
            td_string!(locale, common.order_status_explanation.ready_to_register)
        }
        OrderStatus::Cancelled => td_string!(locale, common.order_status_explanation.cancelled),
    }
}

/// [`ItemStatus::label`] in `locale`.
pub fn item_status_text(locale: Locale, status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Missing => td_string!(locale, common.item_status.missing),
        ItemStatus::Draft => td_string!(locale, common.item_status.draft),
        ItemStatus::Submitted => td_string!(locale, common.item_status.submitted),
        ItemStatus::Approved => td_string!(locale, common.item_status.approved),
        ItemStatus::Rejected => td_string!(locale, common.item_status.rejected),
    }
}

/// [`DocumentKind::label`] in `locale`.
pub fn document_kind_text(locale: Locale, kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Identity => td_string!(locale, common.document_kind.identity),
        DocumentKind::CompanyRegistration => {
            td_string!(locale, common.document_kind.company_registration)
        }
        DocumentKind::Trademark => td_string!(locale, common.document_kind.trademark),
        DocumentKind::Eligibility => td_string!(locale, common.document_kind.eligibility),
        DocumentKind::Address => td_string!(locale, common.document_kind.address),
    }
}

/// [`DocumentView::facts`] in `locale`: its size and what was measured, "2 MB · 3 pages".
pub fn document_facts_text(locale: Locale, doc: &DocumentView) -> String {
    facts_text(locale, doc.size_bytes, doc.pixels, doc.pages)
}

/// A file's size and what was measured in it, for people in `locale`: "2 MB · 3 pages",
/// "512 KB · 1200 × 800 pixels".
pub fn facts_text(
    locale: Locale,
    size_bytes: u64,
    pixels: Option<Pixels>,
    pages: Option<u32>,
) -> String {
    let size = human_size(size_bytes, locale);
    let measures = match (pixels, pages) {
        (Some(p), _) => Some(pixels_text(locale, p)),
        (None, Some(n)) => {
            Some(td_string!(locale, common.document_facts.pages, count = n).to_string())
        }
        (None, None) => None,
    };
    match measures {
        Some(m) => format!("{size} · {m}"),
        None => size,
    }
}

/// A picture's size for people in `locale`: "1200 × 800 pixels".
pub fn pixels_text(locale: Locale, pixels: Pixels) -> String {
    td_string!(
        locale,
        common.document_facts.pixels,
        width = pixels.width,
        height = pixels.height
    )
}

/// What a file item accepts by size, for people in `locale`: "up to 10 MB each",
/// "20 KB to 10 MB each, pictures at least 1200 × 800 pixels".
pub fn size_rule_text(
    locale: Locale,
    min_size_bytes: u64,
    max_size_bytes: u64,
    min_pixels: Option<Pixels>,
) -> String {
    let sizes = if min_size_bytes > 0 {
        td_string!(
            locale,
            common.size_rule.range,
            min = human_size(min_size_bytes, locale),
            max = human_size(max_size_bytes, locale)
        )
    } else {
        td_string!(
            locale,
            common.size_rule.up_to,
            max = human_size(max_size_bytes, locale)
        )
    };
    match min_pixels {
        Some(p) => format!(
            "{sizes}, {}",
            td_string!(
                locale,
                common.size_rule.pictures_at_least,
                pixels = pixels_text(locale, p)
            )
        ),
        None => sizes,
    }
}

/// An order's state.
#[component]
pub fn StatusPill(status: OrderStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("pill pill-{}", status.as_str())>
            {move || order_status_text(i18n.get_locale(), status)}
        </span>
    }
}

/// An item's state.
#[component]
pub fn ItemPill(status: ItemStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("pill pill-item-{}", status.as_str())>
            {move || item_status_text(i18n.get_locale(), status)}
        </span>
    }
}

/// The submitted attempts of an item, oldest first, with their decisions, values,
/// documents (as links when `links`) and statements, folded away under `title`.
#[component]
pub fn AttemptHistory(
    attempts: Vec<AttemptView>,
    #[prop(into)] title: Signal<String>,
    #[prop(optional)] links: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    (!attempts.is_empty()).then(|| {
        view! {
            <details class="history">
                <summary>{move || title.get()}</summary>
                <ol>
                    {attempts
                        .into_iter()
                        .map(|a| {
                            let documents = a
                                .documents
                                .into_iter()
                                .map(|d| {
                                    if let Some(at) = d.purged_at {
                                        let name = d.name;
                                        view! {
                                            <span class="history-value">
                                                {move || format!(
                                                    " — {}",
                                                    t_string!(i18n, common.attempt_history.purged_document, name = &name, date = &at),
                                                )}
                                            </span>
                                        }
                                            .into_any()
                                    } else if links {
                                        view! { " — " <a href=format!("/documents/{}", d.id)>{d.name}</a> }.into_any()
                                    } else {
                                        view! { <span class="history-value">{format!(" — {}", d.name)}</span> }.into_any()
                                    }
                                })
                                .collect_view();
                            let attempt = a.attempt;
                            let decision = a.decision;
                            let submitted_at = a.submitted_at;
                            view! {
                                <li>
                                    <span class=format!("pill pill-item-{}", decision.as_str())>
                                        {move || attempt_text(i18n.get_locale(), attempt, decision)}
                                    </span>
                                    <span class="muted">
                                        {move || format!(
                                            " {}",
                                            t_string!(i18n, common.attempt_history.submitted_on, date = &submitted_at),
                                        )}
                                    </span>
                                    {a.value.map(|v| view! { <span class="history-value">{format!(" — {v}")}</span> })}
                                    {documents}
                                    {a
                                        .statement
                                        .map(|s| {
                                            view! {
                                                <p class="history-statement">
                                                    {move || t_string!(i18n, common.attempt_history.statement, statement = &s).to_string()}
                                                </p>
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </details>
        }
    })
}

/// "Attempt 2: rejected" in `locale`.
fn attempt_text(locale: Locale, attempt: i32, decision: ItemStatus) -> String {
    match decision {
        ItemStatus::Missing => {
            td_string!(locale, common.attempt_history.missing, attempt = attempt)
        }
        ItemStatus::Draft => td_string!(locale, common.attempt_history.draft, attempt = attempt),
        ItemStatus::Submitted => {
            td_string!(locale, common.attempt_history.submitted, attempt = attempt)
        }
        ItemStatus::Approved => {
            td_string!(locale, common.attempt_history.approved, attempt = attempt)
        }
        ItemStatus::Rejected => {
            td_string!(locale, common.attempt_history.rejected, attempt = attempt)
        }
    }
}

/// A registrar module's name for people in `locale`, by the module's `name`; `label` (the
/// module's own English label) for a module the translations do not know.
pub fn registrar_module_text(locale: Locale, name: &str, label: &str) -> String {
    match name {
        "manual" => td_string!(locale, common.registrar_module.manual).to_owned(),
        "presets" => td_string!(locale, common.registrar_module.presets).to_owned(),
        "email" => td_string!(locale, common.registrar_module.email).to_owned(),
        "http" => td_string!(locale, common.registrar_module.http).to_owned(),
        _ => label.to_owned(),
    }
}
