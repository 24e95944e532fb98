//! `DocumentDropzone`: drag-and-drop (or choose) documents for one item. Each file is
//! checked in the browser first (type from its first bytes, size, count, a picture's
//! pixels) with a message per file, then uploaded on its own with a progress bar
//! (XMLHttpRequest upload progress), can be cancelled, and shows a thumbnail (images, an
//! object URL revoked when its line goes) or a PDF icon. The server checks everything
//! again while the bytes stream in.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::{
    api::orders::{DocumentView, RemoveDocument, upload_url},
    domain::requirements::{FileType, Pixels, human_size, size_rule},
    error::AppError,
};

/// A file being added in this browser session.
#[derive(Clone)]
struct Entry {
    id: u64,
    name: String,
    size: u64,
    /// 0.0 to 1.0.
    progress: RwSignal<f64>,
    state: RwSignal<EntryState>,
    /// An object URL showing the picture, for images.
    thumbnail: Option<String>,
    /// The type the browser gives the file (for its icon only; the content decides).
    claimed_type: String,
    #[cfg(feature = "hydrate")]
    request: StoredValue<Option<send_wrapper::SendWrapper<web_sys::XmlHttpRequest>>, LocalStorage>,
}

// Uploading and Done are set by the browser half only.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, PartialEq)]
enum EntryState {
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
    owner: StoredValue<Owner>,
    items: StoredValue<HashMap<String, RwSignal<Vec<Entry>>>>,
    /// Reloads the order (a document was stored); used by the browser half.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    on_stored: Callback<()>,
    /// The last news of an upload, for screen readers ([`UploadNews`]).
    news: RwSignal<String>,
    /// The item whose drop zone takes the focus when it is drawn again (a document of
    /// it was removed: the focus stays in the item instead of falling to the page).
    refocus: StoredValue<Option<String>>,
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
    fn tell(self, news: String) {
        self.news.set(news);
    }

    /// A signal owned by the page, not by the part that re-renders.
    fn signal<T: Send + Sync + 'static>(self, value: T) -> RwSignal<T> {
        self.owner
            .with_value(|owner| owner.with(|| RwSignal::new(value)))
    }

    /// The lines of item `key`.
    fn of(self, key: &str) -> RwSignal<Vec<Entry>> {
        if let Some(entries) = self.items.with_value(|m| m.get(key).copied()) {
            return entries;
        }
        let entries = self.signal(Vec::new());
        self.items.update_value(|m| {
            m.insert(key.to_owned(), entries);
        });
        entries
    }

    /// Removes line `id` of item `key`, cancelling its upload and letting its thumbnail go.
    fn remove(self, entries: RwSignal<Vec<Entry>>, id: u64) {
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
            self.tell(format!("The upload of {name} was cancelled."));
        }
    }

    /// Drops the lines of files that the order's list now shows as stored.
    fn settle(self, entries: RwSignal<Vec<Entry>>, stored: &[i32]) {
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
    fn let_go(&self) {
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

/// Documents of one file item: the stored ones and a zone to add more.
#[component]
pub fn DocumentDropzone(
    order_id: i32,
    item_key: String,
    label: String,
    allowed: Vec<FileType>,
    max_size_bytes: u64,
    /// Smaller files are refused (0: any size).
    min_size_bytes: u64,
    /// Smaller pictures are refused.
    min_pixels: Option<Pixels>,
    max_files: u32,
    documents: Vec<DocumentView>,
    editable: bool,
    /// Called when the stored documents changed (an upload finished, one was removed).
    on_change: Callback<()>,
) -> impl IntoView {
    let uploads = use_context::<Uploads>().unwrap_or_else(|| {
        Uploads::provide(on_change);
        expect_context::<Uploads>()
    });
    let entries = uploads.of(&item_key);
    let stored_ids: Vec<i32> = documents.iter().map(|d| d.id).collect();
    uploads.settle(entries, &stored_ids);
    let dragging = RwSignal::new(false);
    let stored = documents.len();
    let remove = ServerAction::<RemoveDocument>::new();
    Effect::new(move |_| {
        if remove.value().with(|v| matches!(v, Some(Ok(())))) {
            on_change.run(());
        }
    });
    let types_text = allowed
        .iter()
        .map(|t| t.label())
        .collect::<Vec<_>>()
        .join(", ");
    let accept = allowed
        .iter()
        .map(|t| t.mime())
        .collect::<Vec<_>>()
        .join(",");
    let input_id = format!("file-{item_key}");
    let hint_id = format!("file-hint-{item_key}");
    let picker = NodeRef::<leptos::html::Input>::new();
    // After a removal the list is drawn again: the focus goes to this item's button.
    let choose = NodeRef::<leptos::html::Button>::new();
    {
        let key = item_key.clone();
        choose.on_load(move |button| {
            if uploads
                .refocus
                .with_value(|k| k.as_deref() == Some(key.as_str()))
            {
                uploads.refocus.set_value(None);
                request_animation_frame(move || {
                    let _ = button.focus();
                });
            }
        });
    }
    let url = upload_url(order_id, &item_key);
    let hint = format!(
        "{types_text}, {}{}",
        size_rule(min_size_bytes, max_size_bytes, min_pixels),
        if max_files > 1 {
            format!(", at most {max_files} files")
        } else {
            String::new()
        }
    );

    // Hands chosen or dropped files to the checks and uploads (browser only).
    let take_files = {
        #[cfg(feature = "hydrate")]
        let (allowed, url) = (allowed.clone(), url.clone());
        move |files: Vec<FileInfo>| {
            // Files still uploading, and stored ones the list does not show yet.
            let in_flight = entries.with_untracked(|v| {
                v.iter()
                    .filter(|e| !matches!(e.state.get_untracked(), EntryState::Failed(_)))
                    .count()
            });
            let mut room = (max_files as usize).saturating_sub(stored + in_flight);
            for file in files {
                let entry = Entry {
                    id: next_line_id(),
                    name: file.name.clone(),
                    size: file.size,
                    progress: uploads.signal(0.0),
                    state: uploads.signal(EntryState::Checking),
                    thumbnail: file.thumbnail.clone(),
                    claimed_type: file.claimed_type.clone(),
                    #[cfg(feature = "hydrate")]
                    request: uploads
                        .owner
                        .with_value(|owner| owner.with(|| StoredValue::new_local(None))),
                };
                if room == 0 {
                    entry.state.set(EntryState::Failed(format!(
                        "Not added: this item takes at most {max_files} file{}.",
                        if max_files == 1 { "" } else { "s" }
                    )));
                } else if file.size > max_size_bytes {
                    entry.state.set(EntryState::Failed(format!(
                        "Too large ({}): files may be up to {}.",
                        human_size(file.size),
                        human_size(max_size_bytes)
                    )));
                } else if file.size < min_size_bytes {
                    entry.state.set(EntryState::Failed(format!(
                        "Too small ({}): files must be at least {} so that they can be read.",
                        human_size(file.size),
                        human_size(min_size_bytes)
                    )));
                } else {
                    room -= 1;
                    #[cfg(feature = "hydrate")]
                    browser::check_and_upload(
                        file,
                        entry.clone(),
                        browser::Rules {
                            allowed: allowed.clone(),
                            min_pixels,
                        },
                        url.clone(),
                        uploads,
                    );
                }
                entries.update(|v| v.push(entry));
            }
        }
    };
    let take = StoredValue::new(take_files);

    view! {
        <div class="dropzone-wrap">
            <ul class="documents" aria-label=format!("Documents for {label}")>
                {documents
                    .into_iter()
                    .map(|doc| {
                        let remove_label = format!("Remove {}", doc.name);
                        let facts = doc.facts();
                        view! {
                            <li class="document">
                                <FileIcon content_type=doc.content_type.clone()/>
                                <a class="doc-name" href=format!("/documents/{}", doc.id)>{doc.name.clone()}</a>
                                <span class="muted">{facts}</span>
                                // A button, not an `ActionForm`: a form here broke the
                                // hydration of a server-rendered order page.
                                {editable
                                    .then(|| {
                                        let doc_id = doc.id;
                                        let key = item_key.clone();
                                        view! {
                                            <button type="button" class="button-quiet" aria-label=remove_label.clone()
                                                on:click=move |_| {
                                                    uploads.refocus.set_value(Some(key.clone()));
                                                    remove.dispatch(RemoveDocument { id: doc_id });
                                                }>"Remove"</button>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
                <For each=move || entries.get() key=|e| e.id let:entry>
                    <UploadLine entry remove=move |id| uploads.remove(entries, id)/>
                </For>
            </ul>
            {editable
                .then(|| {
                    view! {
                        <div
                            class="dropzone"
                            class:dragging=move || dragging.get()
                            data-item=item_key.clone()
                            data-upload-url=url.clone()
                            on:dragenter=move |ev| {
                                ev.prevent_default();
                                dragging.set(true);
                            }
                            on:dragover=move |ev| {
                                ev.prevent_default();
                                dragging.set(true);
                            }
                            on:dragleave=move |_| dragging.set(false)
                            on:drop=move |ev: leptos::ev::DragEvent| {
                                ev.prevent_default();
                                dragging.set(false);
                                let files = files_of_drop(&ev);
                                take.with_value(|take| take(files));
                            }
                        >
                            <p class="dropzone-text">
                                <strong>"Drop files here"</strong>
                                " or "
                                <button type="button" class="link-like" aria-label=format!("Choose files for {label}")
                                    node_ref=choose
                                    aria-describedby=hint_id.clone()
                                    on:click=move |_| {
                                        if let Some(input) = picker.get_untracked() {
                                            input.click();
                                        }
                                    }>"choose files"</button>
                            </p>
                            <p class="muted" id=hint_id.clone()>{hint.clone()}</p>
                            // Opened by the button above: out of the tab order and
                            // hidden from assistive technology, which use the button.
                            <input
                                id=input_id.clone()
                                node_ref=picker
                                tabindex="-1"
                                aria-hidden="true"
                                class="visually-hidden"
                                type="file"
                                accept=accept.clone()
                                multiple={ max_files > 1 }
                                on:change=move |ev| {
                                    let files = files_of_input(&ev);
                                    take.with_value(|take| take(files));
                                }
                            />
                        </div>
                    }
                })}
            <p class="field-error" role="alert" hidden=move || remove.value().with(|v| !matches!(v, Some(Err(_))))>
                {move || remove.value().get().and_then(Result::err).map(|e: AppError| e.to_string())}
            </p>
        </div>
    }
}

#[component]
fn UploadLine(entry: Entry, remove: impl Fn(u64) + Copy + Send + Sync + 'static) -> impl IntoView {
    let state = entry.state;
    let progress = entry.progress;
    let id = entry.id;
    let cancel = move |_| remove(id);
    let percent = move || format!("{:.0}%", progress.get() * 100.0);
    view! {
        <li class="document uploading" class:failed=move || matches!(state.get(), EntryState::Failed(_))>
            {
                let thumbnail = entry.thumbnail.clone();
                let claimed = entry.claimed_type.clone();
                // A refused file may not be a picture at all: no thumbnail for it.
                move || match (thumbnail.clone(), state.get()) {
                    (Some(src), EntryState::Uploading | EntryState::Done(_)) => {
                        view! { <img class="thumb" src=src alt=""/> }.into_any()
                    }
                    _ => view! { <FileIcon content_type=claimed.clone()/> }.into_any(),
                }
            }
            <span class="doc-name">{entry.name.clone()}</span>
            <span class="muted">{human_size(entry.size)}</span>
            {move || match state.get() {
                EntryState::Checking => view! { <span class="muted">"Checking…"</span> }.into_any(),
                EntryState::Uploading => {
                    view! {
                        <progress max="1" value=move || progress.get() aria-label=format!("Uploading {}", entry.name)>{percent}</progress>
                        <span class="muted">{percent}</span>
                    }
                        .into_any()
                }
                EntryState::Done(_) => view! { <span class="uploaded">"Uploaded"</span> }.into_any(),
                EntryState::Failed(message) => view! { <span class="field-error" role="alert">{message}</span> }.into_any(),
            }}
            <button type="button" class="button-quiet" on:click=cancel>
                {move || if state.get() == EntryState::Uploading { "Cancel" } else { "Dismiss" }}
            </button>
        </li>
    }
}

/// A polite live region with the last news of the page's uploads ("card.png uploaded."),
/// outside the part of the page that re-renders, so that screen readers hear it once.
#[component]
pub fn UploadNews() -> impl IntoView {
    let news = use_context::<Uploads>().map(|u| u.news);
    view! {
        <p class="visually-hidden" role="status" aria-live="polite" id="upload-news">
            {move || news.map(|n| n.get()).unwrap_or_default()}
        </p>
    }
}

/// A new line's id, unique in this page (lines outlive the dropzone that made them).
fn next_line_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A small document icon: "PDF", "IMG" or "FILE".
#[component]
fn FileIcon(content_type: String) -> impl IntoView {
    let text = if content_type == "application/pdf" {
        "PDF"
    } else if content_type.starts_with("image/") {
        "IMG"
    } else {
        "FILE"
    };
    view! { <span class="file-icon" aria-hidden="true">{text}</span> }
}

/// A file the browser handed over.
#[derive(Clone)]
struct FileInfo {
    name: String,
    size: u64,
    thumbnail: Option<String>,
    claimed_type: String,
    #[cfg(feature = "hydrate")]
    file: send_wrapper::SendWrapper<web_sys::File>,
}

#[cfg(feature = "hydrate")]
fn file_infos(list: Option<web_sys::FileList>) -> Vec<FileInfo> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| {
            let claimed_type = file.type_();
            let is_image = claimed_type.starts_with("image/");
            let thumbnail = is_image
                .then(|| web_sys::Url::create_object_url_with_blob(&file).ok())
                .flatten();
            FileInfo {
                name: file.name(),
                size: file.size() as u64,
                thumbnail,
                claimed_type,
                file: send_wrapper::SendWrapper::new(file),
            }
        })
        .collect()
}

#[cfg(feature = "hydrate")]
fn files_of_drop(ev: &leptos::ev::DragEvent) -> Vec<FileInfo> {
    file_infos(ev.data_transfer().and_then(|dt| dt.files()))
}

#[cfg(not(feature = "hydrate"))]
fn files_of_drop(_ev: &leptos::ev::DragEvent) -> Vec<FileInfo> {
    Vec::new()
}

#[cfg(feature = "hydrate")]
fn files_of_input(ev: &leptos::ev::Event) -> Vec<FileInfo> {
    use wasm_bindgen::JsCast;
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
    let files = file_infos(input.as_ref().and_then(web_sys::HtmlInputElement::files));
    // Let the same file be chosen again after a failure.
    if let Some(input) = input {
        input.set_value("");
    }
    files
}

#[cfg(not(feature = "hydrate"))]
fn files_of_input(_ev: &leptos::ev::Event) -> Vec<FileInfo> {
    Vec::new()
}

#[cfg(feature = "hydrate")]
mod browser {
    //! The browser half: reading the first bytes, and the XMLHttpRequest upload.

    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, closure::Closure};

    use super::{Entry, EntryState, FileInfo, Uploads};
    use crate::{
        domain::{
            requirements::{FileType, Pixels},
            sniff::{PIXELS_HEAD_LEN, SNIFF_LEN, pixels, sniff},
        },
        error::AppError,
    };

    /// What the browser checks from a file's content before sending it.
    pub(super) struct Rules {
        pub allowed: Vec<FileType>,
        pub min_pixels: Option<Pixels>,
    }

    /// Checks the file's type from its first bytes (and a picture's size in pixels, when
    /// the item asks for a smallest one), then uploads it.
    pub(super) fn check_and_upload(
        file: FileInfo,
        entry: Entry,
        rules: Rules,
        url: String,
        uploads: Uploads,
    ) {
        let Rules {
            allowed,
            min_pixels,
        } = rules;
        leptos::task::spawn_local(async move {
            let blob = gloo_file::Blob::from(web_sys::Blob::from(file.file.clone().take()));
            let read = if min_pixels.is_some() {
                PIXELS_HEAD_LEN
            } else {
                SNIFF_LEN
            };
            let head = gloo_file::futures::read_as_bytes(&blob.slice(0, read as u64))
                .await
                .unwrap_or_default();
            match sniff(&head) {
                Some(t) if allowed.contains(&t) => {
                    let small = min_pixels.filter(|_| t.is_image()).and_then(|min| {
                        pixels(&head).filter(|p| !p.at_least(min)).map(|p| (p, min))
                    });
                    // A size that cannot be read here is left to the server to decide.
                    if let Some((size, min)) = small {
                        entry.state.set(EntryState::Failed(format!(
                            "This picture is {size}; this item needs at least {min}."
                        )));
                        return;
                    }
                }
                _ => {
                    let types = allowed
                        .iter()
                        .map(|t| t.label())
                        .collect::<Vec<_>>()
                        .join(", ");
                    entry.state.set(EntryState::Failed(format!(
                        "Not a {types} file (checked by its content)."
                    )));
                    return;
                }
            }
            if let Err(err) = upload(&file, &entry, &url, uploads) {
                entry.state.set(EntryState::Failed(format!(
                    "The upload could not start: {err:?}"
                )));
            }
        });
    }

    fn upload(
        file: &FileInfo,
        entry: &Entry,
        url: &str,
        uploads: Uploads,
    ) -> Result<(), wasm_bindgen::JsValue> {
        let xhr = web_sys::XmlHttpRequest::new()?;
        xhr.open("POST", url)?;
        let name = js_sys::encode_uri_component(&file.name);
        xhr.set_request_header("X-File-Name", &String::from(name))?;

        let progress = entry.progress;
        let on_progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    progress.set(e.loaded() / e.total());
                }
            });
        xhr.upload()?
            .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));

        let state = entry.state;
        let name = file.name.clone();
        let done_xhr = xhr.clone();
        let on_load = Closure::<dyn FnMut()>::new(move || {
            let status = done_xhr.status().unwrap_or(0);
            let text = done_xhr.response_text().ok().flatten().unwrap_or_default();
            let stored = (status == 201)
                .then(|| serde_json::from_str::<serde_json::Value>(&text).ok())
                .flatten()
                .and_then(|v| v.get("id").and_then(serde_json::Value::as_i64))
                .and_then(|id| i32::try_from(id).ok());
            if let Some(id) = stored {
                progress.set(1.0);
                state.set(EntryState::Done(id));
                uploads.tell(format!("{name} uploaded."));
                uploads.on_stored.run(());
            } else {
                let message = serde_json::from_str::<serde_json::Value>(&text)
                    .ok()
                    .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
                    .unwrap_or_else(|| AppError::Internal.to_string());
                state.set(EntryState::Failed(message));
            }
        });
        xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
        let on_error = Closure::<dyn FnMut()>::new(move || {
            state.set(EntryState::Failed(
                "The connection was lost during the upload. Please try again.".into(),
            ));
        });
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));

        xhr.send_with_opt_blob(Some(&file.file))?;
        entry.state.set(EntryState::Uploading);
        uploads.tell(format!("Uploading {}.", file.name));
        entry
            .request
            .set_value(Some(send_wrapper::SendWrapper::new(xhr)));
        // The closures live as long as the request; one upload's worth each.
        on_progress.forget();
        on_load.forget();
        on_error.forget();
        Ok(())
    }
}
