//! The review queue: orders waiting for review, oldest first, with filters.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    api::review::{ClaimFilter, QueueKey, review_queue},
    domain::orders::OrderStatus,
};

/// Orders by state and extension, paginated; the default shows those under review.
#[component]
pub fn ReviewsPage() -> impl IntoView {
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
        <Title text="Review queue"/>
        <h1>"Review queue"</h1>
        <p class="lead-small">"Orders whose documents and information wait for a decision, oldest first."</p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                queue.await.map(|page| {
                    let (status, extension, _, _, claim) = filters();
                    let claim = ClaimFilter::parse(&claim);
                    let base = format!("/admin/reviews?status={status}&extension={extension}&claim={}", claim.as_str());
                    let link = |cursor: &str, key: QueueKey| format!("{base}&{cursor}={}", key.encode());
                    view! {
                        <form method="get" action="/admin/reviews" class="inline-fields filters">
                            <div class="field">
                                <label for="filter-status">"State"</label>
                                <select id="filter-status" name="status">
                                    {OrderStatus::ALL.into_iter().map(|s| {
                                        let selected = s.as_str() == status || (status.is_empty() && s == OrderStatus::UnderReview);
                                        view! { <option value=s.as_str() selected=selected>{s.label()}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="filter-extension">"Extension"</label>
                                <select id="filter-extension" name="extension">
                                    <option value="">"All extensions"</option>
                                    {page.extensions.iter().map(|e| {
                                        let selected = *e == extension;
                                        view! { <option value=e.clone() selected=selected>{e.clone()}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="filter-claim">"Reviewer"</label>
                                <select id="filter-claim" name="claim">
                                    {ClaimFilter::ALL.into_iter().map(|c| view! {
                                        <option value=c.as_str() selected=c == claim>{c.label()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button-secondary">"Filter"</button>
                        </form>
                        {if page.rows.is_empty() {
                            view! { <p class="empty">"Nothing here. New submissions appear in this list."</p> }.into_any()
                        } else {
                            view! {
                                <table class="table">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Domain"</th>
                                            <th scope="col">"Customer"</th>
                                            <th scope="col">"Submitted"</th>
                                            <th scope="col">"Waiting"</th>
                                            <th scope="col">"Open items"</th>
                                            <th scope="col">"Reviewer"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.rows.clone().into_iter().map(|r| view! {
                                            <tr>
                                                <th scope="row"><A href=format!("/admin/orders/{}", r.order_id)>{r.domain.clone()}</A></th>
                                                <td>{r.customer_name.clone()}<br/><span class="muted small">{r.customer_email.clone()}</span></td>
                                                <td class="muted">{r.submitted_at.clone()}</td>
                                                <td>{r.waiting.clone()}</td>
                                                <td>{r.open_items}</td>
                                                <td>{match (&r.claimed_by, r.claimed_by_me) {
                                                    (Some(_), true) => view! { <span class="claim-pill claim-mine">"You"</span> }.into_any(),
                                                    (Some(name), false) => view! { <span class="claim-pill">{name.clone()}</span> }.into_any(),
                                                    (None, _) => view! { <span class="muted">"Unclaimed"</span> }.into_any(),
                                                }}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <p class="muted pager">
                                    {page.total_text()}
                                    {page.previous.map(|key| view! {
                                         " · " <a href=base.clone()>"First page"</a>
                                        " · " <a href=link("before", key)>"Previous"</a>
                                    })}
                                    {page.next.map(|key| view! {
                                        " · " <a href=link("after", key)>"Next"</a>
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
