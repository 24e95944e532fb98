//! The files the browser hands over (a drop, a file picker), and the browser half of an
//! upload.

/// A file the browser handed over.
#[derive(Clone)]
pub(super) struct FileInfo {
    pub(super) name: String,
    pub(super) size: u64,
    pub(super) thumbnail: Option<String>,
    pub(super) claimed_type: String,
    #[cfg(feature = "hydrate")]
    pub(super) file: send_wrapper::SendWrapper<web_sys::File>,
}

#[cfg(feature = "hydrate")]
pub(super) fn file_infos(list: Option<web_sys::FileList>) -> Vec<FileInfo> {
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
pub(super) fn files_of_drop(ev: &leptos::ev::DragEvent) -> Vec<FileInfo> {
    file_infos(ev.data_transfer().and_then(|dt| dt.files()))
}

#[cfg(not(feature = "hydrate"))]
pub(super) fn files_of_drop(_ev: &leptos::ev::DragEvent) -> Vec<FileInfo> {
    Vec::new()
}

#[cfg(feature = "hydrate")]
pub(super) fn files_of_input(ev: &leptos::ev::Event) -> Vec<FileInfo> {
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
pub(super) fn files_of_input(_ev: &leptos::ev::Event) -> Vec<FileInfo> {
    Vec::new()
}

#[cfg(feature = "hydrate")]
pub(super) mod browser {
    //! The browser half: reading the first bytes, and the XMLHttpRequest upload.

    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, closure::Closure};

    use super::FileInfo;
    use crate::components::dropzone::state::{Entry, EntryState, Uploads};
    use crate::{
        domain::{
            requirements::{FileType, Pixels},
            sniff::{PIXELS_HEAD_LEN, SNIFF_LEN, pixels, sniff},
        },
        error::AppError,
        i18n::{Locale, td_string},
    };

    /// What the browser checks from a file's content before sending it.
    pub(in crate::components::dropzone) struct Rules {
        pub allowed: Vec<FileType>,
        pub min_pixels: Option<Pixels>,
        /// The language of the messages about this file.
        pub locale: Locale,
    }

    /// Checks the file's type from its first bytes (and a picture's size in pixels, when
    /// the item asks for a smallest one), then uploads it.
    pub(in crate::components::dropzone) fn check_and_upload(
        file: FileInfo,
        entry: Entry,
        rules: Rules,
        url: String,
        uploads: Uploads,
    ) {
        let Rules {
            allowed,
            min_pixels,
            locale,
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
                        entry.state.set(EntryState::Failed(td_string!(
                            locale,
                            upload.picture_too_small,
                            size = crate::components::status::pixels_text(locale, size),
                            min = crate::components::status::pixels_text(locale, min)
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
                    entry.state.set(EntryState::Failed(td_string!(
                        locale,
                        upload.wrong_type,
                        types = types
                    )));
                    return;
                }
            }
            if let Err(err) = upload(&file, &entry, &url, uploads, locale) {
                entry.state.set(EntryState::Failed(td_string!(
                    locale,
                    upload.could_not_start,
                    error = format!("{err:?}")
                )));
            }
        });
    }

    pub(super) fn upload(
        file: &FileInfo,
        entry: &Entry,
        url: &str,
        uploads: Uploads,
        locale: Locale,
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
                uploads.tell(td_string!(locale, upload.uploaded_news, name = &name));
                uploads.on_stored.run(());
            } else {
                let message = serde_json::from_str::<serde_json::Value>(&text)
                    .ok()
                    .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
                    .unwrap_or_else(|| AppError::Internal.text(locale));
                state.set(EntryState::Failed(message));
            }
        });
        xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
        let on_error = Closure::<dyn FnMut()>::new(move || {
            state.set(EntryState::Failed(
                td_string!(locale, upload.connection_lost).into(),
            ));
        });
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));

        xhr.send_with_opt_blob(Some(&file.file))?;
        entry.state.set(EntryState::Uploading);
        uploads.tell(td_string!(locale, upload.uploading_news, name = &file.name));
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
