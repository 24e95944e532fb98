//! Following the server's live event stream (`/events`) from components.
//!
//! A page opens at most one `EventSource`, shared by every component that follows the
//! stream (the admin badge and the review queue on one page used to open two): it is
//! opened by the first component that asks and closed when the last one goes. The
//! browser reconnects by itself; the server sends the current state on every
//! (re)connect, so a component never keeps a stale value. On the server this does
//! nothing.

/// Makes the shared stream available to the components below (once, in the layout).
#[cfg(feature = "hydrate")]
pub fn provide_live_events() {
    use leptos::prelude::*;
    provide_context(imp::LiveEvents(StoredValue::new_local(
        imp::Shared::default(),
    )));
}

/// Calls `on_event` with the data of every `event` the stream sends, while the calling
/// component lives.
#[cfg(feature = "hydrate")]
pub fn use_event_stream(event: &'static str, on_event: impl Fn(String) + 'static) {
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, closure::Closure};

    let Some(live) = use_context::<imp::LiveEvents>() else {
        return;
    };
    let Some(source) = live.join() else {
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
        let _ =
            source.remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        drop(listener);
        live.leave();
    });
}

#[cfg(feature = "hydrate")]
mod imp {
    use leptos::prelude::*;

    /// The page's one stream and how many components follow it.
    #[derive(Default)]
    pub struct Shared {
        source: Option<web_sys::EventSource>,
        followers: usize,
    }

    /// The shared stream of the page.
    #[derive(Clone, Copy)]
    pub struct LiveEvents(pub StoredValue<Shared, LocalStorage>);

    impl LiveEvents {
        /// The stream, opened if nobody follows it yet.
        pub fn join(self) -> Option<web_sys::EventSource> {
            self.0
                .try_update_value(|shared| {
                    if shared.source.is_none() {
                        shared.source = web_sys::EventSource::new("/events").ok();
                    }
                    if shared.source.is_some() {
                        shared.followers += 1;
                    }
                    shared.source.clone()
                })
                .flatten()
        }

        /// One follower fewer; the last one closes the stream.
        pub fn leave(self) {
            self.0.try_update_value(|shared| {
                shared.followers = shared.followers.saturating_sub(1);
                if shared.followers == 0
                    && let Some(source) = shared.source.take()
                {
                    source.close();
                }
            });
        }
    }
}

/// On the server there is no stream to follow.
#[cfg(not(feature = "hydrate"))]
pub fn provide_live_events() {}

/// On the server there is no stream to follow.
#[cfg(not(feature = "hydrate"))]
pub fn use_event_stream(_event: &'static str, _on_event: impl Fn(String) + 'static) {}
