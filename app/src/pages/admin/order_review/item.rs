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
        status::{AttemptHistory, ItemPill},
    },
    domain::{
        countries::country_name,
        orders::ItemStatus,
        requirements::{ItemDef, ItemKind},
    },
};

/// Statements being typed, by item and attempt, and the one that had the focus, kept
/// across re-renders of the page.
#[derive(Clone, Copy)]
pub struct Drafts {
    texts: StoredValue<HashMap<String, String>>,
    /// The focused statement's element id and its selection.
    focus: StoredValue<Option<(String, u32, u32)>>,
    /// Set by a live change: the re-rendered page gives the focus back once.
    live: StoredValue<bool>,
}

/// A statement's element id and selection.
fn caret_of(area: &leptos::web_sys::HtmlTextAreaElement) -> (String, u32, u32) {
    let start = area.selection_start().ok().flatten().unwrap_or(0);
    let end = area.selection_end().ok().flatten().unwrap_or(start);
    (area.id(), start, end)
}

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
        }
    }

    fn key(item: &ItemView) -> String {
        format!("{}#{}", item.key, item.attempt)
    }

    /// Notes which statement has the focus (and where its caret is), before the page
    /// re-renders. A document preview that took the focus by loading (Chromium's PDF
    /// viewer does) leaves the statement typed in last as the one to give it back to.
    pub fn remember_focus(self) {
        use leptos::wasm_bindgen::JsCast;
        self.live.set_value(true);
        let active = document().active_element();
        if active.as_ref().is_some_and(|e| e.tag_name() == "IFRAME") {
            return;
        }
        let focused = active
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlTextAreaElement>().ok())
            .filter(|area| area.id().starts_with("statement-"))
            .map(|area| caret_of(&area));
        self.focus.set_value(focused);
    }

    /// Notes the statement being typed in (on focus and input).
    fn typing_in(self, area: &leptos::web_sys::HtmlTextAreaElement) {
        self.focus.set_value(Some(caret_of(area)));
    }

    /// After a document preview loaded: if it took the focus from the statement being
    /// typed in, gives it back.
    pub fn preview_loaded(self) {
        let stolen = document()
            .active_element()
            .is_some_and(|e| e.tag_name() == "IFRAME");
        if stolen {
            self.restore_focus();
        }
    }

    /// Gives the focus (and the selection) back to the statement that had it, if it is
    /// in the page.
    pub fn restore_focus(self) {
        use leptos::wasm_bindgen::JsCast;
        let Some((id, start, end)) = self.focus.get_value() else {
            return;
        };
        let area = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlTextAreaElement>().ok());
        if let Some(area) = area.filter(|a| a.is_connected()) {
            let _ = area.focus();
            let _ = area.set_selection_range(start, end);
        }
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
) -> impl IntoView {
    let Some(item) = item else {
        return ().into_any();
    };
    let value = item.value.clone().map(|v| match &def.kind {
        ItemKind::Country => country_name(&v).map_or(v.clone(), |n| format!("{n} ({v})")),
        ItemKind::Select { options } => options
            .iter()
            .find(|o| o.value == v)
            .map_or(v.clone(), |o| o.label.clone()),
        ItemKind::Checkbox { .. } => "Agreed".to_owned(),
        _ => v,
    });
    let decidable = item.status == ItemStatus::Submitted;
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
            let verb = if a.decision == ItemStatus::Approved {
                "Approved"
            } else {
                "Rejected"
            };
            match (&a.decided_by, &a.decided_at) {
                (Some(by), Some(at)) => format!("{verb} by {by}, {at}."),
                (Some(by), None) => format!("{verb} by {by}."),
                _ => format!("{verb}."),
            }
        });
    let statement_ref = NodeRef::<leptos::html::Textarea>::new();
    let picker_label = format!("Saved reason for {}", def.label);
    let statement_id = format!("statement-{}", item.key);
    let draft_key = Drafts::key(&item);
    let draft = drafts
        .texts
        .with_value(|t| t.get(&draft_key).cloned())
        .unwrap_or_default();
    // A statement that had the focus before the page re-rendered gets it back, once the
    // new one is in the document.
    statement_ref.on_load(move |_| {
        request_animation_frame(move || {
            if drafts.live.get_value() {
                drafts.live.set_value(false);
                drafts.restore_focus();
            }
        });
    });
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
    let (approve_label, reject_label, statement_label) = (
        format!("Approve {label}"),
        format!("Reject {label}"),
        format!("Statement for the customer about {label}"),
    );
    let (attempt_a, attempt_r) = (item.attempt.to_string(), item.attempt.to_string());
    let (order_a, order_r) = (order_id.to_string(), order_id.to_string());
    let blocked = held_by.is_some();
    let blocked_title = held_by
        .map(|name| format!("{name} is reviewing this order: take it over first."))
        .unwrap_or_default();
    let (title_a, title_r) = (blocked_title.clone(), blocked_title);
    view! {
        <section class="card item-section" aria-label=label.clone() tabindex="-1">
            <div class="item-head">
                <h3>{label.clone()}</h3>
                <ItemPill status=item.status/>
            </div>
            {match value {
                Some(v) => view! { <p class="answer">{v}</p> }.into_any(),
                None if matches!(def.kind, ItemKind::File { .. }) => ().into_any(),
                None => view! { <p class="muted">"No answer."</p> }.into_any(),
            }}
            {match replaced {
                Some(before) => view! { <Compare before documents=item.documents.clone() drafts label=label.clone()/> }.into_any(),
                None => view! { <Documents documents=item.documents.clone() drafts/> }.into_any(),
            }}
            {(item.status == ItemStatus::Approved).then(|| view! {
                <p class="decided">{decided.clone()}</p>
            })}
            {(item.status == ItemStatus::Rejected).then(|| view! {
                <div class="statement" role="status">
                    <strong>"Rejected; waiting for the customer's replacement."</strong>
                    {item.statement.clone().map(|s| view! { <p>{format!("Statement: {s}")}</p> })}
                    {decided.clone().map(|d| view! { <p class="small">{d}</p> })}
                </div>
            })}
            <AttemptHistory title=format!("Earlier attempts ({})", earlier.len()) attempts=earlier links=true/>
            {decidable.then(|| view! {
                <div class="decide">
                    <ActionForm action=review attr:class="inline-form">
                        <input type="hidden" name="order_id" value=order_a.clone()/>
                        <input type="hidden" name="item_key" value=key_a.clone()/>
                        <input type="hidden" name="attempt" value=attempt_a.clone()/>
                        <input type="hidden" name="decision" value="approve"/>
                        <button type="submit" class="button" aria-label=approve_label.clone()
                            disabled=blocked title=title_a.clone()>"Approve"</button>
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
                            view! {
                                <select name="template_id" class="template-picker" aria-label=picker_label
                                    on:change=move |ev| {
                                        let chosen = event_target_value(&ev).parse::<i32>().ok();
                                        let text = texts.with_value(|t| {
                                            t.iter().find(|r| Some(r.id) == chosen).map(|r| r.statement.clone())
                                        });
                                        if let (Some(text), Some(area)) = (text, statement_ref.get_untracked()) {
                                            area.set_value(&text);
                                            keep_draft(text);
                                        }
                                    }>
                                    <option value="">"Use a saved reason…"</option>
                                    {options.into_iter().map(|r| view! { <option value=r.id.to_string()>{r.title}</option> }).collect_view()}
                                </select>
                            }
                        })}
                        <textarea id=statement_id.clone() node_ref=statement_ref name="statement" rows="2"
                            placeholder="What is wrong and what to send instead"
                            prop:value=draft.clone()
                            on:focus=move |_| if let Some(area) = statement_ref.get_untracked() { drafts.typing_in(&area) }
                            on:input=move |ev| {
                                keep_draft(event_target_value(&ev));
                                if let Some(area) = statement_ref.get_untracked() { drafts.typing_in(&area) }
                            }>{draft.clone()}</textarea>
                        <FieldError error field="statement"/>
                        <button type="submit" class="button-danger" aria-label=reject_label.clone()
                            disabled=blocked title=title_r.clone()>"Reject with this statement"</button>
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
fn Compare(
    before: AttemptView,
    documents: Vec<DocumentView>,
    drafts: Drafts,
    label: String,
) -> impl IntoView {
    let side_by_side = RwSignal::new(false);
    let current = StoredValue::new(documents);
    let before = StoredValue::new(before);
    view! {
        <button type="button" class="button-secondary compare-toggle"
            aria-pressed=move || side_by_side.get().to_string()
            on:click=move |_| side_by_side.update(|on| *on = !*on)>
            {move || if side_by_side.get() { "Show the replacement only" } else { "Compare with the rejected document" }}
        </button>
        {move || if side_by_side.get() {
            let before = before.get_value();
            view! {
                <div class="compare" role="group" aria-label=format!("{label}: rejected and replacement side by side")>
                    <div class="compare-side">
                        <h4>{format!("Rejected (attempt {})", before.attempt)}</h4>
                        {before.statement.clone().map(|s| view! { <p class="small">{format!("Statement: {s}")}</p> })}
                        <Documents documents=before.documents drafts/>
                    </div>
                    <div class="compare-side">
                        <h4>"Replacement"</h4>
                        <Documents documents=current.get_value() drafts/>
                    </div>
                </div>
            }.into_any()
        } else {
            view! { <Documents documents=current.get_value() drafts/> }.into_any()
        }}
    }
}

/// Stored documents with previews: images in the viewer, PDFs in a sandboxed frame; with
/// their size and what was measured (pages, pixels).
#[component]
pub fn Documents(documents: Vec<DocumentView>, drafts: Drafts) -> impl IntoView {
    view! {
        <ul class="review-documents">
            {documents.into_iter().map(|d| {
                let href = format!("/documents/{}", d.id);
                let inline = format!("{href}?inline=1");
                let facts = d.facts();
                let preview = if d.content_type == "application/pdf" {
                    view! { <iframe class="pdf-preview" src=inline title=format!("Preview of {}", d.name)
                        on:load=move |_| drafts.preview_loaded()></iframe> }.into_any()
                } else {
                    view! { <ImageViewer src=inline name=d.name.clone() pixels=d.pixels/> }.into_any()
                };
                view! {
                    <li>
                        {preview}
                        <p><a href=href>{format!("Download {}", d.name)}</a>" " <span class="muted doc-facts">{facts}</span></p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
