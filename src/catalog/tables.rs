//! When a file does not fit its shape, serde stops at its first problem. Each `[[items]]`,
//! `[[dimensions]]` and `[[strategies]]` table of the parsed document is also read on its
//! own, so that the problems in the others are found too, at their exact places.

use serde::de::{DeserializeOwned, IntoDeserializer};
use toml_edit::{ImDocument, Table, Value};

use super::raw::{DimensionDef, ItemDef, StrategyDef};
use super::{Diagnostic, SourceFile};

/// The problems of every array table in the document, in file order.
pub(super) fn problems(source: &SourceFile, document: &ImDocument<String>) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = Vec::new();
    for (key, table) in array_tables(document) {
        let problem = match key {
            "items" => check::<ItemDef>(source, table),
            "dimensions" => check::<DimensionDef>(source, table),
            _ => check::<StrategyDef>(source, table),
        };
        found.extend(problem);
    }
    found.sort_by_key(|d| (d.line, d.column));
    found
}

fn array_tables(document: &ImDocument<String>) -> impl Iterator<Item = (&str, &Table)> {
    ["items", "dimensions", "strategies"]
        .into_iter()
        .filter_map(|key| Some((key, document.get(key)?.as_array_of_tables()?)))
        .flat_map(|(key, tables)| tables.iter().map(move |t| (key, t)))
}

/// The one table read as `T`; a problem without a place of its own (a missing key) is put
/// at the table's header.
fn check<T: DeserializeOwned>(source: &SourceFile, table: &Table) -> Option<Diagnostic> {
    let value = Value::InlineTable(table.clone().into_inline_table());
    let error = T::deserialize(value.into_deserializer()).err()?;
    Some(source.shape_error(error.message(), error.span().or_else(|| table.span())))
}
