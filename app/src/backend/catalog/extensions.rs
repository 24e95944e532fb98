//! The extension list: create, change, reorder, delete.

use crate::backend::infra::ctx::Ctx;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use tracing::{info, instrument};

use crate::backend::{
    accounts::request,
    catalog::registrars,
    entities::{extension, requirement_definition},
};
use crate::{
    domain::extensions::{ExtensionList, ExtensionRow, ModuleInfo},
    domain::{ExtensionName, names},
    error::AppError,
    i18n::td_string,
};

/// The ASCII (punycode) form of a name typed in Unicode (see [`names::to_ascii`]).
///
/// # Errors
/// [`AppError::Validation`] on `field` when the name cannot be converted.
pub fn idn_to_ascii(input: &str, field: &str) -> Result<String, AppError> {
    names::to_ascii(input).map_err(|e| AppError::validation(field, e.text(request::locale())))
}

/// How people read a stored (punycode) name: its Unicode form, when it has one.
pub fn idn_to_unicode(ascii: &str) -> String {
    names::to_unicode(ascii)
}

/// Parses an extension as an admin types it: ASCII, punycode, or Unicode (converted to
/// punycode, the form registries use).
///
/// # Errors
/// [`AppError::Validation`] on `name`.
pub fn parse_extension(input: &str) -> Result<ExtensionName, AppError> {
    ExtensionName::parse_typed(input)
        .map_err(|e| AppError::validation("name", e.text(request::locale())))
}

/// The Unicode form of a stored (punycode) extension, for display.
pub fn display_name(stored: &str) -> String {
    format!(".{}", idn_to_unicode(stored.trim_start_matches('.')))
}

fn module_label(name: &str) -> String {
    registrars::module(name).map_or_else(
        || format!("{name} (unknown module)"),
        |m| m.label().to_owned(),
    )
}

fn row(model: extension::Model, has_definition: bool) -> ExtensionRow {
    let preset_from = registrars::module(&model.registrar_module).and_then(|m| {
        let name = ExtensionName::parse(&model.name).ok()?;
        m.preset(&name).map(|_| m.label().to_owned())
    });
    ExtensionRow {
        preset_from,
        id: model.id,
        display: display_name(&model.name),
        module_label: module_label(&model.registrar_module),
        name: model.name,
        registrar_module: model.registrar_module,
        enabled: model.enabled,
        position: model.position,
        has_definition,
    }
}

fn check_module(name: &str) -> Result<(), AppError> {
    registrars::module(name).map(|_| ()).ok_or_else(|| {
        AppError::validation(
            "registrar_module",
            td_string!(request::locale(), problems.catalog.choose_module),
        )
    })
}

async fn defined_extension_ids(db: &DatabaseConnection) -> Result<Vec<i32>, AppError> {
    Ok(requirement_definition::Entity::find()
        .select_only()
        .column(requirement_definition::Column::ExtensionId)
        .into_tuple()
        .all(db)
        .await?)
}

/// Every extension in list order, and the modules.
///
/// # Errors
/// Database failures.
#[instrument(skip(ctx))]
pub async fn list(ctx: &Ctx) -> Result<ExtensionList, AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    let defined = defined_extension_ids(db).await?;
    let extensions = extension::Entity::find()
        .order_by_asc(extension::Column::Position)
        .order_by_asc(extension::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            let has = defined.contains(&m.id);
            row(m, has)
        })
        .collect();
    let modules = registrars::modules()
        .into_iter()
        .map(|m| ModuleInfo {
            name: m.name().to_owned(),
            label: m.label().to_owned(),
        })
        .collect();
    Ok(ExtensionList {
        extensions,
        modules,
    })
}

/// Adds an extension at the end of the list.
///
/// # Errors
/// [`AppError::Validation`]; [`AppError::Conflict`] when it exists already.
#[instrument(skip(ctx))]
pub async fn create(
    ctx: &Ctx,
    name: &str,
    module: &str,
    enabled: bool,
) -> Result<ExtensionRow, AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    let name = parse_extension(name)?;
    check_module(module)?;
    let last = extension::Entity::find()
        .order_by_desc(extension::Column::Position)
        .one(db)
        .await?
        .map_or(0, |m| m.position);
    let now = Utc::now();
    let inserted = extension::ActiveModel {
        name: Set(name.as_str().to_owned()),
        registrar_module: Set(module.to_owned()),
        enabled: Set(enabled),
        position: Set(last.saturating_add(10)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(model) => {
            info!(extension = %model.name, "extension added");
            Ok(row(model, false))
        }
        Err(err) if crate::backend::infra::db::is_unique_violation(&err) => {
            Err(AppError::validation(
                "name",
                td_string!(
                    request::locale(),
                    problems.catalog.extension_listed,
                    extension = &name
                )
                .to_string(),
            ))
        }
        Err(err) => Err(err.into()),
    }
}

async fn find(db: &impl sea_orm::ConnectionTrait, id: i32) -> Result<extension::Model, AppError> {
    extension::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Changes the registrar module and whether the extension is offered.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Validation`] on `registrar_module`.
#[instrument(skip(ctx))]
pub async fn update(
    ctx: &Ctx,
    id: i32,
    module: &str,
    enabled: bool,
) -> Result<ExtensionRow, AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    check_module(module)?;
    let model = find(db, id).await?;
    let mut active = model.into_active_model();
    active.registrar_module = Set(module.to_owned());
    active.enabled = Set(enabled);
    active.updated_at = Set(Utc::now());
    let saved = active.update(db).await?;
    let has = requirement_definition::Entity::find()
        .filter(requirement_definition::Column::ExtensionId.eq(id))
        .count(db)
        .await?
        > 0;
    Ok(row(saved, has))
}

/// Swaps an extension with its neighbour above (`up`) or below; at an end, nothing moves.
///
/// # Errors
/// [`AppError::NotFound`]; database failures.
#[instrument(skip(ctx))]
pub async fn shift(ctx: &Ctx, id: i32, up: bool) -> Result<(), AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    let txn = db.begin().await?;
    let ordered = extension::Entity::find()
        .order_by_asc(extension::Column::Position)
        .order_by_asc(extension::Column::Name)
        .all(&txn)
        .await?;
    let index = ordered
        .iter()
        .position(|m| m.id == id)
        .ok_or(AppError::NotFound)?;
    let other = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1).filter(|i| *i < ordered.len())
    };
    if let Some(other) = other {
        // Renumber the whole list: positions stay distinct even if they were not.
        let mut ids: Vec<i32> = ordered.iter().map(|m| m.id).collect();
        ids.swap(index, other);
        for (i, new_id) in ids.iter().enumerate() {
            let position = i32::try_from(i).unwrap_or(i32::MAX).saturating_mul(10);
            extension::Entity::update_many()
                .col_expr(
                    extension::Column::Position,
                    sea_orm::sea_query::Expr::value(position),
                )
                .filter(extension::Column::Id.eq(*new_id))
                .exec(&txn)
                .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Deletes an extension nothing uses.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] while documents are defined for it.
#[instrument(skip(ctx))]
pub async fn delete(ctx: &Ctx, id: i32) -> Result<(), AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    let model = find(db, id).await?;
    let defined = requirement_definition::Entity::find()
        .filter(requirement_definition::Column::ExtensionId.eq(id))
        .count(db)
        .await?;
    if defined > 0 {
        return Err(AppError::Conflict {
            message: td_string!(
                request::locale(),
                problems.catalog.extension_in_use,
                extension = &model.name
            )
            .to_string(),
        });
    }
    extension::Entity::delete_by_id(id).exec(db).await?;
    info!(extension = %model.name, "extension deleted");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_extensions_are_stored_in_punycode_and_shown_in_unicode() {
        let name = parse_extension(".рф").unwrap();
        assert_eq!(name.as_str(), ".xn--p1ai");
        assert_eq!(display_name(name.as_str()), ".рф");
        assert_eq!(parse_extension("xn--p1ai").unwrap().as_str(), ".xn--p1ai");
        assert_eq!(display_name(".com.au"), ".com.au");
        assert!(matches!(
            parse_extension(".c m"),
            Err(AppError::Validation { .. })
        ));
    }
}
