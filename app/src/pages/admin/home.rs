//! The admin start page: headline figures, and the orders waiting longest for review
//! against the review target.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    components::chart::{BarList, DayChart},
    domain::overview::TimeBucket,
};

use crate::api::admin::admin_overview;

/// Counts of customers, admins and extensions.
#[component]
pub fn AdminHome() -> impl IntoView {
    let figures = OnceResource::new(admin_overview());
    view! {
        <Title text="Admin overview"/>
        <h1>"Overview"</h1>
        <Transition fallback=|| view! { <p class="muted">"Loading figures…"</p> }>
            {move || Suspend::new(async move {
                figures
                    .await
                    .map(|f| {
                        view! {
                            <dl class="figures">
                                <div class="figure">
                                    <dt>"Customers"</dt>
                                    <dd>{f.customers}</dd>
                                </div>
                                <div class="figure">
                                    <dt>"Admins"</dt>
                                    <dd>{f.admins}</dd>
                                </div>
                                <div class="figure">
                                    <dt>"Extensions on offer"</dt>
                                    <dd>{format!("{} of {}", f.enabled_extensions, f.extensions)}</dd>
                                </div>
                            </dl>
                            <div class="charts">
                                <section class="card" aria-labelledby="chart-days">
                                    <h2 id="chart-days">"Orders per day"</h2>
                                    <DayChart days=f.charts.days.clone()/>
                                </section>
                                <section class="card" aria-labelledby="chart-times">
                                    <h2 id="chart-times">"How long reviews took"</h2>
                                    <BarList
                                        rows=f.charts.review_times.iter().map(|b| (b.label.clone(), b.count, b.late)).collect()
                                        summary=review_summary(&f.charts.review_times, &f.review_target)
                                        unit="Reviews"/>
                                </section>
                                <section class="card" aria-labelledby="chart-reasons">
                                    <h2 id="chart-reasons">"Top rejection reasons"</h2>
                                    {if f.charts.reasons.is_empty() {
                                        view! { <p class="muted">"No item was rejected in the last 30 days."</p> }.into_any()
                                    } else {
                                        view! {
                                            <BarList
                                                rows=f.charts.reasons.iter().map(|r| (r.reason.clone(), r.count, false)).collect()
                                                summary=match f.charts.reasons.len() {
                                                    1 => "The one statement rejections used in the last 30 days.".to_owned(),
                                                    n => format!("The {n} statements rejections used most in the last 30 days."),
                                                }
                                                unit="Rejections"/>
                                        }.into_any()
                                    }}
                                </section>
                            </div>
                            <section class="card oldest" aria-label="Waiting longest">
                                <h2>"Waiting longest for review"</h2>
                                <p class="muted">{format!("The review target is {}.", f.review_target)}</p>
                                {if f.oldest.is_empty() {
                                    view! { <p class="empty">"Nothing waits for review."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="oldest-list">
                                            {f.oldest.into_iter().map(|r| view! {
                                                <li>
                                                    <A href=format!("/admin/orders/{}", r.order_id)>{r.domain}</A>
                                                    <span>{r.waiting}" " <span class=r.sla.class()>{r.sla.label()}</span></span>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                        }
                    })
            })}
        </Transition>
    }
}

/// The review-time chart in a sentence.
fn review_summary(buckets: &[TimeBucket], target: &str) -> String {
    let total: u32 = buckets.iter().map(|b| b.count).sum();
    let late: u32 = buckets.iter().filter(|b| b.late).map(|b| b.count).sum();
    if total == 0 {
        return format!("No review ended in the last 30 days (the target is {target}).");
    }
    let reviews = if total == 1 { "review" } else { "reviews" };
    format!(
        "Of {total} {reviews} ended in the last 30 days, {} met the target of {target} and {late} did not.",
        total - late
    )
}
