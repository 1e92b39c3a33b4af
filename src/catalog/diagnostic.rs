//! A problem found in a questionnaire or strategy file, located by file, line and column.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use crate::questionnaire::Origin;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Diagnostic {
            file,
            line,
            column,
            message,
            hint,
        } = self;
        write!(f, "{file}:{line}:{column}: {message}\n  help: {hint}")
    }
}

/// The text of one file, kept so that byte spans can become lines and columns.
#[derive(Debug)]
pub struct SourceFile {
    pub origin: Origin,
    pub text: Cow<'static, str>,
}

impl SourceFile {
    pub fn at(&self, span: Range<usize>, message: impl Into<String>, hint: &str) -> Diagnostic {
        let (line, column) = line_column(&self.text, span.start);
        Diagnostic {
            file: self.name(),
            line,
            column,
            message: message.into(),
            hint: hint.to_string(),
        }
    }

    pub fn name(&self) -> String {
        match &self.origin {
            Origin::BuiltIn(name) => format!("<built-in>/{name}"),
            Origin::File(path) => path.display().to_string(),
        }
    }

    /// A place where the file is not valid TOML.
    pub fn syntax_error(&self, message: &str, span: Option<Range<usize>>) -> Diagnostic {
        self.at(
            span.unwrap_or(0..0),
            toml_message(message),
            "fix the TOML syntax at this place",
        )
    }

    /// A place where valid TOML does not have the shape the format asks for: an unknown or
    /// missing key, or a value of the wrong type.
    pub fn shape_error(&self, message: &str, span: Option<Range<usize>>) -> Diagnostic {
        self.at(
            span.unwrap_or(0..0),
            toml_message(message),
            "check the key's name and the value's type against the format (questionnaires/README.md lists the keys)",
        )
    }
}

/// 1-based line and column (in characters) of a byte offset into `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// A JSON error as `name:line:column: message`, without serde's own "at line" suffix.
pub fn json_error(name: &str, error: &serde_json::Error) -> String {
    let text = error.to_string();
    let message = text.split(" at line ").next().unwrap_or(&text);
    format!(
        "{name}:{}:{}: {message}",
        error.line(),
        error.column().max(1)
    )
}

/// The TOML parser's message, which it leaves empty for a key with no value at the end.
pub fn toml_message(message: &str) -> String {
    match message.trim() {
        "" => "expected a value here".to_string(),
        message => message.to_string(),
    }
}

/// Input echoed in a message, cut short so that a huge value cannot flood the terminal.
pub fn shorten(text: &str) -> String {
    const LIMIT: usize = 60;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}... ({} bytes)", &text[..cut], text.len()),
        None => text.to_string(),
    }
}
