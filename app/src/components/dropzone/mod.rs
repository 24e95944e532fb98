//! `DocumentDropzone`: drag-and-drop (or choose) documents for one item. Each file is
//! checked in the browser first (type from its first bytes, size, count, a picture's
//! pixels) with a message per file, then uploaded on its own with a progress bar
//! (XMLHttpRequest upload progress), can be cancelled, and shows a thumbnail (images, an
//! object URL revoked when its line goes) or a PDF icon. The server checks everything
//! again while the bytes stream in.

use leptos::prelude::*;

use crate::{
    api::orders::{DocumentView, RemoveDocument, upload_url},
    components::status::{facts_text, size_rule_text},
    domain::{
        requirements::{FileType, Pixels},
        units::human_size,
    },
    error::AppError,
    i18n::{Locale, t_string, td_string, use_i18n},
};

mod files;
mod state;

#[cfg(feature = "hydrate")]
use files::browser;
use files::{FileInfo, files_of_drop, files_of_input};
pub use state::Uploads;
use state::{Entry, EntryState, next_line_id};

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
    let i18n = use_i18n();
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
    let hint = move || {
        hint_text(
            i18n.get_locale(),
            &types_text,
            min_size_bytes,
            max_size_bytes,
            min_pixels,
            max_files,
        )
    };
    let list_label = {
        let label = label.clone();
        move || t_string!(i18n, upload.documents_for, label = &label)
    };
    let choose_label = move || t_string!(i18n, upload.choose_files_for, label = &label);

    // Hands chosen or dropped files to the checks and uploads (browser only).
    let take_files = {
        #[cfg(feature = "hydrate")]
        let (allowed, url) = (allowed.clone(), url.clone());
        move |files: Vec<FileInfo>| {
            // The messages below are written in the language of the moment.
            let locale = i18n.get_locale_untracked();
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
                    entry.state.set(EntryState::Failed(td_string!(
                        locale,
                        upload.too_many_files,
                        count = max_files
                    )));
                } else if file.size > max_size_bytes {
                    entry.state.set(EntryState::Failed(td_string!(
                        locale,
                        upload.too_large,
                        size = human_size(file.size, locale),
                        max = human_size(max_size_bytes, locale)
                    )));
                } else if file.size < min_size_bytes {
                    entry.state.set(EntryState::Failed(td_string!(
                        locale,
                        upload.too_small,
                        size = human_size(file.size, locale),
                        min = human_size(min_size_bytes, locale)
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
                            locale,
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
            <ul class="documents" aria-label=list_label>
                {documents
                    .into_iter()
                    .map(|doc| {
                        let remove_label = {
                            let name = doc.name.clone();
                            move || t_string!(i18n, upload.remove_named, name = &name)
                        };
                        let (size_bytes, pixels, pages) = (doc.size_bytes, doc.pixels, doc.pages);
                        let facts = move || facts_text(i18n.get_locale(), size_bytes, pixels, pages);
                        let name = match &doc.purged_at {
                            // Its bytes were deleted (retention): no link.
                            Some(at) => view! {
                                <span class="doc-name">{doc.name.clone()}</span>
                                <span class="muted">
                                    {
                                        let at = at.clone();
                                        move || t_string!(i18n, upload.purged_on, facts = facts(), date = &at)
                                    }
                                </span>
                            }
                            .into_any(),
                            None => view! {
                                <a class="doc-name" href=format!("/documents/{}", doc.id)>{doc.name.clone()}</a>
                                <span class="muted">{facts}</span>
                            }
                            .into_any(),
                        };
                        view! {
                            <li class="document">
                                <FileIcon content_type=doc.content_type.clone()/>
                                {name}
                                {doc.reused.then(|| view! { <span class="pill pill-operation">{move || t_string!(i18n, upload.reused)}</span> })}
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
                                                }>{move || t_string!(i18n, upload.remove)}</button>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
                <For each=move || entries.get() key=|e| e.id let:entry>
                    <UploadLine entry remove=move |id| uploads.remove(entries, id, i18n.get_locale_untracked())/>
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
                                <strong>{move || t_string!(i18n, upload.drop_here)}</strong>
                                {move || t_string!(i18n, upload.or)}
                                <button type="button" class="link-like" aria-label=choose_label
                                    node_ref=choose
                                    aria-describedby=hint_id.clone()
                                    on:click=move |_| {
                                        if let Some(input) = picker.get_untracked() {
                                            input.click();
                                        }
                                    }>{move || t_string!(i18n, upload.choose_files)}</button>
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
                {move || remove.value().get().and_then(Result::err).map(|e: AppError| e.text(i18n.get_locale()))}
            </p>
        </div>
    }
}

#[component]
fn UploadLine(entry: Entry, remove: impl Fn(u64) + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let state = entry.state;
    let progress = entry.progress;
    let (id, size) = (entry.id, entry.size);
    let cancel = move |_| remove(id);
    let percent = move || {
        t_string!(
            i18n,
            upload.percent,
            percent = format!("{:.0}", progress.get() * 100.0)
        )
    };
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
            <span class="muted">{move || human_size(size, i18n.get_locale())}</span>
            {move || match state.get() {
                EntryState::Checking => view! { <span class="muted">{move || t_string!(i18n, upload.checking)}</span> }.into_any(),
                EntryState::Uploading => {
                    view! {
                        <progress max="1" value=move || progress.get() aria-label=t_string!(i18n, upload.uploading_named, name = &entry.name)>{percent}</progress>
                        <span class="muted">{percent}</span>
                    }
                        .into_any()
                }
                EntryState::Done(_) => view! { <span class="uploaded">{move || t_string!(i18n, upload.uploaded)}</span> }.into_any(),
                EntryState::Failed(message) => view! { <span class="field-error" role="alert">{message}</span> }.into_any(),
            }}
            <button type="button" class="button-quiet" on:click=cancel>
                {move || {
                    if state.get() == EntryState::Uploading {
                        t_string!(i18n, upload.cancel)
                    } else {
                        t_string!(i18n, upload.dismiss)
                    }
                }}
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

/// A small document icon: "PDF", "IMG" or "FILE".
#[component]
fn FileIcon(content_type: String) -> impl IntoView {
    let i18n = use_i18n();
    let (pdf, image) = (
        content_type == "application/pdf",
        content_type.starts_with("image/"),
    );
    let text = move || {
        if pdf {
            "PDF"
        } else if image {
            t_string!(i18n, upload.icon_image)
        } else {
            t_string!(i18n, upload.icon_file)
        }
    };
    view! { <span class="file-icon" aria-hidden="true">{text}</span> }
}

/// What an item accepts, for people: "PDF, JPEG, up to 10 MB each, pictures at least
/// 1200 × 800 pixels, at most 3 files" (as `size_rule` and the count, in `locale`).
fn hint_text(
    locale: Locale,
    types_text: &str,
    min_size_bytes: u64,
    max_size_bytes: u64,
    min_pixels: Option<Pixels>,
    max_files: u32,
) -> String {
    let mut parts = vec![
        types_text.to_owned(),
        size_rule_text(locale, min_size_bytes, max_size_bytes, min_pixels),
    ];
    if max_files > 1 {
        parts.push(td_string!(locale, upload.at_most_files, count = max_files));
    }
    parts.join(", ")
}
