//! Reason templates: statements admins reuse when they reject an item.

use crate::backend::infra::ctx::Ctx;
use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::backend::{accounts::request, entities::reason_template};
use crate::{
    domain::{reasons::ReasonTemplate, requirements::FieldProblem},
    error::AppError,
    i18n::td_string,
};

const MAX_TITLE: usize = 120;
const MAX_STATEMENT: usize = 4_000;

fn view(m: reason_template::Model) -> ReasonTemplate {
    ReasonTemplate {
        id: m.id,
        title: m.title,
        statement: m.statement,
        translations: m.statement_translations.0,
    }
}

/// Every template, by title.
///
/// # Errors
/// Database failures.
pub async fn list(ctx: &Ctx) -> Result<Vec<ReasonTemplate>, AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    Ok(reason_template::Entity::find()
        .order_by_asc(reason_template::Column::Title)
        .all(db)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

/// The template `id`.
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn get(ctx: &Ctx, id: i32) -> Result<ReasonTemplate, AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    reason_template::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(view)
        .ok_or(AppError::NotFound)
}

/// Adds (`id` none) or changes a template.
///
/// # Errors
/// [`AppError::Invalid`] naming `title` / `statement`; [`AppError::Conflict`] when
/// another template has the title; [`AppError::NotFound`].
pub async fn save(
    ctx: &Ctx,
    id: Option<i32>,
    title: &str,
    statement: &str,
    translations: &BTreeMap<String, String>,
) -> Result<ReasonTemplate, AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    let (title, statement) = (title.trim(), statement.trim());
    let locale = request::locale();
    let at_most = |max: usize| td_string!(locale, problems.at_most_chars, max = max).to_string();
    let mut problems = Vec::new();
    if title.is_empty() {
        problems.push(FieldProblem::new(
            "title",
            td_string!(locale, problems.reasons.title_missing),
        ));
    } else if title.chars().count() > MAX_TITLE {
        problems.push(FieldProblem::new("title", at_most(MAX_TITLE)));
    }
    if statement.is_empty() {
        problems.push(FieldProblem::new(
            "statement",
            td_string!(locale, problems.reasons.statement_missing),
        ));
    } else if statement.chars().count() > MAX_STATEMENT {
        problems.push(FieldProblem::new("statement", at_most(MAX_STATEMENT)));
    }
    let mut given = BTreeMap::new();
    for (language, text) in translations {
        let field = format!("translations.{language}");
        let text = text.trim();
        if !crate::domain::language::is_other(language) {
            problems.push(FieldProblem::new(
                field,
                td_string!(locale, problems.language_not_offered),
            ));
        } else if text.chars().count() > MAX_STATEMENT {
            problems.push(FieldProblem::new(field, at_most(MAX_STATEMENT)));
        } else if !text.is_empty() {
            given.insert(language.clone(), text.to_owned());
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid { problems });
    }
    let stored_translations = crate::backend::entities::Translations(given);
    let clash = reason_template::Entity::find()
        .filter(reason_template::Column::Title.eq(title))
        .one(db)
        .await?;
    if clash.is_some_and(|c| Some(c.id) != id) {
        return Err(AppError::Conflict {
            message: td_string!(locale, problems.reasons.title_taken, title = title).to_string(),
        });
    }
    let now = Utc::now();
    let model = match id {
        None => {
            reason_template::ActiveModel {
                title: Set(title.to_owned()),
                statement: Set(statement.to_owned()),
                statement_translations: Set(stored_translations),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?
        }
        Some(id) => {
            let existing = reason_template::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            let mut active: reason_template::ActiveModel = existing.into();
            active.title = Set(title.to_owned());
            active.statement = Set(statement.to_owned());
            active.statement_translations = Set(stored_translations);
            active.updated_at = Set(now);
            active.update(db).await?
        }
    };
    Ok(view(model))
}

/// Deletes a template.
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn delete(ctx: &Ctx, id: i32) -> Result<(), AppError> {
    ctx.ensure_admin()?;
    let db = ctx.db();
    let result = reason_template::Entity::delete_by_id(id).exec(db).await?;
    if result.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
