//! Subscribing to the server's live event stream (`/events`) from a component.
//!
//! The browser's `EventSource` reconnects by itself; the server sends the current state
//! on every (re)connect, so a component never keeps a stale value. On the server this
//! does nothing.

/// Calls `on_event` with the data of every `event` the stream sends, while the calling
/// component lives.
#[cfg(feature = "hydrate")]
pub fn use_event_stream(event: &'static str, on_event: impl Fn(String) + 'static) {
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, closure::Closure};

    let Ok(source) = web_sys::EventSource::new("/events") else {
        return;
    };
    let listener =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(data) = e.data().as_string() {
                on_event(data);
            }
        });
    let _ = source.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    let source = send_wrapper::SendWrapper::new(source);
    let listener = send_wrapper::SendWrapper::new(listener);
    on_cleanup(move || {
        source.close();
        drop(listener);
    });
}

/// On the server there is no stream to follow.
#[cfg(not(feature = "hydrate"))]
pub fn use_event_stream(_event: &'static str, _on_event: impl Fn(String) + 'static) {}
