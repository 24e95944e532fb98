//! The options of a file item: accepted types, the largest and smallest file, the
//! smallest picture, how many files, and what the document is and how long it stays good
//! for reuse.

use leptos::prelude::*;

use super::{Problem, kind_options::parse_len, state::Editor};
use crate::components::status::document_kind_text;
use crate::domain::{
    requirements::{DocumentKind, FileType, ItemKind, MAX_VALID_DAYS, Pixels},
    units::{KB, MB},
};
use crate::i18n::{t_string, use_i18n};

/// A change to a file item's options.
type FileEdit = Box<dyn FnOnce(&mut ItemKind)>;

/// What the form shows of a file item.
struct Shown {
    types: Vec<FileType>,
    max_bytes: u64,
    min_bytes: u64,
    min_pixels: Option<Pixels>,
    min_files: u32,
    max_files: u32,
    document_kind: Option<DocumentKind>,
    valid_days: Option<u32>,
}

/// A number field's text for `value`, empty for zero.
fn blank_if_zero(value: u64) -> String {
    if value == 0 {
        String::new()
    } else {
        value.to_string()
    }
}

#[component]
pub(super) fn FileOptions(
    editor: Editor,
    uid: u64,
    field: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = move |name: &str| format!("item-{uid}-{name}");
    let shown = editor
        .read(uid, |d| match &d.kind {
            ItemKind::File {
                allowed_types,
                max_size_bytes,
                min_size_bytes,
                min_pixels,
                min_files,
                max_files,
                document_kind,
                valid_days,
            } => Some(Shown {
                types: allowed_types.clone(),
                max_bytes: *max_size_bytes,
                min_bytes: *min_size_bytes,
                min_pixels: *min_pixels,
                min_files: *min_files,
                max_files: *max_files,
                document_kind: *document_kind,
                valid_days: *valid_days,
            }),
            _ => None,
        })
        .flatten()
        .unwrap_or(Shown {
            types: Vec::new(),
            max_bytes: 0,
            min_bytes: 0,
            min_pixels: None,
            min_files: 1,
            max_files: 1,
            document_kind: None,
            valid_days: None,
        });
    let write = move |f: FileEdit| editor.write(uid, |d| f(&mut d.kind));
    // The smallest picture is edited as two fields; both empty means none.
    let pixels = RwSignal::new(shown.min_pixels.map_or((0, 0), |p| (p.width, p.height)));
    let set_pixels = move |width: Option<u32>, height: Option<u32>| {
        pixels.update(|(w, h)| {
            if let Some(width) = width {
                *w = width;
            }
            if let Some(height) = height {
                *h = height;
            }
        });
        let (w, h) = pixels.get_untracked();
        write(Box::new(move |k| {
            if let ItemKind::File { min_pixels, .. } = k {
                *min_pixels = (w > 0 || h > 0).then_some(Pixels::new(w, h));
            }
        }));
    };
    let max_mb = format!(
        "{}",
        (shown.max_bytes as f64 / MB as f64 * 100.0).round() / 100.0
    );
    let server_mb = editor.limits.max_upload_bytes / MB;
    let types = shown.types;
    view! {
        <div class="file-options">
            <fieldset class="types">
                <legend>{move || t_string!(i18n, editor.file.types)}</legend>
                {FileType::ALL
                    .into_iter()
                    .map(|t| {
                        let checked = types.contains(&t);
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        write(Box::new(move |k| {
                                            if let ItemKind::File { allowed_types: types, .. } = k {
                                                types.retain(|x| *x != t);
                                                if on {
                                                    types.push(t);
                                                    types.sort_by_key(|x| FileType::ALL.iter().position(|y| y == x));
                                                }
                                            }
                                        }));
                                    }
                                />
                                {t.label()}
                            </label>
                        }
                    })
                    .collect_view()}
                <Problem message=field("allowed_types")/>
            </fieldset>
            <div class="grid-3">
                <div class="field">
                    <label for=id("max-size")>{move || t_string!(i18n, editor.file.max_size)}</label>
                    <input
                        id=id("max-size")
                        type="number"
                        min="0.01"
                        step="0.01"
                        max=server_mb.to_string()
                        value=max_mb
                        on:input=move |ev| {
                            let mb: f64 = event_target_value(&ev).trim().parse().unwrap_or(0.0);
                            let bytes = (mb * MB as f64).round().max(0.0) as u64;
                            write(Box::new(move |k| {
                                if let ItemKind::File { max_size_bytes, .. } = k {
                                    *max_size_bytes = bytes;
                                }
                            }));
                        }
                    />
                    <p class="field-help">{move || t_string!(i18n, editor.file.server_limit, mb = server_mb)}</p>
                    <Problem message=field("max_size_bytes")/>
                </div>
                <div class="field">
                    <label for=id("min-size")>{move || t_string!(i18n, editor.file.min_size)}</label>
                    <input
                        id=id("min-size")
                        type="number"
                        min="0"
                        step="1"
                        placeholder=move || t_string!(i18n, editor.file.any_size)
                        value=blank_if_zero(shown.min_bytes / KB)
                        on:input=move |ev| {
                            let kb: u64 = event_target_value(&ev).trim().parse().unwrap_or(0);
                            write(Box::new(move |k| {
                                if let ItemKind::File { min_size_bytes, .. } = k {
                                    *min_size_bytes = kb.saturating_mul(KB);
                                }
                            }));
                        }
                    />
                    <p class="field-help">{move || t_string!(i18n, editor.file.min_size_help)}</p>
                    <Problem message=field("min_size_bytes")/>
                </div>
                <fieldset class="field pixels">
                    <legend>{move || t_string!(i18n, editor.file.min_pixels)}</legend>
                    <div class="pixels-pair">
                        <input
                            id=id("min-width")
                            type="number"
                            min="0"
                            aria-label=move || t_string!(i18n, editor.file.min_width)
                            placeholder=move || t_string!(i18n, editor.file.width)
                            value=blank_if_zero(u64::from(pixels.get_untracked().0))
                            on:input=move |ev| set_pixels(Some(parse_len(&event_target_value(&ev)).unwrap_or(0)), None)
                        />
                        <span aria-hidden="true">"×"</span>
                        <input
                            id=id("min-height")
                            type="number"
                            min="0"
                            aria-label=move || t_string!(i18n, editor.file.min_height)
                            placeholder=move || t_string!(i18n, editor.file.height)
                            value=blank_if_zero(u64::from(pixels.get_untracked().1))
                            on:input=move |ev| set_pixels(None, Some(parse_len(&event_target_value(&ev)).unwrap_or(0)))
                        />
                    </div>
                    <p class="field-help">{move || t_string!(i18n, editor.file.min_pixels_help)}</p>
                    <Problem message=field("min_pixels")/>
                </fieldset>
            </div>
            <div class="grid-3">
                <div class="field">
                    <label for=id("min-files")>{move || t_string!(i18n, editor.file.min_files)}</label>
                    <input
                        id=id("min-files")
                        type="number"
                        min="0"
                        value=shown.min_files.to_string()
                        on:input=move |ev| {
                            let n = parse_len(&event_target_value(&ev)).unwrap_or(0);
                            write(Box::new(move |k| {
                                if let ItemKind::File { min_files, .. } = k {
                                    *min_files = n;
                                }
                            }));
                        }
                    />
                    <Problem message=field("min_files")/>
                </div>
                <div class="field">
                    <label for=id("max-files")>{move || t_string!(i18n, editor.file.max_files)}</label>
                    <input
                        id=id("max-files")
                        type="number"
                        min="1"
                        value=shown.max_files.to_string()
                        on:input=move |ev| {
                            let n = parse_len(&event_target_value(&ev)).unwrap_or(0);
                            write(Box::new(move |k| {
                                if let ItemKind::File { max_files, .. } = k {
                                    *max_files = n;
                                }
                            }));
                        }
                    />
                    <Problem message=field("max_files")/>
                </div>
            </div>
            <div class="grid-3">
                <div class="field">
                    <label for=id("document-kind")>{move || t_string!(i18n, editor.file.document_kind)}</label>
                    <select
                        id=id("document-kind")
                        on:change=move |ev| {
                            let kind = DocumentKind::from_name(&event_target_value(&ev));
                            write(Box::new(move |k| {
                                if let ItemKind::File { document_kind, .. } = k {
                                    *document_kind = kind;
                                }
                            }));
                        }
                    >
                        <option value="" selected=shown.document_kind.is_none()>{move || t_string!(i18n, editor.file.not_declared)}</option>
                        {DocumentKind::ALL
                            .into_iter()
                            .map(|kind| {
                                view! {
                                    <option value=kind.name() selected=shown.document_kind == Some(kind)>
                                        {move || document_kind_text(i18n.get_locale(), kind)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="field-help">
                        {move || t_string!(i18n, editor.file.document_kind_help)}
                    </p>
                </div>
                <div class="field">
                    <label for=id("valid-days")>{move || t_string!(i18n, editor.file.valid_days)}</label>
                    <input
                        id=id("valid-days")
                        type="number"
                        min="1"
                        max=MAX_VALID_DAYS.to_string()
                        placeholder=move || t_string!(i18n, editor.file.no_limit)
                        value=shown.valid_days.map(|d| d.to_string()).unwrap_or_default()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            let days = if text.trim().is_empty() {
                                None
                            } else {
                                Some(parse_len(&text).unwrap_or(0))
                            };
                            write(Box::new(move |k| {
                                if let ItemKind::File { valid_days, .. } = k {
                                    *valid_days = days;
                                }
                            }));
                        }
                    />
                    <p class="field-help">{move || t_string!(i18n, editor.file.valid_days_help)}</p>
                    <Problem message=field("valid_days")/>
                </div>
            </div>
        </div>
    }
}
