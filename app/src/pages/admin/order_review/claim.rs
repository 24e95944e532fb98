//! Who reviews the order: claim it, release it, or take it over from another admin.

use leptos::prelude::*;

use crate::{
    api::review::{ClaimOrder, ClaimView, ReleaseOrder},
    components::{
        form::{FormError, action_error},
        time::When,
    },
    i18n::{t, t_string, use_i18n},
};

/// The claim bar at the top of an open order.
#[component]
pub fn ClaimPanel(
    order_id: i32,
    claim: Option<ClaimView>,
    claim_action: ServerAction<ClaimOrder>,
    release: ServerAction<ReleaseOrder>,
) -> impl IntoView {
    let i18n = use_i18n();
    let claim_error = action_error(claim_action);
    let release_error = action_error(release);
    let id = order_id.to_string();
    let class = match &claim {
        None => "claim-bar",
        Some(c) if c.mine => "claim-bar claim-mine",
        Some(_) => "claim-bar claim-other",
    };
    let body = match claim {
        None => view! {
            <p>{move || t_string!(i18n, review.claim.nobody)}</p>
            <ActionForm action=claim_action attr:class="inline-form">
                <input type="hidden" name="order_id" value=id/>
                <button type="submit" class="button-secondary">{move || t_string!(i18n, review.claim.claim_button)}</button>
            </ActionForm>
        }
        .into_any(),
        Some(claim) if claim.mine => view! {
            <p><strong>{move || t_string!(i18n, review.claim.mine)}</strong>
                " "{t!(i18n, review.claim.mine_until, until = move || view! { <When at=claim.until.clone()/> })}</p>
            <ActionForm action=release attr:class="inline-form">
                <input type="hidden" name="order_id" value=id/>
                <button type="submit" class="button-secondary">{move || t_string!(i18n, review.claim.release)}</button>
            </ActionForm>
        }
        .into_any(),
        Some(claim) => view! {
            <p><strong>{move || t_string!(i18n, review.claim.someone_else, name = claim.admin_name.clone()).to_string()}</strong>
                " "{move || t_string!(i18n, review.claim.someone_else_note)}</p>
            <ActionForm action=claim_action attr:class="inline-form">
                <input type="hidden" name="order_id" value=id/>
                <input type="hidden" name="take_over" value="true"/>
                <button type="submit" class="button-secondary">{move || t_string!(i18n, review.claim.take_over)}</button>
            </ActionForm>
        }
        .into_any(),
    };
    view! {
        <section class=class aria-label=move || t_string!(i18n, review.claim.region_label)>
            {body}
        </section>
        <FormError error=claim_error/>
        <FormError error=release_error/>
    }
}
