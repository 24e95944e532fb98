//! `/extensions/:name`: what a customer will have to provide for one extension, readable
//! before ordering.

use leptos::prelude::*;

use crate::components::ErrorPanel;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::extensions::get_public_requirements,
    domain::{
        countries::country_name,
        requirements::{ConditionEffect, ItemDef, ItemKind, RequirementSet, size_rule},
    },
};

/// The requirements of one extension, or a note that it needs nothing.
#[component]
pub fn ExtensionInfoPage() -> impl IntoView {
    let params = use_params_map();
    let name = move || params.with(|p| p.get("name")).unwrap_or_default();
    let info = Resource::new(name, get_public_requirements);
    view! {
        // Errors stay inside the page (its way back remains), with their status.
        <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    info.await
                        .map(|info| {
                            let title = format!("What {} requires", info.display);
                            view! {
                                <Title text=title.clone()/>
                                <p class="breadcrumb"><A href="/#extensions">"← All extensions"</A></p>
                                <h1>{title}</h1>
                                {match info.requirements {
                                    Some(requirements) => view! { <RequirementList requirements/> }.into_any(),
                                    None => {
                                        view! {
                                            <p class="lead-small">
                                                {format!(
                                                    "Nothing beyond the order itself: a {} domain goes straight to registration.",
                                                    info.display,
                                                )}
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
    let labels: Vec<(String, String)> = requirements
        .items
        .iter()
        .map(|i| (i.key.clone(), i.label.clone()))
        .collect();
    let items = requirements.items.clone();
    view! {
        <p class="lead-small">{requirements.details}</p>
        <p>"When you order, we will ask you for:"</p>
        <ol class="requirement-list">
            {items
                .into_iter()
                .map(|item| {
                    let when = condition_text(&item, &labels);
                    view! {
                        <li class="card">
                            <h2>{item.label.clone()}</h2>
                            <p class="kind">{kind_text(&item)}</p>
                            {(!item.explanation.is_empty()).then(|| view! { <p>{item.explanation.clone()}</p> })}
                            {when.map(|w| view! { <p class="muted">{w}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

fn kind_text(item: &ItemDef) -> String {
    let need = if item.required {
        "Required"
    } else {
        "Optional"
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
                format!("{min_files} file{}", if *min_files == 1 { "" } else { "s" })
            } else {
                format!("{min_files} to {max_files} files")
            };
            let kind = document_kind.map_or_else(String::new, |k| format!(" ({})", k.label()));
            let validity = valid_days.map_or_else(String::new, |d| {
                format!("; an approval stays valid for {d} days")
            });
            format!(
                "Document upload{kind}: {count}, {}, {}{validity}",
                types.join(", "),
                size_rule(*min_size_bytes, *max_size_bytes, *min_pixels)
            )
        }
        ItemKind::Select { options } if options.len() <= 8 => {
            let labels: Vec<&str> = options.iter().map(|o| o.label.as_str()).collect();
            format!("One of: {}", labels.join("; "))
        }
        ItemKind::Select { options } => format!("One of {} choices", options.len()),
        ItemKind::Checkbox { agreement, .. } => format!("Agreement: {agreement}"),
        ItemKind::Notice => return "For your information".to_owned(),
        other => other.label().to_owned(),
    };
    format!("{need} · {what}")
}

fn condition_text(item: &ItemDef, labels: &[(String, String)]) -> Option<String> {
    let c = item.condition.as_ref()?;
    let on = labels
        .iter()
        .find(|(k, _)| *k == c.item)
        .map_or(c.item.as_str(), |(_, l)| l.as_str());
    let values: Vec<String> = c
        .one_of
        .iter()
        .map(|v| country_name(v).map_or_else(|| v.clone(), |n| format!("{n} ({v})")))
        .collect();
    let verb = match c.effect {
        ConditionEffect::Visible => "Asked for only when",
        ConditionEffect::Required => "Required only when",
    };
    Some(format!("{verb} “{on}” is {}.", values.join(" or ")))
}
