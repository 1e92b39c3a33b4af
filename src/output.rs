//! How output looks: colour and box drawing only for a person at a terminal.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use comfy_table::{presets, ContentArrangement, Table};
use console::{style, StyledObject};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub color: bool,
    /// Box drawing and block characters; off for `--plain`, dumb terminals and pipes.
    pub unicode: bool,
    /// Where to wrap prose: the terminal's width, or nowhere when output is not a terminal.
    pub width: Option<usize>,
}

/// Which standard streams are terminals, asked once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terminals {
    pub stdin: bool,
    pub stdout: bool,
    pub stderr: bool,
}

impl Terminals {
    pub fn detect() -> Terminals {
        Terminals {
            stdin: std::io::stdin().is_terminal(),
            stdout: std::io::stdout().is_terminal(),
            stderr: std::io::stderr().is_terminal(),
        }
    }

    /// A quiz is asked only with a person at the keyboard and the report going to them.
    pub fn can_ask(self) -> bool {
        self.stdin && self.stdout
    }
}

/// The environment variables balance reads, read once; an empty value counts as unset.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub balance_home: Option<PathBuf>,
    pub balance_questionnaires: Option<PathBuf>,
    pub term: Option<String>,
    pub no_color: bool,
    /// `LC_ALL`, else `LC_CTYPE`, else `LANG`: the locale that decides the character set.
    pub locale: Option<String>,
    /// `PAGER` as set: here an empty value means "no pager", not unset.
    pub pager: Option<String>,
}

impl Environment {
    pub fn read() -> Environment {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let text = |name: &str| var(name).map(|v| v.to_string_lossy().into_owned());
        Environment {
            balance_home: var("BALANCE_HOME").map(PathBuf::from),
            balance_questionnaires: var("BALANCE_QUESTIONNAIRES").map(PathBuf::from),
            term: text("TERM"),
            no_color: var("NO_COLOR").is_some(),
            locale: text("LC_ALL")
                .or_else(|| text("LC_CTYPE"))
                .or_else(|| text("LANG")),
            pager: std::env::var("PAGER").ok(),
        }
    }

    /// A terminal type that is set and can move the cursor and draw.
    pub fn term_can_draw(&self) -> bool {
        self.term.as_deref().is_some_and(|t| t != "dumb")
    }

    /// Box drawing needs a UTF-8 locale; where none is set (macOS terminals often set
    /// none), assume UTF-8, as every current terminal uses it.
    pub fn utf8_locale(&self) -> bool {
        self.locale.as_deref().is_none_or(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("utf-8") || l.contains("utf8")
        })
    }
}

/// Prose wider than this is hard to read, however wide the terminal.
const MAX_WIDTH: usize = 100;

/// Standard error's width when it is a terminal: where its messages are wrapped.
pub fn stderr_width(terminals: Terminals) -> Option<usize> {
    terminals
        .stderr
        .then(|| usize::from(console::Term::stderr().size().1))
        .filter(|w| *w >= 40)
}

/// A message for standard error: made safe (it names files and echoes input) and, at a
/// terminal `width` columns wide, wrapped to it as prose is. Each line keeps its indent and
/// its continuation lines go two spaces further in; lines break only at spaces, so a file
/// name without spaces stays whole. Elsewhere (a pipe, a log) each line stays whole,
/// `file:line:column` first, for the editors and scripts that read it.
pub fn message(text: &str, width: Option<usize>) -> String {
    let text = crate::text::safe(text);
    if width.is_none() {
        return text.into_owned();
    }
    // A tab is as wide as a terminal shows it, which the wrapping would count as no column.
    let text = text.replace('\t', "        ");
    let look = Look {
        width,
        ..Look::PLAIN
    };
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let indent = &line[..line.len() - line.trim_start().len()];
            look.wrap_hanging(line.trim_start(), indent, &format!("{indent}  "))
        })
        .collect();
    lines.join("\n")
}

impl Look {
    /// Plain text: what pipes, logs and `--plain` get.
    pub const PLAIN: Look = Look {
        color: false,
        unicode: false,
        width: None,
    };

    /// Wraps prose to the terminal, every line starting with `indent`.
    pub fn wrap(&self, text: &str, indent: &str) -> String {
        self.wrap_hanging(text, indent, indent)
    }

    /// Wraps a list entry: `- ` on the first line, the rest aligned under its text.
    pub fn bullet(&self, text: &str, indent: &str) -> String {
        let rest = format!("{indent}  ");
        self.wrap_hanging(text, &format!("{indent}- "), &rest)
    }

    /// Wraps prose with one indent for the first line and another for the rest.
    pub fn wrap_hanging(&self, text: &str, first: &str, rest: &str) -> String {
        self.fill(text, first, rest, false)
    }

    /// Wraps text a person wrote (a note, a practice from a file): a word longer than the
    /// line, such as a URL, is broken rather than let run past the edge.
    pub fn wrap_breaking(&self, text: &str, first: &str, rest: &str) -> String {
        self.fill(text, first, rest, true)
    }

    fn fill(&self, text: &str, first: &str, rest: &str, break_words: bool) -> String {
        match self.width {
            Some(width) => {
                // Never break a word at a hyphen: "Ctrl-C" and "latest~1" stay whole.
                let options = textwrap::Options::new(width.min(MAX_WIDTH))
                    .initial_indent(first)
                    .subsequent_indent(rest)
                    .word_splitter(textwrap::WordSplitter::NoHyphenation)
                    .break_words(break_words);
                textwrap::fill(text, options)
            }
            None => format!("{first}{text}"),
        }
    }

    /// Decides from `--plain`, the environment and the terminal: colour and box drawing only
    /// for a person at a terminal that can show them.
    pub fn decide(
        plain: bool,
        env: &Environment,
        terminals: Terminals,
        width: Option<usize>,
    ) -> Look {
        let styled = !plain && terminals.stdout && env.term_can_draw();
        Look {
            color: styled && !env.no_color,
            // Box drawing needs a UTF-8 locale as well; colour does not.
            unicode: styled && env.utf8_locale(),
            width: width.filter(|_| terminals.stdout).filter(|w| *w >= 40),
        }
    }

    pub fn paint<D>(&self, text: D) -> StyledObject<D> {
        style(text).force_styling(self.color)
    }

    pub fn bold<D>(&self, text: D) -> StyledObject<D> {
        self.paint(text).bold()
    }

    pub fn dim<D>(&self, text: D) -> StyledObject<D> {
        self.paint(text).dim()
    }

    /// A table drawn for a terminal, or as aligned plain columns.
    pub fn table(&self, header: &[&str]) -> Table {
        let mut table = Table::new();
        if self.unicode {
            table.load_preset(presets::UTF8_FULL_CONDENSED);
        } else {
            table.load_preset(presets::NOTHING);
        }
        // Cells are never wrapped by the table: `write_table` drops columns to fit.
        table.set_content_arrangement(ContentArrangement::Disabled);
        table.set_header(header.iter().map(|h| h.to_string()));
        table
    }

    /// Fits a table to the terminal: the columns in `drop_order` are hidden, one after
    /// another, until the table fits, so that words and ids are never split; only a table
    /// that still does not fit is wrapped, at word boundaries. Output that is not a terminal
    /// keeps every column.
    pub fn fit(&self, table: &mut Table, drop_order: &[usize]) {
        let Some(width) = self.width else {
            return;
        };
        let fits = |table: &Table| {
            table
                .lines()
                .all(|line| console::measure_text_width(line.trim_end()) <= width)
        };
        for &column in drop_order {
            if fits(table) {
                return;
            }
            if let Some(c) = table.column_mut(column) {
                c.set_constraint(comfy_table::ColumnConstraint::Hidden);
            }
        }
        if !fits(table) {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(u16::try_from(width).unwrap_or(u16::MAX));
        }
    }

    /// A horizontal bar for a 0-100 value: solid up to where its interval starts, the
    /// interval itself drawn lighter (`▒`, or `~` in plain text), then empty.
    pub fn bar(
        &self,
        value: f64,
        interval: Option<crate::scoring::Interval>,
        width: usize,
    ) -> String {
        let cell = |v: f64| ((v.clamp(0.0, 100.0) / 100.0) * width as f64).round() as usize;
        let filled = cell(value);
        let (low, high) = interval.map_or((filled, filled), |i| (cell(i.low), cell(i.high)));
        let (on, unsure, off) = if self.unicode {
            ('█', '▒', '░')
        } else {
            ('#', '~', '.')
        };
        (0..width)
            .map(|c| match c {
                c if c < low => on,
                c if c < high => unsure,
                _ => off,
            })
            .collect()
    }
}

/// Writes a table with trailing spaces trimmed (plain tables pad every cell).
pub fn write_table(out: &mut dyn Write, table: &Table) -> std::io::Result<()> {
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Writes a value as pretty JSON followed by a newline.
pub fn write_json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message wrapped at a terminal fits it, a tab in an indent counted as eight columns.
    #[test]
    fn a_wrapped_message_fits_its_width_whatever_its_indent() {
        let text = "balance: a problem\n\tsee the words of this long help that\truns\ton and on";
        let shown = message(text, Some(40));
        for line in shown.lines() {
            let columns: usize = line.chars().map(crate::text::columns).sum();
            assert!(columns <= 40, "{columns} columns: {line:?}");
        }
        assert!(
            shown.lines().nth(1).unwrap().starts_with("        see"),
            "{shown}"
        );
    }

    fn look(term: &str, locale: &str, no_color: bool) -> Look {
        let env = Environment {
            term: Some(term.to_string()),
            locale: Some(locale.to_string()),
            no_color,
            ..Environment::default()
        };
        let terminals = Terminals {
            stdin: true,
            stdout: true,
            stderr: true,
        };
        Look::decide(false, &env, terminals, Some(80))
    }

    #[test]
    fn colour_needs_a_drawing_terminal_and_box_drawing_a_utf8_locale_too() {
        let utf8 = look("xterm", "C.UTF-8", false);
        assert!(utf8.color && utf8.unicode);
        let ascii = look("xterm", "C", false);
        assert!(ascii.color && !ascii.unicode);
        let no_color = look("xterm", "C.UTF-8", true);
        assert!(!no_color.color && no_color.unicode);
        let dumb = look("dumb", "C.UTF-8", false);
        assert!(!dumb.color && !dumb.unicode);
    }
}
