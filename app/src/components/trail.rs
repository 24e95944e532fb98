//! An order's audit trail: who did what and when, with the statements sent.

use leptos::prelude::*;

use crate::domain::{
    audit::{AuditEntry, AuditKind, PurgeReason},
    orders::OrderStatus,
};
use crate::i18n::{Locale, td_string, use_i18n};

/// The sentence of `entry` in `locale`: what happened, with the item and the file or
/// state it names.
pub fn entry_text(locale: Locale, entry: &AuditEntry) -> String {
    let code = crate::domain::language::code(locale);
    let (item, note) = (entry.item_in(code), entry.note_in(code));
    match entry.kind {
        AuditKind::Placed => td_string!(locale, common.audit.placed).to_owned(),
        AuditKind::DocumentUploaded => {
            td_string!(
                locale,
                common.audit.document_uploaded,
                file = &note,
                item = &item
            )
        }
        AuditKind::DocumentRemoved => {
            td_string!(
                locale,
                common.audit.document_removed,
                file = &note,
                item = &item
            )
        }
        AuditKind::Submitted => td_string!(locale, common.audit.submitted).to_owned(),
        AuditKind::ItemApproved => td_string!(locale, common.audit.item_approved, item = &item),
        AuditKind::ItemRejected => td_string!(locale, common.audit.item_rejected, item = &item),
        AuditKind::StatusChanged => {
            // The state is stored as its English name in lower case.
            let state = OrderStatus::ALL
                .into_iter()
                .find(|s| s.label().to_lowercase() == note)
                .map_or(note.clone(), |s| {
                    super::status::order_status_text(locale, s).to_owned()
                });
            td_string!(locale, common.audit.status_changed, state = &state)
        }
        AuditKind::RegistrationStarted => {
            td_string!(locale, common.audit.registration_started).to_owned()
        }
        AuditKind::Registered => td_string!(locale, common.audit.registered).to_owned(),
        AuditKind::RegistrationFailed => {
            td_string!(locale, common.audit.registration_failed).to_owned()
        }
        AuditKind::Cancelled => td_string!(locale, common.audit.cancelled).to_owned(),
        AuditKind::MailQueued => match note
            .strip_prefix("to ")
            .and_then(|rest| rest.split_once(": "))
        {
            // Stored as "to {address}: {subject}".
            Some((to, subject)) => td_string!(
                locale,
                common.audit.mail_queued_to,
                to = to,
                subject = subject
            )
            .to_string(),
            None => td_string!(locale, common.audit.mail_queued, note = &note),
        },
        AuditKind::DocumentReused => {
            td_string!(
                locale,
                common.audit.document_reused,
                file = &note,
                item = &item
            )
        }
        AuditKind::DocumentsPurged => {
            let note = match PurgeReason::parse_note(&note) {
                Some((count, reason)) => {
                    let reason = match reason {
                        PurgeReason::ByAdmin => td_string!(locale, common.audit.purged_by_admin),
                        PurgeReason::OrderClosed => {
                            td_string!(locale, common.audit.purged_after_close)
                        }
                        PurgeReason::Replaced => {
                            td_string!(locale, common.audit.purged_after_replacement)
                        }
                    };
                    td_string!(
                        locale,
                        common.audit.purge_note,
                        count = count,
                        reason = reason
                    )
                    .to_string()
                }
                None => note,
            };
            td_string!(locale, common.audit.documents_purged, note = &note)
        }
        AuditKind::ReverificationRequested => {
            td_string!(locale, common.audit.reverification_requested, note = &note)
        }
    }
}

/// The trail as a timeline, oldest first. `title` heads the section (a text, or a
/// closure giving it, so that it follows the language).
#[component]
pub fn AuditTrail(entries: Vec<AuditEntry>, #[prop(into)] title: Signal<String>) -> impl IntoView {
    if entries.is_empty() {
        return ().into_any();
    }
    let i18n = use_i18n();
    view! {
        <section class="card trail" aria-label=move || title.get()>
            <h2>{move || title.get()}</h2>
            <ol class="trail-list">
                {entries.into_iter().map(|e| {
                    let sentence = {
                        let e = e.clone();
                        move || entry_text(i18n.get_locale(), &e)
                    };
                    view! {
                    <li class=format!("trail-entry trail-{}", e.kind.as_str().replace('_', "-"))>
                        <div class="trail-line">
                            <span class="trail-text">{sentence}</span>
                            <span class="muted small">{format!("{} · ", e.actor)}<super::time::When at=e.at.clone()/></span>
                        </div>
                        {e.statement.map(|s| view! { <blockquote class="trail-statement">{s}</blockquote> })}
                        {e.detail.map(|d| view! { <p class="trail-detail small">{d}</p> })}
                    </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: AuditKind, item: Option<&str>, note: Option<&str>) -> AuditEntry {
        AuditEntry {
            at: "2026-11-29 14:03 UTC".into(),
            actor: "Ada".into(),
            kind,
            statement: None,
            detail: None,
            item: item.map(str::to_owned),
            item_translations: [("tr".to_owned(), "Kimlik".to_owned())].into(),
            note_translations: Default::default(),
            note: note.map(str::to_owned),
        }
    }

    #[test]
    fn sentences_name_the_item_and_the_note_in_each_language() {
        let rejected = entry(AuditKind::ItemRejected, Some("ID scan"), None);
        assert_eq!(entry_text(Locale::en, &rejected), "Rejected “ID scan”");
        assert!(entry_text(Locale::tr, &rejected).contains("Kimlik"));
        let uploaded = entry(
            AuditKind::DocumentUploaded,
            Some("ID scan"),
            Some("passport.pdf"),
        );
        assert_eq!(
            entry_text(Locale::en, &uploaded),
            "Uploaded passport.pdf to “ID scan”"
        );
        let purged = entry(
            AuditKind::DocumentsPurged,
            None,
            Some("3 documents, purged by an admin"),
        );
        assert_eq!(
            entry_text(Locale::en, &purged),
            "Deleted the stored files (3 documents, purged by an admin)"
        );
        assert!(!entry_text(Locale::tr, &purged).contains("purged"));
    }
}
