//! Migrations run up and down on both databases; the demo seed and the catalog work on
//! what they leave.

use crate::common::{TestDatabase, test_settings};
use app::backend::{
    accounts::password::HashPool,
    catalog::offered::offered_extensions,
    catalog::seed::{DEMO_ADMIN_EMAIL, DEMO_EXTENSIONS, seed_demo_data},
    entities::user,
    infra::db,
};
use migrations::{Migrator, MigratorTrait, SchemaManager};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

const TABLES: &[&str] = &[
    "users",
    "extensions",
    "sessions",
    "login_throttle",
    "requirement_definitions",
    "orders",
    "order_items",
    "item_attempts",
    "documents",
    "order_events",
    "reason_templates",
    "mail_outbox",
];

async fn migrations_go_up_down_and_up_again(database: TestDatabase) {
    let conn = db::connect(&test_settings(&database.url)).await.unwrap();
    let schema = SchemaManager::new(&conn);

    Migrator::up(&conn, None).await.expect("up");
    for table in TABLES {
        assert!(schema.has_table(*table).await.unwrap(), "{table} after up");
    }
    assert!(
        Migrator::get_pending_migrations(&conn)
            .await
            .unwrap()
            .is_empty()
    );

    Migrator::down(&conn, None).await.expect("down");
    for table in TABLES {
        assert!(
            !schema.has_table(*table).await.unwrap(),
            "{table} after down"
        );
    }
    assert_eq!(
        Migrator::get_pending_migrations(&conn).await.unwrap().len(),
        Migrator::migrations().len()
    );

    Migrator::up(&conn, None).await.expect("up again");
    for table in TABLES {
        assert!(
            schema.has_table(*table).await.unwrap(),
            "{table} after up again"
        );
    }
}

async fn demo_seed_runs_once_and_its_admin_can_sign_in(database: TestDatabase) {
    let conn = db::connect(&test_settings(&database.url)).await.unwrap();
    Migrator::up(&conn, None).await.unwrap();

    let first = seed_demo_data(&conn, &HashPool::default()).await.unwrap();
    let second = seed_demo_data(&conn, &HashPool::default()).await.unwrap();

    assert_eq!(first.extensions, DEMO_EXTENSIONS.len());
    let (email, password) = first
        .admin
        .expect("an admin is created on an empty database");
    assert_eq!(email, DEMO_ADMIN_EMAIL);
    assert_eq!(second, Default::default(), "a second run changes nothing");

    let admin = user::Entity::find()
        .filter(user::Column::Email.eq(DEMO_ADMIN_EMAIL))
        .one(&conn)
        .await
        .unwrap()
        .expect("admin row");
    assert_eq!(admin.role, app::domain::Role::Admin);
    assert!(
        !admin.password_hash.contains(&password),
        "only the hash is stored"
    );
    assert!(
        HashPool::default()
            .verify(password.into(), admin.password_hash)
            .await
            .unwrap()
    );
}

async fn catalog_lists_enabled_extensions_in_the_admins_order(database: TestDatabase) {
    let conn = db::connect(&test_settings(&database.url)).await.unwrap();
    Migrator::up(&conn, None).await.unwrap();
    seed_demo_data(&conn, &HashPool::default()).await.unwrap();
    // Disable .net and move .av.tr to the front.
    use app::backend::entities::extension;
    let find = |name: &'static str| {
        let conn = conn.clone();
        async move {
            extension::Entity::find()
                .filter(extension::Column::Name.eq(name))
                .one(&conn)
                .await
                .unwrap()
                .unwrap()
        }
    };
    let mut net: extension::ActiveModel = find(".net").await.into();
    net.enabled = Set(false);
    net.update(&conn).await.unwrap();
    let mut avtr: extension::ActiveModel = find(".av.tr").await.into();
    avtr.position = Set(-1);
    avtr.update(&conn).await.unwrap();

    let offered: Vec<String> = offered_extensions(&conn)
        .await
        .unwrap()
        .into_iter()
        .map(String::from)
        .collect();

    assert_eq!(offered.first().map(String::as_str), Some(".av.tr"));
    assert!(!offered.contains(&".net".to_owned()));
    assert_eq!(offered.len(), DEMO_EXTENSIONS.len() - 1);
}

on_both_databases!(
    migrations_go_up_down_and_up_again,
    demo_seed_runs_once_and_its_admin_can_sign_in,
    catalog_lists_enabled_extensions_in_the_admins_order,
);
