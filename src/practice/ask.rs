//! The practice loop's questions at the terminal, on standard error: did you try it, a note,
//! and the practice to try next. With a drawing terminal they are dialoguer prompts; in line
//! mode (`--plain`, a dumb terminal) numbered lists read from standard input. Ctrl-C (or
//! SIGTERM, SIGHUP) ends a question before the result is saved, saying where its answers
//! wait; the end of input answers "skip".

use std::io::{self, Write};

use super::{note, ChosenPractice, PreviousPractice, Tried};
use crate::confirm::{asking, prompt_error};
use crate::error::{Error, Result};

/// Said when a signal ends one of these questions and the answers wait in the progress.
const INTERRUPTED: &str =
    "Interrupted before saving. Your answers are kept; `balance quiz --resume` finishes.\n";
/// Said when a signal ends one of these questions and the progress could not be written.
const INTERRUPTED_UNKEPT: &str = "Interrupted before saving; the answers could not be kept.\n";

/// Asks at the terminal, drawn or line by line.
pub struct Asker {
    /// Numbered lists read line by line instead of drawn prompts.
    pub line_mode: bool,
    /// The answers wait in the saved progress, so an interrupted question loses nothing.
    pub resumable: bool,
}

impl Asker {
    /// "Did you try it?" about the practice chosen last time; `None` when skipped.
    pub fn tried(&self, previous: &PreviousPractice) -> Result<Option<Tried>> {
        self.say(&format!("Last time you chose: {}", previous.text))?;
        let options = ["yes", "partly", "not yet", "skip"].map(String::from);
        let answers = [Some(Tried::Yes), Some(Tried::Partly), Some(Tried::No), None];
        let choice = self.select("Did you try it?", &options, 0)?;
        Ok(choice.and_then(|c| answers[c]))
    }

    /// An optional one-line note; empty is none.
    pub fn note(&self) -> Result<Option<String>> {
        // The explanation on a line of its own: a long prompt would wrap, and a drawn prompt
        // that wraps is not cleared whole.
        self.say("A note on anything that might explain a change (Enter to skip):")?;
        loop {
            let text = if self.line_mode {
                self.read_line("Note: ")?
            } else {
                Some(self.input("Note")?)
            };
            // A drawn prompt checks as it is typed; a line read here is checked now.
            match note(text.as_deref().unwrap_or_default()) {
                Ok(kept) => return Ok(kept),
                Err(e) => writeln!(io::stderr(), "{e}").map_err(Error::Prompt)?,
            }
        }
    }

    /// The practice to try before the next check-in; `None` for "none this time".
    pub fn practice(
        &self,
        choices: &[ChosenPractice],
        default: usize,
    ) -> Result<Option<ChosenPractice>> {
        if choices.is_empty() {
            return Ok(None);
        }
        self.say("Pick one practice to try before your next check-in.")?;
        let mut options: Vec<String> = choices.iter().map(|c| c.text.clone()).collect();
        options.push("None this time".to_string());
        let choice = self.select("Practice", &options, default)?;
        Ok(choice.and_then(|c| choices.get(c)).cloned())
    }

    /// What a signal during a question says before balance exits.
    fn interrupted(&self) -> &'static str {
        if self.resumable {
            INTERRUPTED
        } else {
            INTERRUPTED_UNKEPT
        }
    }

    /// A line of prose before a question, wrapped to the terminal.
    fn say(&self, text: &str) -> Result<()> {
        writeln!(io::stderr(), "\n{}", wrap(text, "", "")).map_err(Error::Prompt)
    }

    /// The option chosen; `None` when the input ended.
    fn select(&self, prompt: &str, options: &[String], default: usize) -> Result<Option<usize>> {
        if self.line_mode {
            return self.select_by_number(prompt, options, default);
        }
        let rows = console::Term::stderr().size().0 as usize;
        // dialoguer redraws by counting lines, so no option may wrap.
        let width = terminal_width().saturating_sub(4).max(10);
        let options: Vec<String> = options
            .iter()
            .map(|o| console::truncate_str(o, width, "…").into_owned())
            .collect();
        let choice = asking(self.interrupted(), || {
            dialoguer::Select::new()
                .with_prompt(prompt)
                .items(&options)
                .default(default)
                .max_length(rows.saturating_sub(4).max(3))
                .interact()
        });
        choice.map(Some).map_err(prompt_error)
    }

    fn input(&self, prompt: &str) -> Result<String> {
        asking(self.interrupted(), || {
            dialoguer::Input::<String>::new()
                .with_prompt(prompt)
                .allow_empty(true)
                .validate_with(|text: &String| note(text).map(|_| ()).map_err(|e| e.to_string()))
                .interact_text()
        })
        .map_err(prompt_error)
    }

    /// A numbered list; Enter takes the default, anything else is asked again.
    fn select_by_number(
        &self,
        prompt: &str,
        options: &[String],
        default: usize,
    ) -> Result<Option<usize>> {
        let mut err = io::stderr();
        writeln!(err, "{prompt}").map_err(Error::Prompt)?;
        for (i, option) in options.iter().enumerate() {
            let number = format!("  {}) ", i + 1);
            let rest = " ".repeat(number.len());
            writeln!(err, "{}", wrap(option, &number, &rest)).map_err(Error::Prompt)?;
        }
        loop {
            let asked = format!("Choose 1-{} [{}]: ", options.len(), default + 1);
            let Some(line) = self.read_line(&asked)? else {
                return Ok(None);
            };
            let line = line.trim();
            if line.is_empty() {
                return Ok(Some(default));
            }
            match line.parse::<usize>() {
                Ok(n) if (1..=options.len()).contains(&n) => return Ok(Some(n - 1)),
                _ => writeln!(err, "Type a number from 1 to {}.", options.len())
                    .map_err(Error::Prompt)?,
            }
        }
    }

    /// A line typed after `prompt`; `None` when the input ended.
    fn read_line(&self, prompt: &str) -> Result<Option<String>> {
        let mut err = io::stderr();
        write!(err, "{prompt}")
            .and_then(|_| err.flush())
            .map_err(Error::Prompt)?;
        // The quiz's reader of standard input, so that no line is lost between the two. A
        // signal while it waits ends balance from the handler.
        let line = asking(self.interrupted(), crate::quiz::terminal::stdin_line);
        let line = line.map_err(Error::Prompt)?;
        Ok(line.map(|l| l.trim_end_matches('\r').to_string()))
    }
}

fn terminal_width() -> usize {
    console::Term::stderr().size().1 as usize
}

/// Wrapped to the terminal; a word longer than a line (a URL in a practice from a file) is
/// broken rather than let run past the edge.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let options = textwrap::Options::new(terminal_width().max(20))
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(text, options)
}
