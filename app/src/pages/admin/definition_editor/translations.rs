//! An item's texts in the other languages of the app: what a customer reading that
//! language sees instead of the English label, explanation, option labels and agreement.
//! Left empty, a text shows in English.

use leptos::prelude::*;

use super::{Problem, state::Editor};
use crate::{
    components::language::language_name,
    domain::requirements::{ItemDef, ItemKind, ItemTexts},
    i18n::{Locale, t_string, use_i18n},
};

fn texts_of(def: &ItemDef, code: &str) -> ItemTexts {
    def.translations.get(code).cloned().unwrap_or_default()
}

/// Changes the texts of item `uid` in `code`, dropping the language when all are empty.
fn write_texts(editor: Editor, uid: u64, code: &'static str, f: impl FnOnce(&mut ItemTexts)) {
    editor.write(uid, |d| {
        let texts = d.translations.entry(code.to_owned()).or_default();
        f(texts);
        if texts.is_empty() {
            d.translations.remove(code);
        }
    });
}

/// The item's texts per language, folded away under "Texts in other languages".
#[component]
pub(super) fn ItemTranslations(editor: Editor, uid: u64) -> impl IntoView {
    let i18n = use_i18n();
    let given = move || {
        editor
            .read(uid, |d| {
                d.translations
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    // The fields are made when the section is first opened: most items never need them,
    // and a long definition stays light.
    let opened = RwSignal::new(false);
    let section = NodeRef::<leptos::html::Details>::new();
    view! {
        <details
            class="translations"
            node_ref=section
            on:toggle=move |_| {
                if section.get_untracked().is_some_and(|d| d.open()) {
                    opened.set(true);
                }
            }
        >
            <summary>
                {move || t_string!(i18n, editor.translations.summary)}
                <span class="muted small">{move || {
                    let given = given();
                    if given.is_empty() {
                        t_string!(i18n, editor.translations.english_only).to_owned()
                    } else {
                        t_string!(i18n, editor.translations.given, languages = &given)
                    }
                }}</span>
            </summary>
            <Show when=move || opened.get()>
                {crate::domain::language::others()
                    .map(|(locale, code)| view! { <LanguageTexts editor uid locale code/> })
                    .collect_view()}
            </Show>
        </details>
    }
}

#[component]
fn LanguageTexts(editor: Editor, uid: u64, locale: Locale, code: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let id = move |name: &str| format!("item-{uid}-{code}-{name}");
    let read = move |f: fn(&ItemTexts) -> String| {
        editor
            .read(uid, |d| f(&texts_of(d, code)))
            .unwrap_or_default()
    };
    let name = language_name(locale);
    let options = move || {
        editor
            .read(uid, |d| match &d.kind {
                ItemKind::Select { options } => options
                    .iter()
                    .map(|o| (o.value.clone(), o.label.clone()))
                    .collect(),
                _ => Vec::new(),
            })
            .unwrap_or_default()
    };
    let is_checkbox = move || {
        editor
            .read(uid, |d| matches!(d.kind, ItemKind::Checkbox { .. }))
            .unwrap_or(false)
    };
    view! {
        <div class="language-texts" lang=code>
            <div class="grid-2">
                <div class="field">
                    <label for=id("label")>{move || t_string!(i18n, editor.translations.label, language = name)}</label>
                    <input
                        id=id("label")
                        value=read(|t| t.label.clone())
                        on:input=move |ev| write_texts(editor, uid, code, |t| t.label = event_target_value(&ev))
                    />
                    <Problem message=editor.item_problem(uid, format!("translations.{code}.label"))/>
                </div>
            </div>
            <div class="field">
                <label for=id("explanation")>{move || t_string!(i18n, editor.translations.explanation, language = name)}</label>
                <textarea
                    id=id("explanation")
                    rows="2"
                    on:input=move |ev| write_texts(editor, uid, code, |t| t.explanation = event_target_value(&ev))
                >
                    {read(|t| t.explanation.clone())}
                </textarea>
                <Problem message=editor.item_problem(uid, format!("translations.{code}.explanation"))/>
            </div>
            {move || {
                options()
                    .into_iter()
                    .map(|(value, english)| {
                        let current = editor
                            .read(uid, |d| texts_of(d, code).options.get(&value).cloned().unwrap_or_default())
                            .unwrap_or_default();
                        let input_id = id(&format!("option-{value}"));
                        view! {
                            <div class="field">
                                <label for=input_id.clone()>{move || t_string!(i18n, editor.translations.option, option = &english, language = name)}</label>
                                <input
                                    id=input_id
                                    value=current
                                    on:input=move |ev| {
                                        let text = event_target_value(&ev);
                                        let value = value.clone();
                                        write_texts(editor, uid, code, move |t| {
                                            if text.trim().is_empty() {
                                                t.options.remove(&value);
                                            } else {
                                                t.options.insert(value, text);
                                            }
                                        });
                                    }
                                />
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <Show when=is_checkbox>
                <div class="field">
                    <label for=id("agreement")>{move || t_string!(i18n, editor.translations.agreement, language = name)}</label>
                    <textarea
                        id=id("agreement")
                        rows="2"
                        on:input=move |ev| write_texts(editor, uid, code, |t| t.agreement = event_target_value(&ev))
                    >
                        {read(|t| t.agreement.clone())}
                    </textarea>
                </div>
            </Show>
        </div>
    }
}
