//! One item of an order under review: the answer or documents (with previews), the
//! earlier attempts, who decided, and Approve / Reject with a statement.
//!
//! The page re-renders when the order changes elsewhere (a replacement, another admin's
//! decision): what the admin is typing in a statement is kept in [`Drafts`] above the
//! re-rendered part, and the statement being typed in keeps the focus and the caret.

use std::collections::HashMap;

use leptos::prelude::*;

use super::viewer::ImageViewer;

use crate::{
    api::{
        orders::{AttemptView, DocumentView, ItemView},
        reasons::ReasonTemplate,
        review::ReviewItem,
    },
    components::{
        form::FieldError,
        status::{AttemptHistory, ItemPill, document_facts_text},
        time::format_utc,
    },
    domain::{
        countries::country_name,
        orders::ItemStatus,
        requirements::{ItemDef, ItemKind},
    },
    i18n::{Locale, t, t_string, td_string, use_i18n},
};

/// Statements being typed, by item and attempt, and where the focus was, kept across
/// re-renders of the page (the whole order is drawn again on every change).
#[derive(Clone, Copy)]
pub struct Drafts {
    texts: StoredValue<HashMap<String, String>>,
    /// The focused element's id and, for a statement, its selection.
    focus: StoredValue<Option<(String, u32, u32)>>,
    /// Set by a live change: the re-rendered page gives the focus back once.
    live: StoredValue<bool>,
    /// The item this admin just decided (`*` for "approve all"), until the page shows the
    /// outcome: then the focus goes where the work goes on.
    deciding: StoredValue<Option<String>>,
}

/// A statement's element id and selection.
fn caret_of(area: &leptos::web_sys::HtmlTextAreaElement) -> (String, u32, u32) {
    let start = area.selection_start().ok().flatten().unwrap_or(0);
    let end = area.selection_end().ok().flatten().unwrap_or(start);
    (area.id(), start, end)
}

/// An approve button that can be pressed (found by its form, not by its label, which is
/// in the reader's language).
pub const APPROVE: &str = ".decide .inline-form button[type='submit']:not([disabled])";

impl Default for Drafts {
    fn default() -> Self {
        Self::new()
    }
}

impl Drafts {
    pub fn new() -> Self {
        Self {
            texts: StoredValue::new(HashMap::new()),
            focus: StoredValue::new(None),
            live: StoredValue::new(false),
            deciding: StoredValue::new(None),
        }
    }

    fn key(item: &ItemView) -> String {
        format!("{}#{}", item.key, item.attempt)
    }

    /// Notes what has the focus (and where a statement's caret is), before the page
    /// re-renders. A document preview that took the focus by loading (Chromium's PDF
    /// viewer does) leaves the statement typed in last as the one to give it back to; a
    /// focus already lost to an earlier re-render (nothing focused) leaves what was
    /// noted then.
    pub fn remember_focus(self) {
        use leptos::wasm_bindgen::JsCast;
        self.live.set_value(true);
        let Some(active) = document().active_element() else {
            return;
        };
        if matches!(active.tag_name().as_str(), "IFRAME" | "BODY") {
            return;
        }
        let focused = match active.dyn_into::<leptos::web_sys::HtmlTextAreaElement>() {
            Ok(area) => Some(caret_of(&area)),
            Err(other) => Some((other.id(), 0, 0)),
        };
        self.focus
            .set_value(focused.filter(|(id, ..)| !id.is_empty()));
    }

    /// Notes the statement being typed in (on focus and input).
    fn typing_in(self, area: &leptos::web_sys::HtmlTextAreaElement) {
        self.focus.set_value(Some(caret_of(area)));
    }

    /// A document preview took the focus (Chromium's PDF viewer does as it loads, and
    /// the page's keyboard shortcuts would stop working): gives it back to the element
    /// that had it, else to the page.
    #[cfg(feature = "hydrate")]
    fn preview_took_focus(self) {
        use leptos::wasm_bindgen::JsCast;
        let Some(frame) = document()
            .active_element()
            .filter(|e| e.tag_name() == "IFRAME")
        else {
            return;
        };
        self.restore_focus();
        let still = document()
            .active_element()
            .is_some_and(|e| e.tag_name() == "IFRAME");
        if still && let Ok(frame) = frame.dyn_into::<leptos::web_sys::HtmlElement>() {
            let _ = frame.blur();
        }
    }

    /// Gives the focus (and a statement's selection) back to the element that had it,
    /// if it is in the page.
    fn restore_focus(self) {
        use leptos::wasm_bindgen::JsCast;
        let Some((id, start, end)) = self.focus.get_value() else {
            return;
        };
        let Some(element) = document()
            .get_element_by_id(&id)
            .filter(|e| e.is_connected())
        else {
            return;
        };
        match element.dyn_into::<leptos::web_sys::HtmlTextAreaElement>() {
            Ok(area) => {
                let _ = area.focus();
                let _ = area.set_selection_range(start, end);
            }
            Err(other) => {
                if let Ok(element) = other.dyn_into::<leptos::web_sys::HtmlElement>() {
                    let _ = element.focus();
                }
            }
        }
    }

    /// Notes that this admin decided item `key` (`*`: every waiting item).
    pub fn deciding(self, key: String) {
        self.deciding.set_value(Some(key));
    }

    /// Once the page is drawn again: after this admin's decision (no longer `busy`), the
    /// focus goes to the statement at fault if the decision `failed`, else to the next
    /// item waiting for a decision, else to the order's heading; after a live change,
    /// back where it was.
    pub fn after_render(self, busy: bool, failed: impl Fn(&str) -> bool) {
        if busy {
            return;
        }
        if let Some(key) = self.deciding.get_value() {
            self.deciding.set_value(None);
            self.live.set_value(false);
            let target = focus_after_decision(&key, failed(&key));
            self.focus.set_value(target.map(|id| (id, 0, 0)));
        } else if self.live.get_value() {
            self.live.set_value(false);
            self.restore_focus();
        }
    }
}

/// Moves the focus after a decision on `key` (see [`Drafts::after_render`]); answers the
/// id of the element that took it.
fn focus_after_decision(key: &str, failed: bool) -> Option<String> {
    let page = document();
    let section_id = format!("review-item-{key}");
    let statement_id = format!("statement-{key}");
    let target = if failed {
        page.get_element_by_id(&statement_id)
            .or_else(|| page.get_element_by_id(&section_id))
    } else {
        let list = page.get_elements_by_class_name("item-section");
        let sections: Vec<_> = (0..list.length()).filter_map(|i| list.item(i)).collect();
        let decided = sections
            .iter()
            .position(|s| s.id() == section_id)
            .unwrap_or(0);
        // The next waiting item after the decided one, going round to the first.
        (decided + 1..sections.len())
            .chain(0..=decided.min(sections.len().saturating_sub(1)))
            .filter_map(|i| sections.get(i))
            .find(|s| s.query_selector(APPROVE).ok().flatten().is_some())
            .cloned()
            .or_else(|| page.get_element_by_id("order-title"))
    }?;
    let id = target.id();
    crate::components::form::focus_element(Some(target));
    Some(id)
}

/// Keeps document previews from taking the focus by loading. Chromium's PDF viewer
/// focuses itself when it has loaded (also in a frame the server rendered, before the
/// page was live), which moves the keyboard into the PDF and away from the page's
/// shortcuts. A preview that takes the focus within a few seconds of loading, when the
/// person did not press Tab, gives it back; one the person clicked into or tabbed to
/// later keeps it.
#[cfg(feature = "hydrate")]
pub fn keep_focus_from_previews(drafts: Drafts) {
    use leptos::wasm_bindgen::{JsCast, closure::Closure};
    const LOADING_MS: f64 = 3000.0;
    const TAB_MS: f64 = 1000.0;
    let now = js_sys::Date::now;
    // The page becoming live counts as a load: a frame may have loaded before.
    let last_load = StoredValue::new(now());
    let last_tab = StoredValue::new(0.0f64);
    let give_back = move || {
        let preview_focused = document()
            .active_element()
            .is_some_and(|e| e.tag_name() == "IFRAME" && e.class_list().contains("pdf-preview"));
        if preview_focused
            && now() - last_load.get_value() < LOADING_MS
            && now() - last_tab.get_value() > TAB_MS
        {
            drafts.preview_took_focus();
        }
    };
    give_back();
    let keys = window_event_listener(leptos::ev::keydown, move |e| {
        if e.key() == "Tab" {
            last_tab.set_value(now());
        }
    });
    // The page's window loses the focus when a frame takes it.
    let blur = window_event_listener(leptos::ev::blur, move |_| {
        set_timeout(give_back, std::time::Duration::ZERO);
    });
    // Frames' load events do not bubble: they are caught on the way down.
    let loaded =
        Closure::<dyn Fn(leptos::web_sys::Event)>::new(move |e: leptos::web_sys::Event| {
            let frame = e
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
                .is_some_and(|t| t.tag_name() == "IFRAME");
            if frame {
                last_load.set_value(now());
                set_timeout(give_back, std::time::Duration::ZERO);
            }
        });
    let _ = document().add_event_listener_with_callback_and_bool(
        "load",
        loaded.as_ref().unchecked_ref(),
        true,
    );
    let loaded = send_wrapper::SendWrapper::new(loaded);
    on_cleanup(move || {
        keys.remove();
        blur.remove();
        let _ = document().remove_event_listener_with_callback_and_bool(
            "load",
            loaded.as_ref().unchecked_ref(),
            true,
        );
    });
}

/// A PDF document's preview frame, at `src`.
///
/// In the browser its address is set by [`keep_address`], not as an attribute: the page
/// is drawn again on every live change, and a drawn-again element (views are erased)
/// has its attributes removed and set anew; a frame given its address again reloads,
/// and Chromium's PDF viewer then takes the focus and scrolls the page to itself, under
/// the admin's pointer. The server writes it as an attribute, which hydration keeps.
#[cfg(not(feature = "ssr"))]
fn pdf_preview(src: String, title: impl Fn() -> String + Send + 'static) -> impl IntoView {
    view! { <iframe class="pdf-preview" use:keep_address=src title=title></iframe> }
}

#[cfg(feature = "ssr")]
fn pdf_preview(src: String, title: impl Fn() -> String + Send + 'static) -> impl IntoView {
    view! { <iframe class="pdf-preview" src=src title=title></iframe> }
}

/// Gives `frame` the address `src` unless it has it already (see [`pdf_preview`]).
#[cfg(not(feature = "ssr"))]
fn keep_address(frame: leptos::web_sys::Element, src: String) {
    if frame.get_attribute("src").as_deref() != Some(src.as_str()) {
        let _ = frame.set_attribute("src", &src);
    }
}

/// Who decided an item and when, in `locale`: "Approved by Ayşe, 2026-11-29 10:02 UTC."
fn decision_text(locale: Locale, approved: bool, by: Option<&str>, at: Option<&str>) -> String {
    match (approved, by, at) {
        (true, Some(by), Some(at)) => {
            td_string!(locale, review.item.approved_by_at, name = by, date = at)
        }
        (true, Some(by), None) => td_string!(locale, review.item.approved_by, name = by),
        (true, None, _) => td_string!(locale, review.item.approved).to_owned(),
        (false, Some(by), Some(at)) => {
            td_string!(locale, review.item.rejected_by_at, name = by, date = at)
        }
        (false, Some(by), None) => td_string!(locale, review.item.rejected_by, name = by),
        (false, None, _) => td_string!(locale, review.item.rejected).to_owned(),
    }
}

#[component]
pub fn ReviewSection(
    def: ItemDef,
    item: Option<ItemView>,
    order_id: i32,
    review: ServerAction<ReviewItem>,
    error: Signal<Option<crate::error::AppError>>,
    templates: Vec<ReasonTemplate>,
    drafts: Drafts,
    /// Set while another admin holds the order's claim: decisions are theirs.
    held_by: Option<String>,
    /// Whether the order is under review: only then are items decided (a cancelled
    /// order keeps its submitted items, without buttons).
    under_review: bool,
    /// The customer's language: a picked template is written in it.
    customer_language: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let Some(item) = item else {
        return ().into_any();
    };
    let value = item.value.clone().map(|v| match &def.kind {
        ItemKind::Country => country_name(&v).map_or(v.clone(), |n| format!("{n} ({v})")),
        ItemKind::Select { options } => options
            .iter()
            .find(|o| o.value == v)
            .map_or(v.clone(), |o| o.label.clone()),
        ItemKind::Checkbox { .. } => t_string!(i18n, review.item.agreed).to_owned(),
        _ => v,
    });
    let decidable = under_review && item.status == ItemStatus::Submitted;
    // Attempts before the current one (a rejected item's current attempt is the
    // replacement still to come).
    let earlier: Vec<_> = item
        .history
        .iter()
        .filter(|a| a.attempt < item.attempt)
        .cloned()
        .collect();
    // A replacement waiting for a decision can be compared with the documents it
    // replaces.
    let replaced = earlier
        .iter()
        .rev()
        .find(|a| !a.documents.is_empty())
        .filter(|_| decidable && !item.documents.is_empty())
        .cloned();
    // The last decision, and who made it.
    let decided = item
        .history
        .iter()
        .rev()
        .find(|a| a.decision != ItemStatus::Submitted)
        .filter(|_| matches!(item.status, ItemStatus::Approved | ItemStatus::Rejected))
        .map(|a| {
            let approved = a.decision == ItemStatus::Approved;
            let (by, at) = (a.decided_by.clone(), a.decided_at.clone());
            move || {
                let locale = i18n.get_locale();
                let at = at.as_deref().map(|at| format_utc(locale, at));
                decision_text(locale, approved, by.as_deref(), at.as_deref())
            }
        });
    let earlier_count = earlier.len().to_string();
    let statement_ref = NodeRef::<leptos::html::Textarea>::new();
    let picker_label = {
        let label = def.label.clone();
        move || t_string!(i18n, review.item.saved_reason_for, label = &label).to_string()
    };
    let statement_id = format!("statement-{}", item.key);
    let draft_key = Drafts::key(&item);
    let draft = drafts
        .texts
        .with_value(|t| t.get(&draft_key).cloned())
        .unwrap_or_default();
    let keep_draft = {
        let draft_key = draft_key.clone();
        move |text: String| {
            drafts.texts.update_value(|t| {
                t.insert(draft_key.clone(), text);
            });
        }
    };
    let keep_picked = keep_draft.clone();
    let label = def.label.clone();
    let (key_a, key_r) = (item.key.clone(), item.key.clone());
    let (approve_label, reject_label, statement_label) = {
        let (a, r, s) = (label.clone(), label.clone(), label.clone());
        (
            move || t_string!(i18n, review.item.approve_label, label = &a).to_string(),
            move || t_string!(i18n, review.item.reject_label, label = &r).to_string(),
            move || t_string!(i18n, review.item.statement_label, label = &s).to_string(),
        )
    };
    let (attempt_a, attempt_r) = (item.attempt.to_string(), item.attempt.to_string());
    let (order_a, order_r) = (order_id.to_string(), order_id.to_string());
    let blocked = held_by.is_some();
    let blocked_title = move || {
        held_by
            .as_ref()
            .map(|name| t_string!(i18n, review.item.blocked_title, name = name).to_string())
            .unwrap_or_default()
    };
    let (title_a, title_r) = (blocked_title.clone(), blocked_title);
    view! {
        <section class="card item-section" id=format!("review-item-{}", item.key) aria-label=label.clone() tabindex="-1">
            <div class="item-head">
                <h3>{label.clone()}</h3>
                <ItemPill status=item.status/>
            </div>
            {match value {
                Some(v) => view! { <p class="answer">{v}</p> }.into_any(),
                None if matches!(def.kind, ItemKind::File { .. }) => ().into_any(),
                None => view! { <p class="muted">{move || t_string!(i18n, review.item.no_answer)}</p> }.into_any(),
            }}
            {match replaced {
                Some(before) => view! { <Compare before documents=item.documents.clone() label=label.clone()/> }.into_any(),
                None => view! { <Documents documents=item.documents.clone()/> }.into_any(),
            }}
            {(item.status == ItemStatus::Approved).then(|| view! {
                <p class="decided">{decided.clone()}</p>
            })}
            {(item.status == ItemStatus::Rejected).then(|| view! {
                <div class="statement" role="status">
                    <strong>{move || t_string!(i18n, review.item.rejected_waiting)}</strong>
                    {item.statement.clone().map(|s| view! { <p>{move || t_string!(i18n, review.item.statement, statement = &s).to_string()}</p> })}
                    {decided.clone().map(|d| view! { <p class="small">{d}</p> })}
                </div>
            })}
            <AttemptHistory title=move || t_string!(i18n, review.item.earlier_attempts, number = &earlier_count).to_string() attempts=earlier links=true/>
            {decidable.then(|| view! {
                <div class="decide">
                    <ActionForm action=review attr:class="inline-form">
                        <input type="hidden" name="order_id" value=order_a.clone()/>
                        <input type="hidden" name="item_key" value=key_a.clone()/>
                        <input type="hidden" name="attempt" value=attempt_a.clone()/>
                        <input type="hidden" name="decision" value="approve"/>
                        <button type="submit" class="button" aria-label=approve_label.clone()
                            disabled=blocked title=title_a.clone()>{move || t_string!(i18n, review.item.approve)}</button>
                    </ActionForm>
                    <ActionForm action=review attr:class="reject-form">
                        <input type="hidden" name="order_id" value=order_r.clone()/>
                        <input type="hidden" name="item_key" value=key_r.clone()/>
                        <input type="hidden" name="attempt" value=attempt_r.clone()/>
                        <input type="hidden" name="decision" value="reject"/>
                        <label for=statement_id.clone()>{statement_label.clone()}</label>
                        {(!templates.is_empty()).then(|| {
                            let picker_label = picker_label.clone();
                            let options = templates.clone();
                            let texts = StoredValue::new(templates.clone());
                            let keep_draft = keep_picked.clone();
                            let customer_language = customer_language.clone();
                            view! {
                                <select name="template_id" class="template-picker" aria-label=picker_label
                                    on:change=move |ev| {
                                        let chosen = event_target_value(&ev).parse::<i32>().ok();
                                        let text = texts.with_value(|t| {
                                            t.iter()
                                                .find(|r| Some(r.id) == chosen)
                                                .map(|r| r.statement_in(&customer_language).to_owned())
                                        });
                                        if let (Some(text), Some(area)) = (text, statement_ref.get_untracked()) {
                                            area.set_value(&text);
                                            keep_draft(text);
                                        }
                                    }>
                                    <option value="">{move || t_string!(i18n, review.item.use_saved_reason)}</option>
                                    {options.into_iter().map(|r| view! { <option value=r.id.to_string()>{r.title}</option> }).collect_view()}
                                </select>
                            }
                        })}
                        <textarea id=statement_id.clone() node_ref=statement_ref name="statement" rows="2"
                            placeholder=move || t_string!(i18n, review.item.statement_placeholder)
                            prop:value=draft.clone()
                            on:focus=move |_| if let Some(area) = statement_ref.get_untracked() { drafts.typing_in(&area) }
                            on:input=move |ev| {
                                keep_draft(event_target_value(&ev));
                                if let Some(area) = statement_ref.get_untracked() { drafts.typing_in(&area) }
                            }>{draft.clone()}</textarea>
                        <FieldError error field="statement"/>
                        <button type="submit" class="button-danger" aria-label=reject_label.clone()
                            disabled=blocked title=title_r.clone()>{move || t_string!(i18n, review.item.reject)}</button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
    .into_any()
}

/// The documents of a replacement, with a switch to show them side by side with the
/// rejected ones they replace (and the statement that rejected them).
#[component]
fn Compare(before: AttemptView, documents: Vec<DocumentView>, label: String) -> impl IntoView {
    let i18n = use_i18n();
    let side_by_side = RwSignal::new(false);
    let current = StoredValue::new(documents);
    let before = StoredValue::new(before);
    view! {
        <button type="button" class="button-secondary compare-toggle"
            aria-pressed=move || side_by_side.get().to_string()
            on:click=move |_| side_by_side.update(|on| *on = !*on)>
            {move || if side_by_side.get() { t_string!(i18n, review.compare.replacement_only) } else { t_string!(i18n, review.compare.with_rejected) }}
        </button>
        {move || if side_by_side.get() {
            let before = before.get_value();
            view! {
                <div class="compare" role="group" aria-label=t_string!(i18n, review.compare.group_label, label = &label).to_string()>
                    <div class="compare-side">
                        <h4>{t_string!(i18n, review.compare.rejected_attempt, attempt = before.attempt).to_string()}</h4>
                        {before.statement.clone().map(|s| view! { <p class="small">{t_string!(i18n, review.item.statement, statement = &s).to_string()}</p> })}
                        <Documents documents=before.documents/>
                    </div>
                    <div class="compare-side">
                        <h4>{move || t_string!(i18n, review.compare.replacement)}</h4>
                        <Documents documents=current.get_value()/>
                    </div>
                </div>
            }.into_any()
        } else {
            view! { <Documents documents=current.get_value()/> }.into_any()
        }}
    }
}

/// Stored documents with previews: images in the viewer, PDFs in a sandboxed frame; with
/// their size and what was measured (pages, pixels).
#[component]
pub fn Documents(documents: Vec<DocumentView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="review-documents">
            {documents.into_iter().map(|d| {
                let before = d.approved_before.clone().map(|e| {
                    let (href, domain) = (format!("/admin/orders/{}", e.order_id), e.domain);
                    let link = move || view! { <a href=href.clone()>{domain.clone()}</a> };
                    // The other order's domain is a link inside the sentence.
                    let sentence = match e.decided_by {
                        Some(name) => t!(i18n, review.documents.approved_before_by, domain = link, name, date = e.decided_at).into_any(),
                        None => t!(i18n, review.documents.approved_before, domain = link, date = e.decided_at).into_any(),
                    };
                    view! {
                        <p class="approved-before">
                            {sentence}
                        </p>
                    }
                });
                let reused = d.reused.then(|| view! { " " <span class="pill pill-operation">{move || t_string!(i18n, review.documents.reused)}</span> });
                let facts = {
                    let d = d.clone();
                    move || document_facts_text(i18n.get_locale(), &d)
                };
                if let Some(at) = d.purged_at.clone() {
                    let purged = move || t_string!(i18n, review.documents.purged_facts, facts = facts(), date = format_utc(i18n.get_locale(), &at)).to_string();
                    return view! {
                        <li>
                            <p>{d.name.clone()}" " <span class="muted doc-facts">{purged}</span>{reused}</p>
                            {before}
                        </li>
                    }
                    .into_any();
                }
                let href = format!("/documents/{}", d.id);
                let inline = format!("{href}?inline=1");
                let preview = if d.content_type == "application/pdf" {
                    let name = d.name.clone();
                    let title = move || t_string!(i18n, review.preview_of, name = &name).to_string();
                    pdf_preview(inline, title).into_any()
                } else {
                    view! { <ImageViewer src=inline name=d.name.clone() pixels=d.pixels/> }.into_any()
                };
                view! {
                    <li>
                        {preview}
                        <p><a href=href>{move || t_string!(i18n, review.documents.download, name = d.name.clone()).to_string()}</a>" " <span class="muted doc-facts">{facts}</span>{reused}</p>
                        {before}
                    </li>
                }
                .into_any()
            }).collect_view()}
        </ul>
    }
}
