//! The review queue: orders waiting for review, oldest first, with filters (state,
//! extension, reviewer), who reviews each, and decisions on several orders at once
//! (approve those that can be approved, or reject with one reason template).

use std::collections::BTreeSet;

use crate::components::PageTitle;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    api::{
        reasons::{ReasonTemplate, list_reasons},
        review::{BulkOutcome, ClaimFilter, DecideOrders, QueueKey, review_queue},
    },
    components::{
        ScrollTable,
        form::{FormError, action_error},
        status::order_status_text,
        time::When,
    },
    domain::{orders::OrderStatus, queue::QueuePage},
    i18n::{Locale, t, t_string, td_string, use_i18n},
};

/// Orders by state and extension, paginated; the default shows those under review.
#[component]
pub fn ReviewsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filters = move || {
        query.with(|q| {
            (
                q.get("status").unwrap_or_default(),
                q.get("extension").unwrap_or_default(),
                q.get("after"),
                q.get("before"),
                q.get("claim").unwrap_or_default(),
            )
        })
    };
    // New submissions, decisions and claims elsewhere refresh the list without a reload.
    let changes = RwSignal::new(0u32);
    Effect::new(move |_| {
        crate::components::live::use_event_stream("pending", move |_| changes.update(|c| *c += 1));
        crate::components::live::use_event_stream("claim", move |_| changes.update(|c| *c += 1));
    });
    // Orders ticked for a bulk decision, kept across live refreshes of the list.
    let selected = RwSignal::new(BTreeSet::<i32>::new());
    let bulk = ServerAction::<DecideOrders>::new();
    Effect::new(move |_| {
        if bulk.version().get() > 0 {
            selected.set(BTreeSet::new());
            changes.update(|c| *c += 1);
        }
    });
    let templates = OnceResource::new(list_reasons());
    // "n" opens the order waiting longest (that nobody else is reviewing), as on the
    // order page.
    #[cfg(feature = "hydrate")]
    {
        let navigate = leptos_router::hooks::use_navigate();
        Effect::new(move |_| {
            let navigate = navigate.clone();
            let handle = window_event_listener(leptos::ev::keydown, move |e| {
                let typing = document().active_element().is_some_and(|a| {
                    matches!(a.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                });
                if e.key() != "n" || typing || e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                let navigate = navigate.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(Some(next)) = crate::api::review::next_waiting_order(None).await {
                        navigate(&format!("/admin/orders/{next}"), Default::default());
                    }
                });
            });
            on_cleanup(move || handle.remove());
        });
    }
    let queue = Resource::new(
        move || (filters(), changes.get()),
        |((status, extension, after, before, claim), _)| {
            review_queue(
                OrderStatus::parse(&status),
                Some(extension),
                after,
                before,
                Some(ClaimFilter::parse(&claim)),
            )
        },
    );
    view! {
        <PageTitle text=move || t_string!(i18n, admin.reviews.title).to_string()/>
        <h1>{move || t_string!(i18n, admin.reviews.title)}</h1>
        <p class="lead-small">{t!(i18n, admin.reviews.lead, shortcut = || view! { <kbd>"n"</kbd> })}</p>
        <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, admin.loading)}</p> }>
            {move || Suspend::new(async move {
                let templates = templates.await.unwrap_or_default();
                queue.await.map(|mut page| {
                    let page_ids: Vec<i32> = page.rows.iter().map(|r| r.order_id).collect();
                    let decidable = page.rows.first().is_some_and(|r| r.status == OrderStatus::UnderReview);
                    let total = page.total;
                    let (status, extension, _, _, claim) = filters();
                    let claim = ClaimFilter::parse(&claim);
                    let base = format!("/admin/reviews?status={status}&extension={extension}&claim={}", claim.as_str());
                    let link = |cursor: &str, key: QueueKey| format!("{base}&{cursor}={}", key.encode());
                    view! {
                        <form method="get" action="/admin/reviews" class="inline-fields filters">
                            <div class="field">
                                <label for="filter-status">{move || t_string!(i18n, admin.reviews.state)}</label>
                                <select id="filter-status" name="status">
                                    {OrderStatus::ALL.into_iter().map(|s| {
                                        let selected = s.as_str() == status || (status.is_empty() && s == OrderStatus::UnderReview);
                                        view! { <option value=s.as_str() selected=selected>{move || order_status_text(i18n.get_locale(), s)}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="filter-extension">{move || t_string!(i18n, admin.reviews.extension)}</label>
                                <select id="filter-extension" name="extension">
                                    <option value="">{move || t_string!(i18n, admin.reviews.all_extensions)}</option>
                                    {page.extensions.iter().map(|e| {
                                        let selected = *e == extension;
                                        view! { <option value=e.clone() selected=selected>{e.clone()}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="filter-claim">{move || t_string!(i18n, admin.reviews.reviewer)}</label>
                                <select id="filter-claim" name="claim">
                                    {ClaimFilter::ALL.into_iter().map(|c| view! {
                                        <option value=c.as_str() selected=c == claim>{move || claim_text(i18n.get_locale(), c)}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button-secondary">{move || t_string!(i18n, admin.reviews.filter)}</button>
                        </form>
                        {if page.rows.is_empty() {
                            view! { <p class="empty">{move || t_string!(i18n, admin.reviews.empty)}</p> }.into_any()
                        } else {
                            // The table's rows move into it; the pager keeps the rest.
                            let rows = std::mem::take(&mut page.rows);
                            view! {
                                {decidable.then(|| view! { <BulkBar selected bulk templates=templates.clone()/> })}
                                <ScrollTable label=move || t_string!(i18n, admin.reviews.table_label).to_string()>
                                    <thead>
                                        <tr>
                                            {decidable.then(|| {
                                                let page_ids = page_ids.clone();
                                                let all_ids = page_ids.clone();
                                                view! {
                                                    <th scope="col" class="select-cell">
                                                        <input type="checkbox" aria-label=move || t_string!(i18n, admin.reviews.select_all)
                                                            prop:checked=move || selected.with(|s| all_ids.iter().all(|id| s.contains(id)))
                                                            on:change=move |ev| {
                                                                let on = event_target_checked(&ev);
                                                                selected.update(|s| for id in &page_ids {
                                                                    if on { s.insert(*id); } else { s.remove(id); }
                                                                });
                                                            }/>
                                                    </th>
                                                }
                                            })}
                                            <th scope="col">{move || t_string!(i18n, admin.reviews.domain)}</th>
                                            <th scope="col">{move || t_string!(i18n, admin.reviews.customer)}</th>
                                            <th scope="col">{move || t_string!(i18n, admin.reviews.submitted)}</th>
                                            <th scope="col">{move || t_string!(i18n, admin.reviews.waiting)}</th>
                                            <th scope="col">{move || t_string!(i18n, admin.reviews.open_items)}</th>
                                            <th scope="col">{move || t_string!(i18n, admin.reviews.reviewer)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows.into_iter().map(|r| view! {
                                            <tr>
                                                {decidable.then(|| {
                                                    let id = r.order_id;
                                                    let domain = r.domain.clone();
                                                    view! {
                                                        <td class="select-cell">
                                                            <input type="checkbox" aria-label=move || t_string!(i18n, admin.reviews.select_order, domain = &domain)
                                                                prop:checked=move || selected.with(|s| s.contains(&id))
                                                                on:change=move |ev| {
                                                                    let on = event_target_checked(&ev);
                                                                    selected.update(|s| if on { s.insert(id); } else { s.remove(&id); });
                                                                }/>
                                                        </td>
                                                    }
                                                })}
                                                <th scope="row"><A href=format!("/admin/orders/{}", r.order_id)>{r.domain.clone()}</A></th>
                                                <td>{r.customer_name.clone()}<br/><span class="muted small">{r.customer_email.clone()}</span></td>
                                                <td class="muted"><When at=r.submitted_at.clone()/></td>
                                                <td>{move || super::waiting_text(i18n.get_locale(), r.waiting_minutes)}<br/><span class=r.sla.class()>{move || super::sla_text(i18n.get_locale(), r.sla)}</span></td>
                                                <td>{r.open_items}</td>
                                                <td>{match (&r.claimed_by, r.claimed_by_me) {
                                                    (Some(_), true) => view! { <span class="claim-pill claim-mine">{move || t_string!(i18n, admin.reviews.you)}</span> }.into_any(),
                                                    (Some(name), false) => view! { <span class="claim-pill">{name.clone()}</span> }.into_any(),
                                                    (None, _) => view! { <span class="muted">{move || t_string!(i18n, admin.reviews.claim.unclaimed)}</span> }.into_any(),
                                                }}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </ScrollTable>
                                <p class="muted pager">
                                    {move || total_text(i18n.get_locale(), total)}
                                    {page.previous.map(|key| view! {
                                         " · " <a href=base.clone()>{move || t_string!(i18n, admin.reviews.first_page)}</a>
                                        " · " <a href=link("before", key)>{move || t_string!(i18n, admin.reviews.previous)}</a>
                                    })}
                                    {page.next.map(|key| view! {
                                        " · " <a href=link("after", key)>{move || t_string!(i18n, admin.reviews.next)}</a>
                                    })}
                                </p>
                            }.into_any()
                        }}
                    }
                })
            })}
        </Transition>
    }
}

/// Decisions on the ticked orders, and what the last one did.
#[component]
fn BulkBar(
    selected: RwSignal<BTreeSet<i32>>,
    bulk: ServerAction<DecideOrders>,
    templates: Vec<ReasonTemplate>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(bulk);
    let ids = move || {
        selected.with(|s| {
            s.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        })
    };
    let none = move || selected.with(BTreeSet::is_empty);
    let count = move || match selected.with(BTreeSet::len) {
        0 => t_string!(i18n, admin.bulk.none_selected).to_owned(),
        n => t_string!(i18n, admin.bulk.selected, count = n),
    };
    let outcome = move || bulk.value().get().and_then(Result::ok);
    view! {
        <section class="bulk-bar card" aria-label=move || t_string!(i18n, admin.bulk.label)>
            <p class="bulk-count" aria-live="polite">{count}</p>
            <ActionForm action=bulk attr:class="inline-form">
                <input type="hidden" name="order_ids" prop:value=ids/>
                <input type="hidden" name="decision" value="approve"/>
                <button type="submit" class="button" disabled=none>{move || t_string!(i18n, admin.bulk.approve)}</button>
            </ActionForm>
            {(!templates.is_empty()).then(|| view! {
                <ActionForm action=bulk attr:class="inline-form">
                    <input type="hidden" name="order_ids" prop:value=ids/>
                    <input type="hidden" name="decision" value="reject"/>
                    <label class="visually-hidden" for="bulk-template">{move || t_string!(i18n, admin.bulk.reject_label)}</label>
                    <select id="bulk-template" name="template_id" required>
                        <option value="">{move || t_string!(i18n, admin.bulk.reject_placeholder)}</option>
                        {templates.iter().map(|t| view! { <option value=t.id.to_string()>{t.title.clone()}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button-danger" disabled=none>{move || t_string!(i18n, admin.bulk.reject)}</button>
                </ActionForm>
            })}
        </section>
        <FormError error/>
        {move || outcome().map(|o: BulkOutcome| {
            let (done, left) = (o.done.len(), o.not_done.len());
            view! {
                <section class="bulk-outcome card" aria-live="polite" aria-label=move || t_string!(i18n, admin.bulk.outcome_label)>
                    <p><strong>{move || bulk_summary(i18n.get_locale(), done, left)}</strong></p>
                    <ul>
                        {o.done.into_iter().map(|l| view! { <li class="done">{format!("{}: {}", l.domain, l.note)}</li> }).collect_view()}
                        {o.not_done.into_iter().map(|l| view! { <li class="not-done">{format!("{}: {}", l.domain, l.note)}</li> }).collect_view()}
                    </ul>
                </section>
            }
        })}
    }
}

/// The name of a claim filter in `locale`.
fn claim_text(locale: Locale, filter: ClaimFilter) -> &'static str {
    match filter {
        ClaimFilter::All => td_string!(locale, admin.reviews.claim.all),
        ClaimFilter::Mine => td_string!(locale, admin.reviews.claim.mine),
        ClaimFilter::Unclaimed => td_string!(locale, admin.reviews.claim.unclaimed),
    }
}

/// [`QueuePage::total_text`] in `locale`: "1 order", "42 orders", "More than 1000 orders".
fn total_text(locale: Locale, total: u64) -> String {
    if total > QueuePage::COUNT_LIMIT {
        td_string!(
            locale,
            admin.reviews.total_more,
            limit = QueuePage::COUNT_LIMIT
        )
    } else {
        td_string!(locale, admin.reviews.total, count = total)
    }
}

/// [`BulkOutcome::summary`] in `locale`, from the numbers of orders done and left.
fn bulk_summary(locale: Locale, done: usize, left: usize) -> String {
    let orders_text = |n: usize| td_string!(locale, admin.bulk.orders, count = n);
    match (done, left) {
        (done, 0) => td_string!(locale, admin.bulk.done, orders = orders_text(done)),
        (0, left) => td_string!(locale, admin.bulk.nothing_done, orders = orders_text(left)),
        (done, left) => td_string!(
            locale,
            admin.bulk.partly_done,
            done = orders_text(done),
            left = orders_text(left)
        ),
    }
}
