//! The outbox: every e-mail regdocs queued, with its state. Without SMTP settings this is
//! where the messages are read.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::mail::{OutboxMessage, RetryMail, outbox},
    components::form::{FormError, action_error},
};

/// `/admin/outbox`.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .with(|q| q.get("page"))
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
    };
    let retry = ServerAction::<RetryMail>::new();
    let data = Resource::new(
        move || (page(), retry.version().get()),
        |(page, _)| outbox(Some(page)),
    );
    let retry_error = action_error(retry);
    view! {
        <Title text="Outbox"/>
        <h1>"Outbox"</h1>
        <FormError error=retry_error/>
        <Transition fallback=|| view! { <p class="muted">"Loading the outbox…"</p> }>
            {move || Suspend::new(async move {
                data.await.map(|data| {
                    let intro = if data.sending {
                        "E-mail goes out over SMTP. Messages that cannot be sent are tried again with growing pauses, and given up after several failures."
                    } else {
                        "No SMTP server is configured (REGDOCS_SMTP_HOST), so nothing is sent: every message is kept here for you to read."
                    };
                    let (page, pages, total) = (data.page.page, data.page.pages, data.page.total);
                    view! {
                        <p class="lead-small">{intro}</p>
                        {if data.page.messages.is_empty() {
                            view! { <p class="muted">"No messages yet."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="outbox">
                                    {data.page.messages.into_iter().map(|m| view! { <MessageLine message=m retry sending=data.sending/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <nav class="pager" aria-label="Pages">
                            <span class="muted">{format!("{total} messages · page {page} of {pages}")}</span>
                            {(page > 1).then(|| view! { <a href=format!("/admin/outbox?page={}", page - 1)>"← Newer"</a> })}
                            {(page < pages).then(|| view! { <a href=format!("/admin/outbox?page={}", page + 1)>"Older →"</a> })}
                        </nav>
                    }
                })
            })}
        </Transition>
    }
}

#[component]
fn MessageLine(
    message: OutboxMessage,
    retry: ServerAction<RetryMail>,
    sending: bool,
) -> impl IntoView {
    let status_label = match message.status.as_str() {
        "queued" => "Queued",
        "sent" => "Sent",
        "failed" => "Failed",
        "kept" => "Kept (not sent)",
        "sending" => "Sending",
        _ => "Unknown",
    };
    let failed = message.status == "failed";
    let id = message.id.to_string();
    view! {
        <li class="card outbox-message">
            <details>
                <summary>
                    <span class=format!("pill pill-mail-{}", message.status)>{status_label}</span>
                    <strong class="outbox-subject">{message.subject.clone()}</strong>
                    <span class="muted small">{format!("to {} · {}", message.to, message.created_at)}</span>
                </summary>
                <pre class="mail-body">{message.body.clone()}</pre>
                {(!message.attachments.is_empty()).then(|| view! {
                    <p class="small">{format!("Attached: {}", message.attachments.join(", "))}</p>
                })}
                {message.order_id.map(|o| view! { <p class="small"><a href=format!("/admin/orders/{o}")>{format!("Order #{o}")}</a></p> })}
                {(message.status != "kept").then(|| view! {
                    <p class="muted small">
                        {match message.attempts { 1 => "1 attempt".to_owned(), n => format!("{n} attempts") }}
                        {message.sent_at.clone().map(|t| format!(" · sent {t}"))}
                    </p>
                })}
                {message.last_error.clone().map(|e| view! { <p class="form-error small">{format!("Last error: {e}")}</p> })}
            </details>
            {(failed && sending).then(|| view! {
                <ActionForm action=retry attr:class="inline-form">
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button-secondary">"Send again"</button>
                </ActionForm>
            })}
        </li>
    }
}
