//! The outbox: every e-mail regdocs queued, with its state. Without SMTP settings this is
//! where the messages are read.

use crate::components::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    api::mail::{OutboxMessage, RetryMail, outbox},
    components::{
        form::{FormError, action_error},
        time::format_utc,
    },
    i18n::{t, t_string, use_i18n},
};

/// `/admin/outbox`.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
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
        <PageTitle text=move || t_string!(i18n, integrations.outbox.title).to_string()/>
        <h1>{move || t_string!(i18n, integrations.outbox.title)}</h1>
        <FormError error=retry_error/>
        <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, integrations.outbox.loading)}</p> }>
            {move || Suspend::new(async move {
                data.await.map(|data| {
                    let sending = data.sending;
                    let intro = move || {
                        if sending {
                            t_string!(i18n, integrations.outbox.intro_sending)
                        } else {
                            t_string!(i18n, integrations.outbox.intro_kept)
                        }
                    };
                    let (page, pages, total) = (data.page.page, data.page.pages, data.page.total);
                    view! {
                        <p class="lead-small">{intro}</p>
                        {if data.page.messages.is_empty() {
                            view! { <p class="muted">{move || t_string!(i18n, integrations.outbox.empty)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="outbox">
                                    {data.page.messages.into_iter().map(|m| view! { <MessageLine message=m retry sending=data.sending/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <nav class="pager" aria-label=move || t_string!(i18n, integrations.outbox.pages_label)>
                            <span class="muted">{t!(i18n, integrations.outbox.pager, count = move || total, page, pages)}</span>
                            {(page > 1).then(|| view! { <a href=format!("/admin/outbox?page={}", page - 1)>{move || t_string!(i18n, integrations.outbox.newer)}</a> })}
                            {(page < pages).then(|| view! { <a href=format!("/admin/outbox?page={}", page + 1)>{move || t_string!(i18n, integrations.outbox.older)}</a> })}
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
    let i18n = use_i18n();
    let status = message.status.clone();
    let status_label = move || match status.as_str() {
        "queued" => t_string!(i18n, integrations.outbox.status.queued),
        "sent" => t_string!(i18n, integrations.outbox.status.sent),
        "failed" => t_string!(i18n, integrations.outbox.status.failed),
        "kept" => t_string!(i18n, integrations.outbox.status.kept),
        "sending" => t_string!(i18n, integrations.outbox.status.sending),
        _ => t_string!(i18n, integrations.outbox.status.unknown),
    };
    let failed = message.status == "failed";
    let id = message.id.to_string();
    view! {
        <li class="card outbox-message">
            <details>
                <summary>
                    <span class=format!("pill pill-mail-{}", message.status)>{status_label}</span>
                    <strong class="outbox-subject">{message.subject.clone()}</strong>
                    <span class="muted small">{move || t_string!(i18n, integrations.outbox.to_line, recipient = message.to.clone(), date = format_utc(i18n.get_locale(), &message.created_at)).to_string()}</span>
                </summary>
                <pre class="mail-body">{message.body.clone()}</pre>
                {(!message.attachments.is_empty()).then(|| view! {
                    <p class="small">{move || t_string!(i18n, integrations.outbox.attached, files = message.attachments.join(", ")).to_string()}</p>
                })}
                {message.order_id.map(|o| view! { <p class="small"><a href=format!("/admin/orders/{o}")>{move || t_string!(i18n, integrations.outbox.order_link, number = o).to_string()}</a></p> })}
                {(message.status != "kept").then(|| {
                    let attempts = message.attempts;
                    view! {
                        <p class="muted small">
                            {t!(i18n, integrations.outbox.attempts, count = move || attempts)}
                            {message.sent_at.clone().map(|at| t!(i18n, integrations.outbox.sent_on, date = format_utc(i18n.get_locale(), &at)))}
                        </p>
                    }
                })}
                {message.last_error.clone().map(|e| view! { <p class="form-error small">{move || t_string!(i18n, integrations.outbox.last_error, error = &e).to_string()}</p> })}
            </details>
            {(failed && sending).then(|| view! {
                <ActionForm action=retry attr:class="inline-form">
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button-secondary">{move || t_string!(i18n, integrations.outbox.resend_button)}</button>
                </ActionForm>
            })}
        </li>
    }
}
