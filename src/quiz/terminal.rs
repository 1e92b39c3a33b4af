//! Prompters for a real terminal: one keystroke per answer, or, in plain mode, a typed number
//! per line for screen readers.

use std::io::{self, BufRead, Write};

use console::{Key, Term};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Prompter, Question, Reply};
use crate::output::Look;

/// The progress bar's width, as its template sets it.
const BAR_WIDTH: usize = 30;
const KEYS_HELP: &str = "1-7 answer  arrows move  Enter choose  b back  s skip  Ctrl-C pause";

/// Draws each statement with its scale above a progress bar and reads single keys.
pub struct KeyPrompter {
    term: Term,
    bar: ProgressBar,
    look: Look,
    /// Lines the last drawing took, to clear before the next.
    drawn: usize,
}

impl KeyPrompter {
    pub fn new(total: usize, look: Look) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        let template = if look.unicode {
            "{bar:30.cyan/blue} {pos:>3}/{len:3} {msg}"
        } else {
            "{bar:30} {pos:>3}/{len:3} {msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars(if look.unicode { "█▉░" } else { "#>." }));
        }
        KeyPrompter {
            term: Term::stderr(),
            bar,
            look,
            drawn: 0,
        }
    }

    fn draw(&mut self, question: &Question, selected: i64) -> io::Result<()> {
        let width = usize::from(self.term.size().1).max(20);
        let lines = screen(question, selected, self.look, width);
        let (term, drawn) = (&self.term, self.drawn);
        let result = self.bar.suspend(|| -> io::Result<()> {
            term.clear_last_lines(drawn)?;
            for line in &lines {
                term.write_line(line)?;
            }
            Ok(())
        });
        self.drawn = lines.len();
        result
    }
}

/// The lines that show a statement and its scale, the selected point marked.
/// Every line is wrapped to the terminal before it is styled: a line the terminal wrapped by
/// itself would take two rows, and clearing the drawing would then leave one behind.
fn screen(question: &Question, selected: i64, look: Look, width: usize) -> Vec<String> {
    let scale = &question.questionnaire.scale;
    let wrap = |text: &str| {
        textwrap::wrap(text, width)
            .into_iter()
            .map(|l| l.into_owned())
            .collect::<Vec<_>>()
    };
    let mut lines: Vec<String> = wrap(&question.questionnaire.title)
        .iter()
        .map(|l| look.dim(l).to_string())
        .collect();
    lines.extend(
        wrap(&question.item.text)
            .iter()
            .map(|l| look.bold(l).to_string()),
    );
    for point in scale.points() {
        let pointer = if point == selected { ">" } else { " " };
        let earlier = if question.previous == Some(point) {
            "  (your earlier answer)"
        } else {
            ""
        };
        for line in wrap(&format!(
            "{pointer} {point}  {}{earlier}",
            scale.label(point)
        )) {
            lines.push(if point == selected {
                look.paint(line).cyan().to_string()
            } else {
                line
            });
        }
    }
    lines.extend(wrap(KEYS_HELP).iter().map(|l| look.dim(l).to_string()));
    lines
}

impl Prompter for KeyPrompter {
    fn ask(&mut self, question: &Question) -> io::Result<Reply> {
        let scale = &question.questionnaire.scale;
        self.bar.set_length(question.total as u64);
        self.bar.set_position(question.number as u64 - 1);
        // The bar's line must fit the terminal, or redrawing it would leave rows behind.
        let room = usize::from(self.term.size().1).saturating_sub(BAR_WIDTH + 12);
        let title: String = question.questionnaire.title.chars().take(room).collect();
        self.bar.set_message(title);
        let mut selected = question.previous.unwrap_or((scale.min + scale.max) / 2);
        loop {
            self.draw(question, selected)?;
            let key = match self.term.read_key() {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(Reply::Interrupt),
                other => other?,
            };
            match key {
                Key::Char(c) if c.is_ascii_digit() => {
                    let answer = i64::from(c as u8 - b'0');
                    if scale.contains(answer) {
                        return Ok(Reply::Answer(answer));
                    }
                }
                Key::ArrowUp | Key::ArrowLeft => selected = (selected - 1).max(scale.min),
                Key::ArrowDown | Key::ArrowRight => selected = (selected + 1).min(scale.max),
                Key::Enter => return Ok(Reply::Answer(selected)),
                Key::Char('b') | Key::Backspace => return Ok(Reply::Back),
                Key::Char('s') => return Ok(Reply::Skip),
                Key::CtrlC | Key::Char('\u{3}') => return Ok(Reply::Interrupt),
                _ => {}
            }
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        self.bar.finish_and_clear();
        self.term.clear_last_lines(self.drawn)?;
        self.drawn = 0;
        Ok(())
    }
}

/// One statement and its scale per line; answers typed as numbers and Enter.
pub struct LinePrompter<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> LinePrompter<R, W> {
    pub fn new(input: R, output: W) -> Self {
        LinePrompter { input, output }
    }
}

impl<R: BufRead, W: Write> Prompter for LinePrompter<R, W> {
    fn ask(&mut self, question: &Question) -> io::Result<Reply> {
        let scale = &question.questionnaire.scale;
        let points: Vec<String> = scale
            .points()
            .map(|p| format!("{p} {}", scale.label(p)))
            .collect();
        let out = &mut self.output;
        writeln!(
            out,
            "Statement {} of {} ({})",
            question.number, question.total, question.questionnaire.title
        )?;
        writeln!(out, "{}", question.item.text)?;
        writeln!(out, "{}", points.join(", "))?;
        if let Some(previous) = question.previous {
            writeln!(out, "Earlier answer: {previous} {}", scale.label(previous))?;
        }
        loop {
            write!(
                out,
                "Type {}-{}, b to go back, s to skip: ",
                scale.min, scale.max
            )?;
            out.flush()?;
            let mut line = String::new();
            if self.input.read_line(&mut line)? == 0 {
                return Ok(Reply::Interrupt);
            }
            match line.trim() {
                "b" | "B" => return Ok(Reply::Back),
                "s" | "S" => return Ok(Reply::Skip),
                typed => match typed.parse::<i64>() {
                    Ok(answer) if scale.contains(answer) => return Ok(Reply::Answer(answer)),
                    _ => writeln!(
                        out,
                        "Please type a number from {} to {}, b or s.",
                        scale.min, scale.max
                    )?,
                },
            }
        }
    }
}
