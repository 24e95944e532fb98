//! `/admin/api-keys`: the keys billing systems call the REST API with. A key's secret is
//! shown once, right after it is made; the list names keys by their first characters.

use crate::components::PageTitle;
use leptos::prelude::*;

use crate::{
    api::api_keys::{ApiKeyView, CreateApiKey, RevokeApiKey, list_api_keys},
    components::{
        ScrollTable,
        form::{FieldError, FormError, action_error},
        time::when,
    },
    domain::api_keys::{DEFAULT_RATE_PER_MINUTE, MAX_RATE_PER_MINUTE},
    i18n::{t, t_string, use_i18n},
};

/// `/admin/api-keys`.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let i18n = use_i18n();
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
        <PageTitle text=move || t_string!(i18n, integrations.api_keys.title).to_string()/>
        <h1>{move || t_string!(i18n, integrations.api_keys.title)}</h1>
        <p class="lead-small">
            {move || t_string!(i18n, integrations.api_keys.lead)}
            " "
            <a href="/api/v1/docs" rel="external">{move || t_string!(i18n, integrations.api_keys.api_reference)}</a>
            " · "
            <a href="/api/v1/openapi.json" rel="external">{move || t_string!(i18n, integrations.api_keys.openapi_document)}</a>
        </p>
        <Show when=move || made().is_some()>
            {move || made().map(|new| view! {
                <section class="card key-made" role="status">
                    <h2>{move || t_string!(i18n, integrations.api_keys.made_title, name = new.key.name.clone()).to_string()}</h2>
                    <p>{move || t_string!(i18n, integrations.api_keys.made_hint)}</p>
                    <label for="new-key-secret" class="visually-hidden">{move || t_string!(i18n, integrations.api_keys.new_key_label)}</label>
                    <input id="new-key-secret" class="mono key-secret" readonly value=new.secret.clone()/>
                </section>
            })}
        </Show>
        <section class="card">
            <h2>{move || t_string!(i18n, integrations.api_keys.make_heading)}</h2>
            <FormError error=create_error/>
            <ActionForm action=create node_ref=form attr:class="stack-form">
                <div class="field">
                    <label for="key-name">{move || t_string!(i18n, integrations.api_keys.name_label)}</label>
                    <input id="key-name" name="name" maxlength="80" placeholder=move || t_string!(i18n, integrations.api_keys.name_placeholder) required/>
                    <FieldError error=create_error field="name"/>
                </div>
                <div class="field">
                    <label for="key-scope">{move || t_string!(i18n, integrations.api_keys.scope_label)}</label>
                    <select id="key-scope" name="scope">
                        <option value="write" selected>{move || t_string!(i18n, integrations.api_keys.scope_write)}</option>
                        <option value="read">{move || t_string!(i18n, integrations.api_keys.scope_read)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="key-rate">{move || t_string!(i18n, integrations.api_keys.rate_label)}</label>
                    <input id="key-rate" name="rate_per_minute" type="number" min="1" max=MAX_RATE_PER_MINUTE
                        value=DEFAULT_RATE_PER_MINUTE required/>
                    <FieldError error=create_error field="rate_per_minute"/>
                </div>
                <button type="submit" class="button">{move || t_string!(i18n, integrations.api_keys.make_button)}</button>
            </ActionForm>
        </section>
        <FormError error=revoke_error/>
        <Transition fallback=move || view! { <p class="muted">{move || t_string!(i18n, integrations.api_keys.loading)}</p> }>
            {move || Suspend::new(async move {
                list.await.map(|keys| {
                    if keys.is_empty() {
                        return view! { <p class="muted">{move || t_string!(i18n, integrations.api_keys.empty)}</p> }.into_any();
                    }
                    view! {
                        <ScrollTable label=move || t_string!(i18n, integrations.api_keys.title).to_string()>
                            <thead>
                                <tr>
                                    <th scope="col">{move || t_string!(i18n, integrations.api_keys.columns.name)}</th>
                                    <th scope="col">{move || t_string!(i18n, integrations.api_keys.columns.key_prefix)}</th>
                                    <th scope="col">{move || t_string!(i18n, integrations.api_keys.columns.scope)}</th>
                                    <th scope="col">{move || t_string!(i18n, integrations.api_keys.columns.rate)}</th>
                                    <th scope="col">{move || t_string!(i18n, integrations.api_keys.columns.made)}</th>
                                    <th scope="col">{move || t_string!(i18n, integrations.api_keys.columns.last_used)}</th>
                                    <th scope="col">{move || t_string!(i18n, integrations.api_keys.columns.state)}</th>
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
    let i18n = use_i18n();
    let state = match key.revoked_at {
        Some(at) => {
            view! { <span class="pill pill-cancelled">{t!(i18n, integrations.api_keys.revoked_on, date = when(at))}</span> }
                .into_any()
        }
        None => {
            let name = key.name.clone();
            let label = move || t_string!(i18n, integrations.api_keys.revoke_label, name = &name);
            view! {
                <ActionForm action=revoke attr:class="inline-form">
                    <input type="hidden" name="id" value=key.id/>
                    <button type="submit" class="button-danger" aria-label=label>{move || t_string!(i18n, integrations.api_keys.revoke_button)}</button>
                </ActionForm>
            }
            .into_any()
        }
    };
    let write = key.write;
    let scopes = move || {
        if write {
            t_string!(i18n, integrations.api_keys.scopes_write)
        } else {
            t_string!(i18n, integrations.api_keys.scopes_read)
        }
    };
    let last_used = match key.last_used_at {
        Some(at) => when(at)(),
        None => view! { {move || t_string!(i18n, integrations.api_keys.never)} }.into_any(),
    };
    view! {
        <tr>
            <th scope="row">{key.name.clone()}</th>
            <td class="mono">{format!("{}…", key.prefix)}</td>
            <td>{scopes}</td>
            <td>{key.rate_per_minute}</td>
            <td>{t!(i18n, integrations.api_keys.made_by, date = when(key.created_at), who = key.created_by.clone())}</td>
            <td>{last_used}</td>
            <td>{state}</td>
        </tr>
    }
}
