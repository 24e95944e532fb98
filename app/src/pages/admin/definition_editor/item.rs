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
    i18n::{Locale, t_string, td_string, use_i18n},
};

/// [`ItemKind::label`] in `locale`.
fn kind_text(locale: Locale, kind: &ItemKind) -> &'static str {
    match kind {
        ItemKind::Text { .. } => td_string!(locale, editor.kind.text),
        ItemKind::Textarea { .. } => td_string!(locale, editor.kind.textarea),
        ItemKind::Select { .. } => td_string!(locale, editor.kind.select),
        ItemKind::Country => td_string!(locale, editor.kind.country),
        ItemKind::Date => td_string!(locale, editor.kind.date),
        ItemKind::Checkbox { .. } => td_string!(locale, editor.kind.checkbox),
        ItemKind::File { .. } => td_string!(locale, editor.kind.file),
        ItemKind::Notice => td_string!(locale, editor.kind.notice),
    }
}

/// [`AppliesTo::label`] in `locale`.
fn applies_to_text(locale: Locale, applies: AppliesTo) -> &'static str {
    match applies {
        AppliesTo::Both => td_string!(locale, editor.applies_to.both),
        AppliesTo::Registration => td_string!(locale, editor.applies_to.registration),
        AppliesTo::Transfer => td_string!(locale, editor.applies_to.transfer),
    }
}

/// One item: label, key, kind, required, explanation, the kind's options, the condition.
#[component]
pub(super) fn ItemEditor(editor: Editor, uid: u64) -> impl IntoView {
    let i18n = use_i18n();
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
            <legend>{move || t_string!(i18n, editor.item.legend, number = index.get() + 1)}</legend>
            <div class="item-tools">
                <button type="button" class="button-quiet icon" id=id("up") aria-label=move || t_string!(i18n, editor.item.move_up, number = index.get() + 1) on:click=move |_| shift(true)>"↑"</button>
                <button type="button" class="button-quiet icon" id=id("down") aria-label=move || t_string!(i18n, editor.item.move_down, number = index.get() + 1) on:click=move |_| shift(false)>"↓"</button>
                <button type="button" class="button-danger" on:click=remove>{move || t_string!(i18n, editor.item.remove)}</button>
            </div>
            <div class="grid-2">
                <div class="field">
                    <label for=id("label")>{move || t_string!(i18n, editor.item.label)}</label>
                    <input
                        id=id("label")
                        value=editor.read(uid, |d| d.label.clone())
                        on:input=move |ev| editor.write(uid, |d| d.label = event_target_value(&ev))
                    />
                    <Problem message=field("label")/>
                </div>
                <div class="field">
                    <label for=id("key")>{move || t_string!(i18n, editor.item.key)}</label>
                    <input
                        id=id("key")
                        class="mono"
                        value=editor.read(uid, |d| d.key.clone())
                        on:input=move |ev| editor.write(uid, |d| d.key = event_target_value(&ev).trim().to_owned())
                    />
                    <Problem message=field("key")/>
                </div>
                <div class="field">
                    <label for=id("kind")>{move || t_string!(i18n, editor.item.kind)}</label>
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
                                let kind = ItemKind::default_of(name, editor.limits);
                                let label = move || kind.as_ref().map_or(name, |k| kind_text(i18n.get_locale(), k));
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
                        {move || t_string!(i18n, editor.item.required)}
                    </label>
                    <Problem message=field("required")/>
                </div>
                <div class="field">
                    <label for=id("applies")>{move || t_string!(i18n, editor.item.applies_to)}</label>
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
                                view! { <option value=a.as_str() selected=chosen>{move || applies_to_text(i18n.get_locale(), a)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for=id("explanation")>
                    {move || {
                        let notice = editor.read(uid, |d| matches!(d.kind, ItemKind::Notice)).unwrap_or(false);
                        if notice {
                            t_string!(i18n, editor.item.notice_text)
                        } else {
                            t_string!(i18n, editor.item.explanation)
                        }
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
