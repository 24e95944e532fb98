//! One order: its state in plain words, what the registry needs, and per item the
//! customer's answer or documents, the reviewer's statement after a rejection, and the
//! history of earlier attempts. Items shown only under a condition appear and disappear
//! as the customer answers.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::components::{ErrorPanel, PageTitle};
use leptos_router::components::A;

use crate::components::time::When;
use crate::{
    api::orders::{CancelOrder, ItemView, OrderView, get_order, save_draft, submit_order},
    components::{
        OrderNews,
        dropzone::{DocumentDropzone, UploadNews},
        form::{FormError, action_error, problem_message},
        reuse::ReuseOffers,
        status::{AttemptHistory, ItemPill, StatusPill, order_status_explanation},
        trail::AuditTrail,
    },
    domain::{
        audit::{AuditEntry, AuditKind},
        countries::{COUNTRIES, country_name},
        orders::{ItemStatus, OrderStatus, check_submission},
        requirements::{Answers, FieldProblem, ItemDef, ItemKind, is_required, is_visible},
    },
    error::AppError,
    i18n::{t, t_string, td_string, use_i18n},
};

/// Saving a draft (`false`) or submitting (`true`) the answers of an order; the outcome
/// says which it was.
type SaveAction = Action<(i32, bool, HashMap<String, String>), (bool, Result<OrderView, AppError>)>;

/// `/orders/:id`.
#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let route_id = super::use_id_param();
    let id = move || route_id.get().unwrap_or(0);
    let reload = RwSignal::new(0u32);
    let cancel = ServerAction::<CancelOrder>::new();
    Effect::new(move |_| {
        if cancel.version().get() > 0 {
            reload.update(|r| *r += 1);
        }
    });
    // Uploads keep their lines across the details' re-renders.
    crate::components::dropzone::Uploads::provide(Callback::new(move |()| {
        reload.update(|r| *r += 1);
    }));
    // Kept here, above the details, so that it survives their re-render after a save.
    let message = RwSignal::new(None::<(bool, String)>);
    // The customer's answers while editing: taken from the server once per order, so
    // that a reload after an upload does not throw away what is not saved yet.
    let answers = RwSignal::new(Answers::new());
    let answers_of = StoredValue::new(None::<i32>);
    let order = Resource::new(move || (id(), reload.get()), |(id, _)| get_order(id));
    // "Submitted …" belongs to the state it was said in: once the order moves on (an
    // admin decided, live), it goes.
    let message_status = StoredValue::new(None::<crate::domain::orders::OrderStatus>);
    Effect::new(move |_| {
        if let Some(Ok(current)) = order.get()
            && message_status
                .get_value()
                .is_some_and(|said_in| said_in != current.status)
        {
            message_status.set_value(None);
            message.set(None);
        }
    });
    // An admin's decision shows up without a reload. The stream starts with "*" (show
    // the current state): the page has just loaded it, so only later ones (after a
    // reconnect) refresh it.
    let connected_once = StoredValue::new(false);
    Effect::new(move |_| {
        crate::components::live::use_event_stream("order", move |data| {
            let current = route_id.get_untracked();
            let refresh = if data == "*" {
                let again = connected_once.get_value();
                connected_once.set_value(true);
                again
            } else {
                data.parse::<i32>().ok() == current
            };
            if refresh {
                reload.update(|r| *r += 1);
            }
        });
    });
    // Saving lives here, above the details: a live event may re-render them while a save
    // is in flight, and its outcome must still be shown.
    let problems = RwSignal::new(Vec::<FieldProblem>::new());

    let save = Action::new(
        move |(id, submit, answers): &(i32, bool, HashMap<String, String>)| {
            let (id, submit, answers) = (*id, *submit, answers.clone());
            async move {
                let result = if submit {
                    submit_order(id, answers).await
                } else {
                    save_draft(id, answers).await
                };
                (submit, result)
            }
        },
    );
    Effect::new(move |_| {
        let Some((submitted, result)) = save.value().get() else {
            return;
        };
        // Said in the language of the moment (untracked: a change of language alone must
        // not run this again).
        let locale = i18n.get_locale_untracked();
        match result {
            Ok(view) => {
                message_status.set_value(Some(view.status));
                problems.set(Vec::new());
                message.set(Some((
                    true,
                    if submitted {
                        td_string!(locale, order.submitted_message).to_owned()
                    } else {
                        td_string!(locale, order.draft_saved).to_owned()
                    },
                )));
                reload.update(|r| *r += 1);
            }
            Err(AppError::Invalid { problems: found }) => {
                focus_first_problem(&found);
                problems.set(found);
                message.set(Some((
                    false,
                    td_string!(locale, order.needs_attention).into(),
                )));
            }
            Err(err) => message.set(Some((false, err.text(locale)))),
        }
    });
    view! {
        <p class="breadcrumb"><A href="/orders">{move || t_string!(i18n, order.back_to_orders)}</A></p>
        <UploadNews/>
        <OrderNews order/>
        // Errors stay inside the page (its way back remains), with their status.
        <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
            <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, order.loading)}</p> }>
                {move || Suspend::new(async move {
                    order.await.map(|order| {
                        if answers_of.get_value() != Some(order.id) || !order.status.customer_can_edit() {
                            answers_of.set_value(Some(order.id));
                            answers.set(
                                order.items.iter().filter_map(|i| i.value.clone().map(|v| (i.key.clone(), v))).collect(),
                            );
                        }
                        view! { <OrderDetails order reload message answers problems save cancel/> }
                    })
                })}
            </Transition>
        </ErrorBoundary>
    }
}

#[component]
fn OrderDetails(
    order: OrderView,
    reload: RwSignal<u32>,
    message: RwSignal<Option<(bool, String)>>,
    answers: RwSignal<Answers>,
    problems: RwSignal<Vec<FieldProblem>>,
    save: SaveAction,
    cancel: ServerAction<CancelOrder>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = order.status;
    let id = order.id;
    let on_change = Callback::new(move |()| reload.update(|r| *r += 1));

    // The definition's texts in the reader's language (English where it has none). Read
    // once: a language switch re-renders the interface's texts in place and these on
    // the next load, so that what the customer typed stays.
    let language = crate::domain::language::code(i18n.get_locale_untracked());
    let requirements = order.requirements.as_ref().map(|r| r.in_language(language));
    let file_counts: HashMap<String, u32> = order
        .items
        .iter()
        .map(|i| {
            (
                i.key.clone(),
                u32::try_from(i.documents.len()).unwrap_or(u32::MAX),
            )
        })
        .collect();
    let check_before_submit =
        StoredValue::new((requirements.clone().unwrap_or_default(), file_counts));
    let items_by_key: HashMap<String, ItemView> = order
        .items
        .iter()
        .map(|i| (i.key.clone(), i.clone()))
        .collect();
    let editable = status.customer_can_edit();
    let title_domain = order.domain.clone();
    // A registered domain's order reopened for re-verification says so.
    let registered = order.registered_at.is_some();
    let explanation = move || {
        let locale = i18n.get_locale();
        match (registered, status) {
            (true, OrderStatus::ActionRequired) => {
                td_string!(locale, order.reverify_action_required)
            }
            (true, OrderStatus::UnderReview) => td_string!(locale, order.reverify_under_review),
            _ => order_status_explanation(locale, status),
        }
    };

    view! {
        <PageTitle text=move || t_string!(i18n, order.page_title, domain = &title_domain).to_string()/>
        <div class="order-head">
            <h1>{order.domain.clone()}</h1>
            <StatusPill status/>
            {(order.operation == crate::domain::requirements::Operation::Transfer)
                .then(|| view! { <span class="pill pill-operation">{move || t_string!(i18n, order.transfer)}</span> })}
        </div>
        // Not a live region itself: it is drawn again on every reload; the order's news
        // (above) tells screen readers what changed, once.
        <div class=format!("status-banner status-{}", status.as_str())>
            <p>{explanation}</p>
            {(status == OrderStatus::Cancelled).then(|| cancellation_reason(&order.trail)).flatten().map(|reason| view! {
                <p class="cancel-reason">{move || t_string!(i18n, order.cancel_reason, reason = &reason).to_string()}</p>
            })}
            {(order.registered_at.is_some() && !status.is_final()).then(|| reverification(&order.trail)).flatten().map(|(asked, why)| view! {
                <p class="reverify-reason">
                    <strong>{move || {
                        // The items as the reader's language names them.
                        let code = crate::domain::language::code(i18n.get_locale());
                        let items = asked.note_in(code);
                        t_string!(i18n, order.reverify_items, items = items).to_string()
                    }}</strong>
                    " "{why}
                </p>
            })}
        </div>
        {(!editable).then(|| view! {
            <p class="saved-note" hidden=move || !matches!(message.get(), Some((true, _)))>{move || message.get().map(|(_, m)| m)}</p>
        })}
        {requirements.map(|req| {
            let items = req.items.clone();
            view! {
                <section class="card">
                    <h2>{move || t_string!(i18n, order.registry_needs, extension = order.extension.clone()).to_string()}</h2>
                    <p>{req.details.clone()}</p>
                </section>
                <form class="order-items" on:submit=|ev| ev.prevent_default() novalidate>
                    {items
                        .into_iter()
                        .map(|def| {
                            let view_of = items_by_key.get(&def.key).cloned();
                            view! { <ItemSection def order_id=id item=view_of answers problems order_editable=editable on_change/> }
                        })
                        .collect_view()}
                    {editable.then(|| view! {
                        <div class="editor-actions">
                            <div class=move || match message.get() { Some((true, _)) => "saved-note", _ => "form-error" } role="status" hidden=move || message.get().is_none()>
                                {move || message.get().map(|(_, m)| m)}
                            </div>
                            <div class="actions-right">
                                <button type="button" class="button-secondary" disabled=move || save.pending().get()
                                    on:click=move |_| { save.dispatch((id, false, answers.get_untracked())); }>
                                    {move || t_string!(i18n, order.save_draft)}
                                </button>
                                <button type="button" class="button" disabled=move || save.pending().get()
                                    on:click=move |_| {
                                        // The server's rules, checked here first so the marks appear at
                                        // once (patterns are left to the server). The server checks
                                        // again and keeps the answers as a draft when something is missing.
                                        let locale = i18n.get_locale_untracked();
                                        let found = check_before_submit.with_value(|(set, counts)| {
                                            answers.with_untracked(|a| check_submission(set, a, counts, &|_, _| true, locale))
                                        });
                                        focus_first_problem(&found);
                                        problems.set(found);
                                        save.dispatch((id, true, answers.get_untracked()));
                                    }>
                                    {move || t_string!(i18n, order.submit_for_review)}
                                </button>
                            </div>
                        </div>
                    })}
                </form>
            }
        })}
        {(status.customer_can_cancel() && order.registered_at.is_none()).then(|| view! { <CancelOrderPanel order_id=id domain=order.domain.clone() cancel/> })}
        <AuditTrail entries=order.trail.clone() title=move || t_string!(i18n, order.history_title).to_owned()/>
        <p class="muted small">{
            let created = order.created_at.clone();
            t!(i18n, order.ordered_on, date = move || view! { <When at=created.clone()/> })
        }</p>
    }
}

/// What the latest re-verification asks for (the items, as the trail names them) and
/// why, if the order was reopened for one.
fn reverification(trail: &[AuditEntry]) -> Option<(AuditEntry, String)> {
    let entry = trail
        .iter()
        .rev()
        .find(|e| e.kind == AuditKind::ReverificationRequested)?;
    Some((entry.clone(), entry.statement.clone().unwrap_or_default()))
}

/// The statement given with the order's cancellation, if any.
pub fn cancellation_reason(trail: &[AuditEntry]) -> Option<String> {
    trail
        .iter()
        .rev()
        .find(|e| e.kind == AuditKind::Cancelled)
        .and_then(|e| e.statement.clone())
}

/// "Cancel this order", folded away until asked for: the way out while the order waits
/// for the customer or is under review.
#[component]
fn CancelOrderPanel(
    order_id: i32,
    domain: String,
    cancel: ServerAction<CancelOrder>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(cancel);
    view! {
        <details class="card cancel-order">
            <summary>{move || t_string!(i18n, order.cancel.summary)}</summary>
            <p>{move || t_string!(i18n, order.cancel.text, domain = &domain).to_string()}</p>
            <FormError error/>
            <ActionForm action=cancel attr:class="reject-form">
                <input type="hidden" name="id" value=order_id.to_string()/>
                <label for="cancel-reason">{move || t_string!(i18n, order.cancel.why_label)}</label>
                <textarea id="cancel-reason" name="statement" rows="2" placeholder=move || t_string!(i18n, order.cancel.placeholder)></textarea>
                <button type="submit" class="button-danger" disabled=move || cancel.pending().get()>{move || t_string!(i18n, order.cancel.button)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn ItemSection(
    def: ItemDef,
    order_id: i32,
    item: Option<ItemView>,
    answers: RwSignal<Answers>,
    problems: RwSignal<Vec<FieldProblem>>,
    order_editable: bool,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = def.key.clone();
    let def_for_visibility = def.clone();
    let visible = Memo::new(move |_| answers.with(|a| is_visible(&def_for_visibility, a)));
    let def_for_required = def.clone();
    let required = Memo::new(move |_| answers.with(|a| is_required(&def_for_required, a)));
    let status = item.as_ref().map_or(ItemStatus::Missing, |i| i.status);
    let editable = order_editable && status.customer_can_edit();
    let problem_key = key.clone();
    let problem = Signal::derive(move || problems.with(|ps| problem_message(ps, &problem_key)));
    let statement = item.as_ref().and_then(|i| i.statement.clone());
    let history = item.as_ref().map(|i| i.history.clone()).unwrap_or_default();
    let documents = item
        .as_ref()
        .map(|i| i.documents.clone())
        .unwrap_or_default();
    let reusable = item
        .as_ref()
        .map(|i| i.reusable.clone())
        .unwrap_or_default();
    let reuse = (editable && !reusable.is_empty()).then(|| {
        view! {
            <ReuseOffers order_id item_key=key.clone() label=def.label.clone() offers=reusable
                open=documents.is_empty() on_change/>
        }
    });
    let is_notice = matches!(def.kind, ItemKind::Notice);
    let input_id = format!("answer-{key}");
    let label = def.label.clone();

    view! {
        <section class="card item-section" class:rejected=status == ItemStatus::Rejected hidden=move || !visible.get()
            aria-labelledby=format!("item-title-{key}")>
            <div class="item-head">
                <h3 id=format!("item-title-{key}")>
                    {if is_notice {
                        view! { <span>{def.label.clone()}</span> }.into_any()
                    } else {
                        view! { <label for=input_id.clone()>{def.label.clone()}</label> }.into_any()
                    }}
                    {move || required.get().then(|| view! {
                        <span class="required" aria-hidden="true">" *"</span>
                        <span class="visually-hidden">" "{move || t_string!(i18n, order.item.required)}</span>
                    })}
                </h3>
                {(!is_notice).then(|| view! { <ItemPill status/> })}
            </div>
            {statement.map(|s| view! {
                <div class="statement" role="alert">
                    <strong>{move || t_string!(i18n, order.item.not_accepted)}" "</strong>{s}
                    <p class="muted">{move || t_string!(i18n, order.item.replace_and_resubmit)}</p>
                </div>
            })}
            {(!def.explanation.is_empty()).then(|| view! { <p class="explanation">{def.explanation.clone()}</p> })}
            <AnswerInput def=def.clone() input_id editable answers order_id documents label on_change/>
            {reuse}
            <p class="field-error" role="alert" hidden=move || problem.get().is_none()>{problem}</p>
            <AttemptHistory title={
                let count = history.len();
                move || t_string!(i18n, order.item.history, count = count).to_string()
            } attempts=history/>
        </section>
    }
}

#[component]
fn AnswerInput(
    def: ItemDef,
    input_id: String,
    editable: bool,
    answers: RwSignal<Answers>,
    order_id: i32,
    documents: Vec<crate::api::orders::DocumentView>,
    label: String,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = def.key.clone();
    let current = answers
        .with_untracked(|a| a.get(&key).cloned())
        .unwrap_or_default();
    let set_key = key.clone();
    let set = move |value: String| {
        answers.update(|a| {
            if value.trim().is_empty() {
                a.remove(&set_key);
            } else {
                a.insert(set_key.clone(), value);
            }
        });
    };
    match def.kind {
        ItemKind::Notice => ().into_any(),
        ItemKind::Text { max_len, .. } => view! {
            <input id=input_id type="text" value=current disabled=!editable maxlength=max_len.map(|m| m.to_string())
                on:input=move |ev| set(event_target_value(&ev))/>
        }
        .into_any(),
        ItemKind::Textarea { max_len, .. } => view! {
            <textarea id=input_id rows="3" disabled=!editable maxlength=max_len.map(|m| m.to_string())
                on:input=move |ev| set(event_target_value(&ev))>{current}</textarea>
        }
        .into_any(),
        ItemKind::Date => view! {
            <input id=input_id type="date" value=current disabled=!editable on:input=move |ev| set(event_target_value(&ev))/>
        }
        .into_any(),
        ItemKind::Select { options } => view! {
            <select id=input_id disabled=!editable on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=current.is_empty()>{move || t_string!(i18n, order.choose)}</option>
                {options.into_iter().map(|o| {
                    let selected = o.value == current;
                    view! { <option value=o.value selected=selected>{o.label}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        ItemKind::Country => view! {
            <select id=input_id disabled=!editable on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=current.is_empty()>{move || t_string!(i18n, order.choose_country)}</option>
                {COUNTRIES.iter().map(|(code, name)| {
                    let selected = *code == current;
                    view! { <option value=*code selected=selected>{*name}</option> }
                }).collect_view()}
            </select>
            {(!editable && !current.is_empty()).then(|| view! { <span class="muted">{country_name(&current).unwrap_or_default()}</span> })}
        }
        .into_any(),
        ItemKind::Checkbox { agreement, link } => view! {
            <label class="check agreement">
                <input id=input_id type="checkbox" checked=current == "checked" disabled=!editable
                    on:change=move |ev| set(if event_target_checked(&ev) { "checked".to_owned() } else { String::new() })/>
                <span>{agreement}</span>
            </label>
            {link.map(|l| view! { <p><a href=l.clone() target="_blank" rel="noopener noreferrer">{move || t_string!(i18n, order.read_full_text)}</a></p> })}
        }
        .into_any(),
        ItemKind::File { allowed_types, max_size_bytes, min_size_bytes, min_pixels, max_files, .. } => view! {
            <DocumentDropzone order_id item_key=key label allowed=allowed_types max_size_bytes min_size_bytes min_pixels max_files documents editable on_change/>
        }
        .into_any(),
    }
}

/// Moves the focus to the first item at fault after a submit (its field, else the first
/// button of its section, e.g. a drop zone's "choose files"), so that keyboard and
/// screen-reader users land where the work is.
fn focus_first_problem(problems: &[FieldProblem]) {
    #[cfg(feature = "hydrate")]
    if let Some(first) = problems.first() {
        let key = first.field.clone();
        request_animation_frame(move || {
            let page = document();
            let target = page
                .get_element_by_id(&format!("answer-{key}"))
                .filter(|e| !e.has_attribute("disabled"))
                .or_else(|| {
                    page.query_selector(&format!("[aria-labelledby='item-title-{key}'] button"))
                        .ok()
                        .flatten()
                });
            crate::components::form::focus_element(target);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = problems;
}
