//! Answers given without asking: a JSON or TOML map from item id to answer.

use std::path::Path;

use crate::catalog::diagnostic::{json_error, line_column, shorten, toml_message};
use crate::entries::Entries;
use crate::questionnaire::{Form, Questionnaire};
use crate::scoring::Answers;

#[derive(Debug, thiserror::Error)]
pub enum AnswersError {
    #[error("{message}\n  help: the answers file is a JSON object or TOML table mapping item ids to answers, e.g. {{\"cl01\": 5}}")]
    Syntax { message: String },
    #[error("{source_name}: item `{item}` is not in {scope}\n  help: {hint}")]
    UnknownItem {
        source_name: String,
        item: String,
        scope: String,
        hint: String,
    },
    #[error("{source_name}: item `{item}`: {found} is not an allowed answer\n  help: answer with a whole number from {min} to {max}, or leave the item out to skip it")]
    Invalid {
        source_name: String,
        item: String,
        found: String,
        min: i64,
        max: i64,
    },
    #[error("{source_name}: no answers given\n  help: give at least one item id and answer, e.g. {{\"cl01\": 5}}; `balance show ID` lists the item ids")]
    Empty { source_name: String },
    #[error("{source_name}: every answer is skipped, so there is nothing to score and nothing was saved\n  help: give a number for at least two thirds of a questionnaire's statements (`null` skips one)")]
    AllSkipped { source_name: String },
    #[error(
        "cannot read answers from {source_name}: {source}{}",
        read_help(source)
    )]
    Read {
        source_name: String,
        source: std::io::Error,
    },
}

/// What to do when the answers cannot be read, by what went wrong.
fn read_help(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::InvalidData => "\n  help: the file must be UTF-8 text",
        std::io::ErrorKind::NotFound => {
            "\n  help: check the file's name; `--answers -` reads the answers from standard input"
        }
        _ => "",
    }
}

/// An answer as written, before it is checked against the item's scale.
enum Raw {
    Integer(i64),
    Skipped,
    Other(String),
}

/// Reads answers from a file, or standard input for `-`.
pub fn read(path: &Path) -> Result<(String, String), AnswersError> {
    let source_name = if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let text = if path == Path::new("-") {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    };
    text.map(|t| (source_name.clone(), t))
        .map_err(|source| AnswersError::Read {
            source_name,
            source,
        })
}

/// Parses and checks answers against the questionnaires being taken in the given form.
pub fn parse(
    source_name: &str,
    text: &str,
    taken: &[&Questionnaire],
    form: Form,
) -> Result<Answers, AnswersError> {
    // Some editors start UTF-8 files with a byte-order mark; it is not part of the content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw = if looks_like_json(source_name, text) {
        parse_json(source_name, text)?
    } else {
        parse_toml(source_name, text)?
    };
    // An empty file or an empty standard input is a mistake, not a quiz with every item
    // skipped: saving it would put a result without answers into the history.
    if raw.is_empty() {
        return Err(AnswersError::Empty {
            source_name: source_name.to_string(),
        });
    }
    let mut answers = Answers::new();
    for (id, value) in raw {
        let questionnaire =
            find(taken, &id, form).ok_or_else(|| unknown_item(source_name, &id, taken, form))?;
        let scale = &questionnaire.scale;
        let invalid = |found: String| AnswersError::Invalid {
            source_name: source_name.to_string(),
            item: id.clone(),
            found,
            min: scale.min,
            max: scale.max,
        };
        match value {
            Raw::Skipped => {}
            Raw::Integer(n) if scale.contains(n) => {
                answers.insert(id.clone(), n);
            }
            Raw::Integer(n) => return Err(invalid(n.to_string())),
            Raw::Other(shown) => return Err(invalid(shorten(&shown))),
        }
    }
    // As for a quiz where every statement was skipped: a result without answers is not saved.
    if answers.is_empty() {
        return Err(AnswersError::AllSkipped {
            source_name: source_name.to_string(),
        });
    }
    Ok(answers)
}

fn looks_like_json(source_name: &str, text: &str) -> bool {
    if source_name.ends_with(".json") {
        return true;
    }
    if source_name.ends_with(".toml") {
        return false;
    }
    text.trim_start().starts_with('{')
}

fn find<'q>(taken: &[&'q Questionnaire], id: &str, form: Form) -> Option<&'q Questionnaire> {
    taken
        .iter()
        .copied()
        .find(|q| q.items_in(form).any(|item| item.id == id))
}

fn unknown_item(source_name: &str, id: &str, taken: &[&Questionnaire], form: Form) -> AnswersError {
    let ids: Vec<&str> = taken.iter().map(|q| q.id.as_str()).collect();
    let in_full_form = taken.iter().any(|q| q.items.iter().any(|i| i.id == id));
    let (scope, hint) = if in_full_form && form == Form::Short {
        (
            "the short check-in form".to_string(),
            "give only the short form's items (`balance show ID` marks them)".to_string(),
        )
    } else {
        (
            format!("the questionnaires being scored ({})", ids.join(", ")),
            "check the id with `balance show ID`".to_string(),
        )
    };
    AnswersError::UnknownItem {
        source_name: source_name.to_string(),
        item: shorten(id),
        scope,
        hint,
    }
}

fn parse_json(source_name: &str, text: &str) -> Result<Vec<(String, Raw)>, AnswersError> {
    let read = Entries {
        expecting: "a map of item ids to answers",
        // Refused where it is answered again, as TOML refuses a key given twice.
        twice: Some(|id| format!("item `{}` is answered twice", shorten(id))),
    };
    let entries = read
        .read(text.as_bytes())
        .map_err(|e| AnswersError::Syntax {
            message: json_error(source_name, &e),
        })?;
    Ok(entries
        .into_iter()
        .map(|(id, value)| {
            let raw = match &value {
                serde_json::Value::Null => Raw::Skipped,
                v => v
                    .as_i64()
                    .map_or_else(|| Raw::Other(v.to_string()), Raw::Integer),
            };
            (id, raw)
        })
        .collect())
}

fn parse_toml(source_name: &str, text: &str) -> Result<Vec<(String, Raw)>, AnswersError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let start = e.span().map_or(0, |s| s.start);
        let (line, column) = line_column(text, start);
        AnswersError::Syntax {
            message: format!(
                "{source_name}:{line}:{column}: {}",
                toml_message(e.message())
            ),
        }
    })?;
    Ok(table
        .into_iter()
        .map(|(id, value)| {
            let raw = match value {
                toml::Value::Integer(n) => Raw::Integer(n),
                other => Raw::Other(other.to_string()),
            };
            (id, raw)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An item id with a line break cannot put a line of its own on standard error.
    #[test]
    fn an_item_id_is_shown_on_one_line() {
        let fake = "x\nbalance: answers accepted";
        let text = format!("{{{0:?}: 1, {0:?}: 2}}", fake);
        let Err(twice) = parse_json("a.json", &text) else {
            panic!("a key given twice is refused");
        };
        let unknown = unknown_item("a.json", fake, &[], Form::Full);
        for message in [twice.to_string(), unknown.to_string()] {
            assert!(message.contains("x\\nbalance"), "{message}");
            assert!(
                !message.lines().any(|l| l.starts_with("balance:")),
                "{message}"
            );
        }
    }

    /// The hint fits what went wrong: a missing file is not told to be UTF-8.
    #[test]
    fn a_missing_file_gets_a_hint_about_its_name_not_its_encoding() {
        let missing = read(Path::new("no such answers.json"))
            .unwrap_err()
            .to_string();
        assert!(missing.contains("help: check the file's name"), "{missing}");
        assert!(!missing.contains("UTF-8"), "{missing}");
    }
}
