//! The browser entry point: hydrates the server-rendered page into the live app.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The pages are lazily loaded routes (app::pages::lazy): hydration waits for the
    // current page's code before it takes over the server-rendered HTML.
    leptos::mount::hydrate_lazy(app::App);
}
