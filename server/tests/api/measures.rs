//! What a document is, measured when it arrives, on both databases: a PDF's page count
//! and a picture's size in pixels are kept and shown to the customer and the admin; a
//! file item's smallest file and smallest picture are enforced with the reason, and a
//! refused file leaves nothing behind.

use crate::common::{TestApp, TestDatabase, flow::*, spawn_app};

use app::{
    backend::infra::inspect::blank_pdf,
    domain::{
        Role,
        order_view::DocumentView,
        requirements::{FileType, ItemKind, Pixels},
    },
};
use reqwest::StatusCode;

/// `.us` whose proof takes PDF and PNG, up to 3 files of 100 KB, at least `min_bytes`
/// each, pictures at least `min_pixels`; Ada signed in with her order of example.us.
async fn us_with_smallest(
    database: TestDatabase,
    min_bytes: u64,
    min_pixels: Option<Pixels>,
) -> (TestApp, String, i32) {
    let app = spawn_app(database).await;
    let mut requirements = us_requirements(3, 100 * 1024);
    let proof = requirements
        .items
        .iter_mut()
        .find(|i| i.key == "proof")
        .unwrap();
    proof.kind = ItemKind::File {
        allowed_types: vec![FileType::Pdf, FileType::Png],
        max_size_bytes: 100 * 1024,
        min_size_bytes: min_bytes,
        min_pixels,
        min_files: 1,
        max_files: 3,
        document_kind: None,
        valid_days: None,
    };
    define_us_as(&app, requirements).await;
    let ada = app.signed_in("ada@example.com", Role::Customer).await;
    let id = placed(&app, &ada, "example.us").await;
    (app, ada, id)
}

async fn uploaded(app: &TestApp, ada: &str, id: i32, name: &str, bytes: Vec<u8>) -> DocumentView {
    let response = upload(app, ada, id, "proof", name, bytes).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{name}");
    response.json().await.unwrap()
}

async fn refused(app: &TestApp, ada: &str, id: i32, name: &str, bytes: Vec<u8>) -> String {
    let response = upload(app, ada, id, "proof", name, bytes).await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{name}"
    );
    response.text().await.unwrap()
}

async fn pages_and_pixels_are_measured_on_arrival_and_shown(database: TestDatabase) {
    let (app, ada, id) = us_with_smallest(database, 0, None).await;

    let three_pages = uploaded(&app, &ada, id, "lease.pdf", blank_pdf(3)).await;
    assert_eq!((three_pages.pages, three_pages.pixels), (Some(3), None));
    assert_eq!(three_pages.measures().as_deref(), Some("3 pages"));
    let scan = uploaded(&app, &ada, id, "scan.png", png_of(1600, 1200, 4 * KB)).await;
    assert_eq!(scan.pixels, Some(Pixels::new(1600, 1200)));
    assert_eq!(scan.measures().as_deref(), Some("1600 × 1200 pixels"));
    // A PDF whose page tree cannot be read is kept, without a count.
    let odd = uploaded(&app, &ada, id, "odd.pdf", pdf(3 * KB)).await;
    assert_eq!((odd.pages, odd.measures()), (None, None));

    // The same facts on the order page, for the customer and for an admin.
    let admin = app.signed_in("reviewer@example.com", Role::Admin).await;
    for viewer in [&ada, &admin] {
        let documents = item(&order(&app, viewer, id).await, "proof")
            .documents
            .clone();
        assert_eq!(documents, [three_pages.clone(), scan.clone(), odd.clone()]);
    }
}

async fn files_below_the_smallest_sizes_are_refused_with_the_reason(database: TestDatabase) {
    let (app, ada, id) = us_with_smallest(database, 4 * 1024, Some(Pixels::new(1200, 800))).await;

    let small = refused(&app, &ada, id, "thumb.png", png_of(1600, 1200, 2 * KB)).await;
    assert!(
        small.contains("This file is 2 KB") && small.contains("at least 4 KB"),
        "{small}"
    );
    let coarse = refused(&app, &ada, id, "coarse.png", png_of(1000, 700, 8 * KB)).await;
    assert!(
        coarse.contains("1000 × 700 pixels") && coarse.contains("at least 1200 × 800 pixels"),
        "{coarse}"
    );
    let unreadable = refused(&app, &ada, id, "blank.png", png(8 * KB)).await;
    assert!(unreadable.contains("could not be read"), "{unreadable}");
    assert_eq!(
        stored_documents(&app).await,
        (0, 0),
        "refusals leave nothing"
    );

    // Either way round, and PDFs are not measured in pixels.
    let portrait = uploaded(&app, &ada, id, "portrait.png", png_of(800, 1200, 8 * KB)).await;
    assert_eq!(portrait.pixels, Some(Pixels::new(800, 1200)));
    uploaded(&app, &ada, id, "lease.pdf", pdf(8 * KB)).await;
    assert_eq!(stored_documents(&app).await, (2, 2));
}

on_both_databases!(
    pages_and_pixels_are_measured_on_arrival_and_shown,
    files_below_the_smallest_sizes_are_refused_with_the_reason,
);
