//! An order's audit trail: who did what and when, with the statements sent.

use leptos::prelude::*;

use crate::domain::audit::AuditEntry;

/// The trail as a timeline, oldest first. `title` heads the section (a text, or a
/// closure giving it, so that it follows the language).
#[component]
pub fn AuditTrail(entries: Vec<AuditEntry>, #[prop(into)] title: Signal<String>) -> impl IntoView {
    if entries.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="card trail" aria-label=move || title.get()>
            <h2>{move || title.get()}</h2>
            <ol class="trail-list">
                {entries.into_iter().map(|e| view! {
                    <li class=format!("trail-entry trail-{}", e.kind.as_str().replace('_', "-"))>
                        <div class="trail-line">
                            <span class="trail-text">{e.text}</span>
                            <span class="muted small">{format!("{} · {}", e.actor, e.at)}</span>
                        </div>
                        {e.statement.map(|s| view! { <blockquote class="trail-statement">{s}</blockquote> })}
                        {e.detail.map(|d| view! { <p class="trail-detail small">{d}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}
