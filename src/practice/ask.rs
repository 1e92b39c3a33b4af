//! The practice loop's questions at the terminal, on standard error: did you try it, a note,
//! and the practice to try next. With a drawing terminal they are dialoguer prompts; in line
//! mode (`--plain`, a dumb terminal) numbered lists read from standard input.

use std::io::{self, Write};

use super::{note, ChosenPractice, PreviousPractice, Tried};
use crate::error::{Error, Result};

/// Printed when Ctrl-C ends one of these questions: the result is not saved yet, but its
/// answers are, with the progress.
const INTERRUPTED: &str =
    "Interrupted before saving. Your answers are kept; `balance quiz --resume` finishes.\n";

/// Asks at the terminal, drawn or line by line.
pub struct Asker {
    /// Numbered lists read line by line instead of drawn prompts.
    pub line_mode: bool,
}

impl Asker {
    /// "Did you try it?" about the practice chosen last time; `None` when skipped.
    pub fn tried(&self, previous: &PreviousPractice) -> Result<Option<Tried>> {
        self.say(&format!("Last time you chose: {}", previous.text))?;
        let options = ["yes", "partly", "not yet", "skip"].map(String::from);
        let answers = [Some(Tried::Yes), Some(Tried::Partly), Some(Tried::No), None];
        let choice = self.select("Did you try it?", &options, 0)?;
        Ok(answers[choice])
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
                self.input("Note")?
            };
            // A drawn prompt checks as it is typed; a line read here is checked now.
            match note(&text) {
                Ok(kept) => return Ok(kept),
                Err(e) => writeln!(io::stderr(), "{e}").map_err(Error::Prompt)?,
            }
        }
    }

    fn input(&self, prompt: &str) -> Result<String> {
        let on_interrupt = crate::confirm::restore_cursor_on_interrupt(INTERRUPTED);
        let text = dialoguer::Input::<String>::new()
            .with_prompt(prompt)
            .allow_empty(true)
            .validate_with(|text: &String| note(text).map(|_| ()).map_err(|e| e.to_string()))
            .interact_text();
        crate::confirm::unregister(on_interrupt);
        text.map_err(prompt_error)
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
        Ok(choices.get(choice).cloned())
    }

    /// A line of prose before a question, wrapped to the terminal.
    fn say(&self, text: &str) -> Result<()> {
        let width = console::Term::stderr().size().1 as usize;
        let wrapped = textwrap::fill(text, width.max(20));
        writeln!(io::stderr(), "\n{wrapped}").map_err(Error::Prompt)
    }

    fn select(&self, prompt: &str, options: &[String], default: usize) -> Result<usize> {
        if self.line_mode {
            return self.select_by_number(prompt, options, default);
        }
        let rows = console::Term::stderr().size().0 as usize;
        let width = prompt_width();
        let options: Vec<String> = options
            .iter()
            .map(|o| console::truncate_str(o, width, "…").into_owned())
            .collect();
        let on_interrupt = crate::confirm::restore_cursor_on_interrupt(INTERRUPTED);
        let choice = dialoguer::Select::new()
            .with_prompt(prompt)
            .items(&options)
            .default(default)
            .max_length(rows.saturating_sub(4).max(3))
            .interact();
        crate::confirm::unregister(on_interrupt);
        choice.map_err(prompt_error)
    }

    /// A numbered list; Enter takes the default, anything else is asked again.
    fn select_by_number(&self, prompt: &str, options: &[String], default: usize) -> Result<usize> {
        let mut err = io::stderr();
        writeln!(err, "{prompt}").map_err(Error::Prompt)?;
        for (i, option) in options.iter().enumerate() {
            writeln!(err, "  {}) {option}", i + 1).map_err(Error::Prompt)?;
        }
        loop {
            let line =
                self.read_line(&format!("Choose 1-{} [{}]: ", options.len(), default + 1))?;
            let line = line.trim();
            if line.is_empty() {
                return Ok(default);
            }
            match line.parse::<usize>() {
                Ok(n) if (1..=options.len()).contains(&n) => return Ok(n - 1),
                _ => writeln!(err, "Type a number from 1 to {}.", options.len())
                    .map_err(Error::Prompt)?,
            }
        }
    }

    fn read_line(&self, prompt: &str) -> Result<String> {
        let mut err = io::stderr();
        write!(err, "{prompt}")
            .and_then(|_| err.flush())
            .map_err(Error::Prompt)?;
        // The quiz's reader of standard input, so that no line is lost between the two.
        match crate::quiz::terminal::stdin_line().map_err(Error::Prompt)? {
            Some(line) => Ok(line.trim_end_matches('\r').to_string()),
            None => Err(Error::Prompt(io::ErrorKind::UnexpectedEof.into())),
        }
    }
}

/// Room for one option on a line: dialoguer redraws by counting lines, so none may wrap.
fn prompt_width() -> usize {
    let columns = console::Term::stderr().size().1 as usize;
    columns.saturating_sub(4).max(10)
}

fn prompt_error(e: dialoguer::Error) -> Error {
    match e {
        dialoguer::Error::IO(e) => Error::Prompt(e),
    }
}
