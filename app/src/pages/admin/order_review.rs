//! One order as an admin reviews it: who ordered it, every item's answer or documents
//! (with previews), its history, per submitted item Approve or Reject with a statement
//! (typed, or taken from a reason template), the registration once approved, and the
//! order's audit trail.

use leptos::prelude::*;

use crate::components::ErrorPanel;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    api::{
        orders::{CancelOrder, DocumentView, ItemView, OrderView, get_order},
        reasons::{ReasonTemplate, list_reasons},
        registration::RegistrationStep,
        review::ReviewItem,
    },
    components::{
        form::{FieldError, FormError, action_error},
        status::{AttemptHistory, ItemPill, StatusPill},
        trail::AuditTrail,
    },
    domain::{
        countries::country_name,
        orders::{ItemStatus, OrderStatus},
        requirements::{ItemDef, ItemKind, human_size},
    },
};

use super::ReviewRevision;

/// `/admin/orders/:id`.
#[component]
pub fn OrderReviewPage() -> impl IntoView {
    let route_id = crate::pages::use_id_param();
    let id = move || route_id.get().unwrap_or(0);
    let review = ServerAction::<ReviewItem>::new();
    let registration = ServerAction::<RegistrationStep>::new();
    let cancel = ServerAction::<CancelOrder>::new();
    if let Some(ReviewRevision(revision)) = use_context::<ReviewRevision>() {
        Effect::new(move |_| {
            if review.version().get() > 0 {
                revision.update(|r| *r += 1);
            }
        });
    }
    let order = Resource::new(
        move || {
            (
                id(),
                review.version().get(),
                registration.version().get(),
                cancel.version().get(),
            )
        },
        |(id, ..)| get_order(id),
    );
    let templates = OnceResource::new(list_reasons());
    let error = action_error(review);
    let registration_error = action_error(registration);
    view! {
        <p class="breadcrumb"><A href="/admin/reviews">"← Review queue"</A></p>
        <FormError error/>
        // Errors stay inside the page (its way back remains), with their status.
        <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
            <Transition fallback=|| view! { <p class="muted">"Loading the order…"</p> }>
                {move || Suspend::new(async move {
                    let templates = templates.await.unwrap_or_default();
                    order.await.map(|order| {
                        let title = format!("Review of {}", order.domain);
                        let items = order.items.clone();
                        let defs = order.requirements.clone().map(|r| r.items).unwrap_or_default();
                        let details = order.requirements.as_ref().map(|r| r.details.clone()).filter(|d| !d.trim().is_empty());
                        let info = order.admin.clone();
                        view! {
                            <Title text=title/>
                            <div class="order-head">
                                <h1>{order.domain.clone()}</h1>
                                <StatusPill status=order.status/>
                            </div>
                            <dl class="order-facts">
                                {info.as_ref().map(|i| view! {
                                    <div><dt>"Customer"</dt><dd>{format!("{} <{}>", i.customer_name, i.customer_email)}</dd></div>
                                    <div><dt>"Registrar module"</dt><dd>{i.registrar_label.clone()}</dd></div>
                                })}
                                <div><dt>"Extension"</dt><dd>{order.extension.clone()}</dd></div>
                                <div><dt>"Ordered"</dt><dd>{order.created_at.clone()}</dd></div>
                            </dl>
                            {details.map(|d| view! {
                                <details class="card extension-details">
                                    <summary>{format!("What the {} registry asks of customers", order.extension)}</summary>
                                    <p>{d}</p>
                                </details>
                            })}
                            {(order.status == OrderStatus::Cancelled).then(|| crate::pages::order::cancellation_reason(&order.trail)).flatten().map(|reason| view! {
                                <div class="status-banner status-cancelled" role="status">
                                    <p>{format!("Cancelled. The customer was told: {reason}")}</p>
                                </div>
                            })}
                            <RegistrationPanel order=order.clone() action=registration error=registration_error/>
                            <div class="order-items">
                                {defs.into_iter().filter(|d| !matches!(d.kind, ItemKind::Notice)).map(|def| {
                                    let item = items.iter().find(|i| i.key == def.key).cloned();
                                    view! { <ReviewSection def item order_id=order.id review error templates=templates.clone()/> }
                                }).collect_view()}
                            </div>
                            {order.status.can_become(OrderStatus::Cancelled).then(|| view! { <AdminCancelPanel order_id=order.id cancel/> })}
                            <AuditTrail entries=order.trail.clone() title="Audit trail"/>
                        }
                    })
                })}
            </Transition>
        </ErrorBoundary>
    }
}

#[component]
fn ReviewSection(
    def: ItemDef,
    item: Option<ItemView>,
    order_id: i32,
    review: ServerAction<ReviewItem>,
    error: Signal<Option<crate::error::AppError>>,
    templates: Vec<ReasonTemplate>,
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
    let statement_ref = NodeRef::<leptos::html::Textarea>::new();
    let picker_label = format!("Saved reason for {}", def.label);
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
                <ItemPill status=item.status/>
            </div>
            {match value {
                Some(v) => view! { <p class="answer">{v}</p> }.into_any(),
                None if matches!(def.kind, ItemKind::File { .. }) => ().into_any(),
                None => view! { <p class="muted">"No answer."</p> }.into_any(),
            }}
            <Documents documents=item.documents.clone()/>
            {(item.status == ItemStatus::Rejected).then(|| view! {
                <div class="statement" role="status">
                    <strong>"Rejected; waiting for the customer's replacement."</strong>
                    {item.statement.clone().map(|s| view! { <p>{format!("Statement: {s}")}</p> })}
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
                        <button type="submit" class="button" aria-label=approve_label.clone()>"Approve"</button>
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
                            view! {
                                <select name="template_id" class="template-picker" aria-label=picker_label
                                    on:change=move |ev| {
                                        let chosen = event_target_value(&ev).parse::<i32>().ok();
                                        let text = texts.with_value(|t| {
                                            t.iter().find(|r| Some(r.id) == chosen).map(|r| r.statement.clone())
                                        });
                                        if let (Some(text), Some(area)) = (text, statement_ref.get_untracked()) {
                                            area.set_value(&text);
                                        }
                                    }>
                                    <option value="">"Use a saved reason…"</option>
                                    {options.into_iter().map(|r| view! { <option value=r.id.to_string()>{r.title}</option> }).collect_view()}
                                </select>
                            }
                        })}
                        <textarea id=statement_id.clone() node_ref=statement_ref name="statement" rows="2" placeholder="What is wrong and what to send instead"></textarea>
                        <FieldError error field="statement"/>
                        <button type="submit" class="button-danger" aria-label=reject_label.clone()>"Reject with this statement"</button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
    .into_any()
}

/// Cancelling the order, with the statement the customer will see.
#[component]
fn AdminCancelPanel(order_id: i32, cancel: ServerAction<CancelOrder>) -> impl IntoView {
    let error = action_error(cancel);
    view! {
        <details class="card cancel-order">
            <summary>"Cancel this order"</summary>
            <p>"The customer sees your statement on their order page and by e-mail; the name becomes free to order again."</p>
            <FormError error/>
            <ActionForm action=cancel attr:class="reject-form">
                <input type="hidden" name="id" value=order_id.to_string()/>
                <label for="cancel-statement">"Statement for the customer"</label>
                <textarea id="cancel-statement" name="statement" rows="2" placeholder="Why the order is cancelled"></textarea>
                <FieldError error field="statement"/>
                <button type="submit" class="button-danger" disabled=move || cancel.pending().get()>"Cancel the order"</button>
            </ActionForm>
        </details>
    }
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
                    view! { <iframe class="pdf-preview" src=inline title=format!("Preview of {}", d.name)></iframe> }.into_any()
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

/// The registration of an approved order: start it (or retry after a failure), then
/// mark it registered or failed with the provider's message.
#[component]
fn RegistrationPanel(
    order: OrderView,
    action: ServerAction<RegistrationStep>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let status = order.status;
    if !matches!(
        status,
        OrderStatus::Approved
            | OrderStatus::ReadyToRegister
            | OrderStatus::Registering
            | OrderStatus::Registered
            | OrderStatus::RegistrationFailed
    ) {
        return ().into_any();
    }
    let info = order.admin.clone();
    let module = info
        .as_ref()
        .map(|i| i.registrar_label.clone())
        .unwrap_or_default();
    let id = order.id.to_string();
    let step_form = move |step: &'static str, label: String, class: &'static str| {
        let id = id.clone();
        view! {
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="order_id" value=id/>
                <input type="hidden" name="step" value=step/>
                <button type="submit" class=class>{label}</button>
            </ActionForm>
        }
    };
    view! {
        <section class="card registration" aria-label="Registration">
            <h2>"Registration"</h2>
            <FormError error/>
            {match status {
                OrderStatus::Approved | OrderStatus::ReadyToRegister => view! {
                    <p>{format!("Everything needed is here. Registering goes through: {module}.")}</p>
                    {step_form("start", "Start registration".to_owned(), "button")}
                }.into_any(),
                OrderStatus::Registering => {
                    let id = order.id.to_string();
                    view! {
                        {info.as_ref().and_then(|i| i.instructions.clone()).map(|t| view! { <p class="instructions">{t}</p> })}
                        <div class="decide">
                            {step_form("registered", "Mark registered".to_owned(), "button")}
                            <ActionForm action attr:class="reject-form">
                                <input type="hidden" name="order_id" value=id/>
                                <input type="hidden" name="step" value="failed"/>
                                <label for="registration-message">"The provider's message, if it failed"</label>
                                <textarea id="registration-message" name="message" rows="2" placeholder="What the registry or provider answered"></textarea>
                                <FieldError error field="message"/>
                                <button type="submit" class="button-danger">"Mark failed"</button>
                            </ActionForm>
                        </div>
                    }.into_any()
                }
                OrderStatus::RegistrationFailed => view! {
                    <div class="form-error" role="alert">
                        <strong>"The registration failed. "</strong>
                        {info.as_ref().and_then(|i| i.failure.clone())}
                    </div>
                    {step_form("start", "Retry registration".to_owned(), "button")}
                }.into_any(),
                _ => view! { <p>"The domain is registered."</p> }.into_any(),
            }}
        </section>
    }
    .into_any()
}
