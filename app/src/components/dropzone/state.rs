//! The uploads of an order page: each file's line, progress and state, kept above the
//! part of the page that re-renders.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::i18n::{Locale, td_string};

/// A file being added in this browser session.
#[derive(Clone)]
pub(super) struct Entry {
    pub(super) id: u64,
    pub(super) name: String,
    pub(super) size: u64,
    /// 0.0 to 1.0.
    pub(super) progress: RwSignal<f64>,
    pub(super) state: RwSignal<EntryState>,
    /// An object URL showing the picture, for images.
    pub(super) thumbnail: Option<String>,
    /// The type the browser gives the file (for its icon only; the content decides).
    pub(super) claimed_type: String,
    #[cfg(feature = "hydrate")]
    pub(super) request:
        StoredValue<Option<send_wrapper::SendWrapper<web_sys::XmlHttpRequest>>, LocalStorage>,
}

// Uploading and Done are set by the browser half only.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, PartialEq)]
pub(super) enum EntryState {
    Checking,
    Uploading,
    /// Stored as document `id`; the line goes once the order's list shows it.
    Done(i32),
    Failed(String),
}

/// The uploads of an order page, by item, kept above the part of the page that
/// re-renders when the order changes (an upload finished, an admin decided): a file
/// still uploading keeps its line, its progress and its Cancel button, and a refusal
/// stays readable. A thumbnail's object URL is revoked when its line goes; leaving the
/// page cancels what is still uploading.
#[derive(Clone, Copy)]
pub struct Uploads {
    pub(super) owner: StoredValue<Owner>,
    pub(super) items: StoredValue<HashMap<String, RwSignal<Vec<Entry>>>>,
    /// Reloads the order (a document was stored); used by the browser half.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(super) on_stored: Callback<()>,
    /// The last news of an upload, for screen readers ([`UploadNews`]).
    pub(super) news: RwSignal<String>,
    /// The item whose drop zone takes the focus when it is drawn again (a document of
    /// it was removed: the focus stays in the item instead of falling to the page).
    pub(super) refocus: StoredValue<Option<String>>,
}

impl Uploads {
    /// The uploads of the page being built; `on_stored` reloads its order.
    pub fn provide(on_stored: Callback<()>) {
        let uploads = Self {
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            items: StoredValue::new(HashMap::new()),
            on_stored,
            news: RwSignal::new(String::new()),
            refocus: StoredValue::new(None),
        };
        on_cleanup(move || {
            for entries in uploads
                .items
                .try_get_value()
                .unwrap_or_default()
                .into_values()
            {
                for entry in entries.try_get_untracked().unwrap_or_default() {
                    entry.let_go();
                }
            }
        });
        provide_context(uploads);
    }

    /// Tells screen readers `news` (once: the region is polite and changes only on a
    /// file's start, end or cancel, never on progress ticks).
    pub(super) fn tell(self, news: String) {
        self.news.set(news);
    }

    /// A signal owned by the page, not by the part that re-renders.
    pub(super) fn signal<T: Send + Sync + 'static>(self, value: T) -> RwSignal<T> {
        self.owner
            .with_value(|owner| owner.with(|| RwSignal::new(value)))
    }

    /// The lines of item `key`.
    pub(super) fn of(self, key: &str) -> RwSignal<Vec<Entry>> {
        if let Some(entries) = self.items.with_value(|m| m.get(key).copied()) {
            return entries;
        }
        let entries = self.signal(Vec::new());
        self.items.update_value(|m| {
            m.insert(key.to_owned(), entries);
        });
        entries
    }

    /// Removes line `id` of item `key`, cancelling its upload and letting its thumbnail go
    /// (the news of a cancel is written in `locale`).
    pub(super) fn remove(self, entries: RwSignal<Vec<Entry>>, id: u64, locale: Locale) {
        let mut cancelled = None;
        entries.update(|v| {
            v.retain(|e| {
                let keep = e.id != id;
                if !keep {
                    if e.state.get_untracked() == EntryState::Uploading {
                        cancelled = Some(e.name.clone());
                    }
                    e.let_go();
                }
                keep
            });
        });
        if let Some(name) = cancelled {
            self.tell(td_string!(locale, upload.cancelled_news, name = &name));
        }
    }

    /// Drops the lines of files that the order's list now shows as stored.
    pub(super) fn settle(self, entries: RwSignal<Vec<Entry>>, stored: &[i32]) {
        let shown = |e: &Entry| matches!(e.state.get_untracked(), EntryState::Done(id) if stored.contains(&id));
        if entries.with_untracked(|v| v.iter().any(shown)) {
            entries.update(|v| {
                v.retain(|e| {
                    let keep = !shown(e);
                    if !keep {
                        e.let_go();
                    }
                    keep
                });
            });
        }
    }
}

impl Entry {
    /// Cancels the upload if it is still running and revokes the thumbnail's URL.
    pub(super) fn let_go(&self) {
        #[cfg(feature = "hydrate")]
        {
            if self.state.get_untracked() == EntryState::Uploading {
                self.request.with_value(|r| {
                    if let Some(r) = r {
                        let _ = r.abort();
                    }
                });
            }
            if let Some(url) = &self.thumbnail {
                let _ = web_sys::Url::revoke_object_url(url);
            }
        }
    }
}

/// A new line's id, unique in this page (lines outlive the dropzone that made them).
pub(super) fn next_line_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
