//! `/extensions/:name`: what a customer will have to provide for one extension, readable
//! before ordering.

use leptos::prelude::*;

use crate::components::{ErrorPanel, PageTitle};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::extensions::get_public_requirements,
    components::status::document_kind_text,
    domain::{
        countries::country_name,
        requirements::{ConditionEffect, ItemDef, ItemKind, RequirementSet},
    },
    i18n::{Locale, t_string, td_string, use_i18n},
};

/// The requirements of one extension, or a note that it needs nothing.
#[component]
pub fn ExtensionInfoPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let name = move || params.with(|p| p.get("name")).unwrap_or_default();
    let info = Resource::new(name, get_public_requirements);
    view! {
        // Errors stay inside the page (its way back remains), with their status.
        <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
            <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, extension.loading)}</p> }>
                {move || Suspend::new(async move {
                    info.await
                        .map(|info| {
                            let name = info.display.clone();
                            let title = move || t_string!(i18n, extension.title, name = &name);
                            view! {
                                <PageTitle text=title.clone()/>
                                <p class="breadcrumb"><A href="/#extensions">{move || t_string!(i18n, extension.all_extensions)}</A></p>
                                <h1>{title}</h1>
                                {match info.requirements {
                                    Some(requirements) => view! { <RequirementList requirements/> }.into_any(),
                                    None => {
                                        view! {
                                            <p class="lead-small">
                                                {move || t_string!(i18n, extension.nothing_required, name = info.display.clone()).to_string()}
                                            </p>
                                        }
                                            .into_any()
                                    }
                                }}
                            }
                        })
                })}
            </Transition>
        </ErrorBoundary>
    }
}

#[component]
fn RequirementList(requirements: RequirementSet) -> impl IntoView {
    let i18n = use_i18n();
    // The definition's own texts in the reader's language, English where none is given;
    // nothing is typed on this page, so it is drawn again when the language changes.
    move || {
        let locale = i18n.get_locale();
        let requirements = requirements.in_language(crate::domain::language::code(locale));
        let labels: Vec<(String, String)> = requirements
            .items
            .iter()
            .map(|i| (i.key.clone(), i.label.clone()))
            .collect();
        view! {
            <p class="lead-small">{requirements.details}</p>
            <p>{move || t_string!(i18n, extension.we_will_ask)}</p>
            <ol class="requirement-list">
                {requirements
                    .items
                    .into_iter()
                    .map(|item| {
                        let when = condition_text(locale, &item, &labels)
                            .map(|w| view! { <p class="muted">{w}</p> });
                        view! {
                            <li class="card">
                                <h2>{item.label.clone()}</h2>
                                <p class="kind">{kind_text(locale, &item)}</p>
                                {(!item.explanation.is_empty()).then(|| view! { <p>{item.explanation.clone()}</p> })}
                                {when}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
    }
}

fn kind_text(locale: Locale, item: &ItemDef) -> String {
    let need = if item.required {
        td_string!(locale, extension.kind.required)
    } else {
        td_string!(locale, extension.kind.optional)
    };
    let what = match &item.kind {
        ItemKind::File {
            allowed_types,
            max_size_bytes,
            min_size_bytes,
            min_pixels,
            min_files,
            max_files,
            document_kind,
            valid_days,
        } => {
            let types: Vec<&str> = allowed_types.iter().map(|t| t.label()).collect();
            let count = if min_files == max_files {
                td_string!(locale, extension.kind.files, count = *min_files)
            } else {
                td_string!(
                    locale,
                    extension.kind.files_range,
                    min = *min_files,
                    max = *max_files
                )
            };
            let validity = valid_days.map_or_else(String::new, |d| {
                td_string!(locale, extension.kind.validity, count = d)
            });
            let types = types.join(", ");
            let sizes = crate::components::status::size_rule_text(
                locale,
                *min_size_bytes,
                *max_size_bytes,
                *min_pixels,
            );
            match document_kind {
                Some(k) => td_string!(
                    locale,
                    extension.kind.file_with_kind,
                    kind = document_kind_text(locale, *k),
                    files = &count,
                    types = &types,
                    sizes = &sizes,
                    validity = &validity,
                ),
                None => td_string!(
                    locale,
                    extension.kind.file,
                    files = &count,
                    types = &types,
                    sizes = &sizes,
                    validity = &validity,
                ),
            }
        }
        ItemKind::Select { options } if options.len() <= 8 => {
            let labels: Vec<&str> = options.iter().map(|o| o.label.as_str()).collect();
            td_string!(locale, extension.kind.one_of, options = labels.join("; "))
        }
        ItemKind::Select { options } => {
            td_string!(locale, extension.kind.choices, number = options.len())
        }
        ItemKind::Checkbox { agreement, .. } => {
            td_string!(locale, extension.kind.agreement, text = agreement)
        }
        ItemKind::Notice => return td_string!(locale, extension.kind.notice).to_owned(),
        ItemKind::Text { .. } => td_string!(locale, extension.kind.text).to_owned(),
        ItemKind::Textarea { .. } => td_string!(locale, extension.kind.textarea).to_owned(),
        ItemKind::Country => td_string!(locale, extension.kind.country).to_owned(),
        ItemKind::Date => td_string!(locale, extension.kind.date).to_owned(),
    };
    td_string!(locale, extension.kind.summary, need = need, what = &what)
}

fn condition_text(locale: Locale, item: &ItemDef, labels: &[(String, String)]) -> Option<String> {
    let c = item.condition.as_ref()?;
    let on = labels
        .iter()
        .find(|(k, _)| *k == c.item)
        .map_or(c.item.as_str(), |(_, l)| l.as_str());
    let values = c
        .one_of
        .iter()
        .map(|v| country_name(v).map_or_else(|| v.clone(), |n| format!("{n} ({v})")))
        .reduce(|first, second| {
            td_string!(
                locale,
                extension.condition.or,
                first = &first,
                second = &second
            )
        })
        .unwrap_or_default();
    Some(match c.effect {
        ConditionEffect::Visible => {
            td_string!(
                locale,
                extension.condition.visible,
                item = on,
                values = &values
            )
        }
        ConditionEffect::Required => {
            td_string!(
                locale,
                extension.condition.required,
                item = on,
                values = &values
            )
        }
    })
}
