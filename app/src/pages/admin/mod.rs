//! The admin area. The server refuses `/admin/...` to anyone but admins before any of
//! this renders, and every admin server function checks again.

mod api_keys;
mod definition_editor;
mod documents;
mod extensions;
mod home;
mod order_review;
mod outbox;
mod reasons;
mod reviews;
mod webhooks;

pub use api_keys::ApiKeysPage;
pub use definition_editor::DefinitionEditorPage;
pub use documents::DocumentsPage;
pub use extensions::ExtensionsPage;
pub use home::AdminHome;
pub use order_review::OrderReviewPage;
pub use outbox::OutboxPage;
pub use reasons::ReasonsPage;
pub use reviews::ReviewsPage;
pub use webhooks::WebhooksPage;

use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use crate::{
    api::review::pending_reviews,
    domain::sla::{SlaPolicy, SlaState},
    i18n::{Locale, t_string, td_string, use_i18n},
};

/// The review target in words, in `locale`: "4 hours", "4 working hours (09:00–17:00
/// UTC, Monday to Friday)".
fn target_text(locale: Locale, sla: SlaPolicy) -> String {
    let count = sla.target_minutes / 60;
    match sla.working_hours {
        None => td_string!(locale, admin.sla.target_hours, count = count).to_string(),
        Some((from, to)) => td_string!(
            locale,
            admin.sla.target_working_hours,
            count = count,
            from = format!("{from:02}"),
            to = format!("{to:02}")
        )
        .to_string(),
    }
}

/// How long an order has waited, in `locale`: "just now", "12 minutes", "3 hours",
/// "2 days".
fn waiting_text(locale: Locale, minutes: i64) -> String {
    match minutes {
        ..=1 => td_string!(locale, admin.sla.waited_just_now).to_owned(),
        2..=59 => td_string!(locale, admin.sla.waited_minutes, count = minutes).to_string(),
        60..=2879 => td_string!(locale, admin.sla.waited_hours, count = minutes / 60).to_string(),
        _ => td_string!(locale, admin.sla.waited_days, count = minutes / 1440).to_string(),
    }
}

/// Where an order stands against the review target, in `locale`.
fn sla_text(locale: Locale, state: SlaState) -> &'static str {
    match state {
        SlaState::OnTime => td_string!(locale, admin.sla.on_time),
        SlaState::Near => td_string!(locale, admin.sla.near),
        SlaState::Overdue => td_string!(locale, admin.sla.overdue),
    }
}

/// Bumped by review pages after a decision, so that the badge counts again.
#[derive(Clone, Copy)]
pub struct ReviewRevision(pub RwSignal<u32>);

/// The frame of every admin page: the admin navigation, then the page. The pages'
/// server functions refuse anyone but admins, so a customer who reached this through
/// in-browser navigation sees their refusal, never admin data.
#[component]
pub fn AdminLayout() -> impl IntoView {
    let i18n = use_i18n();
    let revision = RwSignal::new(0u32);
    provide_context(ReviewRevision(revision));
    let pending = Resource::new(move || revision.get(), |_| pending_reviews());
    // Live from the event stream once the page runs in the browser.
    let live = RwSignal::new(None::<u64>);
    let live_overdue = RwSignal::new(None::<u64>);
    // What screen readers hear of the badge: a change of the count, not the count the
    // stream starts with (the page shows that one already).
    let heard = RwSignal::new(String::new());
    Effect::new(move |_| {
        crate::components::live::use_event_stream("pending", move |data| {
            if let Ok(count) = data.parse::<u64>() {
                if live.get_untracked().is_some_and(|before| before != count) {
                    heard.set(td_string!(
                        i18n.get_locale_untracked(),
                        admin.nav.news,
                        count = count
                    ));
                }
                live.set(Some(count));
            }
        });
        crate::components::live::use_event_stream("overdue", move |data| {
            if let Ok(count) = data.parse() {
                live_overdue.set(Some(count));
            }
        });
    });
    view! {
        <div class="admin">
            <nav class="admin-nav" aria-label=move || t_string!(i18n, admin.nav.label)>
                <span class="admin-label">{move || t_string!(i18n, admin.nav.label)}</span>
                <A href="/admin" exact=true>{move || t_string!(i18n, admin.nav.overview)}</A>
                <A href="/admin/extensions">{move || t_string!(i18n, admin.nav.extensions)}</A>
                <A href="/admin/reviews">
                    {move || t_string!(i18n, admin.nav.review_queue)}
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let rendered = pending.await.unwrap_or_default();
                            let count = move || live.get().unwrap_or(rendered.pending);
                            let overdue = move || live_overdue.get().unwrap_or(rendered.overdue);
                            view! {
                                <span
                                    class="badge"
                                    class:badge-zero=move || count() == 0
                                    aria-label=move || t_string!(i18n, admin.nav.waiting, count = count())
                                >
                                    {count}
                                </span>
                                <span
                                    class="overdue-badge"
                                    class:overdue-none=move || overdue() == 0
                                    aria-label=move || t_string!(i18n, admin.nav.overdue, count = overdue())
                                    title=move || t_string!(i18n, admin.nav.overdue_title)
                                >
                                    {move || t_string!(i18n, admin.nav.late, count = overdue())}
                                </span>
                            }
                        })}
                    </Transition>
                </A>
                <A href="/admin/documents">{move || t_string!(i18n, admin.nav.documents)}</A>
                <A href="/admin/reasons">{move || t_string!(i18n, admin.nav.reasons)}</A>
                <A href="/admin/outbox">{move || t_string!(i18n, admin.nav.outbox)}</A>
                <A href="/admin/api-keys">{move || t_string!(i18n, admin.nav.api_keys)}</A>
                <A href="/admin/webhooks">{move || t_string!(i18n, admin.nav.webhooks)}</A>
            </nav>
            <p class="visually-hidden" role="status" aria-live="polite" id="badge-news">{move || heard.get()}</p>
            <Outlet/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_and_waiting_times_are_worded_in_the_readers_language() {
        let office = SlaPolicy {
            target_minutes: 4 * 60,
            working_hours: Some((9, 17)),
        };
        assert_eq!(
            target_text(Locale::en, office),
            "4 working hours (09:00–17:00 UTC, Monday to Friday)"
        );
        assert_eq!(
            target_text(Locale::tr, office),
            "4 çalışma saati (09:00–17:00 UTC, pazartesiden cumaya)"
        );
        let hour = SlaPolicy {
            target_minutes: 60,
            working_hours: None,
        };
        assert_eq!(target_text(Locale::en, hour), "1 hour");
        assert_eq!(waiting_text(Locale::en, 0), "just now");
        assert_eq!(waiting_text(Locale::en, 12), "12 minutes");
        assert_eq!(waiting_text(Locale::en, 61), "1 hour");
        assert_eq!(waiting_text(Locale::en, 3000), "2 days");
        assert_eq!(waiting_text(Locale::tr, 3000), "2 gün");
    }
}
