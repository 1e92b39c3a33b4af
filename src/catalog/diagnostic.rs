//! A problem found in a questionnaire or strategy file, located by file, line and column.

use std::borrow::Cow;
use std::cell::Cell;
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
    /// The last place located. Problems are found in file order, so each is located by
    /// reading on from the one before: counting from the start for each made a 1 MiB file
    /// with 28,000 problems take 19 s to report.
    last: Cell<Position>,
}

impl SourceFile {
    pub fn new(origin: Origin, text: Cow<'static, str>) -> Self {
        SourceFile {
            origin,
            text,
            last: Cell::new(Position::START),
        }
    }

    pub fn at(&self, span: Range<usize>, message: impl Into<String>, hint: &str) -> Diagnostic {
        let place = locate(&self.text, self.last.get(), span.start);
        self.last.set(place);
        let (line, column) = (place.line, place.column);
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
    let place = locate(text, Position::START, offset);
    (place.line, place.column)
}

/// A byte offset into a text with its 1-based line and column (in characters).
#[derive(Debug, Clone, Copy)]
struct Position {
    offset: usize,
    line: usize,
    column: usize,
}

impl Position {
    const START: Position = Position {
        offset: 0,
        line: 1,
        column: 1,
    };
}

/// The place of `offset` in `text`, read on from `from` when it lies before `offset`, else
/// from the start. An offset past the end or inside a character is the end of the text.
fn locate(text: &str, from: Position, offset: usize) -> Position {
    let offset = if text.is_char_boundary(offset) {
        offset
    } else {
        text.len()
    };
    let mut place = if from.offset <= offset {
        from
    } else {
        Position::START
    };
    for c in text[place.offset..offset].chars() {
        if c == '\n' {
            place.line += 1;
            place.column = 1;
        } else {
            place.column += 1;
        }
    }
    place.offset = offset;
    place
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
    // toml_edit puts what it expected on a line of its own ("invalid array\nexpected `]`"),
    // which would read as a problem without a place: one line, the first part leading.
    let mut lines = message
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty());
    let Some(first) = lines.next() else {
        return "expected a value here".to_string();
    };
    let rest: Vec<&str> = lines.collect();
    match rest.is_empty() {
        true => first.to_string(),
        false => format!("{first}: {}", rest.join("; ")),
    }
}

/// Input echoed in a message, on one line (a line break shown as `\n`, so that it cannot
/// start a line that poses as balance's own) and cut short so that a huge value cannot flood
/// the terminal: to 60 columns as a terminal shows them, where a CJK character takes two,
/// a control character its escape's, and none less than one (see [`crate::text::columns`]).
pub fn shorten(text: &str) -> String {
    const LIMIT: usize = 60;
    let text = &text.replace('\n', "\\n");
    let mut columns = 0;
    let cut = text.char_indices().find(|&(_, c)| {
        columns += crate::text::columns(c);
        columns > LIMIT
    });
    match cut {
        Some((cut, _)) => format!("{}... ({} bytes)", &text[..cut], text.len()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Echoed input is cut to 60 columns as a terminal shows them: 60 letters, or 30 CJK
    /// characters, which take two columns each.
    #[test]
    fn shortened_input_fits_sixty_columns() {
        let latin = "x".repeat(70);
        assert_eq!(shorten(&latin), format!("{}... (70 bytes)", "x".repeat(60)));
        assert_eq!(shorten(&"x".repeat(60)), "x".repeat(60));
        let cjk = "漢".repeat(70);
        assert_eq!(shorten(&cjk), format!("{}... (210 bytes)", "漢".repeat(30)));
        assert_eq!(shorten(&"漢".repeat(30)), "漢".repeat(30));
        // Each escape shows as `\x1b`, four columns.
        assert_eq!(shorten(&"\u{1b}".repeat(16)).chars().count(), 15 + 14);
        // Characters that take no column are cut too: a huge cell of them cannot flood.
        let zero_width = "\u{200b}".repeat(100_000);
        assert_eq!(
            shorten(&zero_width),
            format!("{}... (300000 bytes)", "\u{200b}".repeat(60))
        );
    }

    /// Echoed input stays on one line.
    #[test]
    fn shortened_input_is_one_line() {
        assert_eq!(
            shorten("age\nbalance: all scored"),
            "age\\nbalance: all scored"
        );
    }

    /// A TOML message of several lines becomes one, so that each line of `validate`'s output
    /// is a problem with its place or its help.
    #[test]
    fn a_toml_message_is_one_line() {
        assert_eq!(
            toml_message("invalid array\nexpected `]`\n"),
            "invalid array: expected `]`"
        );
        assert_eq!(
            toml_message("invalid string\nexpected `\"`, `'`"),
            "invalid string: expected `\"`, `'`"
        );
        assert_eq!(toml_message("invalid basic string"), "invalid basic string");
        assert_eq!(toml_message(" \n"), "expected a value here");
    }

    /// Located in any order, reading on from the last place or starting over, every offset
    /// gets the line and column counted from the start.
    #[test]
    fn places_read_on_from_the_last_match_places_counted_from_the_start() {
        let text = "a = 1\n[x]\nné = \"é\"\n\n  z = 2\nlast";
        let source = SourceFile::new(Origin::BuiltIn("t.toml"), Cow::Borrowed(text));
        let offsets = [0, 3, 6, 9, 10, 12, 14, 25, 7, 1, 13, 30, 99, text.len(), 2];
        for offset in offsets {
            let counted = {
                let before = text.get(..offset).unwrap_or(text);
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                (line, column)
            };
            let found = source.at(offset..offset, "m", "h");
            assert_eq!((found.line, found.column), counted, "offset {offset}");
            assert_eq!(line_column(text, offset), counted, "offset {offset}");
        }
    }
}
