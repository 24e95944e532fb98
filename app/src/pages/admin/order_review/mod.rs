//! One order as an admin reviews it: who ordered it and who reviews it (claims), every
//! item's answer or documents (with previews), its history and who decided, per
//! submitted item Approve or Reject with a statement (typed, or taken from a reason
//! template), the registration once approved, and the order's audit trail.
//!
//! The page is live: a customer's replacement, another admin's decision or claim, a
//! cancellation and a registration result show up without a reload, and what the admin
//! is typing in a statement stays (see [`item::Drafts`]).

mod claim;
mod item;
mod keyboard;
mod lifecycle;
mod registration;
mod viewer;

use leptos::prelude::*;

use crate::components::{ErrorPanel, OrderNews, PageTitle};
use leptos_router::components::A;

use crate::{
    api::{
        orders::{CancelOrder, get_order},
        reasons::list_reasons,
        registration::RegistrationStep,
        review::{
            ClaimOrder, DecideOrder, PurgeOrderDocuments, ReleaseOrder, RequestReverification,
            ReviewItem,
        },
    },
    components::{
        form::FormError, form::action_error, status::StatusPill, time::When, trail::AuditTrail,
    },
    domain::{
        orders::{ItemStatus, OrderStatus},
        requirements::{ItemKind, Operation},
    },
    i18n::{Locale, t, t_string, td_string, use_i18n},
};

use super::ReviewRevision;
use claim::ClaimPanel;
use item::{Drafts, ReviewSection};
use keyboard::ShortcutHelp;
use lifecycle::{PurgePanel, ReverifyDraft, ReverifyPanel};
use registration::{AdminCancelPanel, RegistrationPanel};

/// How often an open order page keeps its admin's claim alive (claims last minutes).
const KEEP_CLAIM_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// [`Operation::label`] in `locale`.
fn operation_text(locale: Locale, operation: Operation) -> &'static str {
    match operation {
        Operation::Register => td_string!(locale, review.operation.register),
        Operation::Transfer => td_string!(locale, review.operation.transfer),
    }
}

/// `/admin/orders/:id`.
#[component]
pub fn OrderReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let route_id = crate::pages::use_id_param();
    let id = move || route_id.get().unwrap_or(0);
    let review = ServerAction::<ReviewItem>::new();
    let registration = ServerAction::<RegistrationStep>::new();
    let cancel = ServerAction::<CancelOrder>::new();
    let claim = ServerAction::<ClaimOrder>::new();
    let release = ServerAction::<ReleaseOrder>::new();
    let decide_all = ServerAction::<DecideOrder>::new();
    let purge = ServerAction::<PurgeOrderDocuments>::new();
    let reverify = ServerAction::<RequestReverification>::new();
    if let Some(ReviewRevision(revision)) = use_context::<ReviewRevision>() {
        Effect::new(move |_| {
            if review.version().get() + decide_all.version().get() > 0 {
                revision.update(|r| *r += 1);
            }
        });
    }
    let drafts = Drafts::new();
    let reverify_draft = ReverifyDraft::new(reverify);
    // This admin's decisions: once the page shows their outcome, the focus moves on.
    Effect::new(move |_| {
        if let Some(input) = review.input().get() {
            drafts.deciding(input.item_key);
        }
    });
    Effect::new(move |_| {
        if decide_all.input().with(Option::is_some) {
            drafts.deciding("*".to_owned());
        }
    });
    let after_render = move || {
        let busy = review.pending().get_untracked() || decide_all.pending().get_untracked();
        drafts.after_render(busy, |key| {
            if key == "*" {
                decide_all
                    .value()
                    .with_untracked(|v| matches!(v, Some(Err(_))))
            } else {
                review.value().with_untracked(|v| matches!(v, Some(Err(_))))
            }
        });
    };
    // Changes made elsewhere (the customer, other admins, the registrar module).
    let reload = RwSignal::new(0u32);
    let look_again = move || {
        drafts.remember_focus();
        reload.update(|r| *r += 1);
    };
    // The stream says "*" on every (re)connect: the first comes right after this page
    // loaded what is current, later ones after a reconnect that may have missed changes.
    let connected_once = StoredValue::new(false);
    Effect::new(move |_| {
        let this_order = move |data: &str| data.parse::<i32>().ok() == route_id.get_untracked();
        crate::components::live::use_event_stream("order", move |data| {
            let changed = if data == "*" {
                let again = connected_once.get_value();
                connected_once.set_value(true);
                again
            } else {
                this_order(&data)
            };
            if changed {
                look_again();
            }
        });
        crate::components::live::use_event_stream("claim", move |data| {
            if this_order(&data) {
                look_again();
            }
        });
    });
    let order = Resource::new(
        move || {
            (
                id(),
                reload.get(),
                review.version().get(),
                registration.version().get(),
                cancel.version().get(),
                claim.version().get(),
                release.version().get(),
                decide_all.version().get(),
                purge.version().get(),
                reverify.version().get(),
            )
        },
        |(id, ..)| get_order(id),
    );
    keep_claim_alive(order);
    let help = RwSignal::new(false);
    // Past the last waiting order, "next" says so instead of going anywhere.
    let no_next = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| item::keep_focus_from_previews(drafts));
    #[cfg(feature = "hydrate")]
    {
        let navigate = leptos_router::hooks::use_navigate();
        Effect::new(move |_| {
            let navigate = navigate.clone();
            keyboard::use_shortcuts(help, move || {
                let navigate = navigate.clone();
                let current = route_id.get_untracked();
                leptos::task::spawn_local(async move {
                    match crate::api::review::next_waiting_order(current).await {
                        Ok(Some(next)) => {
                            navigate(&format!("/admin/orders/{next}"), Default::default())
                        }
                        Ok(None) => no_next.set(true),
                        Err(_) => {}
                    }
                });
            });
        });
    }
    let templates = OnceResource::new(list_reasons());
    let error = action_error(review);
    let all_error = action_error(decide_all);
    let registration_error = action_error(registration);
    view! {
        <p class="breadcrumb"><A href="/admin/reviews">{move || t_string!(i18n, review.back_to_queue)}</A>
            <span class="muted small shortcut-hint">{move || t_string!(i18n, review.shortcut_hint_before)}" "<kbd>"?"</kbd>" "{move || t_string!(i18n, review.shortcut_hint_after)}</span></p>
        <ShortcutHelp open=help/>
        <Show when=move || no_next.get()>
            <p class="form-note" role="status">{move || t_string!(i18n, review.no_next_order)}</p>
        </Show>
        <FormError error/>
        <OrderNews order/>
        // Errors stay inside the page (its way back remains), with their status.
        <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
            <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, review.loading)}</p> }>
                {move || Suspend::new(async move {
                    let templates = templates.await.unwrap_or_default();
                    order.await.map(|order| {
                        let title_domain = order.domain.clone();
                        let items = order.items.clone();
                        // The definition's texts in the admin's language (English where none).
                        let language = crate::domain::language::code(i18n.get_locale_untracked());
                        let requirements = order.requirements.as_ref().map(|r| r.in_language(language));
                        let defs = requirements.clone().map(|r| r.items).unwrap_or_default();
                        let details = requirements.as_ref().map(|r| r.details.clone()).filter(|d| !d.trim().is_empty());
                        let info = order.admin.clone();
                        let operation = order.operation;
                        let held_by = order.claim.as_ref().filter(|c| !c.mine).map(|c| c.admin_name.clone());
                        // Drawn again on every change: the focus is put back (or moved on
                        // after a decision) once the new page is in the document.
                        let heading = NodeRef::<leptos::html::H1>::new();
                        heading.on_load(move |_| request_animation_frame(after_render));
                        view! {
                            <PageTitle text=move || t_string!(i18n, review.page_title, domain = &title_domain).to_string()/>
                            <div class="order-head">
                                <h1 id="order-title" tabindex="-1" node_ref=heading>{order.domain.clone()}</h1>
                                <StatusPill status=order.status/>
                            </div>
                            <dl class="order-facts">
                                <div><dt>{move || t_string!(i18n, review.facts.operation)}</dt><dd>{move || operation_text(i18n.get_locale(), operation)}</dd></div>
                                {info.as_ref().map(|i| view! {
                                    <div><dt>{move || t_string!(i18n, review.facts.customer)}</dt><dd>{format!("{} <{}>", i.customer_name, i.customer_email)}</dd></div>
                                    <div><dt>{move || t_string!(i18n, review.facts.registrar_module)}</dt><dd>{
                                        let (name, label) = (i.registrar_module.clone(), i.registrar_label.clone());
                                        move || crate::components::status::registrar_module_text(i18n.get_locale(), &name, &label)
                                    }</dd></div>
                                })}
                                <div><dt>{move || t_string!(i18n, review.facts.extension)}</dt><dd>{order.extension.clone()}</dd></div>
                                <div><dt>{move || t_string!(i18n, review.facts.ordered)}</dt><dd><When at=order.created_at.clone()/></dd></div>
                            </dl>
                            {(!order.status.is_final()).then(|| view! {
                                <ClaimPanel order_id=order.id claim=order.claim.clone() claim_action=claim release/>
                            })}
                            {
                                let waiting = order.items.iter().filter(|i| i.status == ItemStatus::Submitted).count();
                                let blocked = held_by.is_some();
                                (order.status == OrderStatus::UnderReview && waiting > 1).then(|| view! {
                                    <div class="decide-all">
                                        <FormError error=all_error/>
                                        <ActionForm action=decide_all attr:class="inline-form">
                                            <input type="hidden" name="order_id" value=order.id.to_string()/>
                                            <input type="hidden" name="decision" value="approve"/>
                                            <button type="submit" class="button" disabled=blocked>
                                                {move || t_string!(i18n, review.approve_all, number = waiting.to_string()).to_string()}
                                            </button>
                                        </ActionForm>
                                    </div>
                                })
                            }
                            {details.map(|d| view! {
                                <details class="card extension-details">
                                    <summary>{t!(i18n, review.registry_asks, extension = order.extension.clone())}</summary>
                                    <p>{d}</p>
                                </details>
                            })}
                            {(order.status == OrderStatus::Cancelled).then(|| crate::pages::order::cancellation_reason(&order.trail)).flatten().map(|reason| view! {
                                <div class="status-banner status-cancelled">
                                    <p>{move || t_string!(i18n, review.cancelled_told, reason = &reason).to_string()}</p>
                                </div>
                            })}
                            <RegistrationPanel order=order.clone() action=registration error=registration_error/>
                            <div class="order-items">
                                {defs.into_iter().filter(|d| !matches!(d.kind, ItemKind::Notice)).map(|def| {
                                    let item = items.iter().find(|i| i.key == def.key).cloned();
                                    view! {
                                        <ReviewSection def item order_id=order.id review error
                                            templates=templates.clone() drafts held_by=held_by.clone()
                                            customer_language=order.admin.as_ref().map(|a| a.customer_language.clone()).unwrap_or_default()
                                            under_review=order.status == OrderStatus::UnderReview/>
                                    }
                                }).collect_view()}
                            </div>
                            {(order.status.can_become(OrderStatus::Cancelled) && order.registered_at.is_none()).then(|| view! { <AdminCancelPanel order_id=order.id cancel/> })}
                            <ReverifyPanel order=order.clone() action=reverify draft=reverify_draft/>
                            <PurgePanel order=order.clone() purge/>
                            <AuditTrail entries=order.trail.clone() title=move || t_string!(i18n, review.audit_trail).to_string()/>
                        }
                    })
                })}
            </Transition>
        </ErrorBoundary>
    }
}

/// While the page shows an order this admin claimed, keeps the claim alive: a claim
/// lapses only when its admin stops working on the order (or closes it).
#[cfg(feature = "hydrate")]
fn keep_claim_alive(
    order: Resource<Result<crate::api::orders::OrderView, crate::error::AppError>>,
) {
    let handle = set_interval_with_handle(
        move || {
            let mine = order
                .get_untracked()
                .and_then(Result::ok)
                .filter(|o| o.claim.as_ref().is_some_and(|c| c.mine))
                .map(|o| o.id);
            let visible = !document().hidden();
            if let (Some(id), true) = (mine, visible) {
                leptos::task::spawn_local(async move {
                    let _ = crate::api::review::keep_claim(id).await;
                });
            }
        },
        KEEP_CLAIM_EVERY,
    );
    if let Ok(handle) = handle {
        on_cleanup(move || handle.clear());
    }
}

#[cfg(not(feature = "hydrate"))]
fn keep_claim_alive(
    _order: Resource<Result<crate::api::orders::OrderView, crate::error::AppError>>,
) {
    let _ = KEEP_CLAIM_EVERY;
}
