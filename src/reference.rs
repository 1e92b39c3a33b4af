//! Naming a result: a JSON file (`-` for standard input), or a place in the history:
//! `latest`, `first`, `latest~N` (N before the latest), or an id or its first characters.

use std::path::Path;

use crate::catalog::diagnostic::json_error;
use crate::error::{Error, Result};
use crate::result::{check_schema, ResultDoc};

/// The shortest id prefix accepted, so that a typo rarely matches by chance.
const MIN_PREFIX: usize = 4;

/// Resolves `reference`, reading the history only when the reference is not a file.
pub fn resolve(
    reference: &str,
    history: &mut dyn FnMut() -> Result<Vec<ResultDoc>>,
) -> Result<ResultDoc> {
    if reference == "-" {
        let text = std::io::read_to_string(std::io::stdin()).map_err(|source| Error::Read {
            path: "<stdin>".into(),
            source,
        })?;
        return parse_file("<stdin>", &text);
    }
    let path = Path::new(reference);
    // A history reference wins over a file of the same name; `./latest` names the file.
    if !is_place(reference) && path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        return parse_file(reference, &text);
    }
    let results = history()?;
    find(&results, reference).cloned()
}

/// Whether `reference` names a place in the history (`latest`, `first`, `latest~N`).
fn is_place(reference: &str) -> bool {
    matches!(reference, "latest" | "first")
        || reference
            .strip_prefix("latest~")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A result file: one `balance.result/v1` document.
pub fn parse_file(name: &str, text: &str) -> Result<ResultDoc> {
    #[derive(serde::Deserialize)]
    struct Head {
        schema: String,
    }
    // The schema first: a newer document may lack fields this version requires.
    if let Ok(head) = serde_json::from_str::<Head>(text) {
        check_schema(&head.schema).map_err(|source| schema_error(name, source))?;
    }
    let doc: ResultDoc =
        serde_json::from_str(text).map_err(|e| Error::NotAResult(json_error(name, &e)))?;
    check_schema(&doc.schema).map_err(|source| schema_error(name, source))?;
    doc.check_size().map_err(|reason| Error::TooLarge {
        name: name.to_string(),
        reason,
    })?;
    Ok(doc)
}

pub fn schema_error(name: &str, source: crate::result::SchemaError) -> Error {
    Error::Schema {
        name: name.to_string(),
        source,
    }
}

/// A history reference that names no single result.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("{what}: the history has {count} result{}; see `balance history`", if *.count == 1 { "" } else { "s" })]
    NotFound { what: String, count: usize },
    #[error(
        "`{0}` is not a file, latest, first, latest~N, or an id of {MIN_PREFIX} or more characters"
    )]
    TooShort(String),
    #[error("`{reference}` matches {count} results; give more of the id")]
    Ambiguous { reference: String, count: usize },
}

/// A result in the history (oldest first) by reference.
pub fn find<'h>(results: &'h [ResultDoc], reference: &str) -> Result<&'h ResultDoc> {
    let missing = |what: &str| {
        Error::from(ReferenceError::NotFound {
            what: what.to_string(),
            count: results.len(),
        })
    };
    let back = match reference {
        "latest" => Some("0"),
        "first" => return results.first().ok_or_else(|| missing("no first result")),
        r => r.strip_prefix("latest~").filter(|_| is_place(r)),
    };
    if let Some(back) = back {
        // A count too large for a number is as far out of reach as one just past the first.
        return back
            .parse::<usize>()
            .ok()
            .and_then(|back| results.len().checked_sub(back.checked_add(1)?))
            .map(|i| &results[i])
            .ok_or_else(|| missing(&format!("no result `{reference}`")));
    }
    if reference.len() < MIN_PREFIX {
        return Err(ReferenceError::TooShort(reference.to_string()).into());
    }
    let matching: Vec<&ResultDoc> = results
        .iter()
        .filter(|r| r.id.starts_with(reference))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => Err(missing(&format!("no file or result id `{reference}`"))),
        _ => Err(ReferenceError::Ambiguous {
            reference: reference.to_string(),
            count: matching.len(),
        }
        .into()),
    }
}
