//! Keyboard shortcuts of the review page, and the help overlay that lists them. They act
//! on the "current" item: the one holding the focus, else the first one waiting for a
//! decision. Keys typed into a field are left alone (Escape leaves the field).

use leptos::prelude::*;

use crate::i18n::{Locale, t_string, td_string, use_i18n};

/// The shortcuts' keys, as the help lists them (what each does: [`shortcut_text`]).
pub const SHORTCUTS: [&str; 7] = ["j", "k", "a", "s", "n", "?", "Esc"];

/// What the shortcut `key` (one of [`SHORTCUTS`]) does, in `locale`.
fn shortcut_text(locale: Locale, key: &str) -> &'static str {
    match key {
        "j" => td_string!(locale, review.shortcuts.next_item),
        "k" => td_string!(locale, review.shortcuts.previous_item),
        "a" => td_string!(locale, review.shortcuts.approve),
        "s" => td_string!(locale, review.shortcuts.statement),
        "n" => td_string!(locale, review.shortcuts.next_order),
        "?" => td_string!(locale, review.shortcuts.toggle_help),
        "Esc" => td_string!(locale, review.shortcuts.escape),
        _ => "",
    }
}

/// The list of shortcuts, over the page while `open`.
#[component]
pub fn ShortcutHelp(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || open.get()>
            <div class="shortcut-help" role="dialog" aria-modal="true" aria-labelledby="shortcut-title">
                <div class="shortcut-card card">
                    <h2 id="shortcut-title">{move || t_string!(i18n, review.shortcuts.title)}</h2>
                    <table class="table">
                        <tbody>
                            {SHORTCUTS.into_iter().map(|key| view! {
                                <tr><th scope="row"><kbd>{key}</kbd></th><td>{move || shortcut_text(i18n.get_locale(), key)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <button type="button" class="button-secondary" on:click=move |_| open.set(false)>{move || t_string!(i18n, review.shortcuts.close)}</button>
                </div>
            </div>
        </Show>
    }
}

/// Follows the keyboard while the page is open: `order_id` is the order shown, and
/// `next_order` opens the next order waiting for review.
#[cfg(feature = "hydrate")]
pub fn use_shortcuts(help: RwSignal<bool>, next_order: impl Fn() + 'static) {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, HtmlElement};

    use super::item::APPROVE;

    let handle = window_event_listener(leptos::ev::keydown, move |e| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let key = e.key();
        let active = document().active_element();
        let typing = active
            .as_ref()
            .is_some_and(|a| matches!(a.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if key == "Escape" {
            if help.get_untracked() {
                help.set(false);
            } else if typing
                && let Some(field) = active.and_then(|a| a.dyn_into::<HtmlElement>().ok())
            {
                let _ = field.blur();
            }
            return;
        }
        if typing {
            return;
        }
        let sections = document().get_elements_by_class_name("item-section");
        let all: Vec<Element> = (0..sections.length())
            .filter_map(|i| sections.item(i))
            .collect();
        let focused = active
            .as_ref()
            .and_then(|a| all.iter().position(|s| s.contains(Some(a.as_ref()))));
        let current = focused.or_else(|| {
            all.iter()
                .position(|s| s.query_selector(APPROVE).ok().flatten().is_some())
        });
        let focus = |section: &Element| {
            if let Ok(section) = section.clone().dyn_into::<HtmlElement>() {
                let _ = section.focus();
                section.scroll_into_view();
            }
        };
        let within = |selector: &str| {
            all.get(current.unwrap_or(0))
                .and_then(|s| s.query_selector(selector).ok().flatten())
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        };
        match key.as_str() {
            "j" => {
                let next = focused.map_or(0, |c| (c + 1).min(all.len().saturating_sub(1)));
                if let Some(section) = all.get(next) {
                    focus(section);
                }
            }
            "k" => {
                let previous = focused.map_or(0, |c| c.saturating_sub(1));
                if let Some(section) = all.get(previous) {
                    focus(section);
                }
            }
            "a" => {
                if let Some(button) = within(APPROVE) {
                    button.click();
                }
            }
            "s" => {
                if let Some(area) = within("textarea[name='statement']") {
                    e.prevent_default();
                    let _ = area.focus();
                }
            }
            "n" => next_order(),
            "?" => help.update(|open| *open = !*open),
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}
