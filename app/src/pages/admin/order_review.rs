//! One order as an admin reviews it: every item's answer or documents (with previews),
//! its history, and per submitted item Approve or Reject with a statement.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{
        orders::{DocumentView, ItemView, get_order},
        review::ReviewItem,
    },
    components::form::{FieldError, FormError, action_error},
    domain::{
        countries::country_name,
        orders::ItemStatus,
        requirements::{ItemDef, ItemKind, human_size},
    },
};

use super::ReviewRevision;

/// `/admin/orders/:id`.
#[component]
pub fn OrderReviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let review = ServerAction::<ReviewItem>::new();
    if let Some(ReviewRevision(revision)) = use_context::<ReviewRevision>() {
        Effect::new(move |_| {
            if review.version().get() > 0 {
                revision.update(|r| *r += 1);
            }
        });
    }
    let order = Resource::new(
        move || (id(), review.version().get()),
        |(id, _)| get_order(id),
    );
    let error = action_error(review);
    view! {
        <p class="breadcrumb"><A href="/admin/reviews">"← Review queue"</A></p>
        <FormError error/>
        <Transition fallback=|| view! { <p class="muted">"Loading the order…"</p> }>
            {move || Suspend::new(async move {
                order.await.map(|order| {
                    let title = format!("Review of {}", order.domain);
                    let items = order.items.clone();
                    let defs = order.requirements.clone().map(|r| r.items).unwrap_or_default();
                    view! {
                        <Title text=title/>
                        <div class="order-head">
                            <h1>{order.domain.clone()}</h1>
                            <span class=format!("pill pill-{}", order.status.as_str())>{order.status.label()}</span>
                        </div>
                        <p class="muted">{format!("Ordered {}", order.created_at)}</p>
                        <div class="order-items">
                            {defs.into_iter().filter(|d| !matches!(d.kind, ItemKind::Notice)).map(|def| {
                                let item = items.iter().find(|i| i.key == def.key).cloned();
                                view! { <ReviewSection def item order_id=order.id review error/> }
                            }).collect_view()}
                        </div>
                    }
                })
            })}
        </Transition>
    }
}

#[component]
fn ReviewSection(
    def: ItemDef,
    item: Option<ItemView>,
    order_id: i32,
    review: ServerAction<ReviewItem>,
    error: Signal<Option<crate::error::AppError>>,
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
    let statement_id = format!("statement-{}", item.key);
    let label = def.label.clone();
    let (key_a, key_r) = (item.key.clone(), item.key.clone());
    let (approve_label, reject_label, statement_label) = (
        format!("Approve {label}"),
        format!("Reject {label}"),
        format!("Statement for the customer about {label}"),
    );
    let (attempt_a, attempt_r) = (item.attempt.to_string(), item.attempt.to_string());
    let (order_a, order_r) = (order_id.to_string(), order_id.to_string());
    view! {
        <section class="card item-section" aria-label=label.clone()>
            <div class="item-head">
                <h3>{label.clone()}</h3>
                <span class=format!("pill pill-item-{}", item.status.as_str())>{item.status.label()}</span>
            </div>
            {match value {
                Some(v) => view! { <p class="answer">{v}</p> }.into_any(),
                None if matches!(def.kind, ItemKind::File { .. }) => ().into_any(),
                None => view! { <p class="muted">"No answer."</p> }.into_any(),
            }}
            <Documents documents=item.documents.clone()/>
            {(item.history.len() > 1).then(|| view! {
                <details class="history">
                    <summary>{format!("Earlier attempts ({})", item.history.len() - 1)}</summary>
                    <ol>
                        {item.history.iter().take(item.history.len() - 1).map(|a| view! {
                            <li>
                                <span class=format!("pill pill-item-{}", a.decision)>{format!("Attempt {}: {}", a.attempt, a.decision)}</span>
                                {a.value.clone().map(|v| view! { <span>{format!(" — {v}")}</span> })}
                                {a.documents.iter().map(|d| view! { " — " <a href=format!("/documents/{}", d.id)>{d.name.clone()}</a> }).collect_view()}
                                {a.statement.clone().map(|s| view! { <p class="history-statement">{format!("Statement: {s}")}</p> })}
                            </li>
                        }).collect_view()}
                    </ol>
                </details>
            })}
            {decidable.then(|| view! {
                <div class="decide">
                    <ActionForm action=review attr:class="inline-form">
                        <input type="hidden" name="order_id" value=order_a.clone()/>
                        <input type="hidden" name="item_key" value=key_a.clone()/>
                        <input type="hidden" name="attempt" value=attempt_a.clone()/>
                        <input type="hidden" name="decision" value="approve"/>
                        <button type="submit" class="button" aria-label=approve_label.clone()>"Approve"</button>
                    </ActionForm>
                    <ActionForm action=review attr:class="reject-form">
                        <input type="hidden" name="order_id" value=order_r.clone()/>
                        <input type="hidden" name="item_key" value=key_r.clone()/>
                        <input type="hidden" name="attempt" value=attempt_r.clone()/>
                        <input type="hidden" name="decision" value="reject"/>
                        <label for=statement_id.clone()>{statement_label.clone()}</label>
                        <textarea id=statement_id.clone() name="statement" rows="2" placeholder="What is wrong and what to send instead"></textarea>
                        <FieldError error field="statement"/>
                        <button type="submit" class="button-danger" aria-label=reject_label.clone()>"Reject with this statement"</button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
    .into_any()
}

/// Stored documents with previews: images inline, PDFs in a sandboxed frame.
#[component]
fn Documents(documents: Vec<DocumentView>) -> impl IntoView {
    view! {
        <ul class="review-documents">
            {documents.into_iter().map(|d| {
                let href = format!("/documents/{}", d.id);
                let inline = format!("{href}?inline=1");
                let preview = if d.content_type == "application/pdf" {
                    view! { <iframe class="pdf-preview" src=inline sandbox="" title=format!("Preview of {}", d.name)></iframe> }.into_any()
                } else {
                    view! { <img class="image-preview" src=inline alt=format!("Preview of {}", d.name)/> }.into_any()
                };
                view! {
                    <li>
                        {preview}
                        <p><a href=href>{format!("Download {}", d.name)}</a>" " <span class="muted">{human_size(d.size_bytes)}</span></p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
