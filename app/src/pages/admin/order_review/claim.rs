//! Who reviews the order: claim it, release it, or take it over from another admin.

use leptos::prelude::*;

use crate::{
    api::review::{ClaimOrder, ClaimView, ReleaseOrder},
    components::form::{FormError, action_error},
};

/// The claim bar at the top of an open order.
#[component]
pub fn ClaimPanel(
    order_id: i32,
    claim: Option<ClaimView>,
    claim_action: ServerAction<ClaimOrder>,
    release: ServerAction<ReleaseOrder>,
) -> impl IntoView {
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
            <p>"Nobody is reviewing this order yet. Claim it so that other admins know."</p>
            <ActionForm action=claim_action attr:class="inline-form">
                <input type="hidden" name="order_id" value=id/>
                <button type="submit" class="button-secondary">"Claim this order"</button>
            </ActionForm>
        }
        .into_any(),
        Some(claim) if claim.mine => view! {
            <p><strong>"You are reviewing this order."</strong>
                {format!(" Other admins see it; it is yours until {} and longer while you work on it.", claim.until)}</p>
            <ActionForm action=release attr:class="inline-form">
                <input type="hidden" name="order_id" value=id/>
                <button type="submit" class="button-secondary">"Release"</button>
            </ActionForm>
        }
        .into_any(),
        Some(claim) => view! {
            <p><strong>{claim.sentence()}</strong>
                " Decisions are theirs while they work on it; the claim lapses after a while without their work."</p>
            <ActionForm action=claim_action attr:class="inline-form">
                <input type="hidden" name="order_id" value=id/>
                <input type="hidden" name="take_over" value="true"/>
                <button type="submit" class="button-secondary">"Take over the review"</button>
            </ActionForm>
        }
        .into_any(),
    };
    view! {
        <section class=class aria-label="Who reviews this order">
            {body}
        </section>
        <FormError error=claim_error/>
        <FormError error=release_error/>
    }
}
