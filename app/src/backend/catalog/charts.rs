//! The data of the admin overview's charts, read from the audit trail of the last 30
//! days: orders submitted, approved and sent back per day; how long reviews took against
//! the review target; the rejection statements used most.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::{
    backend::entities::order_event,
    domain::{
        audit::AuditKind,
        orders::OrderStatus,
        overview::{Charts, DayCounts, ReasonCount, TIME_BUCKETS, TimeBucket, time_bucket},
        sla::SlaPolicy,
    },
    error::AppError,
};

/// Days the charts cover, today included.
pub const DAYS: i64 = 30;

/// Statements the reasons chart lists.
const TOP_REASONS: usize = 5;

/// The charts as of `now`.
///
/// # Errors
/// Database failures.
pub async fn charts(
    db: &DatabaseConnection,
    sla: SlaPolicy,
    now: DateTime<Utc>,
) -> Result<Charts, AppError> {
    let first_day = (now - Duration::days(DAYS - 1)).date_naive();
    let since = first_day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let kinds = [
        AuditKind::Submitted,
        AuditKind::ItemRejected,
        AuditKind::StatusChanged,
    ]
    .map(AuditKind::as_str);
    let events = order_event::Entity::find()
        .filter(order_event::Column::At.gte(since))
        .filter(order_event::Column::Kind.is_in(kinds))
        .order_by_asc(order_event::Column::At)
        .all(db)
        .await?;

    let approved = OrderStatus::Approved.label().to_lowercase();
    let sent_back = OrderStatus::ActionRequired.label().to_lowercase();
    let mut days: BTreeMap<NaiveDate, DayCounts> = BTreeMap::new();
    let mut day = first_day;
    while day <= now.date_naive() {
        days.insert(
            day,
            DayCounts {
                day: day.format("%Y-%m-%d").to_string(),
                submitted: 0,
                approved: 0,
                rejected: 0,
            },
        );
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    let mut reasons: HashMap<String, u32> = HashMap::new();
    // The review of an order ends when its last item is decided (the order moves on).
    let mut ends: Vec<(i32, DateTime<Utc>)> = Vec::new();
    for event in &events {
        let counts = days.get_mut(&event.at.date_naive());
        match AuditKind::parse(&event.kind) {
            Some(AuditKind::Submitted) => {
                if let Some(c) = counts {
                    c.submitted += 1;
                }
            }
            Some(AuditKind::ItemRejected) => {
                if let Some(statement) = event.statement.as_deref().map(str::trim) {
                    *reasons.entry(statement.to_owned()).or_default() += 1;
                }
            }
            Some(AuditKind::StatusChanged) => {
                let detail = event.detail.as_deref().unwrap_or_default();
                let ended = detail == approved || detail == sent_back;
                if let Some(c) = counts {
                    if detail == approved {
                        c.approved += 1;
                    } else if detail == sent_back {
                        c.rejected += 1;
                    }
                }
                if ended {
                    ends.push((event.order_id, event.at));
                }
            }
            _ => {}
        }
    }

    // When each of those orders was submitted (the submission may be older than 30 days).
    let mut submissions: HashMap<i32, Vec<DateTime<Utc>>> = HashMap::new();
    let ids: Vec<i32> = ends.iter().map(|(id, _)| *id).collect();
    for batch in ids.chunks(500) {
        let found = order_event::Entity::find()
            .filter(order_event::Column::OrderId.is_in(batch.iter().copied()))
            .filter(order_event::Column::Kind.eq(AuditKind::Submitted.as_str()))
            .all(db)
            .await?;
        for event in found {
            submissions
                .entry(event.order_id)
                .or_default()
                .push(event.at);
        }
    }
    let mut buckets = [0_u32; TIME_BUCKETS.len()];
    for (order_id, ended) in ends {
        let submitted = submissions
            .get(&order_id)
            .and_then(|all| all.iter().filter(|at| **at <= ended).max().copied());
        if let Some(submitted) = submitted {
            let waited = sla.waited_minutes(submitted, ended);
            buckets[time_bucket(waited, sla.target_minutes)] += 1;
        }
    }

    let mut reasons: Vec<ReasonCount> = reasons
        .into_iter()
        .map(|(reason, count)| ReasonCount { reason, count })
        .collect();
    reasons.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.reason.cmp(&b.reason)));
    reasons.truncate(TOP_REASONS);
    Ok(Charts {
        days: days.into_values().collect(),
        review_times: TIME_BUCKETS
            .iter()
            .zip(buckets)
            .map(|((_, label, late), count)| TimeBucket {
                label: (*label).to_owned(),
                count,
                late: *late,
            })
            .collect(),
        reasons,
    })
}
