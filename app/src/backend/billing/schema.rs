//! An extension's requirements as JSON Schema (draft 2020-12), the way registrar APIs
//! publish per-TLD requirements: the schema of the `answers` object an order may be
//! created with, so a billing system can render or validate the fields at checkout.
//! Conditions become `if`/`then`; documents, which only the customer uploads, are
//! listed under `x-regdocs-documents` with their types, sizes and counts.

use serde_json::{Map, Value, json};

use crate::domain::{
    countries::COUNTRIES,
    requirements::{ConditionEffect, ItemDef, ItemKind, RequirementSet},
};

/// The JSON Schema of the answers to `requirements` of extension `extension` (`.us`).
pub fn requirements_schema(id: &str, extension: &str, requirements: &RequirementSet) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut conditions = Vec::new();
    let mut documents = Vec::new();
    for item in &requirements.items {
        match &item.kind {
            ItemKind::Notice => continue,
            ItemKind::File {
                allowed_types,
                max_size_bytes,
                min_size_bytes,
                min_files,
                max_files,
                ..
            } => {
                documents.push(json!({
                    "key": item.key,
                    "title": item.label,
                    "description": item.explanation,
                    "required": item.required,
                    "content_types": allowed_types.iter().map(|t| t.mime()).collect::<Vec<_>>(),
                    "min_size_bytes": min_size_bytes,
                    "max_size_bytes": max_size_bytes,
                    "min_files": min_files,
                    "max_files": max_files,
                }));
                continue;
            }
            _ => {}
        }
        properties.insert(item.key.clone(), property(item));
        match &item.condition {
            None if item.required => required.push(item.key.clone()),
            None => {}
            Some(condition) => {
                let when = json!({
                    "properties": { condition.item.clone(): { "enum": condition.one_of } },
                    "required": [condition.item],
                });
                match condition.effect {
                    // Hidden otherwise: asked for (and required, if it is) only then.
                    ConditionEffect::Visible if item.required => {
                        conditions.push(json!({ "if": when, "then": { "required": [item.key] } }));
                    }
                    ConditionEffect::Visible => {}
                    ConditionEffect::Required => {
                        conditions.push(json!({ "if": when, "then": { "required": [item.key] } }));
                    }
                }
            }
        }
    }
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": id,
        "title": format!("Requirements of {extension}"),
        "description": requirements.details,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
        "x-regdocs-documents": documents,
    });
    if !conditions.is_empty() {
        schema["allOf"] = Value::Array(conditions);
    }
    schema
}

fn property(item: &ItemDef) -> Value {
    let mut p = match &item.kind {
        ItemKind::Text {
            min_len,
            max_len,
            pattern,
            format,
            ..
        } => {
            let mut p = json!({ "type": "string" });
            if let Some(min) = min_len {
                p["minLength"] = json!(min);
            }
            if let Some(max) = max_len {
                p["maxLength"] = json!(max);
            }
            if let Some(pattern) = pattern.as_deref().filter(|p| !p.trim().is_empty()) {
                p["pattern"] = json!(pattern);
            }
            if let Some(format) = format {
                p["x-regdocs-format"] = json!(format.name());
                p["examples"] = json!([format.example()]);
            }
            p
        }
        ItemKind::Textarea { min_len, max_len } => {
            let mut p = json!({ "type": "string" });
            if let Some(min) = min_len {
                p["minLength"] = json!(min);
            }
            if let Some(max) = max_len {
                p["maxLength"] = json!(max);
            }
            p
        }
        ItemKind::Select { options } => json!({
            "type": "string",
            "oneOf": options
                .iter()
                .map(|o| json!({ "const": o.value, "title": o.label }))
                .collect::<Vec<_>>(),
        }),
        ItemKind::Country => json!({
            "type": "string",
            "enum": COUNTRIES.iter().map(|(code, _)| *code).collect::<Vec<_>>(),
        }),
        ItemKind::Date => json!({ "type": "string", "format": "date" }),
        ItemKind::Checkbox { agreement, link } => {
            let mut p = json!({ "const": "checked", "x-regdocs-agreement": agreement });
            if let Some(link) = link {
                p["x-regdocs-agreement-link"] = json!(link);
            }
            p
        }
        ItemKind::File { .. } | ItemKind::Notice => json!({}),
    };
    p["title"] = json!(item.label);
    if !item.explanation.trim().is_empty() {
        p["description"] = json!(item.explanation);
    }
    p
}

/// The offered extension `name` (`us`, `.us`, `av.tr`, Unicode or punycode) with what
/// an order of `operation` asks for, as JSON Schema identified as `id`.
///
/// # Errors
/// [`AppError::NotFound`] for an extension that is not offered; database failures.
pub async fn of_extension(
    db: &sea_orm::DatabaseConnection,
    name: &str,
    operation: crate::domain::requirements::Operation,
    id: &str,
) -> Result<Value, crate::error::AppError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    use crate::backend::{
        catalog::extensions::{display_name, parse_extension},
        entities::{extension, requirement_definition},
    };
    use crate::error::AppError;

    let wanted = parse_extension(name).map_err(|_| AppError::NotFound)?;
    let ext = extension::Entity::find()
        .filter(extension::Column::Name.eq(wanted.as_str()))
        .filter(extension::Column::Enabled.eq(true))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let requirements = match requirement_definition::Entity::find()
        .filter(requirement_definition::Column::ExtensionId.eq(ext.id))
        .one(db)
        .await?
    {
        Some(d) => d.requirements()?,
        None => RequirementSet::default(),
    };
    Ok(requirements_schema(
        id,
        &display_name(&ext.name),
        &requirements.for_operation(operation),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::requirements::{Condition, FileType, SelectOption};

    fn item(key: &str, required: bool, kind: ItemKind) -> ItemDef {
        ItemDef {
            translations: Default::default(),
            applies_to: Default::default(),
            key: key.into(),
            label: key.to_uppercase(),
            explanation: String::new(),
            required,
            kind,
            condition: None,
        }
    }

    #[test]
    fn info_items_become_properties_and_documents_are_listed_apart() {
        let mut nexus = item(
            "purpose",
            true,
            ItemKind::Select {
                options: vec![
                    SelectOption::new("P1", "Business"),
                    SelectOption::new("P3", "Personal"),
                ],
            },
        );
        nexus.explanation = "Why you register".into();
        let mut company = item(
            "company",
            true,
            ItemKind::Text {
                min_len: Some(2),
                max_len: Some(100),
                pattern: None,
                pattern_message: None,
                format: None,
            },
        );
        company.condition = Some(Condition {
            item: "purpose".into(),
            one_of: vec!["P1".into()],
            effect: ConditionEffect::Required,
        });
        let set = RequirementSet {
            details_translations: Default::default(),
            details: "US nexus".into(),
            items: vec![
                nexus,
                company,
                item("note", false, ItemKind::Notice),
                item(
                    "proof",
                    true,
                    ItemKind::File {
                        allowed_types: vec![FileType::Pdf],
                        max_size_bytes: 1000,
                        min_size_bytes: 0,
                        min_pixels: None,
                        min_files: 1,
                        max_files: 2,
                        document_kind: None,
                        valid_days: None,
                    },
                ),
            ],
        };
        let schema = requirements_schema("urn:test", ".us", &set);
        assert_eq!(schema["required"], json!(["purpose"]));
        assert_eq!(schema["properties"]["purpose"]["oneOf"][1]["const"], "P3");
        assert_eq!(
            schema["properties"]["purpose"]["description"],
            "Why you register"
        );
        assert_eq!(schema["properties"]["company"]["maxLength"], 100);
        assert!(schema["properties"].get("note").is_none());
        assert!(schema["properties"].get("proof").is_none());
        assert_eq!(
            schema["x-regdocs-documents"][0]["content_types"],
            json!(["application/pdf"])
        );
        assert_eq!(
            schema["allOf"][0],
            json!({
                "if": { "properties": { "purpose": { "enum": ["P1"] } }, "required": ["purpose"] },
                "then": { "required": ["company"] }
            })
        );
        assert_eq!(schema["additionalProperties"], false);
    }
}
