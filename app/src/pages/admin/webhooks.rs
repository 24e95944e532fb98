//! `/admin/webhooks`: the endpoints billing systems listen on for order changes, and the
//! latest deliveries with every attempt (status, the start of the answer), each of which
//! can be sent again.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::webhooks::{
        CreateWebhookEndpoint, DisableWebhookEndpoint, ResendWebhook, WebhookDeliveryView,
        WebhookEndpointView, list_webhook_deliveries, list_webhook_endpoints,
    },
    components::{
        ScrollTable,
        form::{FieldError, FormError, action_error},
    },
    domain::webhooks::EVENT_TYPES,
};

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// `/admin/webhooks`.
#[component]
pub fn WebhooksPage() -> impl IntoView {
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
        <Title text="Webhooks"/>
        <h1>"Webhooks"</h1>
        <p class="lead-small">
            "regdocs tells a billing system of every change of an order by POSTing JSON to its endpoint, signed with the endpoint's secret (Standard Webhooks: "
            <code>"webhook-id"</code>", "<code>"webhook-timestamp"</code>", "<code>"webhook-signature"</code>
            "). A receiver that does not answer 2xx is tried again after 30 seconds, 2, 8 and 32 minutes, then every 2 hours, eight times in all."
        </p>
        <Show when=move || made().is_some()>
            {move || made().map(|new| view! {
                <section class="card key-made" role="status">
                    <h2>"Endpoint added"</h2>
                    <p>{format!("Deliveries to {} are signed with this secret. Copy it into the receiver now: it is not shown again.", new.endpoint.url)}</p>
                    <label for="new-webhook-secret" class="visually-hidden">"The endpoint's signing secret"</label>
                    <input id="new-webhook-secret" class="mono key-secret" readonly value=new.secret.clone()/>
                </section>
            })}
        </Show>
        <section class="card">
            <h2>"Add an endpoint"</h2>
            <FormError error=create_error/>
            <ActionForm action=create node_ref=form attr:class="stack-form">
                <div class="field">
                    <label for="webhook-url">"URL"</label>
                    <input id="webhook-url" name="url" type="url" maxlength="2048"
                        placeholder="https://billing.example.com/regdocs/webhook" required/>
                    <FieldError error=create_error field="url"/>
                </div>
                <fieldset class="field event-choice">
                    <legend>"Events"</legend>
                    {EVENT_TYPES
                        .iter()
                        .enumerate()
                        .map(|(i, (name, about))| {
                            let id = format!("webhook-event-{i}");
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=id.clone() name=format!("events[{i}]") value=*name checked/>
                                    <label for=id><code>{*name}</code>{format!(": {about}")}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                    <FieldError error=create_error field="events"/>
                </fieldset>
                <button type="submit" class="button">"Add endpoint"</button>
            </ActionForm>
        </section>
        <FormError error=disable_error/>
        <Transition fallback=|| view! { <p class="muted">"Loading endpoints…"</p> }>
            {move || Suspend::new(async move {
                endpoints.await.map(|list| {
                    if list.is_empty() {
                        return view! { <p class="muted">"No endpoints yet."</p> }.into_any();
                    }
                    view! {
                        <ScrollTable label="Webhook endpoints">
                            <thead>
                                <tr>
                                    <th scope="col">"URL"</th>
                                    <th scope="col">"Events"</th>
                                    <th scope="col">"Added"</th>
                                    <th scope="col">"State"</th>
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
        <h2 class="section-gap">"Latest deliveries"</h2>
        <FormError error=resend_error/>
        <Transition fallback=|| view! { <p class="muted">"Loading deliveries…"</p> }>
            {move || Suspend::new(async move {
                deliveries.await.map(|list| {
                    if list.is_empty() {
                        return view! { <p class="muted">"Nothing sent yet."</p> }.into_any();
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
    let all = endpoint.events.len() == EVENT_TYPES.len();
    let events = if all {
        "all".to_owned()
    } else {
        endpoint.events.join(", ")
    };
    let state = match endpoint.disabled_at {
        Some(at) => {
            view! { <span class="pill pill-cancelled">{format!("off since {}", when(at))}</span> }
                .into_any()
        }
        None => {
            let label = format!("Turn off {}", endpoint.url);
            view! {
                <ActionForm action=disable attr:class="inline-form">
                    <input type="hidden" name="id" value=endpoint.id/>
                    <button type="submit" class="button-danger" aria-label=label>"Turn off"</button>
                </ActionForm>
            }
            .into_any()
        }
    };
    view! {
        <tr>
            <th scope="row" class="mono">{endpoint.url.clone()}</th>
            <td>{events}</td>
            <td>{when(endpoint.created_at)}</td>
            <td>{state}</td>
        </tr>
    }
}

#[component]
fn DeliveryLine(
    delivery: WebhookDeliveryView,
    resend: ServerAction<ResendWebhook>,
) -> impl IntoView {
    let status_label = match delivery.status.as_str() {
        "delivered" => "Delivered",
        "failed" => "Failed",
        _ => "Pending",
    };
    let pill = match delivery.status.as_str() {
        "delivered" => "pill pill-mail-sent",
        "failed" => "pill pill-mail-failed",
        _ => "pill pill-mail-queued",
    };
    let tries = delivery.attempts.len();
    let summary = match (delivery.status.as_str(), delivery.delivered_at) {
        ("delivered", Some(at)) => format!("delivered {} after {tries} attempt(s)", when(at)),
        ("pending", _) if tries > 0 => format!(
            "{tries} attempt(s); next at {}",
            when(delivery.next_attempt_at)
        ),
        ("pending", _) => "waiting to be sent".to_owned(),
        _ => format!("gave up after {tries} attempt(s)"),
    };
    let pending = delivery.status == "pending";
    let label = format!("Send delivery {} again", delivery.id);
    view! {
        <li class="card webhook-delivery">
            <p>
                <span class=pill>{status_label}</span>
                " "
                <strong><code>{delivery.event_type.clone()}</code></strong>
                {delivery.order_id.map(|o| view! { " " <a href=format!("/admin/orders/{o}")>{format!("order #{o}")}</a> })}
                <span class="muted small">{format!(" to {} · {} · {summary}", delivery.url, when(delivery.created_at))}</span>
            </p>
            {(tries > 0).then(|| view! {
                <details>
                    <summary>{format!("Attempts ({tries})")}</summary>
                    <ol class="attempts">
                        {delivery.attempts.iter().map(|a| {
                            let outcome = match (a.status_code, &a.error) {
                                (Some(code), _) => format!("HTTP {code}"),
                                (None, Some(err)) => err.clone(),
                                (None, None) => "no answer".to_owned(),
                            };
                            view! {
                                <li>
                                    {format!("{} · {outcome} · {} ms", when(a.at), a.duration_ms)}
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
                    <button type="submit" class="button-secondary" aria-label=label>"Send again"</button>
                </ActionForm>
            })}
        </li>
    }
}
