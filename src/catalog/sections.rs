//! When a file does not parse, serde stops at its first problem. Each `[[items]]`,
//! `[[dimensions]]` and `[[strategies]]` table is also a small TOML document by itself, so
//! reading them one by one finds the problems in the others too, at their exact places.

use serde::de::DeserializeOwned;

use super::raw::{DimensionDef, ItemDef, StrategyDef};
use super::{Diagnostic, SourceFile};

/// The problems in the file's array tables other than `first`, in file order.
pub(super) fn more_problems(source: &SourceFile, first: &Diagnostic) -> Vec<Diagnostic> {
    tables(&source.text)
        .into_iter()
        .filter_map(|(name, start, end)| {
            let body = &source.text[start..end];
            match name {
                "[[items]]" => check::<ItemDef>(source, body, start),
                "[[dimensions]]" => check::<DimensionDef>(source, body, start),
                "[[strategies]]" => check::<StrategyDef>(source, body, start),
                _ => None,
            }
        })
        .filter(|d| (d.line, d.column) != (first.line, first.column))
        .collect()
}

fn check<T: DeserializeOwned>(
    source: &SourceFile,
    body: &str,
    offset: usize,
) -> Option<Diagnostic> {
    let error = toml::from_str::<T>(body).err()?;
    Some(source.toml_error_at(&error, offset))
}

/// Every table header with the byte range of its body (up to the next header).
fn tables(text: &str) -> Vec<(&str, usize, usize)> {
    let mut headers = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') && trimmed.ends_with(']') {
            headers.push((trimmed, offset, offset + line.len()));
        }
        offset += line.len();
    }
    headers
        .iter()
        .enumerate()
        .map(|(i, (name, _, body_start))| {
            let end = headers.get(i + 1).map_or(text.len(), |next| next.1);
            (*name, *body_start, end)
        })
        .collect()
}
