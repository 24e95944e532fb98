//! `/admin/webhooks`: the endpoints billing systems listen on for order changes, and the
//! latest deliveries with every attempt (status, the start of the answer), each of which
//! can be sent again.

use crate::components::PageTitle;
use leptos::prelude::*;

use crate::{
    api::webhooks::{
        CreateWebhookEndpoint, DisableWebhookEndpoint, ResendWebhook, WebhookDeliveryView,
        WebhookEndpointView, list_webhook_deliveries, list_webhook_endpoints,
    },
    components::{
        ScrollTable,
        form::{FieldError, FormError, action_error},
        time::{When, format_utc},
    },
    domain::webhooks::EVENT_TYPES,
    i18n::{Locale, t, t_string, td_string, use_i18n},
};

/// A moment of a delivery, to the second (see `components::time`).
fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// What an event of [`EVENT_TYPES`] means, in `locale` (`about`, its English text, for
/// an event without a translation).
fn event_about(locale: Locale, name: &str, about: &'static str) -> &'static str {
    match name {
        "order.placed" => td_string!(locale, integrations.webhooks.event.placed),
        "order.submitted" => td_string!(locale, integrations.webhooks.event.submitted),
        "order.action_required" => {
            td_string!(locale, integrations.webhooks.event.action_required)
        }
        "order.approved" => td_string!(locale, integrations.webhooks.event.approved),
        "order.registering" => td_string!(locale, integrations.webhooks.event.registering),
        "order.registered" => td_string!(locale, integrations.webhooks.event.registered),
        "order.registration_failed" => {
            td_string!(locale, integrations.webhooks.event.registration_failed)
        }
        "order.cancelled" => td_string!(locale, integrations.webhooks.event.cancelled),
        _ => about,
    }
}

/// `/admin/webhooks`.
#[component]
pub fn WebhooksPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateWebhookEndpoint>::new();
    let disable = ServerAction::<DisableWebhookEndpoint>::new();
    let resend = ServerAction::<ResendWebhook>::new();
    let endpoints = Resource::new(
        move || (create.version().get(), disable.version().get()),
        |_| list_webhook_endpoints(),
    );
    let deliveries = Resource::new(
        move || (disable.version().get(), resend.version().get()),
        |_| list_webhook_deliveries(),
    );
    let create_error = action_error(create);
    let disable_error = action_error(disable);
    let resend_error = action_error(resend);
    let made = move || create.value().get().and_then(Result::ok);
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if made().is_some()
            && let Some(form) = form.get_untracked()
        {
            form.reset();
        }
    });
    view! {
        <PageTitle text=move || t_string!(i18n, integrations.webhooks.title).to_string()/>
        <h1>{move || t_string!(i18n, integrations.webhooks.title)}</h1>
        <p class="lead-small">
            {move || t_string!(i18n, integrations.webhooks.lead_signed)}
            <code>"webhook-id"</code>", "<code>"webhook-timestamp"</code>", "<code>"webhook-signature"</code>
            {move || t_string!(i18n, integrations.webhooks.lead_retries)}
        </p>
        <Show when=move || made().is_some()>
            {move || made().map(|new| view! {
                <section class="card key-made" role="status">
                    <h2>{move || t_string!(i18n, integrations.webhooks.added_title)}</h2>
                    <p>{move || t_string!(i18n, integrations.webhooks.added_hint, url = new.endpoint.url.clone()).to_string()}</p>
                    <label for="new-webhook-secret" class="visually-hidden">{move || t_string!(i18n, integrations.webhooks.secret_label)}</label>
                    <input id="new-webhook-secret" class="mono key-secret" readonly value=new.secret.clone()/>
                </section>
            })}
        </Show>
        <section class="card">
            <h2>{move || t_string!(i18n, integrations.webhooks.add_heading)}</h2>
            <FormError error=create_error/>
            <ActionForm action=create node_ref=form attr:class="stack-form">
                <div class="field">
                    <label for="webhook-url">{move || t_string!(i18n, integrations.webhooks.url_label)}</label>
                    <input id="webhook-url" name="url" type="url" maxlength="2048"
                        placeholder="https://billing.example.com/regdocs/webhook" required/>
                    <FieldError error=create_error field="url"/>
                </div>
                <fieldset class="field event-choice">
                    <legend>{move || t_string!(i18n, integrations.webhooks.events_legend)}</legend>
                    {EVENT_TYPES
                        .iter()
                        .enumerate()
                        .map(|(i, (name, about))| {
                            let id = format!("webhook-event-{i}");
                            let (event, about) = (*name, *about);
                            let about = move || format!(": {}", event_about(i18n.get_locale(), event, about));
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=id.clone() name=format!("events[{i}]") value=*name checked/>
                                    <label for=id><code>{*name}</code>{about}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                    <FieldError error=create_error field="events"/>
                </fieldset>
                <button type="submit" class="button">{move || t_string!(i18n, integrations.webhooks.add_button)}</button>
            </ActionForm>
        </section>
        <FormError error=disable_error/>
        <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, integrations.webhooks.loading_endpoints)}</p> }>
            {move || Suspend::new(async move {
                endpoints.await.map(|list| {
                    if list.is_empty() {
                        return view! { <p class="muted">{move || t_string!(i18n, integrations.webhooks.no_endpoints)}</p> }.into_any();
                    }
                    view! {
                        <ScrollTable label=move || t_string!(i18n, integrations.webhooks.endpoints_label).to_string()>
                            <thead>
                                <tr>
                                    <th scope="col">{move || t_string!(i18n, integrations.webhooks.columns.url)}</th>
                                    <th scope="col">{move || t_string!(i18n, integrations.webhooks.columns.events)}</th>
                                    <th scope="col">{move || t_string!(i18n, integrations.webhooks.columns.added)}</th>
                                    <th scope="col">{move || t_string!(i18n, integrations.webhooks.columns.state)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(|e| view! { <EndpointRow endpoint=e disable/> }).collect_view()}
                            </tbody>
                        </ScrollTable>
                    }
                    .into_any()
                })
            })}
        </Transition>
        <h2 class="section-gap">{move || t_string!(i18n, integrations.webhooks.deliveries_heading)}</h2>
        <FormError error=resend_error/>
        <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, integrations.webhooks.loading_deliveries)}</p> }>
            {move || Suspend::new(async move {
                deliveries.await.map(|list| {
                    if list.is_empty() {
                        return view! { <p class="muted">{move || t_string!(i18n, integrations.webhooks.no_deliveries)}</p> }.into_any();
                    }
                    view! {
                        <ul class="outbox deliveries">
                            {list.into_iter().map(|d| view! { <DeliveryLine delivery=d resend/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                })
            })}
        </Transition>
    }
}

#[component]
fn EndpointRow(
    endpoint: WebhookEndpointView,
    disable: ServerAction<DisableWebhookEndpoint>,
) -> impl IntoView {
    let i18n = use_i18n();
    let all = endpoint.events.len() == EVENT_TYPES.len();
    let events = if all {
        None
    } else {
        Some(endpoint.events.join(", "))
    };
    let events = move || {
        events
            .clone()
            .unwrap_or_else(|| t_string!(i18n, integrations.webhooks.all_events).to_owned())
    };
    let state = match endpoint.disabled_at {
        Some(at) => {
            view! { <span class="pill pill-cancelled">{t!(i18n, integrations.webhooks.off_since, date = move || view! { <When at=when(at)/> })}</span> }
                .into_any()
        }
        None => {
            let url = endpoint.url.clone();
            let label = move || t_string!(i18n, integrations.webhooks.turn_off_label, url = &url);
            view! {
                <ActionForm action=disable attr:class="inline-form">
                    <input type="hidden" name="id" value=endpoint.id/>
                    <button type="submit" class="button-danger" aria-label=label>{move || t_string!(i18n, integrations.webhooks.turn_off_button)}</button>
                </ActionForm>
            }
            .into_any()
        }
    };
    view! {
        <tr>
            <th scope="row" class="mono">{endpoint.url.clone()}</th>
            <td>{events}</td>
            <td><When at=when(endpoint.created_at)/></td>
            <td>{state}</td>
        </tr>
    }
}

#[component]
fn DeliveryLine(
    delivery: WebhookDeliveryView,
    resend: ServerAction<ResendWebhook>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = delivery.status.clone();
    let status_label = move || match status.as_str() {
        "delivered" => t_string!(i18n, integrations.webhooks.status.delivered),
        "failed" => t_string!(i18n, integrations.webhooks.status.failed),
        _ => t_string!(i18n, integrations.webhooks.status.pending),
    };
    let pill = match delivery.status.as_str() {
        "delivered" => "pill pill-mail-sent",
        "failed" => "pill pill-mail-failed",
        _ => "pill pill-mail-queued",
    };
    let tries = delivery.attempts.len();
    let status = delivery.status.clone();
    let delivered_at = delivery.delivered_at.map(when);
    let next_at = when(delivery.next_attempt_at);
    let summary = move || match (status.as_str(), &delivered_at) {
        ("delivered", Some(at)) => t_string!(
            i18n,
            integrations.webhooks.summary.delivered,
            date = format_utc(i18n.get_locale(), at),
            count = tries
        )
        .to_string(),
        ("pending", _) if tries > 0 => t_string!(
            i18n,
            integrations.webhooks.summary.retrying,
            count = tries,
            date = format_utc(i18n.get_locale(), &next_at)
        )
        .to_string(),
        ("pending", _) => t_string!(i18n, integrations.webhooks.summary.waiting).to_string(),
        _ => t_string!(i18n, integrations.webhooks.summary.gave_up, count = tries).to_string(),
    };
    let (url, created) = (delivery.url.clone(), when(delivery.created_at));
    let line = move || {
        format!(
            " {}",
            t_string!(
                i18n,
                integrations.webhooks.delivery_line,
                url = &url,
                date = format_utc(i18n.get_locale(), &created),
                summary = summary()
            )
        )
    };
    let pending = delivery.status == "pending";
    let delivery_id = delivery.id;
    let label = move || {
        t_string!(
            i18n,
            integrations.webhooks.resend_label,
            number = delivery_id
        )
    };
    view! {
        <li class="card webhook-delivery">
            <p>
                <span class=pill>{status_label}</span>
                " "
                <strong><code>{delivery.event_type.clone()}</code></strong>
                {delivery.order_id.map(|o| view! { " " <a href=format!("/admin/orders/{o}")>{move || t_string!(i18n, integrations.webhooks.order_link, number = o).to_string()}</a> })}
                <span class="muted small">{line}</span>
            </p>
            {(tries > 0).then(|| view! {
                <details>
                    <summary>{move || t_string!(i18n, integrations.webhooks.attempts, number = tries).to_string()}</summary>
                    <ol class="attempts">
                        {delivery.attempts.iter().map(|a| {
                            let outcome = match (a.status_code, &a.error) {
                                (Some(code), _) => Some(format!("HTTP {code}")),
                                (None, Some(err)) => Some(err.clone()),
                                (None, None) => None,
                            };
                            let (at, duration_ms) = (when(a.at), a.duration_ms);
                            let attempt = move || {
                                let outcome = outcome.clone().unwrap_or_else(|| {
                                    t_string!(i18n, integrations.webhooks.no_answer).to_owned()
                                });
                                let at = format_utc(i18n.get_locale(), &at);
                                format!("{at} · {outcome} · {duration_ms} ms")
                            };
                            view! {
                                <li>
                                    {attempt}
                                    {a.response.clone().filter(|r| !r.is_empty()).map(|r| view! { <pre class="mail-body">{r}</pre> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </details>
            })}
            {(!pending).then(|| view! {
                <ActionForm action=resend attr:class="inline-form">
                    <input type="hidden" name="id" value=delivery.id/>
                    <button type="submit" class="button-secondary" aria-label=label>{move || t_string!(i18n, integrations.webhooks.resend_button)}</button>
                </ActionForm>
            })}
        </li>
    }
}
