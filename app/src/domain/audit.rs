//! The audit trail of an order: every state change, decision, statement, upload and
//! registration attempt, with who did it and when.

use serde::{Deserialize, Serialize};

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

    /// A sentence for the trail; `item` is the item's label where there is one, and
    /// `detail` the entry's note (file name, new state ...).
    pub fn describe(self, item: Option<&str>, detail: Option<&str>) -> String {
        let item = item.map_or_else(String::new, |i| format!(" “{i}”"));
        let detail = detail.unwrap_or_default();
        match self {
            Self::Placed => "Placed the order".into(),
            Self::DocumentUploaded => format!("Uploaded {detail} to{item}"),
            Self::DocumentRemoved => format!("Removed {detail} from{item}"),
            Self::Submitted => "Submitted the order for review".into(),
            Self::ItemApproved => format!("Approved{item}"),
            Self::ItemRejected => format!("Rejected{item}"),
            Self::StatusChanged => format!("The order is now {detail}"),
            Self::RegistrationStarted => "Started the registration".into(),
            Self::Registered => "The domain is registered".into(),
            Self::RegistrationFailed => "The registration failed".into(),
            Self::Cancelled => "Cancelled the order".into(),
            Self::MailQueued => format!("E-mail queued: {detail}"),
            Self::DocumentReused => format!("Reused {detail} for{item}"),
            Self::DocumentsPurged => format!("Deleted the stored files ({detail})"),
            Self::ReverificationRequested => format!("Asked to verify again: {detail}"),
        }
    }
}

/// One line of the trail as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    /// "Ada Lovelace", or "regdocs" for what happened by itself.
    pub actor: String,
    pub kind: AuditKind,
    pub text: String,
    /// What the customer was told (a rejection's statement).
    pub statement: Option<String>,
    /// Admins only: a provider's error, a module's note, an e-mail's address.
    pub detail: Option<String>,
    /// The label of the item the entry is about, if any (pages build the sentence from
    /// `kind`, `item` and `note` in the reader's language; `text` is the English one).
    #[serde(default)]
    pub item: Option<String>,
    /// The item's label in other languages than English, by language code.
    #[serde(default)]
    pub item_translations: std::collections::BTreeMap<String, String>,
    /// The part of the sentence that varies: a file name, a state, a count.
    #[serde(default)]
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_stored_names() {
        for kind in AuditKind::ALL {
            assert_eq!(AuditKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(AuditKind::parse("nope"), None);
    }

    #[test]
    fn sentences_name_the_item_and_the_detail() {
        assert_eq!(
            AuditKind::ItemRejected.describe(Some("ID scan"), None),
            "Rejected “ID scan”"
        );
        assert_eq!(
            AuditKind::DocumentUploaded.describe(Some("ID scan"), Some("passport.pdf")),
            "Uploaded passport.pdf to “ID scan”"
        );
        assert_eq!(
            AuditKind::StatusChanged.describe(None, Some("action required")),
            "The order is now action required"
        );
    }

    #[test]
    fn internal_mail_stays_with_the_admins() {
        assert!(!AuditKind::MailQueued.customer_visible());
        assert!(AuditKind::ItemRejected.customer_visible());
        assert!(AuditKind::RegistrationFailed.customer_visible());
    }
}
