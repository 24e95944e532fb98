//! `ScrollTable`: a data table that scrolls sideways inside its own box on a narrow
//! screen, so that the page itself never does (WCAG 1.4.10, reflow); the box is named
//! for screen readers and can be scrolled from the keyboard.

use leptos::prelude::*;

/// A `.table` of `children` (its `thead` and `tbody`) in a box named `label` (a text, or
/// a closure giving it, so that it follows the language).
#[component]
pub fn ScrollTable(#[prop(into)] label: Signal<String>, children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" aria-label=move || label.get() tabindex="0">
            <table class="table">{children()}</table>
        </div>
    }
}
