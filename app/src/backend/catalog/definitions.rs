//! "Extensions that require documents": definitions stored per extension, checked,
//! versioned by a revision number, and tracked as manual or imported from a preset.

use crate::backend::infra::ctx::Ctx;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use tracing::{info, instrument};

use crate::backend::{
    accounts::request,
    catalog::extensions::{display_name, parse_extension},
    catalog::registrars,
    entities::{Translations, extension, requirement_definition},
    infra::settings::Settings,
};
use crate::{
    domain::{
        definitions::{
            DefinitionDraft, DefinitionSource, DefinitionSummary, ExtensionChoice, Preset,
            SaveDefinitionInput,
        },
        extensions::PublicRequirements,
        requirements::{FieldProblem, ItemDef, ItemKind, RequirementSet, validate_definition},
    },
    error::AppError,
    i18n::{Locale, td_string},
};

/// Problems with the regular expressions of text items (checked on the server only;
/// the browser cannot compile them the same way), in `locale`.
pub fn pattern_problems(set: &RequirementSet, locale: Locale) -> Vec<FieldProblem> {
    set.items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match &item.kind {
            ItemKind::Text {
                pattern: Some(p), ..
            } if !p.trim().is_empty() => regex::Regex::new(p).err().map(|_| FieldProblem {
                field: format!("items.{i}.pattern"),
                message: td_string!(locale, problems.definition.pattern_invalid).to_owned(),
            }),
            _ => None,
        })
        .collect()
}

/// Every problem of `set`, in the language of the request, or nothing.
///
/// # Errors
/// [`AppError::Invalid`] with the problems.
pub fn check(set: &RequirementSet, settings: &Settings) -> Result<(), AppError> {
    let locale = request::locale();
    let mut problems = validate_definition(set, settings.definition_limits(), locale);
    problems.extend(pattern_problems(set, locale));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid { problems })
    }
}

fn source_of(model: &requirement_definition::Model) -> DefinitionSource {
    match model.source.strip_prefix("preset:") {
        Some(module) => DefinitionSource::Preset {
            module: module.to_owned(),
            module_label: registrars::module(module)
                .map_or_else(|| module.to_owned(), |m| m.label().to_owned()),
            edited: model.edited_after_import,
        },
        None => DefinitionSource::Manual,
    }
}

fn items_of(model: &requirement_definition::Model) -> Result<Vec<ItemDef>, AppError> {
    serde_json::from_str(&model.items).map_err(AppError::internal)
}

/// The preset of the module an extension uses, with the module.
fn module_preset(
    ext: &extension::Model,
) -> Option<(&'static dyn registrars::RegistrarModule, RequirementSet)> {
    let module = registrars::module(&ext.registrar_module)?;
    let name = crate::domain::ExtensionName::parse(&ext.name).ok()?;
    module.preset(&name).map(|p| (module, p))
}

/// The list for the doc-management page, in extension order.
///
/// # Errors
/// Database failures.
#[instrument(skip(ctx))]
pub async fn list(ctx: &Ctx) -> Result<Vec<DefinitionSummary>, AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    let rows = requirement_definition::Entity::find()
        .find_also_related(extension::Entity)
        .order_by_asc(extension::Column::Position)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(def, ext)| {
            let items = items_of(&def)?;
            Ok(DefinitionSummary {
                id: def.id,
                extension: ext.map_or_else(|| "?".to_owned(), |e| display_name(&e.name)),
                item_count: items.len(),
                document_items: items
                    .iter()
                    .filter(|i| matches!(i.kind, ItemKind::File { .. }))
                    .count(),
                source: source_of(&def),
            })
        })
        .collect()
}

/// The editor's starting point.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown id.
#[instrument(skip(ctx))]
pub async fn draft(ctx: &Ctx, id: Option<i32>) -> Result<DefinitionDraft, AppError> {
    ctx.ensure_admin()?;
    let (db, settings) = (ctx.db(), &*ctx.state.settings);
    let limits = settings.definition_limits();
    let Some(id) = id else {
        let defined: Vec<i32> = requirement_definition::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|d| d.extension_id)
            .collect();
        let choices = extension::Entity::find()
            .order_by_asc(extension::Column::Position)
            .all(db)
            .await?
            .into_iter()
            .filter(|e| !defined.contains(&e.id))
            .map(|e| ExtensionChoice {
                id: e.id,
                name: display_name(&e.name),
                preset_from: module_preset(&e).map(|(m, _)| m.label().to_owned()),
            })
            .collect();
        return Ok(DefinitionDraft {
            id: None,
            extension_id: None,
            extension: None,
            revision: 0,
            requirements: RequirementSet::default(),
            source: DefinitionSource::Manual,
            choices,
            preset_from: None,
            limits,
        });
    };
    let (def, ext) = requirement_definition::Entity::find_by_id(id)
        .find_also_related(extension::Entity)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let ext = ext.ok_or(AppError::NotFound)?;
    Ok(DefinitionDraft {
        id: Some(def.id),
        extension_id: Some(ext.id),
        extension: Some(display_name(&ext.name)),
        revision: def.revision,
        requirements: def.requirements()?,
        source: source_of(&def),
        choices: Vec::new(),
        preset_from: module_preset(&ext).map(|(m, _)| m.label().to_owned()),
        limits,
    })
}

/// The preset an extension's module supplies.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown extension.
pub async fn preset(ctx: &Ctx, extension_id: i32) -> Result<Option<Preset>, AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    let ext = extension::Entity::find_by_id(extension_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(module_preset(&ext).map(|(module, requirements)| Preset {
        module: module.name().to_owned(),
        module_label: module.label().to_owned(),
        requirements,
    }))
}

/// Creates (`input.id` empty) or updates a definition.
///
/// # Errors
/// [`AppError::Invalid`] with every problem; [`AppError::Conflict`] when another admin
/// saved since `input.revision`, or the extension already has a definition;
/// [`AppError::NotFound`].
#[instrument(skip(ctx, input), fields(id = ?input.id, extension_id = input.extension_id))]
pub async fn save(ctx: &Ctx, input: SaveDefinitionInput) -> Result<i32, AppError> {
    ctx.ensure_admin()?;
    let (db, settings) = (ctx.db(), &*ctx.state.settings);
    check(&input.requirements, settings)?;
    let locale = request::locale();
    let ext = extension::Entity::find_by_id(input.extension_id)
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::validation(
                "extension",
                td_string!(locale, problems.catalog.choose_extension),
            )
        })?;
    let items = serde_json::to_string(&input.requirements.items).map_err(AppError::internal)?;
    let now = Utc::now();
    // Source: a fresh import makes it a preset; after that it stays what it was.
    let preset = module_preset(&ext);
    let imported = input
        .imported_from
        .as_deref()
        .and_then(|name| preset.as_ref().filter(|(m, _)| m.name() == name));
    let edited_from = |preset: &RequirementSet| *preset != input.requirements;

    match input.id {
        None => {
            let (source, edited) = match imported {
                Some((module, p)) => (format!("preset:{}", module.name()), edited_from(p)),
                None => ("manual".to_owned(), false),
            };
            let inserted = requirement_definition::ActiveModel {
                extension_id: Set(ext.id),
                details: Set(input.requirements.details.clone()),
                items: Set(items),
                details_translations: Set(Translations(
                    input.requirements.details_translations.clone(),
                )),
                source: Set(source),
                edited_after_import: Set(edited),
                revision: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await;
            match inserted {
                Ok(model) => {
                    info!(extension = %ext.name, "documents required for a new extension");
                    Ok(model.id)
                }
                Err(err) if crate::backend::infra::db::is_unique_violation(&err) => {
                    Err(AppError::validation(
                        "extension",
                        td_string!(
                            locale,
                            problems.catalog.already_defined,
                            extension = &ext.name
                        )
                        .to_string(),
                    ))
                }
                Err(err) => Err(err.into()),
            }
        }
        Some(id) => {
            let current = requirement_definition::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            if current.extension_id != ext.id {
                return Err(AppError::validation(
                    "extension",
                    td_string!(locale, problems.catalog.definition_stays),
                ));
            }
            let (source, edited) = match imported {
                Some((module, p)) => (format!("preset:{}", module.name()), edited_from(p)),
                None => match current.source.strip_prefix("preset:") {
                    Some(module) => {
                        let same_module = preset.as_ref().filter(|(m, _)| m.name() == module);
                        let edited = same_module.is_none_or(|(_, p)| edited_from(p));
                        (current.source.clone(), edited)
                    }
                    None => (current.source.clone(), false),
                },
            };
            // Only the revision the editor started from may be replaced: a save in
            // between makes this update touch no row.
            let result = requirement_definition::Entity::update_many()
                .col_expr(
                    requirement_definition::Column::Details,
                    input.requirements.details.clone().into(),
                )
                .col_expr(requirement_definition::Column::Items, items.into())
                .col_expr(
                    requirement_definition::Column::DetailsTranslations,
                    sea_orm::sea_query::Expr::value(Translations(
                        input.requirements.details_translations.clone(),
                    )),
                )
                .col_expr(requirement_definition::Column::Source, source.into())
                .col_expr(
                    requirement_definition::Column::EditedAfterImport,
                    edited.into(),
                )
                .col_expr(
                    requirement_definition::Column::Revision,
                    (input.revision + 1).into(),
                )
                .col_expr(requirement_definition::Column::UpdatedAt, now.into())
                .filter(requirement_definition::Column::Id.eq(id))
                .filter(requirement_definition::Column::Revision.eq(input.revision))
                .exec(db)
                .await?;
            if result.rows_affected == 0 {
                return Err(AppError::Conflict {
                    message: td_string!(locale, problems.catalog.saved_meanwhile).to_owned(),
                });
            }
            info!(extension = %ext.name, "requirements updated");
            Ok(id)
        }
    }
}

/// Removes a definition.
///
/// # Errors
/// [`AppError::NotFound`].
#[instrument(skip(ctx))]
pub async fn delete(ctx: &Ctx, id: i32) -> Result<(), AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    let result = requirement_definition::Entity::delete_by_id(id)
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// What a customer must provide for an offered extension.
///
/// # Errors
/// [`AppError::NotFound`] when the extension is unknown or not offered.
pub async fn public_requirements(
    db: &DatabaseConnection,
    extension: &str,
) -> Result<PublicRequirements, AppError> {
    let name = parse_extension(extension).map_err(|_| AppError::NotFound)?;
    let ext = extension::Entity::find()
        .filter(extension::Column::Name.eq(name.as_str()))
        .filter(extension::Column::Enabled.eq(true))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let def = requirement_definition::Entity::find()
        .filter(requirement_definition::Column::ExtensionId.eq(ext.id))
        .one(db)
        .await?;
    Ok(PublicRequirements {
        display: display_name(&ext.name),
        extension: ext.name,
        requirements: def
            .as_ref()
            .map(requirement_definition::Model::requirements)
            .transpose()?,
    })
}
