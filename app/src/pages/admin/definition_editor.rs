//! The editor of an extension's requirements: general details, then the info/doc items,
//! each with its kind's options and an optional condition. Checked in the browser with
//! the rules the server applies again on save; errors appear beside their fields.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::definitions::{
        DefinitionDraft, DefinitionSource, SaveDefinitionInput, extension_preset,
        load_definition_draft, save_definition,
    },
    domain::requirements::{
        Condition, ConditionEffect, DefinitionLimits, FieldProblem, FileType, ItemDef, ItemKind,
        KIND_NAMES, RequirementSet, SelectOption, validate_definition,
    },
    error::AppError,
};

/// `/admin/documents/new` and `/admin/documents/:id`.
#[component]
pub fn DefinitionEditorPage() -> impl IntoView {
    let route_id = crate::pages::use_id_param();
    let id = move || route_id.get();
    let draft = Resource::new(id, load_definition_draft);
    view! {
        <Title text="Requirements of an extension"/>
        <p class="breadcrumb"><A href="/admin/documents">"← Domain doc management"</A></p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move { draft.await.map(|draft| view! { <DefinitionEditor draft/> }) })}
        </Transition>
    }
}

/// An item in the editor, with an id that survives reordering.
#[derive(Clone, PartialEq)]
struct Row {
    uid: u64,
    def: ItemDef,
}

/// Everything the editor holds, shared by its parts.
#[derive(Clone, Copy)]
struct Editor {
    items: RwSignal<Vec<Row>>,
    problems: RwSignal<Vec<FieldProblem>>,
    next_uid: StoredValue<u64>,
    limits: DefinitionLimits,
}

impl Editor {
    fn new_row(&self, def: ItemDef) -> Row {
        let uid = self.next_uid.get_value();
        self.next_uid.set_value(uid + 1);
        Row { uid, def }
    }

    fn problem(&self, field: String) -> Signal<Option<String>> {
        let problems = self.problems;
        Signal::derive(move || {
            problems.with(|ps| {
                ps.iter()
                    .find(|p| p.field == field)
                    .map(|p| p.message.clone())
            })
        })
    }

    fn index_of(&self, uid: u64) -> Signal<usize> {
        let items = self.items;
        Signal::derive(move || items.with(|v| v.iter().position(|r| r.uid == uid).unwrap_or(0)))
    }

    fn read<T: 'static>(&self, uid: u64, f: impl Fn(&ItemDef) -> T) -> Option<T> {
        self.items
            .with(|v| v.iter().find(|r| r.uid == uid).map(|r| f(&r.def)))
    }

    fn write(&self, uid: u64, f: impl FnOnce(&mut ItemDef)) {
        self.items.update(|v| {
            if let Some(row) = v.iter_mut().find(|r| r.uid == uid) {
                f(&mut row.def);
            }
        });
    }
}

fn blank_item() -> ItemDef {
    ItemDef {
        key: String::new(),
        label: String::new(),
        explanation: String::new(),
        required: true,
        kind: ItemKind::Text {
            min_len: None,
            max_len: Some(200),
            pattern: None,
            pattern_message: None,
        },
        condition: None,
    }
}

#[component]
fn DefinitionEditor(draft: DefinitionDraft) -> impl IntoView {
    let editor = Editor {
        items: RwSignal::new(Vec::new()),
        problems: RwSignal::new(Vec::new()),
        next_uid: StoredValue::new(1),
        limits: draft.limits,
    };
    editor.items.set(
        draft
            .requirements
            .items
            .iter()
            .cloned()
            .map(|d| editor.new_row(d))
            .collect(),
    );
    let details = RwSignal::new(draft.requirements.details.clone());
    // A new definition may arrive with its extension chosen (`?extension=ID`).
    let preselected = use_query_map()
        .with_untracked(|q| q.get("extension"))
        .and_then(|id| id.parse::<i32>().ok())
        .filter(|id| draft.choices.iter().any(|c| c.id == *id));
    let extension_id = RwSignal::new(draft.extension_id.or(preselected));
    let imported_from = RwSignal::new(None::<String>);
    let source = draft.source.clone();
    let form_error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let choices = StoredValue::new(draft.choices.clone());
    let existing_preset = draft.preset_from.clone();
    let is_new = draft.id.is_none();
    let title = match &draft.extension {
        Some(ext) => format!("Requirements of {ext}"),
        None => "Add an extension that requires documents".to_owned(),
    };

    let preset_label = Signal::derive(move || match &existing_preset {
        Some(label) => Some(label.clone()),
        None => extension_id.get().and_then(|id| {
            choices.with_value(|c| {
                c.iter()
                    .find(|c| c.id == id)
                    .and_then(|c| c.preset_from.clone())
            })
        }),
    });

    let import = Action::new(move |id: &i32| {
        let id = *id;
        async move { extension_preset(id).await }
    });
    Effect::new(move |_| match import.value().get() {
        Some(Ok(Some(preset))) => {
            details.set(preset.requirements.details.clone());
            editor.items.set(
                preset
                    .requirements
                    .items
                    .into_iter()
                    .map(|d| editor.new_row(d))
                    .collect(),
            );
            editor.problems.set(Vec::new());
            notice.set(Some(format!(
                "Imported the standard requirements from “{}”. Adapt them as you need, then save.",
                preset.module_label
            )));
            imported_from.set(Some(preset.module));
        }
        Some(Ok(None)) => form_error.set(Some(
            "This extension's registrar module has no preset for it.".into(),
        )),
        Some(Err(err)) => form_error.set(Some(err.to_string())),
        None => {}
    });

    let navigate = use_navigate();
    let save = Action::new(move |input: &SaveDefinitionInput| {
        let input = input.clone();
        async move { save_definition(input).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => navigate("/admin/documents", Default::default()),
        Some(Err(AppError::Invalid { problems })) => {
            editor.problems.set(problems);
            form_error.set(Some("Please correct the marked fields.".into()));
        }
        Some(Err(AppError::Validation { field, message })) => {
            editor.problems.set(vec![FieldProblem {
                field,
                message: message.clone(),
            }]);
            form_error.set(Some(message));
        }
        Some(Err(err)) => form_error.set(Some(err.to_string())),
        None => {}
    });

    let revision = draft.revision;
    let id = draft.id;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let Some(extension_id) = extension_id.get_untracked() else {
            editor.problems.set(vec![FieldProblem {
                field: "extension".into(),
                message: "Choose the extension first.".into(),
            }]);
            form_error.set(Some("Please correct the marked fields.".into()));
            return;
        };
        let requirements = RequirementSet {
            details: details.get_untracked(),
            items: editor
                .items
                .with_untracked(|v| v.iter().map(|r| r.def.clone()).collect()),
        };
        let problems = validate_definition(&requirements, editor.limits);
        if !problems.is_empty() {
            editor.problems.set(problems);
            form_error.set(Some("Please correct the marked fields.".into()));
            return;
        }
        editor.problems.set(Vec::new());
        save.dispatch(SaveDefinitionInput {
            id,
            extension_id,
            revision,
            requirements,
            imported_from: imported_from.get_untracked(),
        });
    };

    let add_item = move |_| {
        editor.items.update(|v| {
            let row = editor.new_row(blank_item());
            v.push(row);
        });
    };

    view! {
        <h1>{title}</h1>
        {(!is_new).then(|| view! { <p class="muted">{source_note(&source)}</p> })}
        <form class="editor" on:submit=on_submit novalidate>
            <div class="form-error" role="alert" hidden=move || form_error.get().is_none()>
                {move || form_error.get()}
            </div>
            <div class="notice" role="status" hidden=move || notice.get().is_none()>{move || notice.get()}</div>
            <section class="card">
                {is_new
                    .then(|| {
                        view! {
                            <div class="field">
                                <label for="extension">"Domain extension"</label>
                                <select
                                    id="extension"
                                    on:change=move |ev| {
                                        extension_id.set(event_target_value(&ev).parse().ok());
                                        notice.set(None);
                                    }
                                >
                                    <option value="">"Choose an extension from your list…"</option>
                                    {choices
                                        .get_value()
                                        .into_iter()
                                        .map(|c| {
                                            let selected = preselected == Some(c.id);
                                            view! { <option value=c.id.to_string() selected=selected>{c.name}</option> }
                                        })
                                        .collect_view()}
                                </select>
                                <p class="field-help">"Only extensions on your list that have no requirements yet."</p>
                                <Problem message=editor.problem("extension".into())/>
                            </div>
                        }
                    })}
                <Show when=move || preset_label.get().is_some()>
                    <div class="preset-offer">
                        <p>
                            {move || {
                                format!(
                                    "“{}” knows the standard requirements of this extension.",
                                    preset_label.get().unwrap_or_default(),
                                )
                            }}
                        </p>
                        <button
                            type="button"
                            class="button-secondary"
                            on:click=move |_| {
                                if let Some(id) = extension_id.get_untracked() {
                                    import.dispatch(id);
                                }
                            }
                        >
                            "Import the standard requirements"
                        </button>
                    </div>
                </Show>
                <div class="field">
                    <label for="details">"Details for the customer"</label>
                    <textarea
                        id="details"
                        rows="4"
                        prop:value=move || details.get()
                        on:input=move |ev| details.set(event_target_value(&ev))
                    >
                        {draft.requirements.details.clone()}
                    </textarea>
                    <p class="field-help">"Shown above the items: what the registry asks for and why."</p>
                    <Problem message=editor.problem("details".into())/>
                </div>
            </section>

            <h2>"Info and document items"</h2>
            <Problem message=editor.problem("items".into())/>
            <For each=move || editor.items.get() key=|row| row.uid let:row>
                <ItemEditor editor uid=row.uid/>
            </For>
            <div class="editor-actions">
                <button type="button" class="button-secondary" on:click=add_item>"+ Add item"</button>
                <button type="submit" class="button" disabled=move || save.pending().get()>"Save requirements"</button>
            </div>
        </form>
    }
}

fn source_note(source: &DefinitionSource) -> String {
    match source {
        DefinitionSource::Manual => "Defined by hand.".to_owned(),
        other => format!("{}.", other.describe()),
    }
}

/// An error message under a field.
#[component]
fn Problem(message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" role="alert" hidden=move || message.get().is_none()>
            {move || message.get()}
        </p>
    }
}

#[component]
fn ItemEditor(editor: Editor, uid: u64) -> impl IntoView {
    let index = editor.index_of(uid);
    let field = move |name: &'static str| {
        Signal::derive(move || {
            let path = format!("items.{}.{name}", index.get());
            editor.problems.with(|ps| {
                ps.iter()
                    .find(|p| p.field == path)
                    .map(|p| p.message.clone())
            })
        })
    };
    let id = move |name: &str| format!("item-{uid}-{name}");
    let kind_name = Signal::derive(move || editor.read(uid, |d| d.kind.name()).unwrap_or("text"));
    let shift = move |up: bool| {
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
    let remove = move |_| {
        editor.items.update(|v| v.retain(|r| r.uid != uid));
        editor.problems.set(Vec::new());
    };

    view! {
        <fieldset class="card item-card">
            <legend>{move || format!("Item {}", index.get() + 1)}</legend>
            <div class="item-tools">
                <button type="button" class="button-quiet icon" aria-label=move || format!("Move item {} up", index.get() + 1) on:click=move |_| shift(true)>"↑"</button>
                <button type="button" class="button-quiet icon" aria-label=move || format!("Move item {} down", index.get() + 1) on:click=move |_| shift(false)>"↓"</button>
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
            </div>
            <div class="field">
                <label for=id("explanation")>
                    {move || if kind_name.get() == "notice" { "Notice text" } else { "Detailed explanation" }}
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
            {move || match kind_name.get() {
                "text" => view! { <TextOptions editor uid field/> }.into_any(),
                "textarea" => view! { <LengthOptions editor uid field/> }.into_any(),
                "select" => view! { <SelectOptions editor uid/> }.into_any(),
                "checkbox" => view! { <AgreementOptions editor uid field/> }.into_any(),
                "file" => view! { <FileOptions editor uid field/> }.into_any(),
                _ => ().into_any(),
            }}
            <ConditionEditor editor uid field/>
        </fieldset>
    }
}

/// A change to a file item's options: types, size limit, fewest and most files.
type FileEdit = Box<dyn FnOnce(&mut Vec<FileType>, &mut u64, &mut u32, &mut u32)>;
/// A change to an item's condition.
type ConditionEdit = Box<dyn FnOnce(&mut Option<Condition>)>;

fn parse_len(value: &str) -> Option<u32> {
    value.trim().parse().ok()
}

#[component]
fn LengthOptions(
    editor: Editor,
    uid: u64,
    field: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
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
                <label for=id("min")>"Shortest answer (characters)"</label>
                <input id=id("min") type="number" min="0" value=get(true) on:input=move |ev| set(true, parse_len(&event_target_value(&ev)))/>
                <Problem message=field("min_len")/>
            </div>
            <div class="field">
                <label for=id("max")>"Longest answer (characters)"</label>
                <input id=id("max") type="number" min="1" value=get(false) on:input=move |ev| set(false, parse_len(&event_target_value(&ev)))/>
                <Problem message=field("max_len")/>
            </div>
        </div>
    }
}

#[component]
fn TextOptions(
    editor: Editor,
    uid: u64,
    field: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
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
    view! {
        <LengthOptions editor uid field/>
        <div class="grid-2">
            <div class="field">
                <label for=id("pattern")>"Pattern (regular expression, optional)"</label>
                <input id=id("pattern") class="mono" value=get(false) on:input=move |ev| set(false, event_target_value(&ev))/>
                <Problem message=field("pattern")/>
            </div>
            <div class="field">
                <label for=id("pattern-message")>"What the pattern asks for, in words"</label>
                <input id=id("pattern-message") placeholder="11 digits" value=get(true) on:input=move |ev| set(true, event_target_value(&ev))/>
                <Problem message=field("pattern_message")/>
            </div>
        </div>
    }
}

#[component]
fn AgreementOptions(
    editor: Editor,
    uid: u64,
    field: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
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
            <label for=id("agreement")>"What the customer agrees to"</label>
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
            <label for=id("link")>"Link to the full text (optional)"</label>
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
fn SelectOptions(editor: Editor, uid: u64) -> impl IntoView {
    let index = editor.index_of(uid);
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
    let problem = move |path: String| {
        Signal::derive(move || {
            let path = format!("items.{}.{path}", index.get());
            editor.problems.with(|ps| {
                ps.iter()
                    .find(|p| p.field == path)
                    .map(|p| p.message.clone())
            })
        })
    };
    view! {
        <div class="options">
            <p class="options-title">"Options"</p>
            <Problem message=problem("options".into())/>
            {move || {
                (0..count.get())
                    .map(|j| {
                        let value = options.with_untracked(|o| o.get(j).map(|o| o.value.clone()).unwrap_or_default());
                        let label = options.with_untracked(|o| o.get(j).map(|o| o.label.clone()).unwrap_or_default());
                        view! {
                            <div class="option-row">
                                <label class="visually-hidden" for=format!("item-{uid}-option-{j}-value")>{format!("Value of option {}", j + 1)}</label>
                                <input
                                    id=format!("item-{uid}-option-{j}-value")
                                    class="mono"
                                    placeholder="Value"
                                    value=value
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        edit(j, Box::new(move |o| o.value = v));
                                    }
                                />
                                <label class="visually-hidden" for=format!("item-{uid}-option-{j}-label")>{format!("Label of option {}", j + 1)}</label>
                                <input
                                    id=format!("item-{uid}-option-{j}-label")
                                    placeholder="Label the customer sees"
                                    value=label
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        edit(j, Box::new(move |o| o.label = v));
                                    }
                                />
                                <button
                                    type="button"
                                    class="button-quiet"
                                    aria-label=format!("Remove option {}", j + 1)
                                    on:click=move |_| {
                                        editor.write(uid, |d| {
                                            if let ItemKind::Select { options } = &mut d.kind
                                                && j < options.len()
                                            {
                                                options.remove(j);
                                            }
                                        })
                                    }
                                >
                                    "Remove"
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
                on:click=move |_| {
                    editor.write(uid, |d| {
                        if let ItemKind::Select { options } = &mut d.kind {
                            options.push(SelectOption::new("", ""));
                        }
                    })
                }
            >
                "+ Add option"
            </button>
        </div>
    }
}

#[component]
fn FileOptions(
    editor: Editor,
    uid: u64,
    field: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = move |name: &str| format!("item-{uid}-{name}");
    let read = move || {
        editor
            .read(uid, |d| match &d.kind {
                ItemKind::File {
                    allowed_types,
                    max_size_bytes,
                    min_files,
                    max_files,
                } => Some((
                    allowed_types.clone(),
                    *max_size_bytes,
                    *min_files,
                    *max_files,
                )),
                _ => None,
            })
            .flatten()
    };
    let write = move |f: FileEdit| {
        editor.write(uid, |d| {
            if let ItemKind::File {
                allowed_types,
                max_size_bytes,
                min_files,
                max_files,
            } = &mut d.kind
            {
                f(allowed_types, max_size_bytes, min_files, max_files);
            }
        });
    };
    let (types, max_bytes, min_files, max_files) = read().unwrap_or((Vec::new(), 0, 1, 1));
    let max_mb = format!(
        "{}",
        (max_bytes as f64 / (1024.0 * 1024.0) * 100.0).round() / 100.0
    );
    let server_mb = editor.limits.max_upload_bytes / (1024 * 1024);
    view! {
        <div class="file-options">
            <fieldset class="types">
                <legend>"Accepted file types"</legend>
                {FileType::ALL
                    .into_iter()
                    .map(|t| {
                        let checked = types.contains(&t);
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        write(Box::new(move |types, _, _, _| {
                                            types.retain(|x| *x != t);
                                            if on {
                                                types.push(t);
                                                types.sort_by_key(|x| FileType::ALL.iter().position(|y| y == x));
                                            }
                                        }));
                                    }
                                />
                                {t.label()}
                            </label>
                        }
                    })
                    .collect_view()}
                <Problem message=field("allowed_types")/>
            </fieldset>
            <div class="grid-3">
                <div class="field">
                    <label for=id("max-size")>"Largest file (MB)"</label>
                    <input
                        id=id("max-size")
                        type="number"
                        min="0.01"
                        step="0.01"
                        max=server_mb.to_string()
                        value=max_mb
                        on:input=move |ev| {
                            let mb: f64 = event_target_value(&ev).trim().parse().unwrap_or(0.0);
                            let bytes = (mb * 1024.0 * 1024.0).round().max(0.0) as u64;
                            write(Box::new(move |_, max, _, _| *max = bytes));
                        }
                    />
                    <p class="field-help">{format!("This server accepts up to {server_mb} MB per file.")}</p>
                    <Problem message=field("max_size_bytes")/>
                </div>
                <div class="field">
                    <label for=id("min-files")>"Fewest files"</label>
                    <input
                        id=id("min-files")
                        type="number"
                        min="0"
                        value=min_files.to_string()
                        on:input=move |ev| {
                            let n = parse_len(&event_target_value(&ev)).unwrap_or(0);
                            write(Box::new(move |_, _, min, _| *min = n));
                        }
                    />
                    <Problem message=field("min_files")/>
                </div>
                <div class="field">
                    <label for=id("max-files")>"Most files"</label>
                    <input
                        id=id("max-files")
                        type="number"
                        min="1"
                        value=max_files.to_string()
                        on:input=move |ev| {
                            let n = parse_len(&event_target_value(&ev)).unwrap_or(0);
                            write(Box::new(move |_, _, _, max| *max = n));
                        }
                    />
                    <Problem message=field("max_files")/>
                </div>
            </div>
        </div>
    }
}

/// Values a condition can test on `kind`: options of a choice, "checked" of an
/// agreement; `None` for a country (any code, typed).
fn testable_values(kind: &ItemKind) -> Option<Vec<(String, String)>> {
    match kind {
        ItemKind::Select { options } => Some(
            options
                .iter()
                .map(|o| (o.value.clone(), o.label.clone()))
                .collect(),
        ),
        ItemKind::Checkbox { .. } => Some(vec![("checked".to_owned(), "Ticked".to_owned())]),
        _ => None,
    }
}

#[component]
fn ConditionEditor(
    editor: Editor,
    uid: u64,
    field: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = move |name: &str| format!("item-{uid}-{name}");
    let condition = Signal::derive(move || editor.read(uid, |d| d.condition.clone()).flatten());
    // Items above this one that a condition can test.
    let candidates = Signal::derive(move || {
        editor.items.with(|v| {
            v.iter()
                .take_while(|r| r.uid != uid)
                .filter(|r| {
                    matches!(
                        r.def.kind,
                        ItemKind::Select { .. } | ItemKind::Checkbox { .. } | ItemKind::Country
                    )
                })
                .filter(|r| !r.def.key.is_empty())
                .map(|r| {
                    (
                        r.def.key.clone(),
                        if r.def.label.is_empty() {
                            r.def.key.clone()
                        } else {
                            r.def.label.clone()
                        },
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let target_kind = Signal::derive(move || {
        let target = condition.get().map(|c| c.item)?;
        editor.items.with(|v| {
            v.iter()
                .find(|r| r.def.key == target)
                .map(|r| r.def.kind.clone())
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
                "Only under a condition"
            </label>
            <Show when=move || condition.get().is_some()>
                <div class="condition-body">
                    <div class="grid-2">
                        <div class="field">
                            <label for=id("condition-effect")>"Then"</label>
                            <select
                                id=id("condition-effect")
                                on:change=move |ev| {
                                    let effect = if event_target_value(&ev) == "required" { ConditionEffect::Required } else { ConditionEffect::Visible };
                                    set_condition(Box::new(move |c| if let Some(c) = c { c.effect = effect }));
                                }
                            >
                                <option value="visible" selected=move || condition.get().is_some_and(|c| c.effect == ConditionEffect::Visible)>
                                    "show (and ask for) this item only when"
                                </option>
                                <option value="required" selected=move || condition.get().is_some_and(|c| c.effect == ConditionEffect::Required)>
                                    "require this item only when"
                                </option>
                            </select>
                        </div>
                        <div class="field">
                            <label for=id("condition-item")>"Item"</label>
                            <select
                                id=id("condition-item")
                                on:change=move |ev| {
                                    let item = event_target_value(&ev);
                                    set_condition(Box::new(move |c| if let Some(c) = c { c.item = item; c.one_of.clear(); }));
                                }
                            >
                                <option value="">"Choose an item above…"</option>
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
                        <legend>"is one of"</legend>
                        {move || match target_kind.get().as_ref().map(testable_values) {
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
                                    <label class="visually-hidden" for=id("condition-codes")>"Country codes"</label>
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
                            None => view! { <p class="muted">"Choose the item first."</p> }.into_any(),
                        }}
                        <Problem message=field("condition.one_of")/>
                    </fieldset>
                </div>
            </Show>
        </div>
    }
}
