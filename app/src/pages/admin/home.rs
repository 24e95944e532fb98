//! The admin start page: headline figures, and the orders waiting longest for review
//! against the review target.

use crate::components::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    components::chart::{BarList, DayChart},
    domain::overview::{TIME_BUCKETS, TimeBucket},
    i18n::{Locale, t_string, td_string, use_i18n},
};

use crate::api::admin::admin_overview;

/// Counts of customers, admins and extensions.
#[component]
pub fn AdminHome() -> impl IntoView {
    let i18n = use_i18n();
    let figures = OnceResource::new(admin_overview());
    view! {
        <PageTitle text=move || t_string!(i18n, admin.overview.page_title).to_string()/>
        <h1>{move || t_string!(i18n, admin.overview.heading)}</h1>
        <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, admin.overview.loading)}</p> }>
            {move || Suspend::new(async move {
                figures
                    .await
                    .map(|f| {
                        // The bars' labels are drawn once, in the language of the moment;
                        // the captions follow a change of language.
                        let locale = i18n.get_locale_untracked();
                        let review_times = f.charts.review_times.clone();
                        let target = f.review_target;
                        let reason_count = f.charts.reasons.len();
                        view! {
                            <dl class="figures">
                                <div class="figure">
                                    <dt>{move || t_string!(i18n, admin.overview.customers)}</dt>
                                    <dd>{f.customers}</dd>
                                </div>
                                <div class="figure">
                                    <dt>{move || t_string!(i18n, admin.overview.admins)}</dt>
                                    <dd>{f.admins}</dd>
                                </div>
                                <div class="figure">
                                    <dt>{move || t_string!(i18n, admin.overview.extensions_on_offer)}</dt>
                                    <dd>{move || t_string!(i18n, admin.overview.enabled_of_total, enabled = f.enabled_extensions, total = f.extensions).to_string()}</dd>
                                </div>
                            </dl>
                            <div class="charts">
                                <section class="card" aria-labelledby="chart-days">
                                    <h2 id="chart-days">{move || t_string!(i18n, admin.overview.orders_per_day)}</h2>
                                    <DayChart days=f.charts.days.clone()/>
                                </section>
                                <section class="card" aria-labelledby="chart-times">
                                    <h2 id="chart-times">{move || t_string!(i18n, admin.overview.review_times)}</h2>
                                    <BarList
                                        rows=f.charts.review_times.iter().map(|b| (bucket_text(locale, &b.label), b.count, b.late)).collect()
                                        summary=move || review_summary(i18n.get_locale(), &review_times, &super::target_text(i18n.get_locale(), target))
                                        unit=move || t_string!(i18n, admin.overview.reviews_unit).to_string()/>
                                </section>
                                <section class="card" aria-labelledby="chart-reasons">
                                    <h2 id="chart-reasons">{move || t_string!(i18n, admin.overview.top_reasons)}</h2>
                                    {if f.charts.reasons.is_empty() {
                                        view! { <p class="muted">{move || t_string!(i18n, admin.overview.no_rejections)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <BarList
                                                rows=f.charts.reasons.iter().map(|r| (r.reason.clone(), r.count, false)).collect()
                                                summary=move || t_string!(i18n, admin.overview.reasons_summary, count = reason_count)
                                                unit=move || t_string!(i18n, admin.overview.rejections_unit).to_string()/>
                                        }.into_any()
                                    }}
                                </section>
                            </div>
                            <section class="card oldest" aria-label=move || t_string!(i18n, admin.overview.waiting_longest_label)>
                                <h2>{move || t_string!(i18n, admin.overview.waiting_longest)}</h2>
                                <p class="muted">{move || t_string!(i18n, admin.overview.review_target, target = super::target_text(i18n.get_locale(), target)).to_string()}</p>
                                {if f.oldest.is_empty() {
                                    view! { <p class="empty">{move || t_string!(i18n, admin.overview.nothing_waits)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="oldest-list">
                                            {f.oldest.into_iter().map(|r| view! {
                                                <li>
                                                    <A href=format!("/admin/orders/{}", r.order_id)>{r.domain}</A>
                                                    <span>{move || super::waiting_text(i18n.get_locale(), r.waiting_minutes)}" " <span class=r.sla.class()>{move || super::sla_text(i18n.get_locale(), r.sla)}</span></span>
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

/// The review-time chart in a sentence, in `locale`.
fn review_summary(locale: Locale, buckets: &[TimeBucket], target: &str) -> String {
    let total: u32 = buckets.iter().map(|b| b.count).sum();
    let late: u32 = buckets.iter().filter(|b| b.late).map(|b| b.count).sum();
    if total == 0 {
        return td_string!(locale, admin.overview.no_reviews, target = target);
    }
    td_string!(
        locale,
        admin.overview.review_summary,
        count = total,
        met = total - late,
        late = late,
        target = target
    )
}

/// A review-time bucket's label (one of [`TIME_BUCKETS`], as the server sends it) in
/// `locale`; any other label as it is.
fn bucket_text(locale: Locale, label: &str) -> String {
    let text: &str = match TIME_BUCKETS
        .iter()
        .position(|(_, known, _)| *known == label)
    {
        Some(0) => td_string!(locale, admin.overview.bucket.quarter),
        Some(1) => td_string!(locale, admin.overview.bucket.half),
        Some(2) => td_string!(locale, admin.overview.bucket.three_quarters),
        Some(3) => td_string!(locale, admin.overview.bucket.to_target),
        Some(4) => td_string!(locale, admin.overview.bucket.twice),
        Some(5) => td_string!(locale, admin.overview.bucket.over_twice),
        _ => label,
    };
    text.to_owned()
}
