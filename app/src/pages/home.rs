//! The start page: what regdocs does, how the flow goes, and which extensions are
//! offered, with a domain checker that answers as you type.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::catalog::list_offered_extensions,
    domain::{DomainName, ExtensionName},
};

/// Explains the service and lists the offered extensions.
#[component]
pub fn HomePage() -> impl IntoView {
    let extensions = OnceResource::new(list_offered_extensions());

    view! {
        <Title text="Domain document management"/>
        <section class="hero">
            <p class="eyebrow">"Domain document management"</p>
            <h1>"The documents a registry asks for, collected and reviewed in one place."</h1>
            <p class="lead">
                "Some extensions — .us, .ca, .eu, .cn, .av.tr and more — need identity or business "
                "documents before a registrar will register them. regdocs asks your customer for "
                "exactly what each extension needs, lets your staff approve or reject every item "
                "with a reason the customer sees, and starts the registration once all is in order."
            </p>
        </section>

        <Transition fallback=|| view! { <p class="muted">"Loading the extension list…"</p> }>
            {move || Suspend::new(async move {
                extensions
                    .await
                    .map(|offered| {
                        let chips = offered.clone();
                        view! {
                            <DomainChecker offered/>
                            <section id="extensions" class="section">
                                <h2>"Extensions on offer"</h2>
                                <ul class="chips" aria-label="Offered extensions">
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
            <h2>"How it works"</h2>
            <ol class="steps">
                <li>
                    <h3>"Define what each extension needs"</h3>
                    <p>
                        "Staff mark an extension as requiring documents and list the items: "
                        "information to fill in and files to upload, each with its explanation."
                    </p>
                </li>
                <li>
                    <h3>"The customer supplies it"</h3>
                    <p>
                        "An order for such a domain waits, in progress, until the customer has "
                        "filled in every item and uploaded every document."
                    </p>
                </li>
                <li>
                    <h3>"Staff review every item"</h3>
                    <p>
                        "A badge shows new submissions at once. Each item is approved, or "
                        "rejected with a statement telling the customer what to fix."
                    </p>
                </li>
                <li>
                    <h3>"Registration starts"</h3>
                    <p>
                        "When everything is approved, the registrar module takes over and the "
                        "customer follows the order to “registered”."
                    </p>
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
    let offered = StoredValue::new(offered);
    let (query, set_query) = signal(String::new());
    let verdict = Memo::new(move |_| {
        let text = query.get();
        if text.trim().is_empty() {
            return Verdict::Empty;
        }
        match DomainName::parse_typed(&text) {
            Err(err) => Verdict::Invalid(err.to_string()),
            Ok(name) => match offered.with_value(|o| name.extension_among(o).cloned()) {
                Some(ext) => Verdict::Offered(name, ext),
                None => Verdict::NotOffered(name),
            },
        }
    });

    view! {
        <section class="card checker" aria-labelledby="checker-title">
            <h2 id="checker-title">"Is my domain’s extension offered?"</h2>
            <form on:submit=|ev| ev.prevent_default()>
                <label for="domain-check">"Domain name"</label>
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
                    Verdict::Empty => "Type a domain name to check its extension.".to_owned(),
                    Verdict::Invalid(message) => message,
                    Verdict::Offered(name, ext) => format!("{}: {} is offered here.", name.display(), ext.display()),
                    Verdict::NotOffered(name) => {
                        format!("{}: this extension is not offered here.", name.display())
                    }
                }}
            </p>
        </section>
    }
}
