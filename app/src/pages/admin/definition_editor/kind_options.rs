//! The options of each kind of item: lengths and a pattern for texts, the choices of a
//! select, the agreement of a checkbox (files: `file_options`).

use leptos::prelude::*;

use super::{Problem, state::Editor};
use crate::components::form::focus_soon;
use crate::domain::{
    identifiers::IdFormat,
    requirements::{ItemKind, SelectOption},
};
use crate::i18n::{Locale, t_string, td_string, use_i18n};

/// [`IdFormat::label`] in `locale`.
fn id_format_text(locale: Locale, format: IdFormat) -> &'static str {
    match format {
        IdFormat::TrTckn => td_string!(locale, editor.id_format.tr_tckn),
        IdFormat::TrVkn => td_string!(locale, editor.id_format.tr_vkn),
        IdFormat::BrCpf => td_string!(locale, editor.id_format.br_cpf),
        IdFormat::BrCnpj => td_string!(locale, editor.id_format.br_cnpj),
        IdFormat::AuAbn => td_string!(locale, editor.id_format.au_abn),
        IdFormat::AuAcn => td_string!(locale, editor.id_format.au_acn),
        IdFormat::EsNif => td_string!(locale, editor.id_format.es_nif),
        IdFormat::FrSiren => td_string!(locale, editor.id_format.fr_siren),
        IdFormat::FrSiret => td_string!(locale, editor.id_format.fr_siret),
        IdFormat::ItCodiceFiscale => td_string!(locale, editor.id_format.it_codice_fiscale),
        IdFormat::ItPartitaIva => td_string!(locale, editor.id_format.it_partita_iva),
        IdFormat::EuVat => td_string!(locale, editor.id_format.eu_vat),
    }
}

pub(super) fn parse_len(value: &str) -> Option<u32> {
    value.trim().parse().ok()
}

#[component]
pub(super) fn LengthOptions(
    editor: Editor,
    uid: u64,
    field: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let get = move |min: bool| {
        editor
            .read(uid, |d| match &d.kind {
                ItemKind::Text {
                    min_len, max_len, ..
                }
                | ItemKind::Textarea { min_len, max_len } => {
                    if min {
                        *min_len
                    } else {
                        *max_len
                    }
                }
                _ => None,
            })
            .flatten()
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    let set = move |min: bool, value: Option<u32>| {
        editor.write(uid, |d| match &mut d.kind {
            ItemKind::Text {
                min_len, max_len, ..
            }
            | ItemKind::Textarea { min_len, max_len } => {
                if min {
                    *min_len = value;
                } else {
                    *max_len = value;
                }
            }
            _ => {}
        });
    };
    let id = move |name: &str| format!("item-{uid}-{name}");
    view! {
        <div class="grid-2">
            <div class="field">
                <label for=id("min")>{move || t_string!(i18n, editor.length.min)}</label>
                <input id=id("min") type="number" min="0" value=get(true) on:input=move |ev| set(true, parse_len(&event_target_value(&ev)))/>
                <Problem message=field("min_len")/>
            </div>
            <div class="field">
                <label for=id("max")>{move || t_string!(i18n, editor.length.max)}</label>
                <input id=id("max") type="number" min="1" value=get(false) on:input=move |ev| set(false, parse_len(&event_target_value(&ev)))/>
                <Problem message=field("max_len")/>
            </div>
        </div>
    }
}

#[component]
pub(super) fn TextOptions(
    editor: Editor,
    uid: u64,
    field: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let get = move |message: bool| {
        editor
            .read(uid, |d| match &d.kind {
                ItemKind::Text {
                    pattern,
                    pattern_message,
                    ..
                } => {
                    if message {
                        pattern_message.clone()
                    } else {
                        pattern.clone()
                    }
                }
                _ => None,
            })
            .flatten()
            .unwrap_or_default()
    };
    let set = move |message: bool, value: String| {
        let value = Some(value).filter(|v| !v.trim().is_empty());
        editor.write(uid, |d| {
            if let ItemKind::Text {
                pattern,
                pattern_message,
                ..
            } = &mut d.kind
            {
                if message {
                    *pattern_message = value;
                } else {
                    *pattern = value;
                }
            }
        });
    };
    let id = move |name: &str| format!("item-{uid}-{name}");
    let format = move || {
        editor
            .read(uid, |d| match &d.kind {
                ItemKind::Text { format, .. } => *format,
                _ => None,
            })
            .flatten()
    };
    let set_format = move |value: String| {
        editor.write(uid, |d| {
            if let ItemKind::Text { format, .. } = &mut d.kind {
                *format = IdFormat::from_name(&value);
            }
        });
    };
    view! {
        <LengthOptions editor uid field/>
        <div class="field">
            <label for=id("format")>{move || t_string!(i18n, editor.text.id_check)}</label>
            <select id=id("format") on:change=move |ev| set_format(event_target_value(&ev))>
                <option value="" selected=move || format().is_none()>{move || t_string!(i18n, editor.text.id_check_none)}</option>
                {IdFormat::ALL.into_iter().map(|f| view! {
                    <option value=f.name() selected=move || format() == Some(f)>
                        {move || t_string!(i18n, editor.text.id_check_option, label = id_format_text(i18n.get_locale(), f), example = f.example())}
                    </option>
                }).collect_view()}
            </select>
            <p class="muted small">{move || t_string!(i18n, editor.text.id_check_help)}</p>
        </div>
        <div class="grid-2">
            <div class="field">
                <label for=id("pattern")>{move || t_string!(i18n, editor.text.pattern)}</label>
                <input id=id("pattern") class="mono" value=get(false) on:input=move |ev| set(false, event_target_value(&ev))/>
                <Problem message=field("pattern")/>
            </div>
            <div class="field">
                <label for=id("pattern-message")>{move || t_string!(i18n, editor.text.pattern_message)}</label>
                <input id=id("pattern-message") placeholder=move || t_string!(i18n, editor.text.pattern_message_placeholder) value=get(true) on:input=move |ev| set(true, event_target_value(&ev))/>
                <Problem message=field("pattern_message")/>
            </div>
        </div>
    }
}

#[component]
pub(super) fn AgreementOptions(
    editor: Editor,
    uid: u64,
    field: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = move |name: &str| format!("item-{uid}-{name}");
    let agreement = editor
        .read(uid, |d| match &d.kind {
            ItemKind::Checkbox { agreement, .. } => agreement.clone(),
            _ => String::new(),
        })
        .unwrap_or_default();
    let link = editor
        .read(uid, |d| match &d.kind {
            ItemKind::Checkbox { link, .. } => link.clone().unwrap_or_default(),
            _ => String::new(),
        })
        .unwrap_or_default();
    view! {
        <div class="field">
            <label for=id("agreement")>{move || t_string!(i18n, editor.agreement.text)}</label>
            <textarea
                id=id("agreement")
                rows="2"
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    editor.write(uid, |d| {
                        if let ItemKind::Checkbox { agreement, .. } = &mut d.kind {
                            *agreement = value;
                        }
                    });
                }
            >
                {agreement}
            </textarea>
            <Problem message=field("agreement")/>
        </div>
        <div class="field">
            <label for=id("link")>{move || t_string!(i18n, editor.agreement.link)}</label>
            <input
                id=id("link")
                type="url"
                value=link
                on:input=move |ev| {
                    let value = Some(event_target_value(&ev)).filter(|v| !v.trim().is_empty());
                    editor.write(uid, |d| {
                        if let ItemKind::Checkbox { link, .. } = &mut d.kind {
                            *link = value;
                        }
                    });
                }
            />
            <Problem message=field("link")/>
        </div>
    }
}

#[component]
pub(super) fn SelectOptions(editor: Editor, uid: u64) -> impl IntoView {
    let i18n = use_i18n();
    let options = Signal::derive(move || {
        editor
            .read(uid, |d| match &d.kind {
                ItemKind::Select { options } => options.clone(),
                _ => Vec::new(),
            })
            .unwrap_or_default()
    });
    let count = Memo::new(move |_| options.with(Vec::len));
    let edit = move |j: usize, f: Box<dyn FnOnce(&mut SelectOption)>| {
        editor.write(uid, |d| {
            if let ItemKind::Select { options } = &mut d.kind
                && let Some(option) = options.get_mut(j)
            {
                f(option);
            }
        });
    };
    let problem = move |path: String| editor.item_problem(uid, path);
    view! {
        <div class="options">
            <p class="options-title">{move || t_string!(i18n, editor.options.title)}</p>
            <Problem message=problem("options".into())/>
            {move || {
                (0..count.get())
                    .map(|j| {
                        let value = options.with_untracked(|o| o.get(j).map(|o| o.value.clone()).unwrap_or_default());
                        let label = options.with_untracked(|o| o.get(j).map(|o| o.label.clone()).unwrap_or_default());
                        view! {
                            <div class="option-row">
                                <label class="visually-hidden" for=format!("item-{uid}-option-{j}-value")>{move || t_string!(i18n, editor.options.value_of, number = j + 1)}</label>
                                <input
                                    id=format!("item-{uid}-option-{j}-value")
                                    class="mono"
                                    placeholder=move || t_string!(i18n, editor.options.value_placeholder)
                                    value=value
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        edit(j, Box::new(move |o| o.value = v));
                                    }
                                />
                                <label class="visually-hidden" for=format!("item-{uid}-option-{j}-label")>{move || t_string!(i18n, editor.options.label_of, number = j + 1)}</label>
                                <input
                                    id=format!("item-{uid}-option-{j}-label")
                                    placeholder=move || t_string!(i18n, editor.options.label_placeholder)
                                    value=label
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        edit(j, Box::new(move |o| o.label = v));
                                    }
                                />
                                <button
                                    type="button"
                                    class="button-quiet"
                                    aria-label=move || t_string!(i18n, editor.options.remove_of, number = j + 1)
                                    on:click=move |_| {
                                        editor.write(uid, |d| {
                                            if let ItemKind::Select { options } = &mut d.kind
                                                && j < options.len()
                                            {
                                                options.remove(j);
                                            }
                                        });
                                        // The focus stays in the list: on the option now in
                                        // this place, else the one before, else "add".
                                        let left = count.get_untracked();
                                        focus_soon(match left {
                                            0 => format!("item-{uid}-add-option"),
                                            _ => format!("item-{uid}-option-{}-value", j.min(left - 1)),
                                        });
                                    }
                                >
                                    {move || t_string!(i18n, editor.options.remove)}
                                </button>
                                <Problem message=problem(format!("options.{j}.value"))/>
                                <Problem message=problem(format!("options.{j}.label"))/>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button
                type="button"
                class="button-quiet"
                id=format!("item-{uid}-add-option")
                on:click=move |_| {
                    editor.write(uid, |d| {
                        if let ItemKind::Select { options } = &mut d.kind {
                            options.push(SelectOption::new("", ""));
                        }
                    });
                    focus_soon(format!("item-{uid}-option-{}-value", count.get_untracked().saturating_sub(1)));
                }
            >
                {move || t_string!(i18n, editor.options.add)}
            </button>
        </div>
    }
}
