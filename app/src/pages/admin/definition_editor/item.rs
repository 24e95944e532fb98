//! One item of the editor: its common fields, then the options of its kind and its
//! condition.

use leptos::prelude::*;

use super::{
    Problem,
    condition::ConditionEditor,
    file_options::FileOptions,
    kind_options::{AgreementOptions, LengthOptions, SelectOptions, TextOptions},
    state::Editor,
    translations::ItemTranslations,
};
use crate::{
    components::form::focus_soon,
    domain::requirements::{AppliesTo, ItemKind, KIND_NAMES},
};

/// One item: label, key, kind, required, explanation, the kind's options, the condition.
#[component]
pub(super) fn ItemEditor(editor: Editor, uid: u64) -> impl IntoView {
    let index = editor.index_of(uid);
    let field = move |name: &'static str| editor.item_problem(uid, name.to_owned());
    let id = move |name: &str| format!("item-{uid}-{name}");
    let kind_name = Signal::derive(move || editor.read(uid, |d| d.kind.name()).unwrap_or("text"));
    // Changes when the kind changes, not with every keystroke in the item.
    let kind_changed = Memo::new(move |_| editor.read(uid, |d| std::mem::discriminant(&d.kind)));
    // Moving an item moves its part of the page, which takes the focus from the button
    // pressed: it goes back to that button, in the item's new place.
    let shift = move |up: bool| {
        focus_soon(id(if up { "up" } else { "down" }));
        editor.items.update(|v| {
            let Some(i) = v.iter().position(|r| r.uid == uid) else {
                return;
            };
            let j = if up {
                i.checked_sub(1)
            } else {
                Some(i + 1).filter(|j| *j < v.len())
            };
            if let Some(j) = j {
                v.swap(i, j);
            }
        });
        editor.problems.set(Vec::new());
    };
    // The focus goes to the item now in this place, else the one before, else "add".
    let remove = move |_| {
        let mut next = None;
        editor.items.update(|v| {
            let at = v.iter().position(|r| r.uid == uid);
            v.retain(|r| r.uid != uid);
            next = at
                .and_then(|i| v.get(i).or_else(|| v.last()))
                .map(|r| r.uid);
        });
        editor.problems.set(Vec::new());
        focus_soon(next.map_or_else(|| "add-item".to_owned(), |uid| format!("item-{uid}-label")));
    };

    view! {
        <fieldset class="card item-card">
            <legend>{move || format!("Item {}", index.get() + 1)}</legend>
            <div class="item-tools">
                <button type="button" class="button-quiet icon" id=id("up") aria-label=move || format!("Move item {} up", index.get() + 1) on:click=move |_| shift(true)>"↑"</button>
                <button type="button" class="button-quiet icon" id=id("down") aria-label=move || format!("Move item {} down", index.get() + 1) on:click=move |_| shift(false)>"↓"</button>
                <button type="button" class="button-danger" on:click=remove>"Remove item"</button>
            </div>
            <div class="grid-2">
                <div class="field">
                    <label for=id("label")>"Label"</label>
                    <input
                        id=id("label")
                        value=editor.read(uid, |d| d.label.clone())
                        on:input=move |ev| editor.write(uid, |d| d.label = event_target_value(&ev))
                    />
                    <Problem message=field("label")/>
                </div>
                <div class="field">
                    <label for=id("key")>"Key"</label>
                    <input
                        id=id("key")
                        class="mono"
                        value=editor.read(uid, |d| d.key.clone())
                        on:input=move |ev| editor.write(uid, |d| d.key = event_target_value(&ev).trim().to_owned())
                    />
                    <Problem message=field("key")/>
                </div>
                <div class="field">
                    <label for=id("kind")>"Kind"</label>
                    <select
                        id=id("kind")
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            if let Some(kind) = ItemKind::default_of(&name, editor.limits) {
                                editor.write(uid, |d| {
                                    if matches!(kind, ItemKind::Notice) {
                                        d.required = false;
                                    }
                                    d.kind = kind;
                                });
                            }
                        }
                    >
                        {KIND_NAMES
                            .into_iter()
                            .map(|name| {
                                let label = ItemKind::default_of(name, editor.limits).map(|k| k.label()).unwrap_or(name);
                                view! { <option value=name selected=move || kind_name.get() == name>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field check-field">
                    <label class="check" for=id("required")>
                        <input
                            id=id("required")
                            type="checkbox"
                            checked=move || editor.read(uid, |d| d.required).unwrap_or(false)
                            on:change=move |ev| editor.write(uid, |d| d.required = event_target_checked(&ev))
                        />
                        "Required"
                    </label>
                    <Problem message=field("required")/>
                </div>
                <div class="field">
                    <label for=id("applies")>"Asked in"</label>
                    <select
                        id=id("applies")
                        on:change=move |ev| {
                            if let Some(applies) = AppliesTo::parse(&event_target_value(&ev)) {
                                editor.write(uid, |d| d.applies_to = applies);
                            }
                        }
                    >
                        {AppliesTo::ALL
                            .into_iter()
                            .map(|a| {
                                let chosen = move || editor.read(uid, |d| d.applies_to == a).unwrap_or(false);
                                view! { <option value=a.as_str() selected=chosen>{a.label()}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for=id("explanation")>
                    {move || {
                        let notice = editor.read(uid, |d| matches!(d.kind, ItemKind::Notice)).unwrap_or(false);
                        if notice { "Notice text" } else { "Detailed explanation" }
                    }}
                </label>
                <textarea
                    id=id("explanation")
                    rows="2"
                    on:input=move |ev| editor.write(uid, |d| d.explanation = event_target_value(&ev))
                >
                    {editor.read(uid, |d| d.explanation.clone())}
                </textarea>
                <Problem message=field("explanation")/>
            </div>
            {move || {
                kind_changed.track();
                match editor.read(uid, |d| d.kind.clone()) {
                    Some(ItemKind::Text { .. }) => view! { <TextOptions editor uid field/> }.into_any(),
                    Some(ItemKind::Textarea { .. }) => view! { <LengthOptions editor uid field/> }.into_any(),
                    Some(ItemKind::Select { .. }) => view! { <SelectOptions editor uid/> }.into_any(),
                    Some(ItemKind::Checkbox { .. }) => view! { <AgreementOptions editor uid field/> }.into_any(),
                    Some(ItemKind::File { .. }) => view! { <FileOptions editor uid field/> }.into_any(),
                    Some(ItemKind::Country | ItemKind::Date | ItemKind::Notice) | None => ().into_any(),
                }
            }}
            <ConditionEditor editor uid field/>
            <ItemTranslations editor uid/>
        </fieldset>
    }
}
