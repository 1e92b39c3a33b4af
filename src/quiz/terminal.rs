//! Prompters for a real terminal: one keystroke per answer, or, in plain mode, a typed number
//! per line for screen readers.

use std::io::{self, BufRead, Write};
use std::sync::{mpsc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use console::{Key, Term};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::interrupt::Signals;
use super::{Prompter, Question, Reply};
use crate::output::Look;

const KEYS_HELP: &str = "1-7 answer  arrows move  Enter choose  b back  s skip  Ctrl-C pause";

/// Draws each statement with its scale above a progress bar and reads single keys.
pub struct KeyPrompter<'s> {
    term: Term,
    bar: ProgressBar,
    look: Look,
    signals: &'s Signals,
    /// The visible width of each line of the last drawing, to clear before the next.
    drawn: Vec<usize>,
    /// The terminal's width at the last drawing: the progress bar filled it.
    drawn_at: usize,
    /// How long the last answer took, from the statement's first drawing to the key.
    seconds: Option<f64>,
}

impl<'s> KeyPrompter<'s> {
    pub fn new(total: usize, look: Look, signals: &'s Signals) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        let template = if look.unicode {
            "{wide_bar:.cyan/blue} {msg}"
        } else {
            "{wide_bar} {msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars(if look.unicode { "█▉░" } else { "#>." }));
        }
        KeyPrompter {
            term: Term::stderr(),
            bar,
            look,
            signals,
            drawn: Vec::new(),
            drawn_at: 0,
            seconds: None,
        }
    }

    fn draw(&mut self, question: &Question, selected: Option<i64>) -> io::Result<()> {
        let width = usize::from(self.term.size().1).max(20);
        let lines = screen(question, selected, self.look, width);
        let rows = self.rows_drawn(width);
        let term = &self.term;
        let result = self.bar.suspend(|| -> io::Result<()> {
            term.clear_last_lines(rows)?;
            for line in &lines {
                term.write_line(line)?;
            }
            Ok(())
        });
        self.drawn = lines
            .iter()
            .map(|l| console::measure_text_width(l))
            .collect();
        self.drawn_at = width;
        result
    }

    /// The rows the last drawing takes now: a terminal narrowed since then (tmux, most
    /// graphical ones) has wrapped each of its lines onto as many rows as the new width needs.
    /// The progress bar below it filled the old width and wrapped too, but clears only its
    /// first row itself, leaving the cursor lower by the rest.
    fn rows_drawn(&self, width: usize) -> usize {
        let bar_overflow = self.drawn_at.div_ceil(width).saturating_sub(1);
        let lines: usize = self.drawn.iter().map(|w| w.div_ceil(width).max(1)).sum();
        lines + bar_overflow
    }

    fn clear_drawing(&mut self) -> io::Result<()> {
        let width = usize::from(self.term.size().1).max(20);
        let rows = self.rows_drawn(width);
        self.drawn.clear();
        self.term.clear_last_lines(rows)
    }
}

/// The lines that show a statement and its scale, the selected point marked.
/// Every line is wrapped to the terminal before it is styled: a line the terminal wrapped by
/// itself would take two rows, and clearing the drawing would then leave one behind.
fn screen(question: &Question, selected: Option<i64>, look: Look, width: usize) -> Vec<String> {
    let scale = &question.questionnaire.scale;
    // Never break at a hyphen: "Ctrl-C" must stay whole.
    let options =
        textwrap::Options::new(width).word_splitter(textwrap::WordSplitter::NoHyphenation);
    let wrap = |text: &str| {
        textwrap::wrap(text, &options)
            .into_iter()
            .map(|l| l.into_owned())
            .collect::<Vec<_>>()
    };
    // The statement alone, without the questionnaire's title: a title such as "Signs of
    // clinginess" invites the answer that flatters.
    let mut lines: Vec<String> = wrap(&question.item.text)
        .iter()
        .map(|l| look.bold(l).to_string())
        .collect();
    for point in scale.points() {
        let chosen = selected == Some(point);
        let pointer = if chosen { ">" } else { " " };
        let earlier = if question.previous == Some(point) {
            "  (your earlier answer)"
        } else {
            ""
        };
        for line in wrap(&format!(
            "{pointer} {point}  {}{earlier}",
            scale.label(point)
        )) {
            lines.push(if chosen {
                look.paint(line).cyan().to_string()
            } else {
                line
            });
        }
    }
    lines.extend(wrap(KEYS_HELP).iter().map(|l| look.dim(l).to_string()));
    lines
}

impl KeyPrompter<'_> {
    /// Reads the next key; a signal that interrupted the wait comes back as `None` after a
    /// resize (the caller redraws) or as `Ctrl-C` otherwise.
    fn next_key(&self) -> io::Result<Option<Key>> {
        // `read_key_raw` reports a Ctrl-C byte, and any signal that cut the wait short, as
        // `Key::CtrlC` instead of raising SIGINT itself; the flags tell them apart.
        let key = self.term.read_key_raw()?;
        if key == Key::CtrlC && self.signals.interrupted().is_none() {
            if self.signals.take_resized() {
                return Ok(None);
            }
            self.signals.note_ctrl_c();
        }
        Ok(Some(key))
    }

    /// Ctrl-Z: leave the terminal as it was, stop as the shell expects, and come back to
    /// the same statement.
    fn suspend(&mut self) -> io::Result<()> {
        let bar = self.bar.clone();
        bar.suspend(|| self.clear_drawing())?;
        let _ = self.term.show_cursor();
        #[cfg(unix)]
        signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
        Ok(())
    }
}

impl Prompter for KeyPrompter<'_> {
    fn ask(&mut self, question: &Question) -> io::Result<Reply> {
        let scale = &question.questionnaire.scale;
        self.bar.set_length(question.total as u64);
        self.bar.set_position(question.number as u64 - 1);
        self.bar.set_message(format!(
            "statement {} of {}",
            question.number, question.total
        ));
        // Nothing is chosen until a key says so: an Enter alone (after a resume, say) must
        // not record an answer the person never gave.
        let mut selected = question.previous;
        let started = Instant::now();
        self.seconds = None;
        loop {
            // A resize or `fg` is answered by this drawing; a flag left over from one must not
            // turn the next Ctrl-C into a redraw.
            self.signals.take_resized();
            self.draw(question, selected)?;
            let Some(key) = self.next_key()? else {
                continue;
            };
            let middle = (scale.min + scale.max) / 2;
            match key {
                Key::Char(c) if c.is_ascii_digit() => {
                    let answer = i64::from(c as u8 - b'0');
                    if scale.contains(answer) {
                        self.seconds = Some(started.elapsed().as_secs_f64());
                        return Ok(Reply::Answer(answer));
                    }
                }
                Key::ArrowUp | Key::ArrowLeft => {
                    selected = Some(selected.map_or(middle, |s| (s - 1).max(scale.min)))
                }
                Key::ArrowDown | Key::ArrowRight => {
                    selected = Some(selected.map_or(middle, |s| (s + 1).min(scale.max)))
                }
                Key::Enter => {
                    if let Some(answer) = selected {
                        self.seconds = Some(started.elapsed().as_secs_f64());
                        return Ok(Reply::Answer(answer));
                    }
                }
                Key::Char('b') | Key::Backspace => return Ok(Reply::Back),
                Key::Char('s') => return Ok(Reply::Skip),
                Key::CtrlC | Key::Char('\u{3}') => return Ok(Reply::Interrupt),
                Key::Char('\u{1a}') => self.suspend()?,
                _ => {}
            }
        }
    }

    fn seconds(&self) -> Option<f64> {
        self.seconds
    }

    fn finish(&mut self) -> io::Result<()> {
        // Here and not for every prompter: the line prompter writes no escape codes.
        let _ = self.term.show_cursor();
        self.bar.finish_and_clear();
        self.clear_drawing()?;
        Ok(())
    }
}

/// How often the line prompter looks at the signal flags while it waits for a line.
const SIGNAL_CHECK: Duration = Duration::from_millis(50);

/// One statement and its scale per line; answers typed as numbers and Enter.
///
/// Lines are read on a thread of their own: a blocked read is restarted after a signal, so
/// the prompter waits on the lines with a timeout and looks at the flags in between.
pub struct LinePrompter<'s, W> {
    lines: Lines,
    output: W,
    signals: Option<&'s Signals>,
}

/// Where a line prompter's lines come from.
enum Lines {
    /// A reader of its own (tests).
    Own(Receiver<io::Result<String>>),
    /// Standard input, shared with every later question ([`stdin_line`]).
    Stdin,
}

type Receiver<T> = mpsc::Receiver<T>;

/// Reads `input` line by line on a thread, one line ahead at most.
fn read_on_a_thread<R: BufRead + Send + 'static>(input: R) -> Receiver<io::Result<String>> {
    let (sender, lines) = mpsc::sync_channel(1);
    std::thread::spawn(move || {
        for line in input.lines() {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    lines
}

/// Standard input's lines, read by one thread for the whole process. The quiz's reader
/// stays blocked on the next line after the last statement; a second reader would lose
/// that line to it, so the questions after the quiz read from the same one.
fn stdin_lines() -> &'static Mutex<Receiver<io::Result<String>>> {
    static LINES: OnceLock<Mutex<Receiver<io::Result<String>>>> = OnceLock::new();
    LINES.get_or_init(|| Mutex::new(read_on_a_thread(io::BufReader::new(io::stdin()))))
}

/// The next line of standard input, waiting at most `timeout`.
fn next_stdin_line(timeout: Duration) -> Result<io::Result<String>, mpsc::RecvTimeoutError> {
    let lines = stdin_lines().lock().unwrap_or_else(PoisonError::into_inner);
    lines.recv_timeout(timeout)
}

/// The next line of standard input; `None` at its end.
pub fn stdin_line() -> io::Result<Option<String>> {
    let lines = stdin_lines().lock().unwrap_or_else(PoisonError::into_inner);
    lines.recv().map_or(Ok(None), |line| line.map(Some))
}

impl<'s, W: Write> LinePrompter<'s, W> {
    pub fn new<R: BufRead + Send + 'static>(
        input: R,
        output: W,
        signals: Option<&'s Signals>,
    ) -> Self {
        LinePrompter {
            lines: Lines::Own(read_on_a_thread(input)),
            output,
            signals,
        }
    }

    /// A prompter on standard input.
    pub fn on_stdin(output: W, signals: Option<&'s Signals>) -> Self {
        LinePrompter {
            lines: Lines::Stdin,
            output,
            signals,
        }
    }

    /// The next line, or `None` at the end of input or on a signal.
    fn read_line(&mut self) -> io::Result<Option<String>> {
        loop {
            if self.signals.is_some_and(|s| s.interrupted().is_some()) {
                return Ok(None);
            }
            let next = match &self.lines {
                Lines::Own(lines) => lines.recv_timeout(SIGNAL_CHECK),
                Lines::Stdin => next_stdin_line(SIGNAL_CHECK),
            };
            match next {
                Ok(line) => return line.map(Some),
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(None),
            }
        }
    }
}

impl<W: Write> Prompter for LinePrompter<'_, W> {
    fn ask(&mut self, question: &Question) -> io::Result<Reply> {
        let scale = &question.questionnaire.scale;
        let points: Vec<String> = scale
            .points()
            .map(|p| format!("{p} {}", scale.label(p)))
            .collect();
        let out = &mut self.output;
        writeln!(out, "Statement {} of {}", question.number, question.total)?;
        writeln!(out, "{}", question.item.text)?;
        writeln!(out, "{}", points.join(", "))?;
        if let Some(previous) = question.previous {
            writeln!(out, "Earlier answer: {previous} {}", scale.label(previous))?;
        }
        loop {
            let out = &mut self.output;
            write!(
                out,
                "Type {}-{}, b to go back, s to skip: ",
                scale.min, scale.max
            )?;
            out.flush()?;
            let Some(line) = self.read_line()? else {
                return Ok(Reply::Interrupt);
            };
            let out = &mut self.output;
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
