//! An uploaded document; its bytes live in the document store under `storage_key`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub order_id: i32,
    pub item_key: String,
    pub attempt: i32,
    pub storage_key: String,
    pub original_name: String,
    /// The sniffed MIME type.
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_at: DateTimeUtc,
    /// A picture's size, measured from its header at upload (null for PDFs, and when
    /// unknown).
    pub pixel_width: Option<i32>,
    pub pixel_height: Option<i32>,
    /// A PDF's page count, read from its page tree at upload (null when unknown).
    pub page_count: Option<i32>,
    /// When the bytes were deleted (the row keeps what was decided on them).
    pub purged_at: Option<DateTimeUtc>,
    /// The earlier, approved document of the same customer whose stored object this one
    /// reuses (several rows may then name one object).
    pub reused_from: Option<i32>,
    /// When its customer was told that its approval runs out.
    pub reminded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::order::Entity",
        from = "Column::OrderId",
        to = "super::order::Column::Id"
    )]
    Order,
}

impl Related<super::order::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Order.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
