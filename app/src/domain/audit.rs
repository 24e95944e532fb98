//! The audit trail of an order: every state change, decision, statement, upload and
//! registration attempt, with who did it and when.

use serde::{Deserialize, Serialize};

/// Why stored files were deleted: the note of a purge in the trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurgeReason {
    ByAdmin,
    /// The retention period after the order closed ended.
    OrderClosed,
    /// The retention period after the files were replaced ended.
    Replaced,
}

impl PurgeReason {
    pub const ALL: [Self; 3] = [Self::ByAdmin, Self::OrderClosed, Self::Replaced];

    /// The reason as the trail stores it (pages word it in the reader's language).
    fn stored(self) -> &'static str {
        match self {
            Self::ByAdmin => "purged by an admin",
            Self::OrderClosed => "the retention period after the order closed ended",
            Self::Replaced => "the retention period after they were replaced ended",
        }
    }

    /// The note stored for a purge of `count` documents: "3 documents, purged by an
    /// admin".
    pub fn note(self, count: u64) -> String {
        let plural = if count == 1 { "" } else { "s" };
        format!("{count} document{plural}, {}", self.stored())
    }

    /// The count and reason of a stored purge note, if it is one.
    pub fn parse_note(note: &str) -> Option<(u64, Self)> {
        let (count, rest) = note.split_once(' ')?;
        let count = count.parse().ok()?;
        let reason = rest
            .strip_prefix("documents, ")
            .or_else(|| rest.strip_prefix("document, "))?;
        Self::ALL
            .into_iter()
            .find(|r| r.stored() == reason)
            .map(|r| (count, r))
    }
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    Placed,
    DocumentUploaded,
    DocumentRemoved,
    Submitted,
    ItemApproved,
    ItemRejected,
    /// The order moved to another state by itself (after the last decision, say).
    StatusChanged,
    RegistrationStarted,
    Registered,
    RegistrationFailed,
    /// The order was cancelled (by its customer, or by an admin with a statement).
    Cancelled,
    /// An e-mail was queued for someone (admins only).
    MailQueued,
    /// The customer used a document approved on another order.
    DocumentReused,
    /// Documents' bytes were deleted (retention, or an admin); the rows stay.
    DocumentsPurged,
    /// An admin asked again for items of a registered domain (re-verification).
    ReverificationRequested,
}

impl AuditKind {
    pub const ALL: [AuditKind; 15] = [
        Self::Placed,
        Self::DocumentUploaded,
        Self::DocumentRemoved,
        Self::Submitted,
        Self::ItemApproved,
        Self::ItemRejected,
        Self::StatusChanged,
        Self::RegistrationStarted,
        Self::Registered,
        Self::RegistrationFailed,
        Self::Cancelled,
        Self::MailQueued,
        Self::DocumentReused,
        Self::DocumentsPurged,
        Self::ReverificationRequested,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Placed => "placed",
            Self::DocumentUploaded => "document_uploaded",
            Self::DocumentRemoved => "document_removed",
            Self::Submitted => "submitted",
            Self::ItemApproved => "item_approved",
            Self::ItemRejected => "item_rejected",
            Self::StatusChanged => "status_changed",
            Self::RegistrationStarted => "registration_started",
            Self::Registered => "registered",
            Self::RegistrationFailed => "registration_failed",
            Self::Cancelled => "cancelled",
            Self::MailQueued => "mail_queued",
            Self::DocumentReused => "document_reused",
            Self::DocumentsPurged => "documents_purged",
            Self::ReverificationRequested => "reverification_requested",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// Whether the customer sees this kind of entry on their order page. Their own
    /// actions, decisions and state changes concern them; internal mail does not.
    pub fn customer_visible(self) -> bool {
        !matches!(self, Self::MailQueued)
    }
}

/// One line of the trail as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    /// "Ada Lovelace", or "regdocs" for what happened by itself.
    pub actor: String,
    pub kind: AuditKind,
    /// What the customer was told (a rejection's statement).
    pub statement: Option<String>,
    /// Admins only: a provider's error, a module's note, an e-mail's address.
    pub detail: Option<String>,
    /// The label of the item the entry is about, if any (pages build the sentence from
    /// `kind`, `item` and `note` in the reader's language: `components::trail`).
    #[serde(default)]
    pub item: Option<String>,
    /// The item's label in other languages than English, by language code.
    #[serde(default)]
    pub item_translations: std::collections::BTreeMap<String, String>,
    /// The part of the sentence that varies: a file name, a state, a count.
    #[serde(default)]
    pub note: Option<String>,
    /// The note in other languages than English where it names items (a
    /// re-verification's), by language code.
    #[serde(default)]
    pub note_translations: std::collections::BTreeMap<String, String>,
}

impl AuditEntry {
    /// The item's label in `language` (a code), else in English; empty without an item.
    pub fn item_in(&self, language: &str) -> String {
        self.item_translations
            .get(language)
            .or(self.item.as_ref())
            .cloned()
            .unwrap_or_default()
    }

    /// The note in `language` (a code) where it names items, else as stored.
    pub fn note_in(&self, language: &str) -> String {
        self.note_translations
            .get(language)
            .or(self.note.as_ref())
            .cloned()
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_notes_are_read_back() {
        for reason in PurgeReason::ALL {
            for count in [1, 3] {
                assert_eq!(
                    PurgeReason::parse_note(&reason.note(count)),
                    Some((count, reason))
                );
            }
        }
        assert_eq!(
            PurgeReason::ByAdmin.note(1),
            "1 document, purged by an admin"
        );
        assert_eq!(PurgeReason::parse_note("3 documents, because"), None);
    }

    #[test]
    fn kinds_round_trip_through_their_stored_names() {
        for kind in AuditKind::ALL {
            assert_eq!(AuditKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(AuditKind::parse("nope"), None);
    }

    #[test]
    fn internal_mail_stays_with_the_admins() {
        assert!(!AuditKind::MailQueued.customer_visible());
        assert!(AuditKind::ItemRejected.customer_visible());
        assert!(AuditKind::RegistrationFailed.customer_visible());
    }
}
