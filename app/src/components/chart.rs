//! Charts drawn as SVG on the server (no chart script, nothing fetched), each inside a
//! `figure` with a caption that says what it shows and the numbers as a table for anyone
//! who cannot see the picture.

use leptos::prelude::*;

use crate::{
    domain::overview::DayCounts,
    i18n::{t_string, use_i18n},
};

const SUBMITTED: &str = "#2f4fb3";
const APPROVED: &str = "#11683f";
const SENT_BACK: &str = "#a12a1f";
const CALM: &str = "#6f86c9";
const LATE: &str = "#7a3e00";

/// Orders submitted, approved and sent back per day: grouped bars.
#[component]
pub fn DayChart(days: Vec<DayCounts>) -> impl IntoView {
    let i18n = use_i18n();
    let (width, height, left, bottom) = (760.0_f64, 220.0_f64, 34.0_f64, 26.0_f64);
    let top = 10.0;
    let max = days
        .iter()
        .map(|d| d.submitted.max(d.approved).max(d.rejected))
        .max()
        .unwrap_or(0)
        .max(1);
    let plot = height - top - bottom;
    let slot = (width - left) / f64::from(u32::try_from(days.len().max(1)).unwrap_or(1));
    let bar = (slot - 4.0) / 3.0;
    let y = move |v: u32| top + plot - plot * f64::from(v) / f64::from(max);
    let totals = days.iter().fold((0, 0, 0), |(s, a, r), d| {
        (s + d.submitted, a + d.approved, r + d.rejected)
    });
    let (day_count, (submitted, approved, sent_back)) = (days.len(), totals);
    let summary = move || {
        t_string!(
            i18n,
            admin.chart.days_summary,
            days = day_count,
            count = submitted,
            approved = approved,
            sent_back = sent_back
        )
    };
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let x0 = left + slot * f64::from(u32::try_from(i).unwrap_or(0)) + 2.0;
            let series = [(d.submitted, SUBMITTED), (d.approved, APPROVED), (d.rejected, SENT_BACK)];
            let last = i + 1 == days.len();
            let label = (i % 5 == 0 || last).then(|| {
                // The last day's label ends at the edge instead of running over it.
                let (x, anchor) = if last { (width, "end") } else { (x0 + slot / 2.0 - 2.0, "middle") };
                view! {
                    <text x=format!("{x:.1}") y=format!("{:.1}", height - 8.0)
                        text-anchor=anchor class="chart-tick">{d.day.get(5..).unwrap_or_default().to_owned()}</text>
                }
            });
            view! {
                <g>
                    {series.into_iter().enumerate().map(|(k, (v, colour))| {
                        let x = x0 + bar * f64::from(u32::try_from(k).unwrap_or(0));
                        view! {
                            <rect x=format!("{x:.1}") y=format!("{:.1}", y(v)) width=format!("{:.1}", bar.max(1.0))
                                height=format!("{:.1}", top + plot - y(v)) fill=colour/>
                        }
                    }).collect_view()}
                    {label}
                </g>
            }
        })
        .collect_view();
    // Whole numbers only: a middle line when it falls on one.
    let lines = if max >= 4 && max % 2 == 0 {
        vec![0, max / 2, max]
    } else {
        vec![0, max]
    };
    let grid = lines
        .into_iter()
        .map(|v| {
            view! {
                <line x1=format!("{left}") x2=format!("{width}") y1=format!("{:.1}", y(v)) y2=format!("{:.1}", y(v)) class="chart-grid"/>
                <text x=format!("{:.1}", left - 6.0) y=format!("{:.1}", y(v) + 4.0) text-anchor="end" class="chart-tick">{v}</text>
            }
        })
        .collect_view();
    let rows = days
        .into_iter()
        .filter(|d| d.submitted + d.approved + d.rejected > 0)
        .map(|d| {
            view! { <tr><th scope="row">{d.day}</th><td>{d.submitted}</td><td>{d.approved}</td><td>{d.rejected}</td></tr> }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{summary}</figcaption>
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=summary class="chart-svg">
                {grid}
                {bars}
            </svg>
            <p class="chart-legend">
                <span><i class="swatch swatch-submitted"></i>{move || t_string!(i18n, admin.chart.submitted)}</span>
                <span><i class="swatch swatch-approved"></i>{move || t_string!(i18n, admin.chart.approved)}</span>
                <span><i class="swatch swatch-sent-back"></i>{move || t_string!(i18n, admin.chart.sent_back)}</span>
            </p>
            <details class="chart-data">
                <summary>{move || t_string!(i18n, admin.chart.numbers_per_day)}</summary>
                <table class="table">
                    <thead><tr><th scope="col">{move || t_string!(i18n, admin.chart.day)}</th><th scope="col">{move || t_string!(i18n, admin.chart.submitted)}</th><th scope="col">{move || t_string!(i18n, admin.chart.approved)}</th><th scope="col">{move || t_string!(i18n, admin.chart.sent_back)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}

/// One horizontal bar per row (label, value, whether it is a "bad" one).
#[component]
pub fn BarList(
    rows: Vec<(String, u32, bool)>,
    /// What the chart shows, in a sentence (its caption and text alternative).
    #[prop(into)]
    summary: Signal<String>,
    /// The column heading of the values in the table.
    #[prop(into)]
    unit: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (width, row_height, label_width) = (760.0_f64, 30.0_f64, 300.0_f64);
    let count = u32::try_from(rows.len()).unwrap_or(0);
    let height = row_height * f64::from(count.max(1));
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let bar_room = width - label_width - 50.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (label, value, bad))| {
            let y = row_height * f64::from(u32::try_from(i).unwrap_or(0));
            let w = bar_room * f64::from(*value) / f64::from(max);
            let shown: String = if label.chars().count() > 44 {
                format!("{}…", label.chars().take(43).collect::<String>())
            } else {
                label.clone()
            };
            view! {
                <g>
                    <text x=format!("{:.1}", label_width - 8.0) y=format!("{:.1}", y + 19.0) text-anchor="end" class="chart-label">{shown}</text>
                    <rect x=format!("{label_width}") y=format!("{:.1}", y + 6.0) width=format!("{:.1}", w.max(1.0)) height="18"
                        fill=if *bad { LATE } else { CALM }/>
                    <text x=format!("{:.1}", label_width + w + 6.0) y=format!("{:.1}", y + 19.0) class="chart-tick">{*value}</text>
                </g>
            }
        })
        .collect_view();
    let table = rows
        .into_iter()
        .map(|(label, value, _)| view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{move || summary.get()}</figcaption>
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=move || summary.get() class="chart-svg">
                {bars}
            </svg>
            <details class="chart-data">
                <summary>{move || t_string!(i18n, admin.chart.numbers)}</summary>
                <table class="table">
                    <thead><tr><th scope="col">""</th><th scope="col">{move || unit.get()}</th></tr></thead>
                    <tbody>{table}</tbody>
                </table>
            </details>
        </figure>
    }
}
