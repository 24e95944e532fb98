//! Documents as the customer's asset (#14): an approved document reused on another order
//! links the same stored object and the admin sees the earlier approval; validity and
//! document kinds decide what is offered; the retention policy purges bytes and keeps
//! hash and trail; an admin purges a closed order at once. The clock is the `now` the
//! services are given (no sleeping). On both databases, races in parallel.

use app::{
    api::{
        definitions::SaveDefinitionInput,
        orders::{DocumentView, MyDocuments, RemoveDocument, ReuseDocument, WalletEntry},
        review::PurgeOrderDocuments,
    },
    backend::{
        catalog::definitions,
        entities::{document, extension, order_event, user},
        infra::ctx::Ctx,
        orders::{
            retention::{self, Policy},
            wallet,
        },
    },
    domain::{
        Role,
        orders::ItemStatus,
        requirements::{DocumentKind, ItemKind, RequirementSet},
    },
    error::AppError,
};
use app::{components::trail::entry_text, i18n::Locale};
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::common::{TestApp, TestDatabase, flow::*, spawn_app};

/// Ada's example.us with its proof approved; her cookie, the admin's, the order and the
/// approved document.
async fn ada_with_approved_proof(app: &TestApp) -> (String, String, i32, document::Model) {
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let id = placed(app, &ada, "example.us").await;
    ada_submits(app, &ada, id).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    approve(app, &admin, id, "proof").await;
    let doc = first_document(app, id).await;
    (ada, admin, id, doc)
}

/// The default retention: 30 days after an order closed, 7 after a replacement.
const POLICY: Policy = Policy {
    after_closed: Duration::days(30),
    after_replaced: Duration::days(7),
};

async fn reuse(app: &TestApp, cookie: &str, order_id: i32, document_id: i32) -> reqwest::Response {
    let call = ReuseDocument {
        order_id,
        item_key: "proof".into(),
        document_id,
    };
    app.call(&call, Some(cookie)).await
}

async fn ctx_of(app: &TestApp, email: &str) -> Ctx {
    let user = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    Ctx::new(app.state.clone(), user)
}

async fn download(app: &TestApp, cookie: &str, id: i32) -> reqwest::Response {
    app.get_with_cookie(&format!("/documents/{id}"), cookie)
        .await
}

async fn reusing_links_the_same_object_and_shows_the_earlier_approval(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (ada, admin, first, doc) = ada_with_approved_proof(&app).await;
    let (_, files_before) = stored_documents(&app).await;

    let second = placed(&app, &ada, "second.us").await;
    let view = order(&app, &ada, second).await;
    let offers = &item(&view, "proof").reusable;
    assert_eq!(offers.len(), 1, "{offers:?}");
    assert_eq!(offers[0].document.id, doc.id);
    assert_eq!(offers[0].order_id, first);
    assert_eq!(offers[0].domain, "example.us");
    assert_eq!(offers[0].valid_until, None);
    let quota_before = view.quota_used_bytes;

    let reused = reuse(&app, &ada, second, doc.id).await;
    assert_eq!(reused.status(), StatusCode::OK);
    let reused: DocumentView = reused.json().await.unwrap();
    assert!(reused.reused);
    let row = document::Entity::find_by_id(reused.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.storage_key, doc.storage_key, "no copy");
    assert_eq!(row.sha256, doc.sha256);
    assert_eq!(row.reused_from, Some(doc.id));
    assert_eq!(
        stored_documents(&app).await.1,
        files_before,
        "no new object"
    );
    let view = order(&app, &ada, second).await;
    assert!(
        item(&view, "proof").reusable.is_empty(),
        "not offered twice"
    );
    assert_eq!(item(&view, "proof").status, ItemStatus::Draft);
    assert_eq!(
        view.quota_used_bytes, quota_before,
        "one object counts once"
    );
    let bytes = download(&app, &ada, reused.id).await;
    assert_eq!(bytes.status(), StatusCode::OK);
    assert_eq!(
        bytes.bytes().await.unwrap().len(),
        usize::try_from(doc.size_bytes).unwrap()
    );

    // Submitted, the admin sees that the same file was approved before, and approves.
    let submitted = submit(&app, &ada, second, &[("nexus", "C11")]).await;
    assert_eq!(submitted.status(), StatusCode::OK);
    let seen = order(&app, &admin, second).await;
    let before = item(&seen, "proof").documents[0]
        .approved_before
        .clone()
        .expect("the earlier approval");
    assert_eq!(before.order_id, first);
    assert_eq!(before.domain, "example.us");
    assert!(before.decided_by.is_some());
    approve(&app, &admin, second, "proof").await;
    // The customer does not see who approved what.
    let mine = order(&app, &ada, second).await;
    assert!(item(&mine, "proof").documents[0].approved_before.is_none());
    assert!(
        mine.trail
            .iter()
            .any(|e| entry_text(Locale::en, e).contains("Reused proof.pdf"))
    );

    // "My documents" lists both, approved.
    let listed = app.call(&MyDocuments {}, Some(&ada)).await;
    assert_eq!(listed.status(), StatusCode::OK);
    let listed: Vec<WalletEntry> = listed.json().await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|e| e.decision == ItemStatus::Approved));
    assert!(
        listed
            .iter()
            .any(|e| e.document.reused && e.domain == "second.us")
    );
}

async fn only_fitting_approved_documents_of_ones_own_can_be_reused(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (ada, admin, _, doc) = ada_with_approved_proof(&app).await;

    // Another customer cannot use Ada's document.
    let bob = app.signed_in("bob@example.com", Role::Customer).await;
    let bobs = placed(&app, &bob, "bob.us").await;
    assert!(
        item(&order(&app, &bob, bobs).await, "proof")
            .reusable
            .is_empty()
    );
    assert_eq!(
        reuse(&app, &bob, bobs, doc.id).await.status(),
        StatusCode::CONFLICT
    );

    // A rejected document is not offered.
    let second = placed(&app, &ada, "second.us").await;
    ada_submits(&app, &ada, second).await;
    reject(&app, &admin, second, "proof", "Unreadable.").await;
    let rejected_doc = first_document(&app, second).await;
    let third = placed(&app, &ada, "third.us").await;
    let offers = item(&order(&app, &ada, third).await, "proof")
        .reusable
        .clone();
    assert_eq!(
        offers.iter().map(|o| o.document.id).collect::<Vec<_>>(),
        [doc.id]
    );
    assert_eq!(
        reuse(&app, &ada, third, rejected_doc.id).await.status(),
        StatusCode::CONFLICT
    );

    // A reused document removed again leaves the approved one's object in place.
    let reused: DocumentView = reuse(&app, &ada, third, doc.id).await.json().await.unwrap();
    let removed = app
        .call(&RemoveDocument { id: reused.id }, Some(&ada))
        .await;
    assert_eq!(removed.status(), StatusCode::OK);
    assert!(app.state.documents.exists(&doc.storage_key).await.unwrap());
    assert_eq!(download(&app, &ada, doc.id).await.status(), StatusCode::OK);
}

/// The proof declared as an identity document, valid for 30 days after approval.
fn identity_proof(mut requirements: RequirementSet, key: &str) -> RequirementSet {
    let proof = requirements
        .items
        .iter_mut()
        .find(|i| i.key == "proof")
        .unwrap();
    proof.key = key.to_owned();
    if let ItemKind::File {
        document_kind,
        valid_days,
        ..
    } = &mut proof.kind
    {
        *document_kind = Some(DocumentKind::Identity);
        *valid_days = Some(30);
    }
    requirements
}

async fn define(app: &TestApp, name: &str, requirements: RequirementSet) {
    let ext = extension::Entity::find()
        .filter(extension::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    definitions::save(
        &app.demo_admin_ctx().await,
        SaveDefinitionInput {
            id: None,
            extension_id: ext.id,
            revision: 0,
            requirements,
            imported_from: None,
        },
    )
    .await
    .unwrap();
}

async fn validity_and_kinds_decide_what_is_offered(database: TestDatabase) {
    let app = spawn_app(database).await;
    let us = identity_proof(us_requirements(2, 100 * 1024), "proof");
    define_us_as(&app, us).await;
    // .ca asks for an identity document under another key; .eu for a proof of
    // address under the same key as .us.
    define(
        &app,
        ".ca",
        identity_proof(us_requirements(2, 100 * 1024), "id_card"),
    )
    .await;
    let mut eu = us_requirements(2, 100 * 1024);
    if let Some(ItemKind::File { document_kind, .. }) = eu
        .items
        .iter_mut()
        .find(|i| i.key == "proof")
        .map(|i| &mut i.kind)
    {
        *document_kind = Some(DocumentKind::Address);
    }
    define(&app, ".eu", eu).await;
    let (ada, _, _, doc) = ada_with_approved_proof(&app).await;
    let ctx = ctx_of(&app, "ada@example.com").await;
    let now = Utc::now();

    // The same kind under another key is offered; its validity is shown.
    let ca = placed(&app, &ada, "example.ca").await;
    let offers = item(&order(&app, &ada, ca).await, "id_card")
        .reusable
        .clone();
    assert_eq!(offers.len(), 1);
    assert_eq!(
        offers[0].valid_until.as_deref(),
        Some(
            (now + Duration::days(30))
                .format("%Y-%m-%d")
                .to_string()
                .as_str()
        )
    );
    // The same key is offered too (an undeclared kind on either side is matched by key).
    let eu = placed(&app, &ada, "example.eu").await;
    assert_eq!(
        item(&order(&app, &ada, eu).await, "proof").reusable.len(),
        1
    );

    // After 30 days it has expired: listed so, and not reusable any more.
    let listed = wallet::wallet(&app.db, ctx.user.id, now + Duration::days(29))
        .await
        .unwrap();
    assert!(!listed[0].expired);
    let listed = wallet::wallet(&app.db, ctx.user.id, now + Duration::days(31))
        .await
        .unwrap();
    assert!(listed[0].expired);
    let late = wallet::reuse(&ctx, ca, "id_card", doc.id, now + Duration::days(31)).await;
    assert!(matches!(late, Err(AppError::Conflict { .. })), "{late:?}");
    let in_time = wallet::reuse(&ctx, ca, "id_card", doc.id, now + Duration::days(29)).await;
    assert!(in_time.unwrap().reused);
}

async fn retention_purges_bytes_and_keeps_hash_and_trail(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let admin = app.signed_in("root@example.com", Role::Admin).await;
    let id = placed(&app, &ada, "example.us").await;
    ada_submits(&app, &ada, id).await;
    approve(&app, &admin, id, "nexus").await;
    reject(&app, &admin, id, "proof", "Blurred.").await;
    let old = first_document(&app, id).await;
    let replaced = upload(&app, &ada, id, "proof", "sharp.pdf", pdf(4 * 1024)).await;
    assert_eq!(replaced.status(), StatusCode::CREATED);
    assert_eq!(
        submit(&app, &ada, id, &[("nexus", "C11")]).await.status(),
        StatusCode::OK
    );
    let policy = POLICY;
    let now = Utc::now();

    // Six days after the replacement nothing is due; eight days after, the rejected one.
    assert!(
        retention::due(&app.db, policy, now + Duration::days(6))
            .await
            .unwrap()
            .is_empty()
    );
    let purged = retention::purge_due(&app.state, policy, now + Duration::days(8))
        .await
        .unwrap();
    assert_eq!((purged.documents, purged.objects), (1, 1));
    let row = document::Entity::find_by_id(old.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.purged_at.is_some());
    assert_eq!(
        (row.sha256.as_str(), row.size_bytes),
        (old.sha256.as_str(), old.size_bytes)
    );
    assert!(!app.state.documents.exists(&old.storage_key).await.unwrap());
    assert_eq!(
        download(&app, &ada, old.id).await.status(),
        StatusCode::NOT_FOUND
    );
    let seen = order(&app, &admin, id).await;
    let history = &item(&seen, "proof").history;
    assert_eq!(history[0].decision, ItemStatus::Rejected);
    assert!(history[0].documents[0].purged_at.is_some());
    assert!(
        item(&seen, "proof").documents[0].purged_at.is_none(),
        "the replacement stays"
    );
    assert!(
        seen.trail
            .iter()
            .any(|e| entry_text(Locale::en, e).starts_with("Deleted the stored files"))
    );
    // A second round finds nothing more.
    let again = retention::purge_due(&app.state, policy, now + Duration::days(8))
        .await
        .unwrap();
    assert_eq!(again.documents, 0);

    // Cancelled, the rest goes 30 days later, not before.
    let cancelled = cancel(&app, &ada, id, "").await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    assert!(
        retention::due(&app.db, policy, now + Duration::days(29))
            .await
            .unwrap()
            .is_empty()
    );
    let purged = retention::purge_due(&app.state, policy, now + Duration::days(31))
        .await
        .unwrap();
    assert_eq!(purged.documents, 1);
    let (_, files) = stored_documents(&app).await;
    assert_eq!(files, 0);
}

async fn an_admin_purges_a_closed_order_at_once(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (ada, admin, first, doc) = ada_with_approved_proof(&app).await;
    let purge = |id: i32| PurgeOrderDocuments { order_id: id };
    // Open: refused; the customer may not purge at all.
    assert_eq!(
        app.call(&purge(first), Some(&admin)).await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.call(&purge(first), Some(&ada)).await.status(),
        StatusCode::FORBIDDEN
    );
    // Reused on a second order, then the first is cancelled and purged: the object stays
    // for the second order, the first's row is purged.
    let second = placed(&app, &ada, "second.us").await;
    assert_eq!(
        reuse(&app, &ada, second, doc.id).await.status(),
        StatusCode::OK
    );
    let cancelled = cancel(&app, &ada, first, "").await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let purged = app.call(&purge(first), Some(&admin)).await;
    assert_eq!(purged.status(), StatusCode::OK);
    assert_eq!(purged.json::<u64>().await.unwrap(), 1);
    assert!(app.state.documents.exists(&doc.storage_key).await.unwrap());
    assert_eq!(
        download(&app, &ada, doc.id).await.status(),
        StatusCode::NOT_FOUND
    );
    let view = order(&app, &ada, second).await;
    let reused = &item(&view, "proof").documents[0];
    assert_eq!(
        download(&app, &ada, reused.id).await.status(),
        StatusCode::OK
    );
    let trail = order(&app, &admin, first).await.trail;
    let entry = trail
        .iter()
        .find(|e| entry_text(Locale::en, e).starts_with("Deleted the stored files"))
        .expect("the purge in the trail");
    assert!(
        entry_text(Locale::en, entry).contains("purged by an admin"),
        "{}",
        entry_text(Locale::en, entry)
    );
}

/// Purges and reuses of one approved document at the same time: every document row that
/// is not purged still has its object, and two purge rounds at once purge each document
/// once.
async fn purges_and_reuses_at_once_never_lose_a_stored_object(database: TestDatabase) {
    let app = spawn_app(database).await;
    define_us(&app).await;
    let (ada, _, first, doc) = ada_with_approved_proof(&app).await;
    let mut orders = Vec::new();
    for n in 0..6 {
        orders.push(placed(&app, &ada, &format!("reuse{n}.us")).await);
    }
    let cancelled = cancel(&app, &ada, first, "").await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let policy = POLICY;
    let later = Utc::now() + Duration::days(31);
    let reuses = orders.iter().map(|&id| {
        let app = &app;
        let ada = &ada;
        async move { reuse(app, ada, id, doc.id).await.status() }
    });
    let purges = (0..2).map(|_| retention::purge_due(&app.state, policy, later));
    let (statuses, purged) = tokio::join!(
        futures_util::future::join_all(reuses),
        futures_util::future::join_all(purges)
    );
    for status in &statuses {
        assert!(
            *status == StatusCode::OK || *status == StatusCode::CONFLICT,
            "{status}"
        );
    }
    let purged: u64 = purged.into_iter().map(|p| p.unwrap().documents).sum();
    assert_eq!(purged, 1, "the first order's document, once");
    let entries = order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(first))
        .filter(order_event::Column::Kind.eq("documents_purged"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    let stored = document::Entity::find()
        .filter(document::Column::PurgedAt.is_null())
        .all(&app.db)
        .await
        .unwrap();
    let reused = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(stored.len(), reused);
    for row in stored {
        assert!(
            app.state.documents.exists(&row.storage_key).await.unwrap(),
            "document {} lost its object",
            row.id
        );
    }
}

on_both_databases!(
    reusing_links_the_same_object_and_shows_the_earlier_approval,
    only_fitting_approved_documents_of_ones_own_can_be_reused,
    validity_and_kinds_decide_what_is_offered,
    retention_purges_bytes_and_keeps_hash_and_trail,
    an_admin_purges_a_closed_order_at_once,
);

in_parallel_on_both_databases!(purges_and_reuses_at_once_never_lose_a_stored_object);
