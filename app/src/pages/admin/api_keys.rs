//! `/admin/api-keys`: the keys billing systems call the REST API with. A key's secret is
//! shown once, right after it is made; the list names keys by their first characters.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::api_keys::{ApiKeyView, CreateApiKey, RevokeApiKey, list_api_keys},
    components::{
        ScrollTable,
        form::{FieldError, FormError, action_error},
    },
    domain::api_keys::{DEFAULT_RATE_PER_MINUTE, MAX_RATE_PER_MINUTE},
};

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// `/admin/api-keys`.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let list = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_api_keys(),
    );
    let create_error = action_error(create);
    let revoke_error = action_error(revoke);
    let made = move || create.value().get().and_then(Result::ok);
    // A key made: the form is empty again for the next one.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if made().is_some()
            && let Some(form) = form.get_untracked()
        {
            form.reset();
        }
    });
    view! {
        <Title text="API keys"/>
        <h1>"API keys"</h1>
        <p class="lead-small">
            "Billing systems (WHMCS, WiseCP, Blesta, your own) create customers and orders, send customers to their documents, and read the results through the regdocs API, with a key made here. "
            <a href="/api/v1/docs" rel="external">"API reference"</a>
            " · "
            <a href="/api/v1/openapi.json" rel="external">"OpenAPI document"</a>
        </p>
        <Show when=move || made().is_some()>
            {move || made().map(|new| view! {
                <section class="card key-made" role="status">
                    <h2>{format!("Key “{}” made", new.key.name)}</h2>
                    <p>"Copy it into the billing system now: regdocs keeps only its fingerprint and cannot show it again."</p>
                    <label for="new-key-secret" class="visually-hidden">"The new key"</label>
                    <input id="new-key-secret" class="mono key-secret" readonly value=new.secret.clone()/>
                </section>
            })}
        </Show>
        <section class="card">
            <h2>"Make a key"</h2>
            <FormError error=create_error/>
            <ActionForm action=create node_ref=form attr:class="stack-form">
                <div class="field">
                    <label for="key-name">"Name (the system that will use it)"</label>
                    <input id="key-name" name="name" maxlength="80" placeholder="WHMCS live" required/>
                    <FieldError error=create_error field="name"/>
                </div>
                <div class="field">
                    <label for="key-scope">"May"</label>
                    <select id="key-scope" name="scope">
                        <option value="write" selected>"read and change (create customers and orders, cancel, report registrations)"</option>
                        <option value="read">"only read (orders, documents, requirements)"</option>
                    </select>
                </div>
                <div class="field">
                    <label for="key-rate">"Calls per minute, at most"</label>
                    <input id="key-rate" name="rate_per_minute" type="number" min="1" max=MAX_RATE_PER_MINUTE
                        value=DEFAULT_RATE_PER_MINUTE required/>
                    <FieldError error=create_error field="rate_per_minute"/>
                </div>
                <button type="submit" class="button">"Make key"</button>
            </ActionForm>
        </section>
        <FormError error=revoke_error/>
        <Transition fallback=|| view! { <p class="muted">"Loading keys…"</p> }>
            {move || Suspend::new(async move {
                list.await.map(|keys| {
                    if keys.is_empty() {
                        return view! { <p class="muted">"No keys yet."</p> }.into_any();
                    }
                    view! {
                        <ScrollTable label="API keys">
                            <thead>
                                <tr>
                                    <th scope="col">"Name"</th>
                                    <th scope="col">"Key"</th>
                                    <th scope="col">"May"</th>
                                    <th scope="col">"Per minute"</th>
                                    <th scope="col">"Made"</th>
                                    <th scope="col">"Last used"</th>
                                    <th scope="col">"State"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {keys.into_iter().map(|k| view! { <KeyRow key=k revoke/> }).collect_view()}
                            </tbody>
                        </ScrollTable>
                    }
                    .into_any()
                })
            })}
        </Transition>
    }
}

#[component]
fn KeyRow(key: ApiKeyView, revoke: ServerAction<RevokeApiKey>) -> impl IntoView {
    let state = match key.revoked_at {
        Some(at) => {
            view! { <span class="pill pill-cancelled">{format!("revoked {}", when(at))}</span> }
                .into_any()
        }
        None => {
            let label = format!("Revoke {}", key.name);
            view! {
                <ActionForm action=revoke attr:class="inline-form">
                    <input type="hidden" name="id" value=key.id/>
                    <button type="submit" class="button-danger" aria-label=label>"Revoke"</button>
                </ActionForm>
            }
            .into_any()
        }
    };
    view! {
        <tr>
            <th scope="row">{key.name.clone()}</th>
            <td class="mono">{format!("{}…", key.prefix)}</td>
            <td>{key.scopes()}</td>
            <td>{key.rate_per_minute}</td>
            <td>{format!("{} by {}", when(key.created_at), key.created_by)}</td>
            <td>{key.last_used_at.map_or_else(|| "never".to_owned(), when)}</td>
            <td>{state}</td>
        </tr>
    }
}
