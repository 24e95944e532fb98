//! Which items a customer's answers show and require.

use std::collections::HashMap;

use super::{Condition, ConditionEffect, ItemDef};

pub type Answers = HashMap<String, String>;

/// Whether `item` is shown, given the answers so far.
pub fn is_visible(item: &ItemDef, answers: &Answers) -> bool {
    match &item.condition {
        Some(c) if c.effect == ConditionEffect::Visible => condition_holds(c, answers),
        _ => true,
    }
}

/// Whether `item` must be answered, given the answers so far.
pub fn is_required(item: &ItemDef, answers: &Answers) -> bool {
    item.required
        && match &item.condition {
            Some(c) => condition_holds(c, answers),
            None => true,
        }
}

fn condition_holds(condition: &Condition, answers: &Answers) -> bool {
    answers
        .get(&condition.item)
        .is_some_and(|value| condition.one_of.iter().any(|v| v == value))
}
