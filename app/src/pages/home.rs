//! The start page: what regdocs does, how the flow goes, and which extensions are
//! offered, with a domain checker that answers as you type.

use crate::components::PageTitle;
use leptos::prelude::*;

use crate::{
    api::catalog::list_offered_extensions,
    domain::{DomainName, ExtensionName},
    i18n::{t_string, use_i18n},
};

/// Explains the service and lists the offered extensions.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let extensions = OnceResource::new(list_offered_extensions());

    view! {
        <PageTitle text=move || t_string!(i18n, home.page_title).to_string()/>
        <section class="hero">
            <p class="eyebrow">{move || t_string!(i18n, home.eyebrow)}</p>
            <h1>{move || t_string!(i18n, home.headline)}</h1>
            <p class="lead">{move || t_string!(i18n, home.lead)}</p>
        </section>

        <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, home.loading_extensions)}</p> }>
            {move || Suspend::new(async move {
                extensions
                    .await
                    .map(|offered| {
                        let chips = offered.clone();
                        view! {
                            <DomainChecker offered/>
                            <section id="extensions" class="section">
                                <h2>{move || t_string!(i18n, home.extensions_title)}</h2>
                                <ul class="chips" aria-label=move || t_string!(i18n, home.extensions_label)>
                                    {chips
                                        .into_iter()
                                        .map(|ext| {
                                            let href = format!("/extensions/{}", ext.as_str().trim_start_matches('.'));
                                            view! {
                                                <li class="chip">
                                                    <a href=href>{ext.to_string()}</a>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                        }
                    })
            })}
        </Transition>

        <section id="how-it-works" class="section">
            <h2>{move || t_string!(i18n, home.how_it_works)}</h2>
            <ol class="steps">
                <li>
                    <h3>{move || t_string!(i18n, home.steps.define_title)}</h3>
                    <p>{move || t_string!(i18n, home.steps.define_text)}</p>
                </li>
                <li>
                    <h3>{move || t_string!(i18n, home.steps.supply_title)}</h3>
                    <p>{move || t_string!(i18n, home.steps.supply_text)}</p>
                </li>
                <li>
                    <h3>{move || t_string!(i18n, home.steps.review_title)}</h3>
                    <p>{move || t_string!(i18n, home.steps.review_text)}</p>
                </li>
                <li>
                    <h3>{move || t_string!(i18n, home.steps.register_title)}</h3>
                    <p>{move || t_string!(i18n, home.steps.register_text)}</p>
                </li>
            </ol>
        </section>
    }
}

/// What the checker says about the name typed so far.
#[derive(Clone, PartialEq)]
enum Verdict {
    Empty,
    Invalid(String),
    Offered(DomainName, ExtensionName),
    NotOffered(DomainName),
}

/// A field that tells, as you type, whether a domain's extension is offered here. The
/// name is checked with the same rules the server applies.
#[component]
fn DomainChecker(offered: Vec<ExtensionName>) -> impl IntoView {
    let i18n = use_i18n();
    let offered = StoredValue::new(offered);
    let (query, set_query) = signal(String::new());
    let verdict = Memo::new(move |_| {
        let text = query.get();
        if text.trim().is_empty() {
            return Verdict::Empty;
        }
        match DomainName::parse_typed(&text) {
            Err(err) => Verdict::Invalid(err.text(i18n.get_locale())),
            Ok(name) => match offered.with_value(|o| name.extension_among(o).cloned()) {
                Some(ext) => Verdict::Offered(name, ext),
                None => Verdict::NotOffered(name),
            },
        }
    });

    view! {
        <section class="card checker" aria-labelledby="checker-title">
            <h2 id="checker-title">{move || t_string!(i18n, home.checker.title)}</h2>
            <form on:submit=|ev| ev.prevent_default()>
                <label for="domain-check">{move || t_string!(i18n, home.checker.label)}</label>
                <input
                    id="domain-check"
                    type="text"
                    inputmode="url"
                    placeholder="example.us"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=query
                    on:input=move |ev| set_query.set(event_target_value(&ev))
                />
            </form>
            <p
                class=move || match verdict.get() {
                    Verdict::Empty => "verdict",
                    Verdict::Invalid(_) | Verdict::NotOffered(_) => "verdict verdict-bad",
                    Verdict::Offered(..) => "verdict verdict-good",
                }
                role="status"
                aria-live="polite"
            >
                {move || match verdict.get() {
                    Verdict::Empty => t_string!(i18n, home.checker.empty).to_string(),
                    Verdict::Invalid(message) => message,
                    Verdict::Offered(name, ext) => {
                        t_string!(i18n, home.checker.offered, domain = name.display(), ext = ext.display())
                    }
                    Verdict::NotOffered(name) => {
                        t_string!(i18n, home.checker.not_offered, domain = name.display())
                    }
                }}
            </p>
        </section>
    }
}
