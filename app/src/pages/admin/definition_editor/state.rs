//! What the editor holds: its items, each in a signal of its own, and the problems the
//! browser's or the server's check found.

use leptos::prelude::*;

use crate::{
    components::form::problem_message,
    domain::requirements::{DefinitionLimits, FieldProblem, ItemDef, ItemKind},
};

/// An item in the editor: an id that survives reordering, and its definition in a
/// signal of its own, so that typing in one item re-runs only what shows that item.
#[derive(Clone, Copy)]
pub(super) struct Row {
    pub uid: u64,
    pub def: RwSignal<ItemDef>,
}

/// Everything the editor holds, shared by its parts. The list of rows changes only when
/// items are added, removed, moved or imported.
#[derive(Clone, Copy)]
pub(super) struct Editor {
    pub items: RwSignal<Vec<Row>>,
    pub problems: RwSignal<Vec<FieldProblem>>,
    next_uid: StoredValue<u64>,
    pub limits: DefinitionLimits,
}

impl Editor {
    pub fn new(limits: DefinitionLimits, items: Vec<ItemDef>) -> Self {
        let editor = Self {
            items: RwSignal::new(Vec::new()),
            problems: RwSignal::new(Vec::new()),
            next_uid: StoredValue::new(1),
            limits,
        };
        editor.replace_items(items);
        editor
    }

    /// Puts `items` in the editor instead of what it holds.
    pub fn replace_items(&self, items: Vec<ItemDef>) {
        let rows = items.into_iter().map(|def| self.new_row(def)).collect();
        self.items.set(rows);
    }

    pub fn new_row(&self, def: ItemDef) -> Row {
        let uid = self.next_uid.get_value();
        self.next_uid.set_value(uid + 1);
        Row {
            uid,
            def: RwSignal::new(def),
        }
    }

    /// The definitions as they are now, for saving.
    pub fn definitions(&self) -> Vec<ItemDef> {
        self.items
            .with_untracked(|v| v.iter().map(|r| r.def.get_untracked()).collect())
    }

    /// The message about `field` (a path such as `details` or `items.2.label`), if any.
    pub fn problem(&self, field: String) -> Signal<Option<String>> {
        let problems = self.problems;
        Signal::derive(move || problems.with(|ps| problem_message(ps, &field)))
    }

    /// The message about `field` of the item `uid`, wherever it is in the list now.
    pub fn item_problem(&self, uid: u64, field: String) -> Signal<Option<String>> {
        let (problems, index) = (self.problems, self.index_of(uid));
        Signal::derive(move || {
            let path = format!("items.{}.{field}", index.get());
            problems.with(|ps| problem_message(ps, &path))
        })
    }

    pub fn index_of(&self, uid: u64) -> Signal<usize> {
        let items = self.items;
        Signal::derive(move || items.with(|v| v.iter().position(|r| r.uid == uid).unwrap_or(0)))
    }

    fn row(&self, uid: u64) -> Option<Row> {
        self.items
            .with(|v| v.iter().find(|r| r.uid == uid).copied())
    }

    /// Reads item `uid` (tracking that item only, and the list).
    pub fn read<T: 'static>(&self, uid: u64, f: impl Fn(&ItemDef) -> T) -> Option<T> {
        self.row(uid).map(|row| row.def.with(|d| f(d)))
    }

    /// Changes item `uid`: only what shows that item runs again.
    pub fn write(&self, uid: u64, f: impl FnOnce(&mut ItemDef)) {
        if let Some(row) = self
            .items
            .with_untracked(|v| v.iter().find(|r| r.uid == uid).copied())
        {
            row.def.update(f);
        }
    }
}

/// A new item: a required short text.
pub(super) fn blank_item() -> ItemDef {
    ItemDef {
        translations: Default::default(),
        applies_to: Default::default(),
        key: String::new(),
        label: String::new(),
        explanation: String::new(),
        required: true,
        kind: ItemKind::Text {
            min_len: None,
            max_len: Some(200),
            pattern: None,
            pattern_message: None,
            format: None,
        },
        condition: None,
    }
}
