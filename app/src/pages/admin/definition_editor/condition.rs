//! "Only under a condition": an item shown (or required) only when an item above it has
//! one of some values.

use leptos::prelude::*;

use super::{Problem, state::Editor};
use crate::{
    domain::requirements::{Condition, ConditionEffect, ItemKind},
    i18n::{Locale, t_string, td_string, use_i18n},
};

/// A change to an item's condition.
type ConditionEdit = Box<dyn FnOnce(&mut Option<Condition>)>;

/// Values a condition can test on `kind`: options of a choice, "checked" of an
/// agreement (named in `locale`); `None` for a country (any code, typed).
fn testable_values(locale: Locale, kind: &ItemKind) -> Option<Vec<(String, String)>> {
    match kind {
        ItemKind::Select { options } => Some(
            options
                .iter()
                .map(|o| (o.value.clone(), o.label.clone()))
                .collect(),
        ),
        ItemKind::Checkbox { .. } => Some(vec![(
            "checked".to_owned(),
            td_string!(locale, editor.condition.ticked).to_owned(),
        )]),
        _ => None,
    }
}

/// "Only under a condition": which item above, which of its values, and whether the
/// condition shows the item or makes it required.
#[component]
pub(super) fn ConditionEditor(
    editor: Editor,
    uid: u64,
    field: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = move |name: &str| format!("item-{uid}-{name}");
    let condition = Signal::derive(move || editor.read(uid, |d| d.condition.clone()).flatten());
    // Items above this one that a condition can test.
    let candidates = Signal::derive(move || {
        editor.items.with(|v| {
            v.iter()
                .take_while(|r| r.uid != uid)
                .filter_map(|r| {
                    r.def.with(|d| {
                        let testable = matches!(
                            d.kind,
                            ItemKind::Select { .. } | ItemKind::Checkbox { .. } | ItemKind::Country
                        );
                        (testable && !d.key.is_empty()).then(|| {
                            let label = if d.label.is_empty() { &d.key } else { &d.label };
                            (d.key.clone(), label.clone())
                        })
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    let target_kind = Signal::derive(move || {
        let target = condition.get().map(|c| c.item)?;
        editor.items.with(|v| {
            v.iter()
                .find_map(|r| r.def.with(|d| (d.key == target).then(|| d.kind.clone())))
        })
    });
    let set_condition = move |f: ConditionEdit| editor.write(uid, |d| f(&mut d.condition));

    view! {
        <div class="condition">
            <label class="check" for=id("conditional")>
                <input
                    id=id("conditional")
                    type="checkbox"
                    checked=move || condition.get().is_some()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let first = candidates.get_untracked().first().map(|(k, _)| k.clone()).unwrap_or_default();
                        set_condition(Box::new(move |c| {
                            *c = on.then(|| Condition { item: first, one_of: Vec::new(), effect: ConditionEffect::Visible });
                        }));
                    }
                />
                {move || t_string!(i18n, editor.condition.toggle)}
            </label>
            <Show when=move || condition.get().is_some()>
                <div class="condition-body">
                    <div class="grid-2">
                        <div class="field">
                            <label for=id("condition-effect")>{move || t_string!(i18n, editor.condition.then)}</label>
                            <select
                                id=id("condition-effect")
                                on:change=move |ev| {
                                    let effect = if event_target_value(&ev) == "required" { ConditionEffect::Required } else { ConditionEffect::Visible };
                                    set_condition(Box::new(move |c| if let Some(c) = c { c.effect = effect }));
                                }
                            >
                                <option value="visible" selected=move || condition.get().is_some_and(|c| c.effect == ConditionEffect::Visible)>
                                    {move || t_string!(i18n, editor.condition.visible)}
                                </option>
                                <option value="required" selected=move || condition.get().is_some_and(|c| c.effect == ConditionEffect::Required)>
                                    {move || t_string!(i18n, editor.condition.required)}
                                </option>
                            </select>
                        </div>
                        <div class="field">
                            <label for=id("condition-item")>{move || t_string!(i18n, editor.condition.item)}</label>
                            <select
                                id=id("condition-item")
                                on:change=move |ev| {
                                    let item = event_target_value(&ev);
                                    set_condition(Box::new(move |c| if let Some(c) = c { c.item = item; c.one_of.clear(); }));
                                }
                            >
                                <option value="">{move || t_string!(i18n, editor.condition.choose_item)}</option>
                                {move || {
                                    let current = condition.get().map(|c| c.item).unwrap_or_default();
                                    candidates
                                        .get()
                                        .into_iter()
                                        .map(|(key, label)| {
                                            let selected = key == current;
                                            view! { <option value=key selected=selected>{label}</option> }
                                        })
                                        .collect_view()
                                }}
                            </select>
                            <Problem message=field("condition.item")/>
                        </div>
                    </div>
                    <fieldset class="condition-values">
                        <legend>{move || t_string!(i18n, editor.condition.one_of)}</legend>
                        {move || match target_kind.get().as_ref().map(|k| testable_values(i18n.get_locale(), k)) {
                            Some(Some(values)) => {
                                values
                                    .into_iter()
                                    .map(|(value, label)| {
                                        let checked = condition.get_untracked().is_some_and(|c| c.one_of.contains(&value));
                                        let v = value.clone();
                                        view! {
                                            <label class="check">
                                                <input
                                                    type="checkbox"
                                                    checked=checked
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        let v = v.clone();
                                                        set_condition(Box::new(move |c| {
                                                            if let Some(c) = c {
                                                                c.one_of.retain(|x| *x != v);
                                                                if on { c.one_of.push(v); }
                                                            }
                                                        }));
                                                    }
                                                />
                                                {label}
                                            </label>
                                        }
                                    })
                                    .collect_view()
                                    .into_any()
                            }
                            Some(None) => {
                                let codes = condition.get_untracked().map(|c| c.one_of.join(", ")).unwrap_or_default();
                                view! {
                                    <label class="visually-hidden" for=id("condition-codes")>{move || t_string!(i18n, editor.condition.country_codes)}</label>
                                    <input
                                        id=id("condition-codes")
                                        class="mono"
                                        placeholder="US, CA, GB"
                                        value=codes
                                        on:input=move |ev| {
                                            let codes: Vec<String> = event_target_value(&ev)
                                                .split(',')
                                                .map(|c| c.trim().to_uppercase())
                                                .filter(|c| !c.is_empty())
                                                .collect();
                                            set_condition(Box::new(move |c| if let Some(c) = c { c.one_of = codes }));
                                        }
                                    />
                                }
                                    .into_any()
                            }
                            None => view! { <p class="muted">{move || t_string!(i18n, editor.condition.choose_item_first)}</p> }.into_any(),
                        }}
                        <Problem message=field("condition.one_of")/>
                    </fieldset>
                </div>
            </Show>
        </div>
    }
}
