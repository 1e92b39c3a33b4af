// End-to-end tests of the interactive quiz in a pseudo-terminal: the key prompter (digits,
// arrows, Enter, `b`, `s`), the line prompter of `--plain` and TERM=dumb, pausing on Ctrl-C,
// SIGTERM, SIGHUP and a closed terminal and resuming, Ctrl-Z and `fg`, a resized window, and
// refusing to ask without a terminal.
//
// The statements come in a shuffled order drawn once per quiz, so every test reads which
// statement is on the screen from its text and decides the key from the statement's id.
// Every key is sent only after the text drawn for the previous one has been seen, so the
// tests wait on output, never on time. (The one exception is deliberate: the test of the
// normal report answers at a reading pace, because answering faster than a statement can be
// read is itself one of the quality checks.)

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::Test;
use balance::catalog::Catalog;
use rexpect::process::wait::WaitStatus;
use rexpect::reader::{Options, Regex};
use rexpect::session::{spawn_with_options, PtySession};
use serde_json::Value;

const TIMEOUT_MS: u64 = 10_000;
/// The end of the key help, the last line the key prompter draws for a statement; short
/// enough to stay on one line at 40 columns.
const KEYS_HELP_END: &str = "s skip  Ctrl-C pause";
const PLAIN_PROMPT: &str = "Type 1-7, b to go back, s to skip: ";
const EARLIER: &str = "(your earlier answer)";
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
/// What the reading-pace test waits before an answer: above the quality check's 1.5 s.
const READING_PACE: Duration = Duration::from_millis(1_600);

// ---------------------------------------------------------------------------------------
// The built-in statements.

/// A built-in statement: its item id, questionnaire, keying and text.
#[derive(Debug, Clone, PartialEq)]
struct Stmt {
    id: String,
    questionnaire: String,
    reverse: bool,
    text: String,
}

/// How many statements the clinginess questionnaire asks.
fn clinginess_count() -> usize {
    catalog_statements()
        .iter()
        .filter(|s| s.questionnaire == "clinginess")
        .count()
}

/// Every built-in statement, questionnaire by questionnaire in the files' order.
fn catalog_statements() -> Vec<Stmt> {
    let catalog = Catalog::builtin().expect("built-ins load");
    catalog
        .questionnaires
        .iter()
        .flat_map(|q| {
            q.items.iter().map(|i| Stmt {
                id: i.id.clone(),
                questionnaire: q.id.clone(),
                reverse: i.reverse,
                text: i.text.clone(),
            })
        })
        .collect()
}

/// The item ids of one questionnaire, in its file's order.
fn ids_of(questionnaire: &str) -> Vec<String> {
    catalog_statements()
        .into_iter()
        .filter(|s| s.questionnaire == questionnaire)
        .map(|s| s.id)
        .collect()
}

fn statement(id: &str) -> Stmt {
    catalog_statements()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

/// Whitespace collapsed to single spaces, so that a statement wrapped over lines is found.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The statements whose text appears in `drawn`.
fn statements_in(drawn: &str) -> Vec<Stmt> {
    let flat = squash(drawn);
    catalog_statements()
        .into_iter()
        .filter(|s| flat.contains(&squash(&s.text)))
        .collect()
}

/// The one statement whose text appears in `drawn`.
fn statement_in(drawn: &str) -> Stmt {
    let found = statements_in(drawn);
    assert_eq!(
        found.len(),
        1,
        "exactly one statement should be drawn, found {:?} in:\n{drawn}",
        found.iter().map(|s| &s.id).collect::<Vec<_>>()
    );
    found.into_iter().next().unwrap()
}

/// A consistent answer: agree with forward-keyed statements, disagree with reverse-keyed ones,
/// alternating by the id's parity so that no long run of one key comes up whatever the order.
fn consistent_key(s: &Stmt) -> i64 {
    let odd =
        s.id.chars()
            .last()
            .and_then(|c| c.to_digit(10))
            .is_some_and(|d| d % 2 == 1);
    match (s.reverse, odd) {
        (false, true) => 5,
        (false, false) => 6,
        (true, true) => 3,
        (true, false) => 2,
    }
}

/// The clinginess score of `answers` worked out by hand: reverse-keyed items count 8 - the
/// answer, and the mean on 1-7 becomes 0-100.
fn clinginess_score(answers: &BTreeMap<String, i64>) -> (f64, i64) {
    let keyed: Vec<i64> = answers
        .iter()
        .map(|(id, a)| if statement(id).reverse { 8 - a } else { *a })
        .collect();
    let mean = keyed.iter().sum::<i64>() as f64 / keyed.len() as f64;
    let score = (mean - 1.0) / 6.0 * 100.0;
    (score, score.round() as i64)
}

// ---------------------------------------------------------------------------------------
// A balance run in a pseudo-terminal (rexpect).

/// rexpect hands over the output one byte per `char`; these map text to and from that form,
/// so that non-ASCII text (bars, box drawing) can be matched and read.
fn as_bytes_text(s: &str) -> String {
    s.bytes().map(char::from).collect()
}

fn decode(raw: &str) -> String {
    let bytes: Vec<u8> = raw.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8_lossy(&bytes).replace('\r', "")
}

/// Every line of `drawn` as the terminal starts it again at a carriage return or a newline
/// (escape codes already stripped).
fn drawn_lines(raw: &str) -> Vec<String> {
    let bytes: Vec<u8> = raw.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8_lossy(&bytes)
        .split(['\r', '\n'])
        .map(str::to_string)
        .collect()
}

/// Runs `inner` in a terminal of `cols` columns by 40 rows (a new pty reports 0x0, which no
/// person's terminal does). `exec` keeps the pid, so signals reach balance itself.
fn in_sized_terminal(inner: Command, cols: u16) -> Command {
    let mut outer = Command::new("sh");
    outer
        .arg("-c")
        .arg(format!("stty cols {cols} rows 40 && exec \"$@\""))
        .arg("sh")
        .arg(inner.get_program())
        .args(inner.get_args());
    for (key, value) in inner.get_envs() {
        match value {
            Some(value) => outer.env(key, value),
            None => outer.env_remove(key),
        };
    }
    if let Some(dir) = inner.get_current_dir() {
        outer.current_dir(dir);
    }
    outer
}

/// A balance run in a pseudo-terminal, everything it wrote (stdout and stderr) kept.
struct Pty {
    session: PtySession,
    args: Vec<String>,
    seen: String,
    /// The item ids in the order they were first drawn.
    shown: Vec<String>,
}

/// One drawing of the key prompter: the statement and the text drawn, escape codes stripped.
struct Drawing {
    stmt: Stmt,
    text: String,
    raw: String,
}

impl Drawing {
    /// The line of the selected point ("> 5  Somewhat agree"), if a point is selected.
    fn selected(&self) -> Option<String> {
        self.text
            .lines()
            .find(|l| l.starts_with("> "))
            .map(|l| l.trim_end().to_string())
    }

    fn check_fresh(&self) {
        assert!(
            !self.text.contains(EARLIER),
            "{} was never answered, yet shows an earlier answer:\n{}",
            self.stmt.id,
            self.text
        );
        assert_eq!(
            self.selected(),
            None,
            "{}: nothing should be selected when a statement is first drawn:\n{}",
            self.stmt.id,
            self.text
        );
    }

    /// Checks that no line of the drawing is wider than `cols` columns.
    fn check_width(&self, cols: usize) {
        for line in drawn_lines(&self.raw) {
            assert!(
                line.chars().count() <= cols,
                "a line wider than the terminal's {cols} columns ({}): {line:?}\n{}",
                line.chars().count(),
                self.text
            );
        }
    }
}

impl Pty {
    /// `balance ARGS` with TERM as given; escape codes are stripped from what is read.
    fn spawn(t: &Test, args: &[&str], term: &str) -> Pty {
        Pty::spawn_sized(t, args, term, 100)
    }

    fn spawn_sized(t: &Test, args: &[&str], term: &str, cols: u16) -> Pty {
        let mut command = t.command();
        command.args(args).env("TERM", term);
        Pty::spawn_command(command, args, cols)
    }

    /// `balance ARGS` with standard output into `file` (in the test's home), the rest on
    /// the terminal.
    fn spawn_with_stdout_to(t: &Test, args: &[&str], file: &str) -> Pty {
        let balance = t.command();
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("exec \"$0\" \"$@\" > {file}"))
            .arg(balance.get_program())
            .args(args)
            .env("TERM", "xterm");
        for (key, value) in balance.get_envs() {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        command.current_dir(t.home.path());
        Pty::spawn_command(command, args, 100)
    }

    fn spawn_command(command: Command, args: &[&str], cols: u16) -> Pty {
        let options = Options::new()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(true);
        let session = spawn_with_options(in_sized_terminal(command, cols), options)
            .unwrap_or_else(|e| panic!("spawn balance {args:?} in a pty: {e}"));
        Pty {
            session,
            args: args.iter().map(|a| a.to_string()).collect(),
            seen: String::new(),
            shown: Vec::new(),
        }
    }

    fn fail(&self, what: &str, e: impl std::fmt::Display) -> ! {
        panic!(
            "balance {:?}: {what}: {e}\n--- output so far ---\n{}",
            self.args,
            decode(&self.seen)
        )
    }

    /// Waits for `text` and returns what came before it and the text, as read.
    fn expect_raw(&mut self, text: &str) -> String {
        match self.session.exp_string(&as_bytes_text(text)) {
            Ok(before) => {
                let got = format!("{before}{}", as_bytes_text(text));
                self.seen.push_str(&got);
                got
            }
            Err(e) => self.fail(&format!("waiting for {text:?}"), e),
        }
    }

    /// Waits for `text` and returns what came before it and the text.
    fn expect(&mut self, text: &str) -> String {
        decode(&self.expect_raw(text))
    }

    /// Waits until the key prompter has drawn a statement completely.
    fn drawing(&mut self) -> Drawing {
        let raw = self.expect_raw(KEYS_HELP_END);
        let text = decode(&raw);
        let stmt = statement_in(&text);
        if !self.shown.contains(&stmt.id) {
            self.shown.push(stmt.id.clone());
        }
        Drawing { stmt, text, raw }
    }

    /// Waits for a statement never answered and checks it is drawn fresh.
    fn fresh(&mut self) -> Drawing {
        let d = self.drawing();
        d.check_fresh();
        d
    }

    fn send(&mut self, keys: &str) {
        if let Err(e) = self.session.send(keys) {
            self.fail(&format!("sending {keys:?}"), e);
        }
        if let Err(e) = self.session.flush() {
            self.fail("flushing", e);
        }
    }

    fn send_line(&mut self, line: &str) {
        if let Err(e) = self.session.send_line(line) {
            self.fail(&format!("sending line {line:?}"), e);
        }
    }

    fn ctrl_c(&mut self) {
        if let Err(e) = self.session.send_control('c') {
            self.fail("sending Ctrl-C", e);
        }
    }

    fn pid(&self) -> i32 {
        self.session.process.child_pid.as_raw()
    }

    fn signal(&self, signal: i32) {
        // SAFETY: kill only sends a signal to the child this test started.
        let sent = unsafe { libc::kill(self.pid(), signal) };
        assert_eq!(sent, 0, "kill: {}", std::io::Error::last_os_error());
    }

    /// Reads to the end and returns the rest of the output and how balance ended.
    fn finish_status(mut self) -> (String, WaitStatus) {
        let rest = match self.session.exp_eof() {
            Ok(rest) => rest,
            Err(e) => self.fail("waiting for the end", e),
        };
        self.seen.push_str(&rest);
        let status = self
            .session
            .process
            .wait()
            .unwrap_or_else(|e| self.fail("waiting for exit", e));
        let all = decode(&self.seen);
        assert!(
            !all.contains("panicked"),
            "balance {:?} panicked:\n{all}",
            self.args
        );
        (decode(&rest), status)
    }

    /// Reads to the end and returns the rest of the output and the exit code.
    fn finish(self) -> (String, i32) {
        let args = self.args.clone();
        let (rest, status) = self.finish_status();
        match status {
            WaitStatus::Exited(_, code) => (rest, code),
            other => panic!("balance {args:?} ended by {other:?}, not an exit:\n{rest}"),
        }
    }
}

fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON ({e}):\n{text}", path.display()))
}

fn answers_of(doc: &Value) -> BTreeMap<String, i64> {
    let qs = doc["questionnaires"].as_array().expect("questionnaires");
    assert_eq!(qs.len(), 1, "one questionnaire taken: {doc}");
    assert_eq!(qs[0]["id"], "clinginess");
    serde_json::from_value(qs[0]["answers"].clone()).expect("answers map")
}

/// The part of the output from the report's heading on.
fn report_part(output: &str) -> &str {
    let start = output
        .find("Your balance")
        .unwrap_or_else(|| panic!("no report (\"Your balance\") in:\n{output}"));
    &output[start..]
}

/// Checks the Clinginess row of the score table: the score worked out by hand, inside its
/// 90 % interval, and a band word or range.
fn check_score_row(report: &str, score: i64) {
    let row = Regex::new(
        r"Clinginess\s*┆?\s*(\d+) \((\d+)-(\d+)\)\s*┆?\s*[█▉▒░#~.]+\s*┆?\s*([a-z][a-z ]*[a-z])",
    )
    .unwrap();
    let caps = row
        .captures(report)
        .unwrap_or_else(|| panic!("no Clinginess row in the score table:\n{report}"));
    let shown: i64 = caps[1].parse().unwrap();
    let (low, high): (i64, i64) = (caps[2].parse().unwrap(), caps[3].parse().unwrap());
    assert_eq!(shown, score, "clinginess score:\n{report}");
    assert!(
        low <= score && score <= high,
        "interval {low}-{high}:\n{report}"
    );
    let band = &caps[4];
    let words = ["very low", "low", "moderate", "high", "very high"];
    assert!(
        words.contains(&band) || band.split(" to ").all(|w| words.contains(&w)),
        "band {band:?}:\n{report}"
    );
}

// ---------------------------------------------------------------------------------------
// 1. The whole quiz by keystrokes.

/// Takes the clinginess quiz by keys: digits, `b` back to change an answer, Enter with
/// nothing selected, arrows and Enter, `s` to skip; consistent answers otherwise. With
/// `paced`, waits a reading time before each answer. Returns the answers given and the
/// session, which has just answered the last statement.
fn take_by_keys(t: &Test, extra: &[&str], paced: bool) -> (BTreeMap<String, i64>, Pty) {
    // The practice loop's questions have tests of their own.
    let mut args = without_loop(&["quiz", "clinginess"]);
    args.extend_from_slice(extra);
    let mut pty = Pty::spawn(t, &args, "xterm");
    let intro = pty.expect(&format!("{} statements", clinginess_count()));
    assert!(
        intro.contains("Think of your current relationship"),
        "the intro should say which relationship to think of: {intro}"
    );
    assert!(
        !intro.contains("Signs of clinginess"),
        "no questionnaire title: {intro}"
    );
    let pause = || {
        if paced {
            std::thread::sleep(READING_PACE)
        }
    };
    let mut given = BTreeMap::new();

    // 1: a digit.
    let first = pty.fresh();
    pause();
    let key = consistent_key(&first.stmt);
    pty.send(&key.to_string());
    given.insert(first.stmt.id.clone(), key);
    // 2: answered 3, then changed after going back.
    let second = pty.fresh();
    assert_ne!(second.stmt.id, first.stmt.id);
    pty.send("3");
    let third = pty.fresh();
    pty.send("b");
    let back = pty.drawing();
    assert_eq!(
        back.stmt.id, second.stmt.id,
        "b should bring back the previous statement:\n{}",
        back.text
    );
    assert_eq!(
        back.selected().as_deref(),
        Some(format!("> 3  Somewhat disagree  {EARLIER}").as_str()),
        "going back should show and select the earlier answer 3:\n{}",
        back.text
    );
    assert_eq!(back.text.matches(EARLIER).count(), 1, "{}", back.text);
    pause();
    let key = consistent_key(&second.stmt);
    pty.send(&key.to_string());
    given.insert(second.stmt.id.clone(), key);
    // 3 again: Enter with nothing selected records nothing, then arrows and Enter.
    let again = pty.fresh();
    assert_eq!(again.stmt.id, third.stmt.id, "{}", again.text);
    pty.send("\r");
    let still = pty.fresh();
    assert_eq!(
        still.stmt.id, third.stmt.id,
        "Enter with nothing selected moved on:\n{}",
        still.text
    );
    pty.send(DOWN);
    let mut d = pty.drawing();
    assert_eq!(
        d.selected().as_deref(),
        Some("> 4  Neither agree nor disagree"),
        "the first arrow selects the middle point:\n{}",
        d.text
    );
    let key = consistent_key(&third.stmt);
    let (arrow, steps) = if key > 4 {
        (DOWN, key - 4)
    } else {
        (UP, 4 - key)
    };
    for _ in 0..steps {
        pty.send(arrow);
        d = pty.drawing();
    }
    assert!(
        d.selected()
            .is_some_and(|l| l.starts_with(&format!("> {key}  "))),
        "the arrows should have moved to {key}:\n{}",
        d.text
    );
    pause();
    pty.send("\r");
    given.insert(third.stmt.id.clone(), key);
    // 4: skipped.
    pty.fresh();
    pty.send("s");
    // The rest: digits.
    for _ in 4..clinginess_count() {
        let d = pty.fresh();
        pause();
        let key = consistent_key(&d.stmt);
        pty.send(&key.to_string());
        given.insert(d.stmt.id.clone(), key);
    }
    assert_eq!(
        pty.shown.len(),
        clinginess_count(),
        "shown: {:?}",
        pty.shown
    );
    let shown: BTreeSet<&String> = pty.shown.iter().collect();
    let all = ids_of("clinginess");
    assert_eq!(shown, all.iter().collect(), "each statement shown once");
    (given, pty)
}

#[test]
fn full_quiz_by_keys_at_a_reading_pace_gives_the_normal_report() {
    let t = Test::new();
    let (given, pty) = take_by_keys(&t, &["--no-save"], true);
    let (output, code) = pty.finish();
    assert_eq!(code, 0, "exit code; output:\n{output}");
    let report = report_part(&output);
    assert!(
        !report.contains("cannot be read reliably"),
        "consistent answers at a reading pace should be readable:\n{report}"
    );
    check_score_row(report, clinginess_score(&given).1);
    assert!(report.contains("Strategies to try"), "{report}");
    assert!(
        Regex::new(r"(?m)^1\. \S").unwrap().is_match(report),
        "at least one strategy listed:\n{report}"
    );
    assert!(report.contains("not a diagnosis"), "{report}");
    assert!(output.contains("Not saved (--no-save)."), "{output}");
    // The quiz cleared its drawing: no scale or key help after the last statement.
    assert!(!output.contains(KEYS_HELP_END), "{output}");
    assert!(!t.history().exists(), "--no-save wrote the history");
    assert!(!t.path("progress.json").exists(), "progress left behind");
}

/// Also: a signal that arrives once the result is saved (the handlers are gone by then)
/// does not save the progress again or a second result.
#[test]
fn full_quiz_by_keys_saves_the_answers_typed_to_the_history_once() {
    let t = Test::new();
    let (given, mut pty) = take_by_keys(&t, &[], false);
    let shown = pty.shown.clone();
    pty.expect("Saved to ");
    pty.signal(libc::SIGHUP);
    let (rest, status) = pty.finish_status();
    // Either balance had already exited, or the signal ended it with its usual effect.
    assert!(
        matches!(
            status,
            WaitStatus::Exited(_, 0)
                | WaitStatus::Signaled(_, rexpect::process::signal::Signal::SIGHUP, _)
        ),
        "{status:?}\n{rest}"
    );
    let text = std::fs::read_to_string(t.history()).expect("history.jsonl written");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "one result added:\n{text}");
    assert!(
        !t.path("progress.json").exists(),
        "progress left behind or saved again"
    );
    let doc: Value = serde_json::from_str(lines[0]).expect("a JSON line");
    assert_eq!(doc["schema"], "balance.result/v1");
    assert_eq!(doc["form"], "full");
    assert_eq!(answers_of(&doc), given, "answers saved");
    assert_eq!(doc["order"], serde_json::json!(shown), "order asked, saved");
    let dim = &doc["dimensions"]["clinginess"];
    assert_eq!(dim["answered"], clinginess_count() - 1);
    assert_eq!(dim["items"], clinginess_count());
    let (score, _) = clinginess_score(&given);
    assert!(
        (dim["score"].as_f64().unwrap() - score).abs() < 1e-9,
        "{dim} vs {score}"
    );
    // Consistent answers: nothing but the speed (the keys came in milliseconds) may be
    // flagged. Whether the speed is flagged is left to the reading-pace test, which waits.
    let flags: Vec<&str> = doc["quality"]["flags"]
        .as_array()
        .expect("quality flags")
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    assert!(flags.iter().all(|f| *f == "too_fast"), "{}", doc["quality"]);
}

// ---------------------------------------------------------------------------------------
// 2. Ctrl-C, then --resume.

fn progress_of(t: &Test) -> Value {
    read_json(&t.path("progress.json"))
}

fn saved_items(progress: &Value) -> Vec<String> {
    serde_json::from_value(progress["items"].clone()).expect("items")
}

/// Checks progress.json: the questionnaires, the order (a permutation of their statements
/// that starts with the statements shown), the position and the answers.
fn check_progress(
    t: &Test,
    questionnaires: &[&str],
    shown: &[String],
    position: u64,
    expected: &BTreeMap<String, i64>,
) -> Vec<String> {
    let progress = progress_of(t);
    assert_eq!(progress["schema"], "balance.progress/v1", "{progress}");
    assert_eq!(progress["form"], "full");
    assert_eq!(
        progress["questionnaires"],
        serde_json::json!(questionnaires)
    );
    let items = saved_items(&progress);
    let mut sorted = items.clone();
    sorted.sort();
    let mut all: Vec<String> = questionnaires.iter().flat_map(|q| ids_of(q)).collect();
    all.sort();
    assert_eq!(sorted, all, "items: each statement once: {progress}");
    assert_eq!(
        &items[..shown.len()],
        shown,
        "the statements were shown in the saved order"
    );
    assert_eq!(progress["position"], position, "{progress}");
    let saved: BTreeMap<String, i64> =
        serde_json::from_value(progress["answers"].clone()).expect("answers");
    assert_eq!(&saved, expected, "answers in progress.json");
    items
}

fn check_paused_message(output: &str, after: usize, of: usize) {
    let message = format!("Paused after {after} of {of} statements");
    assert_eq!(
        output.matches(&message).count(),
        1,
        "one pause message {message:?}:\n{output}"
    );
    assert!(output.contains("`balance quiz --resume`"), "{output}");
}

#[test]
fn ctrl_c_saves_progress_and_resume_continues_where_it_stopped() {
    let t = Test::new();
    let mut pty = Pty::spawn(&t, &["quiz", "clinginess"], "xterm");
    let mut before = BTreeMap::new();
    for n in 0..5 {
        let d = pty.fresh();
        if n == 2 {
            pty.send("s");
        } else {
            let key = consistent_key(&d.stmt);
            pty.send(&key.to_string());
            before.insert(d.stmt.id.clone(), key);
        }
    }
    let sixth = pty.fresh();
    pty.ctrl_c();
    let shown = pty.shown.clone();
    let (output, code) = pty.finish();
    assert_eq!(code, 130, "exit code after Ctrl-C; output:\n{output}");
    check_paused_message(&output, 5, clinginess_count());
    let items = check_progress(&t, &["clinginess"], &shown, 5, &before);
    assert!(!t.history().exists(), "an interrupted quiz saved a result");

    let mut pty = Pty::spawn(
        &t,
        &without_loop(&["quiz", "--resume", "--json", "--no-save"]),
        "xterm",
    );
    let intro = pty.expect(&format!("{} statements", clinginess_count() - 5));
    assert!(!intro.contains("Signs of clinginess"), "intro: {intro}");
    // The first statement drawn is the one Ctrl-C interrupted.
    let first = pty.fresh();
    assert_eq!(first.stmt.id, sixth.stmt.id, "{}", first.text);
    // Back to the fifth: the answer given before the pause is there; Enter keeps it.
    pty.send("b");
    let back = pty.drawing();
    assert_eq!(back.stmt.id, items[4], "{}", back.text);
    let earlier = before[&items[4]];
    assert!(
        back.selected()
            .is_some_and(|l| l.starts_with(&format!("> {earlier}  ")) && l.ends_with(EARLIER)),
        "{} after resuming should show its earlier answer {earlier}:\n{}",
        items[4],
        back.text
    );
    pty.send("\r");
    let mut all = before.clone();
    for id in &items[5..] {
        let d = pty.fresh();
        assert_eq!(&d.stmt.id, id, "the saved order is kept:\n{}", d.text);
        let key = consistent_key(&d.stmt);
        pty.send(&key.to_string());
        all.insert(id.clone(), key);
    }
    let (output, code) = pty.finish();
    assert_eq!(code, 0, "exit code of the resumed quiz; output:\n{output}");
    let start = output
        .find("{\n  \"schema\"")
        .unwrap_or_else(|| panic!("no JSON result in:\n{output}"));
    let resumed: Value = serde_json::from_str(output[start..].trim())
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", &output[start..]));
    assert!(
        !t.path("progress.json").exists(),
        "progress.json should be removed once the quiz is finished"
    );
    assert!(!t.history().exists(), "--no-save wrote the history");
    assert_eq!(answers_of(&resumed), all, "answers of the resumed quiz");
    assert_eq!(resumed["order"], serde_json::json!(items), "order kept");

    // The same answers from a file score the same. (The whole documents differ: only the
    // quiz at the terminal measures the time per statement.)
    let mut reference = Test::new();
    let answers = serde_json::to_string(&all).unwrap();
    let expected = reference.result_of(&["quiz", "clinginess"], &answers);
    assert_eq!(
        resumed["dimensions"], expected["dimensions"],
        "dimension scores of the resumed quiz and of --answers"
    );
    let (score, _) = clinginess_score(&all);
    assert!(
        (resumed["dimensions"]["clinginess"]["score"]
            .as_f64()
            .unwrap()
            - score)
            .abs()
            < 1e-9
    );
}

// ---------------------------------------------------------------------------------------
// 3. Honest labels: one shuffled order for all questionnaires, kept by back and --resume.

#[test]
fn shuffled_order_interleaves_questionnaires_and_survives_back_and_resume() {
    let t = Test::new();
    let mut pty = Pty::spawn(&t, &["quiz"], "xterm");
    let intro = pty.expect(&format!("{} statements", catalog_statements().len()));
    let catalog = Catalog::builtin().unwrap();
    for q in &catalog.questionnaires {
        assert!(
            !intro.contains(&q.title),
            "intro names {:?}: {intro}",
            q.title
        );
    }
    let mut given = BTreeMap::new();
    let mut drawn = Vec::new();
    for _ in 0..4 {
        let d = pty.fresh();
        assert!(!d
            .text
            .contains(&catalog.questionnaire(&d.stmt.questionnaire).unwrap().title));
        let key = consistent_key(&d.stmt);
        pty.send(&key.to_string());
        given.insert(d.stmt.id.clone(), key);
        drawn.push(d.stmt.id.clone());
    }
    let fifth = pty.fresh();
    pty.send("b");
    let back = pty.drawing();
    assert_eq!(back.stmt.id, drawn[3], "b shows the previous statement");
    assert!(back.text.contains(EARLIER), "{}", back.text);
    pty.send("\r");
    let again = pty.fresh();
    assert_eq!(again.stmt.id, fifth.stmt.id, "the order is kept after back");
    pty.ctrl_c();
    let shown = pty.shown.clone();
    let (output, code) = pty.finish();
    assert_eq!(code, 130, "{output}");
    check_paused_message(&output, 4, catalog_statements().len());
    let ids: Vec<&str> = catalog
        .questionnaires
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    let items = check_progress(&t, &ids, &shown, 4, &given);

    // Not grouped by questionnaire: a grouped order changes questionnaire at most twice; a
    // shuffle of 50 does so that rarely (about 1 in 10^21) that this cannot flake.
    let of = |id: &String| statement(id).questionnaire;
    let changes = items.windows(2).filter(|w| of(&w[0]) != of(&w[1])).count();
    assert!(
        changes > 2,
        "the order is grouped by questionnaire: {items:?}"
    );
    for q in &ids {
        let concatenated = ids_of(q);
        assert!(
            !items
                .windows(concatenated.len())
                .any(|w| w == concatenated.as_slice()),
            "{q}'s statements are asked in a block: {items:?}"
        );
    }

    // --resume continues in the same order.
    let mut pty = Pty::spawn(&t, &["quiz", "--resume"], "xterm");
    pty.expect(&format!("{} statements", catalog_statements().len() - 4));
    let d = pty.fresh();
    assert_eq!(d.stmt.id, items[4], "resume starts at the saved position");
    let key = consistent_key(&d.stmt);
    pty.send(&key.to_string());
    given.insert(d.stmt.id.clone(), key);
    let d = pty.fresh();
    assert_eq!(d.stmt.id, items[5], "then the next in the saved order");
    pty.ctrl_c();
    let (output, code) = pty.finish();
    assert_eq!(code, 130, "{output}");
    let progress = progress_of(&t);
    assert_eq!(
        saved_items(&progress),
        items,
        "the order is kept by --resume"
    );
    assert_eq!(progress["position"], 5);
    let saved: BTreeMap<String, i64> =
        serde_json::from_value(progress["answers"].clone()).expect("answers");
    assert_eq!(saved, given);
}

// ---------------------------------------------------------------------------------------
// 4. --plain: the line prompter.

/// Waits for the next plain prompt; returns the statement shown, the text and the number.
fn plain_statement(pty: &mut Pty, total: usize) -> (Stmt, String, usize) {
    let shown = pty.expect(PLAIN_PROMPT);
    let re = Regex::new(&format!(r"(?m)^Statement (\d+) of {total}\n(.*)\n")).unwrap();
    let caps = re
        .captures(&shown)
        .unwrap_or_else(|| panic!("no \"Statement N of {total}\" line:\n{shown}"));
    let n: usize = caps[1].parse().unwrap();
    let stmt = statement_in(&caps[2]);
    assert_eq!(squash(&caps[2]), squash(&stmt.text), "{shown}");
    pty.shown.push(stmt.id.clone());
    (stmt, shown, n)
}

#[test]
fn plain_quiz_takes_typed_numbers_and_asks_again_after_a_bad_one() {
    let t = Test::new();
    // TERM=xterm: --plain alone must switch to lines.
    let mut pty = Pty::spawn(
        &t,
        &without_loop(&["--plain", "quiz", "clinginess", "--no-save"]),
        "xterm",
    );
    let (first, shown, n) = plain_statement(&mut pty, clinginess_count());
    assert_eq!(n, 1);
    assert!(
        shown.contains(&format!("{} statements", clinginess_count())),
        "{shown}"
    );
    assert!(
        shown.contains(&format!(
            "Statement 1 of {}\n{}\n1 Strongly disagree, 2 Disagree, 3 Somewhat disagree, \
4 Neither agree nor disagree, 5 Somewhat agree, 6 Agree, 7 Strongly agree\n",
            clinginess_count(),
            first.text
        )),
        "statement 1 as lines, without the questionnaire's title:\n{shown}"
    );
    assert!(!shown.contains("Earlier answer"), "{shown}");
    pty.send_line("9");
    let again = pty.expect(PLAIN_PROMPT);
    assert!(
        again.contains("Please type a number from 1 to 7, b or s."),
        "9 is off the scale and should be asked again:\n{again}"
    );
    assert!(
        !again.contains("Statement 2"),
        "9 was taken as an answer:\n{again}"
    );
    pty.send_line("4");
    let (second, _, n) = plain_statement(&mut pty, clinginess_count());
    assert_eq!(n, 2);
    assert_ne!(second.id, first.id);
    pty.send_line("b");
    let (back, shown, n) = plain_statement(&mut pty, clinginess_count());
    assert_eq!((n, &back.id), (1, &first.id), "{shown}");
    assert!(
        shown.contains("Earlier answer: 4 Neither agree nor disagree"),
        "going back should show the earlier answer:\n{shown}"
    );
    let mut given = BTreeMap::new();
    let key = consistent_key(&first);
    pty.send_line(&key.to_string());
    given.insert(first.id.clone(), key);
    for expected_n in 2..=clinginess_count() {
        let (s, shown, n) = plain_statement(&mut pty, clinginess_count());
        assert_eq!(n, expected_n, "{shown}");
        if n == 2 {
            assert_eq!(s.id, second.id, "the order is kept after b");
        }
        assert!(!shown.contains("Earlier answer"), "{shown}");
        if n == 7 {
            pty.send_line("s");
        } else {
            let key = consistent_key(&s);
            pty.send_line(&key.to_string());
            given.insert(s.id.clone(), key);
        }
    }
    let (output, code) = pty.finish();
    assert_eq!(code, 0, "exit code; output:\n{output}");
    let report = report_part(&output);
    check_score_row(report, clinginess_score(&given).1);
    // Consistent answers: the normal report (the line prompter does not time answers).
    assert!(
        !report.contains("cannot be read reliably"),
        "consistent answers should be readable:\n{report}"
    );
    assert!(report.contains("Strategies to try"), "{report}");
    assert!(report.contains("not a diagnosis"), "{report}");
    assert!(report.contains("Not saved (--no-save)."), "{report}");
    assert!(
        !output.contains('│') && !output.contains('█'),
        "--plain draws no boxes or blocks:\n{output}"
    );
}

#[test]
fn plain_quiz_writes_no_escape_codes() {
    // Read without stripping, to see every escape code balance writes.
    let t = Test::new();
    let mut command = t.command();
    command
        .args(["--plain", "quiz", "clinginess", "--no-save"])
        .env("TERM", "xterm");
    let options = Options::new().timeout_ms(Some(TIMEOUT_MS));
    let mut session = spawn_with_options(in_sized_terminal(command, 100), options).expect("spawn");
    let mut seen = String::new();
    for _ in 0..clinginess_count() {
        seen.push_str(&session.exp_string(PLAIN_PROMPT).expect("prompt"));
        session.send_line("6").expect("send");
    }
    // The practice loop in line mode: a note, then the practice offered first.
    seen.push_str(&session.exp_string("Note: ").expect("note"));
    session.send_line("a calm week").expect("send");
    seen.push_str(&session.exp_string("Choose 1-").expect("practice"));
    session.send_line("").expect("send");
    seen.push_str(&session.exp_eof().expect("end"));
    let status = session.process.wait().expect("wait");
    assert!(
        matches!(status, WaitStatus::Exited(_, 0)),
        "{status:?}\n{seen}"
    );
    let seen = decode(&seen);
    assert!(seen.contains("Your balance"), "{seen}");
    assert!(seen.contains("Your note: \"a calm week\""), "{seen}");
    assert!(
        !seen.contains('\x1b'),
        "--plain should write no escape codes (colour, cursor moves):\n{seen:?}"
    );
}

// ---------------------------------------------------------------------------------------
// 5. No terminal, no answers.

#[test]
fn quiz_without_a_terminal_or_answers_exits_2_at_once() {
    let t = Test::new();
    let mut command = t.command();
    command
        .args(["quiz"])
        .env("TERM", "xterm")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn balance");
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("balance quiz without a terminal was still running after 5 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(status.code(), Some(2), "exit code; stderr:\n{stderr}");
    assert!(
        stderr.contains("--answers"),
        "the message should point to --answers:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        output.stdout.is_empty(),
        "stdout: {:?}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(!t.path("progress.json").exists());
}

// ---------------------------------------------------------------------------------------
// 6. SIGTERM and SIGHUP.

#[test]
fn sigterm_saves_progress_and_exits_143() {
    signal_saves_progress(libc::SIGTERM, 143);
}

#[test]
fn sighup_saves_progress_and_exits_129() {
    signal_saves_progress(libc::SIGHUP, 129);
}

fn signal_saves_progress(signal: i32, expected_code: i32) {
    let t = Test::new();
    let mut pty = Pty::spawn(&t, &["quiz", "clinginess"], "xterm");
    let mut given = BTreeMap::new();
    for key in [1, 7, 4] {
        let d = pty.fresh();
        pty.send(&key.to_string());
        given.insert(d.stmt.id.clone(), key);
    }
    pty.fresh();
    pty.signal(signal);
    let shown = pty.shown.clone();
    let (output, code) = pty.finish();
    check_paused_message(&output, 3, clinginess_count());
    check_progress(&t, &["clinginess"], &shown, 3, &given);
    assert!(!t.history().exists(), "an interrupted quiz saved a result");
    // 128 + the signal, as for any program it ends; 130 would say Ctrl-C.
    assert_eq!(
        code, expected_code,
        "exit code after signal {signal}; output:\n{output}"
    );
}

// ---------------------------------------------------------------------------------------
// 7. TERM=dumb: lines without --plain, and Ctrl-C there too.

#[test]
fn dumb_terminal_gets_lines_and_ctrl_c_pauses_there_too() {
    let t = Test::new();
    let mut pty = Pty::spawn(&t, &["quiz", "clinginess"], "dumb");
    let (first, shown, n) = plain_statement(&mut pty, clinginess_count());
    assert_eq!(n, 1, "{shown}");
    assert!(
        shown.contains(&format!("Statement 1 of {}\n", clinginess_count())),
        "no questionnaire title: {shown}"
    );
    pty.send_line("3");
    let (_, shown, n) = plain_statement(&mut pty, clinginess_count());
    assert_eq!(n, 2, "{shown}");
    pty.ctrl_c();
    let shown = pty.shown.clone();
    let (output, code) = pty.finish();
    assert_eq!(code, 130, "exit code after Ctrl-C; output:\n{output}");
    check_paused_message(&output, 1, clinginess_count());
    check_progress(
        &t,
        &["clinginess"],
        &shown,
        1,
        &BTreeMap::from([(first.id, 3)]),
    );
}

// ---------------------------------------------------------------------------------------
// 8. Hostile input, lost answers: Ctrl-Z and fg, a closed terminal.

/// Waits until `pid` has stopped (it stops itself on Ctrl-Z); fails if it exits instead or
/// has not stopped after the usual timeout.
fn wait_until_stopped(pid: i32) {
    let deadline = Instant::now() + Duration::from_millis(TIMEOUT_MS);
    loop {
        let mut status = 0;
        // SAFETY: waitpid on the child this test started; WUNTRACED reports a stop without
        // reaping anything.
        let got = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG | libc::WUNTRACED) };
        assert!(got >= 0, "waitpid: {}", std::io::Error::last_os_error());
        if got == pid {
            assert!(
                libc::WIFSTOPPED(status),
                "balance ended instead of stopping on Ctrl-Z (status {status:#x})"
            );
            return;
        }
        assert!(
            Instant::now() < deadline,
            "balance did not stop on Ctrl-Z within {TIMEOUT_MS} ms"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_z_then_fg_draws_the_statement_again_and_records_nothing() {
    let t = Test::new();
    let mut pty = Pty::spawn(&t, &["quiz", "clinginess"], "xterm");
    let mut given = BTreeMap::new();
    for _ in 0..2 {
        let d = pty.fresh();
        let key = consistent_key(&d.stmt);
        pty.send(&key.to_string());
        given.insert(d.stmt.id.clone(), key);
    }
    let third = pty.fresh();
    // Ctrl-Z is read as a key in raw mode: balance clears its drawing and stops itself.
    pty.send("\x1a");
    wait_until_stopped(pty.pid());
    // `fg`: the statement is drawn again, still unanswered.
    pty.signal(libc::SIGCONT);
    let again = pty.fresh();
    assert_eq!(again.stmt.id, third.stmt.id, "{}", again.text);
    // Ctrl-C now pauses as ever, with no answer recorded for the statement.
    pty.ctrl_c();
    let shown = pty.shown.clone();
    let (output, code) = pty.finish();
    assert_eq!(code, 130, "exit code after Ctrl-C; output:\n{output}");
    check_paused_message(&output, 2, clinginess_count());
    check_progress(&t, &["clinginess"], &shown, 2, &given);
}

/// A pseudo-terminal of our own, for closing it under balance: rexpect keeps the master open
/// until its child is dead.
struct RawPty {
    master: Option<std::fs::File>,
    child: std::process::Child,
    seen: Vec<u8>,
    read_to: usize,
}

impl RawPty {
    fn spawn(mut command: Command, cols: u16, rows: u16) -> RawPty {
        use std::ffi::CStr;
        use std::os::fd::FromRawFd;
        use std::os::unix::process::CommandExt;
        // SAFETY: plain libc calls on descriptors this function owns; the pre_exec hook only
        // calls async-signal-safe functions.
        let (master, slave) = unsafe {
            let m = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
            assert!(m >= 0, "posix_openpt: {}", std::io::Error::last_os_error());
            let master = std::fs::File::from_raw_fd(m);
            assert_eq!(libc::grantpt(m), 0, "grantpt");
            assert_eq!(libc::unlockpt(m), 0, "unlockpt");
            let mut name = [0 as libc::c_char; 128];
            assert_eq!(libc::ptsname_r(m, name.as_mut_ptr(), name.len()), 0);
            let s = libc::open(
                CStr::from_ptr(name.as_ptr()).as_ptr(),
                libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC,
            );
            assert!(
                s >= 0,
                "open the slave: {}",
                std::io::Error::last_os_error()
            );
            let size = libc::winsize {
                ws_row: rows,
                ws_col: cols,
                ws_xpixel: 0,
                ws_ypixel: 0,
            };
            assert_eq!(libc::ioctl(m, libc::TIOCSWINSZ, &size), 0, "TIOCSWINSZ");
            (master, std::fs::File::from_raw_fd(s))
        };
        command
            .stdin(slave.try_clone().unwrap())
            .stdout(slave.try_clone().unwrap())
            .stderr(slave);
        // SAFETY: setsid and ioctl are async-signal-safe.
        unsafe {
            command.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("spawn balance in a pty");
        // The command (and with it the parent's copies of the slave) is dropped by the caller.
        RawPty {
            master: Some(master),
            child,
            seen: Vec::new(),
            read_to: 0,
        }
    }

    /// Waits for `text`; returns the output from the end of the last match to its end.
    fn expect(&mut self, text: &str) -> String {
        use std::io::Read;
        use std::os::fd::AsRawFd;
        let deadline = Instant::now() + Duration::from_millis(TIMEOUT_MS);
        let master = self.master.as_mut().expect("open");
        loop {
            let unread = &self.seen[self.read_to..];
            if let Some(at) = unread
                .windows(text.len())
                .position(|w| w == text.as_bytes())
            {
                let end = self.read_to + at + text.len();
                let got = String::from_utf8_lossy(&self.seen[self.read_to..end]).into_owned();
                self.read_to = end;
                return got;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "waiting for {text:?}; output so far:\n{}",
                String::from_utf8_lossy(&self.seen)
            );
            let mut poll = libc::pollfd {
                fd: master.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one pollfd on a descriptor we own.
            let ready = unsafe { libc::poll(&mut poll, 1, left.as_millis() as i32) };
            if ready > 0 {
                let mut buf = [0u8; 4096];
                match master.read(&mut buf) {
                    Ok(n) if n > 0 => self.seen.extend_from_slice(&buf[..n]),
                    other => panic!(
                        "the pty ended ({other:?}) while waiting for {text:?}:\n{}",
                        String::from_utf8_lossy(&self.seen)
                    ),
                }
            }
        }
    }

    fn send(&mut self, keys: &str) {
        use std::io::Write;
        let master = self.master.as_mut().expect("open");
        master.write_all(keys.as_bytes()).expect("write to the pty");
        master.flush().expect("flush");
    }

    /// Closes the terminal, as closing its window does, and waits for balance to end.
    fn close(mut self) -> std::process::ExitStatus {
        drop(self.master.take());
        let deadline = Instant::now() + Duration::from_millis(TIMEOUT_MS);
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("balance was still running {TIMEOUT_MS} ms after its terminal closed");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn closing_the_terminal_mid_quiz_keeps_the_answers() {
    use std::os::unix::process::ExitStatusExt;
    let t = Test::new();
    let mut command = t.command();
    command.args(["quiz", "clinginess"]).env("TERM", "xterm");
    let mut pty = RawPty::spawn(command, 100, 40);
    let mut given = BTreeMap::new();
    let mut shown = Vec::new();
    for _ in 0..3 {
        let drawn = pty.expect(KEYS_HELP_END);
        let s = statement_in(&drawn);
        let key = consistent_key(&s);
        pty.send(&key.to_string());
        given.insert(s.id.clone(), key);
        shown.push(s.id);
    }
    let drawn = pty.expect(KEYS_HELP_END);
    shown.push(statement_in(&drawn).id);
    let status = pty.close();
    check_progress(&t, &["clinginess"], &shown, 3, &given);
    assert!(!t.history().exists(), "an interrupted quiz saved a result");
    // The kernel sends SIGHUP when the terminal goes: 128 + 1.
    assert_eq!(
        status.code(),
        Some(129),
        "exit after the terminal closed: {status:?} (signal {:?})",
        status.signal()
    );
}

// ---------------------------------------------------------------------------------------
// 9. Everyday use: a resized window.

fn set_window_size(pty: &Pty, cols: u16, rows: u16) {
    use std::os::fd::AsRawFd;
    let size = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCSWINSZ on the master of the pty this test opened; the kernel then sends
    // SIGWINCH to the terminal's foreground process group, balance.
    let done = unsafe { libc::ioctl(pty.session.process.pty.as_raw_fd(), libc::TIOCSWINSZ, &size) };
    assert_eq!(done, 0, "TIOCSWINSZ: {}", std::io::Error::last_os_error());
}

impl Pty {
    /// The progress bar drawn after a statement ("... statement N of M"), as lines.
    fn bar(&mut self, total: usize) -> Vec<String> {
        let raw = self.expect_raw(&format!(" of {total}"));
        drawn_lines(&raw)
    }
}

fn check_lines_fit(lines: &[String], cols: usize, what: &str) {
    for line in lines {
        assert!(
            line.chars().count() <= cols,
            "{what}: a line wider than the terminal's {cols} columns ({}): {line:?}",
            line.chars().count()
        );
    }
}

#[test]
fn resizing_the_window_draws_the_statement_again_within_the_new_width() {
    let t = Test::new();
    let mut pty = Pty::spawn_sized(&t, &["quiz", "clinginess"], "xterm", 100);
    let mut given = BTreeMap::new();
    let first = pty.fresh();
    first.check_width(100);
    check_lines_fit(&pty.bar(clinginess_count()), 100, "the bar at 100 columns");
    let key = consistent_key(&first.stmt);
    pty.send(&key.to_string());
    given.insert(first.stmt.id.clone(), key);
    let second = pty.fresh();
    pty.bar(clinginess_count());
    set_window_size(&pty, 40, 30);
    let again = pty.fresh();
    assert_eq!(again.stmt.id, second.stmt.id, "{}", again.text);
    again.check_width(40);
    check_lines_fit(&pty.bar(clinginess_count()), 40, "the bar at 40 columns");
    // Still usable at 40 columns: an arrow, then Enter.
    pty.send(DOWN);
    let d = pty.drawing();
    d.check_width(40);
    assert_eq!(
        d.selected().as_deref(),
        Some("> 4  Neither agree nor disagree")
    );
    pty.send("\r");
    given.insert(second.stmt.id.clone(), 4);
    let third = pty.fresh();
    third.check_width(40);
    pty.ctrl_c();
    let shown = pty.shown.clone();
    let (output, code) = pty.finish();
    assert_eq!(code, 130, "{output}");
    check_progress(&t, &["clinginess"], &shown, 2, &given);
}

/// tmux, a real terminal emulator: what it shows after a resize is what a person sees.
struct Tmux {
    socket: std::path::PathBuf,
}

impl Tmux {
    /// Starts `command` in a detached tmux window of the given size; `None` (after saying
    /// so) when tmux is missing outside CI. In CI a missing tmux fails the test.
    fn start(t: &Test, command: &str, cols: u16, rows: u16) -> Option<Tmux> {
        let present = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !present {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is needed for this test in CI (apt-get install -y tmux)"
            );
            eprintln!("SKIPPED outside CI: tmux is not installed");
            return None;
        }
        let tmux = Tmux {
            socket: t.path("tmux.sock"),
        };
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "quiz",
            "-x",
            &cols.to_string(),
            "-y",
            &rows.to_string(),
            command,
        ]);
        Some(tmux)
    }

    fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(["-f", "/dev/null"])
            .args(args)
            .output()
            .expect("run tmux");
        assert!(
            output.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "quiz"])
    }

    /// Waits until the visible screen satisfies `ok`; fails with the screen after the usual
    /// timeout.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_millis(TIMEOUT_MS);
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "{what}; the screen after {TIMEOUT_MS} ms:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

/// The visible screen shows `text` once and each point of the scale once, and no line is
/// wider than `cols`.
fn shows_one_statement(screen: &str, text: &str, cols: usize) -> bool {
    let flat = squash(screen);
    let start: String = text.split(' ').take(4).collect::<Vec<_>>().join(" ");
    let scale = [
        "1 Strongly disagree",
        "2 Disagree",
        "3 Somewhat disagree",
        "4 Neither agree nor disagree",
        "5 Somewhat agree",
        "6 Agree",
        "7 Strongly agree",
    ];
    flat.matches(&squash(text)).count() == 1
        && flat.matches(&start).count() == 1
        && scale.iter().all(|p| flat.matches(p).count() == 1)
        && screen.lines().all(|l| l.chars().count() <= cols)
}

#[test]
fn a_narrower_window_leaves_no_stale_statement_on_screen() {
    let t = Test::new();
    let command = format!(
        "env -u BALANCE_QUESTIONNAIRES -u NO_COLOR BALANCE_HOME={} {} quiz clinginess",
        t.home.path().display(),
        crate::common::BIN
    );
    let Some(tmux) = Tmux::start(&t, &command, 100, 30) else {
        return;
    };
    // A statement is drawn when its key help is, and it is the only one on the screen.
    let drawn = |s: &str| s.contains("Ctrl-C pause") && statements_in(s).len() == 1;
    let screen = tmux.wait_for("the first statement", drawn);
    let first = statement_in(&screen);
    assert!(shows_one_statement(&screen, &first.text, 100), "{screen}");
    tmux.run(&[
        "send-keys",
        "-t",
        "quiz",
        &consistent_key(&first).to_string(),
    ]);
    let screen = tmux.wait_for("the second statement", |s| {
        drawn(s) && !s.contains(&first.text)
    });
    let second = statement_in(&screen);
    assert!(shows_one_statement(&screen, &second.text, 100), "{screen}");
    tmux.run(&["resize-window", "-t", "quiz", "-x", "60", "-y", "30"]);
    tmux.wait_for(
        "after resizing to 60 columns, the statement drawn once within 60 columns",
        |s| shows_one_statement(s, &second.text, 60),
    );
    tmux.run(&["resize-window", "-t", "quiz", "-x", "40", "-y", "30"]);
    tmux.wait_for(
        "after resizing to 40 columns, the statement drawn once within 40 columns",
        |s| shows_one_statement(s, &second.text, 40),
    );
}

#[test]
fn ctrl_c_at_a_confirmation_shows_the_cursor_again_and_changes_nothing() {
    const HIDE: &str = "\x1b[?25l";
    const SHOW: &str = "\x1b[?25h";
    let result = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/result.json");
    let cases: [(&[&str], &str); 2] = [
        (&["forget", "--all"], "nothing was forgotten"),
        (&["import", result], "nothing was imported"),
    ];
    for (args, said) in cases {
        let t = Test::new();
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(result).unwrap()).unwrap();
        // A different id, so that the import would add the result.
        let mut stored = doc.clone();
        stored["id"] = Value::from("0190f000-0000-7000-8000-000000000001");
        t.write("history.jsonl", &format!("{stored}\n"));
        let before = std::fs::read(t.history()).unwrap();
        let mut command = t.command();
        command.args(args).env("TERM", "xterm");
        // The escape codes are the point here: they are kept.
        let options = Options::new()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(false);
        let mut session = spawn_with_options(in_sized_terminal(command, 100), options).unwrap();
        let asked = session.exp_string(HIDE).unwrap();
        session.send_control('c').unwrap();
        let rest = session.exp_eof().unwrap();
        let all = decode(&format!("{asked}{HIDE}{rest}"));
        let hidden = all.rfind(HIDE).expect("the prompt hides the cursor");
        assert!(
            all.rfind(SHOW).is_some_and(|shown| shown > hidden),
            "{args:?}: the cursor is left hidden: {all:?}"
        );
        assert!(all.contains(said), "{args:?}: {all:?}");
        match session.process.wait().unwrap() {
            WaitStatus::Exited(_, code) => assert_eq!(code, 130, "{args:?}"),
            other => panic!("{args:?}: ended by {other:?}"),
        }
        assert_eq!(std::fs::read(t.history()).unwrap(), before, "{args:?}");
    }
}

/// Box drawing only where the terminal can show it: a terminal type must be set (not dumb)
/// and the locale must be UTF-8 (colour needs only the terminal: see `output::tests`).
#[test]
fn box_drawing_needs_a_terminal_type_and_a_utf8_locale() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/result.json");
    for (term, locale, drawn) in [
        ("xterm", "C.UTF-8", true),
        ("", "C.UTF-8", false),
        ("xterm", "C", false),
        ("dumb", "C.UTF-8", false),
    ] {
        let mut t = Test::new();
        t.env("LC_ALL", locale);
        let pty = Pty::spawn(&t, &["report", fixture], term);
        let (output, code) = pty.finish();
        assert_eq!(code, 0, "{output}");
        assert!(output.contains("Your balance"), "{output}");
        let boxes = output.contains('┆') || output.contains('█') || output.contains('─');
        assert_eq!(boxes, drawn, "TERM={term:?} LC_ALL={locale}:\n{output}");
    }
}

/// A quiz in which every statement was skipped is an error, and nothing is saved.
#[test]
fn a_quiz_with_every_statement_skipped_saves_nothing() {
    let t = Test::new();
    let mut pty = Pty::spawn(&t, &["--plain", "quiz", "clinginess"], "xterm");
    for _ in 0..clinginess_count() {
        pty.expect(PLAIN_PROMPT);
        pty.send_line("s");
    }
    let (output, code) = pty.finish();
    assert_eq!(code, 1, "{output}");
    assert!(output.contains("no answers given"), "{output}");
    assert!(!t.history().exists(), "a result was saved");
    assert!(
        !t.path("progress.json").exists(),
        "progress was left behind"
    );
}

/// A paused check-in resumes as a check-in, by `checkin --resume` or `quiz --resume`.
#[test]
fn a_paused_checkin_resumes_as_a_checkin() {
    let catalog = Catalog::builtin().unwrap();
    let items: Vec<(String, bool)> = catalog
        .questionnaires
        .iter()
        .flat_map(|q| q.items.iter().filter(|i| i.short))
        .map(|i| (i.id.clone(), i.reverse))
        .collect();
    // Every statement but the last answered, varied as a person would.
    let answers: serde_json::Map<String, Value> = items[..items.len() - 1]
        .iter()
        .enumerate()
        .map(|(n, (id, reverse))| {
            let keyed = 3 + (n % 2) as i64;
            (
                id.clone(),
                Value::from(if *reverse { 8 - keyed } else { keyed }),
            )
        })
        .collect();
    let progress = serde_json::json!({
        "schema": "balance.progress/v1",
        "form": "short",
        "questionnaires": ["clinginess", "hyper_independence", "attachment"],
        "items": items.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
        "answers": answers,
        "position": items.len() - 1,
        "checkin": true,
    });
    for command in ["checkin", "quiz"] {
        let t = Test::new();
        t.write("progress.json", &progress.to_string());
        let mut pty = Pty::spawn(
            &t,
            &without_loop(&["--plain", command, "--resume"]),
            "xterm",
        );
        pty.expect(PLAIN_PROMPT);
        pty.send_line("4");
        let (output, code) = pty.finish();
        assert_eq!(code, 0, "{command}: {output}");
        assert!(
            output.contains("Check-in "),
            "{command} --resume:\n{output}"
        );
        assert!(
            output.contains("first check-in"),
            "{command} --resume:\n{output}"
        );
        assert!(
            !output.contains("Your balance ("),
            "{command} --resume:\n{output}"
        );
    }
}

/// Starting a quiz while one is paused asks whether to resume it, instead of overwriting it
/// silently; answers from a file leave it waiting and say so.
#[test]
fn a_paused_quiz_is_offered_before_a_new_one_starts() {
    let catalog = Catalog::builtin().unwrap();
    let q = catalog.questionnaire("clinginess").unwrap();
    let items: Vec<String> = q.items.iter().map(|i| i.id.clone()).collect();
    let progress = serde_json::json!({
        "schema": "balance.progress/v1",
        "form": "full",
        "questionnaires": ["clinginess"],
        "items": items,
        "answers": { items[0].clone(): 5 },
        "position": 1,
    });
    let mut t = Test::new();
    t.write("progress.json", &progress.to_string());
    let mut pty = Pty::spawn(
        &t,
        &without_loop(&["--plain", "quiz", "clinginess", "--no-save"]),
        "xterm",
    );
    pty.expect("A paused quiz is waiting (1 of");
    pty.send("\r");
    // Resumed: the second statement is the next one asked.
    let shown = pty.expect(PLAIN_PROMPT);
    assert!(
        shown.contains(&format!("Statement 2 of {}", items.len())),
        "{shown}"
    );
    pty.ctrl_c();
    let (_, code) = pty.finish();
    assert_eq!(code, 130);

    let answers = t.write("a.json", r#"{"cl01": 5, "cl02": 3, "cl03": 5}"#);
    let run = t
        .args([
            "quiz",
            "clinginess",
            "--answers",
            answers.to_str().unwrap(),
            "--no-save",
        ])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("a paused quiz"), "{}", run.stderr);
    assert!(t.path("progress.json").exists(), "the paused quiz was lost");

    // With the report going to a file no quiz can be asked, so neither choice is offered.
    let mut pty = Pty::spawn_with_stdout_to(&t, &["quiz", "clinginess", "--json"], "r.json");
    pty.expect("a paused quiz (1 of");
    let (_, code) = pty.finish();
    assert_eq!(code, 2);
    assert!(t.path("progress.json").exists(), "the paused quiz was lost");
}

/// At 40, 80 and 120 columns, `report`, `history`, `trend`, `compare`, `checkin`, `show`,
/// `strategies` and `list` print no line wider than the terminal, and never split a result id.
#[test]
fn every_long_output_fits_the_terminal_and_keeps_ids_whole() {
    let mut t = Test::new();
    let levels = |c: i64, h: i64, x: i64, v: i64, short: bool| {
        crate::common::answers_for(
            &[
                ("clinginess", c),
                ("hyper_independence", h),
                ("anxiety", x),
                ("avoidance", v),
            ],
            short,
        )
    };
    let full = t.write("full.json", &levels(5, 3, 5, 3, false));
    t.args(["quiz", "--answers", full.to_str().unwrap()])
        .expect(0);
    // With the practice loop: a practice chosen, then tried, and notes, all long.
    let loops: [&[&str]; 2] = [
        &[
            "--practice",
            "personal-interests:1",
            "--note",
            "a long week of late shifts at work, so we barely saw each other before Sunday",
        ],
        &[
            "--tried",
            "yes",
            "--practice",
            "open-communication:1",
            "--note",
            "talked it through, as https://example.org/an-article-with-a-very-long-address-that-has-no-spaces suggests",
        ],
    ];
    for (n, (l, flags)) in [(3, 5, 3, 5), (4, 4, 3, 3)].iter().zip(loops).enumerate() {
        let week = t.write(&format!("week{n}.json"), &levels(l.0, l.1, l.2, l.3, true));
        let mut args = vec!["checkin", "--answers", week.to_str().unwrap()];
        args.extend(flags);
        t.args(&args).expect(0);
    }
    let partner = t.path("partner.json");
    t.args([
        "quiz",
        "--answers",
        full.to_str().unwrap(),
        "--no-save",
        "--output",
        partner.to_str().unwrap(),
    ])
    .expect(0);
    let history = t.args(["history", "--json"]).expect(0).json();
    let ids: Vec<String> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap()[..13].to_string())
        .collect();
    let week = t.path("week0.json");
    // The pseudo-terminal runs take their arguments alone.
    t.args(Vec::<String>::new());
    let commands: [Vec<&str>; 8] = [
        vec!["report", "first"],
        vec!["history"],
        vec!["trend"],
        vec!["compare", "first", partner.to_str().unwrap()],
        vec!["checkin", "--answers", week.to_str().unwrap(), "--no-save"],
        vec!["show", "clinginess"],
        vec!["strategies"],
        vec!["list"],
    ];
    for cols in [40u16, 80, 120] {
        for args in &commands {
            let pty = Pty::spawn_sized(&t, args, "xterm", cols);
            let (output, code) = pty.finish();
            assert_eq!(code, 0, "{args:?} at {cols}: {output}");
            let lines: Vec<String> = output.lines().map(str::to_string).collect();
            check_lines_fit(
                &lines,
                cols as usize,
                &format!("{args:?} at {cols} columns"),
            );
            if args[0] == "trend" {
                assert!(output.contains("Practice and notes"), "{output}");
            }
            if args[0] == "history" {
                for id in &ids {
                    assert!(
                        output.contains(id.as_str()),
                        "{id} split at {cols}:\n{output}"
                    );
                }
            }
        }
    }
}

/// Long output on a terminal goes through the pager ($PAGER here marks each line), short
/// output and `--no-pager` do not, and neither does output that is not a terminal.
#[test]
fn long_output_on_a_terminal_goes_through_the_pager() {
    let mut t = Test::new();
    t.env("PAGER", "sed 's/^/paged: /'");
    let pty = Pty::spawn(&t, &["--plain", "strategies"], "xterm");
    let (output, code) = pty.finish();
    assert_eq!(code, 0, "{output}");
    let lines: Vec<&str> = output.lines().filter(|l| !l.is_empty()).collect();
    assert!(lines.len() > 40, "{output}");
    assert!(lines.iter().all(|l| l.starts_with("paged: ")), "{output}");

    let pty = Pty::spawn(&t, &["--plain", "--no-pager", "strategies"], "xterm");
    let (output, _) = pty.finish();
    assert!(!output.contains("paged: "), "--no-pager: {output}");

    let pty = Pty::spawn(&t, &["--plain", "list"], "xterm");
    let (output, _) = pty.finish();
    assert!(!output.contains("paged: "), "list is never paged: {output}");

    let run = t.args(["strategies"]).expect(0);
    assert!(!run.stdout.contains("paged: "), "a pipe is never paged");
}

// ---------------------------------------------------------------------------------------
// The practice loop at the terminal.

/// Flags that settle the practice loop's questions, for tests about something else.
const NO_LOOP: [&str; 4] = ["--practice", "none", "--note", ""];

/// `args` with the practice loop's questions settled by flags.
fn without_loop<'a>(args: &[&'a str]) -> Vec<&'a str> {
    [args, &NO_LOOP[..]].concat()
}

/// Answers every statement of a check-in by keys, as a person would (consistently).
fn answer_checkin_by_keys(pty: &mut Pty) {
    let catalog = Catalog::builtin().unwrap();
    let short = catalog
        .questionnaires
        .iter()
        .flat_map(|q| &q.items)
        .filter(|i| i.short)
        .count();
    for _ in 0..short {
        let d = pty.fresh();
        pty.send(&consistent_key(&d.stmt).to_string());
    }
}

/// A check-in chooses a practice (the second offered); the next, in a narrower terminal,
/// asks whether it was tried before the scores and takes a note (its `--practice none`
/// leaves out the last question), and the answers are kept.
#[test]
fn the_practice_chosen_at_one_checkin_is_asked_about_at_the_next() {
    let t = Test::new();
    let mut pty = Pty::spawn_sized(&t, &["checkin"], "xterm", 100);
    answer_checkin_by_keys(&mut pty);
    pty.expect("(Enter to skip):");
    pty.send("\r");
    let report = pty.expect("Pick one practice to try before your next check-in.");
    assert!(
        report.contains("Now (likely)") && report.contains("This week:"),
        "the report is shown before the practice is asked for:\n{report}"
    );
    let offered = pty.expect("None this time");
    pty.send(DOWN);
    pty.send("\r");
    pty.expect("Saved to ");
    let (_, code) = pty.finish();
    assert_eq!(code, 0);
    let history = std::fs::read_to_string(t.history()).expect("history written");
    let first: Value = serde_json::from_str(history.lines().next().unwrap()).unwrap();
    let chosen = first["practice"]["text"]
        .as_str()
        .expect("a practice chosen");
    assert!(
        squash(&offered).contains(&squash(chosen)),
        "{chosen:?} was not among those offered:\n{offered}"
    );
    assert_eq!(first["previous_practice"], Value::Null);
    assert_eq!(first["note"], Value::Null);

    let cols = 72;
    let mut pty = Pty::spawn_sized(&t, &["checkin", "--practice", "none"], "xterm", cols);
    answer_checkin_by_keys(&mut pty);
    let from = pty.seen.len();
    let asked = pty.expect("Did you try it?");
    assert!(
        squash(&asked).contains(&squash(&format!("Last time you chose: {chosen}"))),
        "{asked}"
    );
    assert!(
        !asked.contains("Now (likely)"),
        "asked before the scores:\n{asked}"
    );
    pty.send(DOWN);
    pty.send("\r");
    pty.expect("(Enter to skip):");
    pty.send("slept badly all week\r");
    let report = pty.expect("Saved to ");
    assert!(report.contains("Now (likely)"), "{report}");
    assert!(squash(&report).contains("Tried: partly."), "{report}");
    assert!(
        squash(&report).contains(r#"Your note: "slept badly all week""#),
        "{report}"
    );
    assert!(!report.contains("Pick one practice"), "{report}");
    check_lines_fit(
        &drawn_lines(&pty.seen[from..]),
        cols.into(),
        "the practice loop",
    );
    let (_, code) = pty.finish();
    assert_eq!(code, 0);
    let history = std::fs::read_to_string(t.history()).unwrap();
    let second: Value = serde_json::from_str(history.lines().nth(1).unwrap()).unwrap();
    assert_eq!(second["previous_practice"]["text"], chosen);
    assert_eq!(second["previous_practice"]["tried"], "partly");
    assert_eq!(second["note"], "slept badly all week");
    assert_eq!(second["practice"], Value::Null);
}

/// Ctrl-C at the practice question loses nothing: nothing is saved yet, and `quiz --resume`
/// saves the answers without asking them again.
#[test]
fn ctrl_c_at_the_practice_question_keeps_the_answers_for_resume() {
    let t = Test::new();
    let mut pty = Pty::spawn(&t, &["quiz", "clinginess", "--note", ""], "xterm");
    for _ in 0..clinginess_count() {
        let d = pty.fresh();
        pty.send(&consistent_key(&d.stmt).to_string());
    }
    pty.expect("None this time");
    pty.ctrl_c();
    // The cursor is shown again by the handler the confirmation test checks with its codes.
    pty.expect("Interrupted before saving.");
    let (rest, code) = pty.finish();
    assert_eq!(code, 130, "{rest}");
    assert!(
        !t.history().exists(),
        "saved before the practice was chosen"
    );
    let progress = progress_of(&t);
    assert_eq!(
        progress["answers"].as_object().map(|a| a.len()),
        Some(clinginess_count())
    );

    let mut pty = Pty::spawn(&t, &["quiz", "--resume", "--practice", "none"], "xterm");
    // No statement again; the loop's questions the flags leave out are asked.
    pty.expect("(Enter to skip):");
    pty.send("\r");
    let (output, code) = pty.finish();
    assert_eq!(code, 0, "{output}");
    let history = std::fs::read_to_string(t.history()).expect("saved on resume");
    assert_eq!(history.lines().count(), 1);
    let doc: Value = serde_json::from_str(history.lines().next().unwrap()).unwrap();
    assert_eq!(answers_of(&doc).len(), clinginess_count());
    assert_eq!(doc["practice"], Value::Null);
    assert!(!t.path("progress.json").exists());
}

/// In line mode too, Ctrl-C at a question of the loop ends balance with the answers kept,
/// and the end of input answers "skip" (here: no note, no practice), so the result is saved.
#[test]
fn plain_loop_questions_end_on_ctrl_c_and_take_the_end_of_input_as_skip() {
    let t = Test::new();
    let mut pty = Pty::spawn(&t, &["--plain", "checkin"], "xterm");
    for _ in 0..4 * 4 {
        pty.expect(PLAIN_PROMPT);
        pty.send_line("4");
    }
    pty.expect("Note: ");
    pty.ctrl_c();
    let (rest, code) = pty.finish();
    assert_eq!(code, 130, "{rest}");
    assert!(rest.contains("Interrupted before saving"), "{rest}");
    assert!(!t.history().exists());
    assert!(
        t.path("progress.json").exists(),
        "the answers were not kept"
    );

    let mut pty = Pty::spawn(&t, &["--plain", "checkin", "--resume"], "xterm");
    pty.expect("Note: ");
    if let Err(e) = pty.session.send_control('d') {
        pty.fail("sending Ctrl-D", e);
    }
    let (rest, code) = pty.finish();
    assert_eq!(code, 0, "{rest}");
    let doc: Value =
        serde_json::from_str(std::fs::read_to_string(t.history()).unwrap().trim()).unwrap();
    assert_eq!(doc["note"], Value::Null);
    assert_eq!(doc["practice"], Value::Null);
}

/// Messages on standard error fit a terminal of 80 or 60 columns: a file's problems (through
/// `Config::say`) and a command's error (through the one place errors are printed), each
/// continuation indented under its line. Through a pipe each line stays whole, with
/// `file:line:column` first, for editors and scripts.
#[test]
fn messages_on_a_terminal_are_wrapped_to_its_width() {
    let t = Test::new();
    let questionnaire = t.write(
        "q.toml",
        "id = \"mine\"\ntitle = \"Mine\"\nversion = \"1.0.0\"\ncolour = \"x\"\n\n\
         [[items]]\nid = \"m1\"\ntext = \"Something\"\nbogus = 1\n",
    );
    let empty = t.write("empty.csv", "");
    let problem = "q.toml:4:1: unknown field `colour`, expected one of `id`, `title`, `version`, \
                   `description`, `scale`, `dimensions`, `items`";
    let help = "a CSV file starts with a row naming its columns (`respondent` and item ids); \
                JSON Lines has one object per line";
    for cols in [80u16, 60] {
        for (args, expected) in [
            (["validate", questionnaire.to_str().unwrap()], problem),
            (["score", empty.to_str().unwrap()], help),
        ] {
            let (shown, code) = Pty::spawn_sized(&t, &args, "xterm", cols).finish();
            assert_eq!(code, 1, "{args:?}:\n{shown}");
            let lines: Vec<String> = shown.lines().map(str::to_string).collect();
            check_lines_fit(&lines, cols.into(), &format!("{args:?}"));
            assert!(squash(&shown).contains(expected), "{args:?}:\n{shown}");
            assert!(
                lines.iter().any(|line| line.starts_with("    ")),
                "{args:?}: a `help:` line continued under its indent:\n{shown}"
            );
        }
    }
    let piped = t
        .command()
        .arg("validate")
        .arg(&questionnaire)
        .output()
        .unwrap();
    let piped = String::from_utf8(piped.stderr).unwrap();
    assert!(
        piped.lines().any(|line| line.ends_with(problem)),
        "through a pipe the problem is one line:\n{piped}"
    );
}

/// On a terminal, a skipped row's message starts a line of its own: the progress bar is
/// taken down first. Written on the bar's line, it followed the bar's text and the bar's next
/// drawing wiped it.
#[test]
fn a_skipped_row_is_not_written_on_the_progress_bar_line() {
    let t = Test::new();
    let mut text = String::from("respondent,cl01,cl02,cl03\n");
    for row in 1..=20_000 {
        text += &match row % 5_000 {
            0 => "bad,9,9,9\n".to_string(),
            _ => format!("r{row},1,2,3\n"),
        };
    }
    let file = t.write("rows.csv", &text);
    let args = ["score", file.to_str().unwrap(), "--stats"];
    let mut pty = Pty::spawn_sized(&t, &args, "xterm", 100);
    let raw = pty.session.exp_eof().expect("the end");
    let shown = decode(&raw);
    let skipped = format!("balance: {}:", file.display());
    assert_eq!(shown.matches(&skipped).count(), 4, "{shown}");
    // Escape codes are stripped: what is left before each message is where it starts.
    let raw: Vec<u8> = raw.chars().map(|c| c as u32 as u8).collect();
    let raw = String::from_utf8_lossy(&raw);
    assert!(raw.contains('%'), "the bar was drawn:\n{raw:?}");
    for (at, _) in raw.match_indices(&skipped) {
        let before = raw[..at].chars().last();
        assert!(
            matches!(before, None | Some('\r' | '\n')),
            "a message after {:?}",
            &raw[at.saturating_sub(60)..at]
        );
    }
}

/// Rows written to the terminal are not mixed with a progress bar on the same screen: the
/// bar is drawn only when the rows go elsewhere.
#[test]
fn rows_on_the_terminal_come_without_a_progress_bar() {
    let t = Test::new();
    let mut text = String::from("respondent,cl01,cl02,cl03\n");
    for row in 1..=20_000 {
        text += &format!("r{row},1,2,3\n");
    }
    let file = t.write("rows.csv", &text);
    let file = file.to_str().unwrap();
    let (shown, code) = Pty::spawn_sized(&t, &["score", file], "xterm", 100).finish();
    assert_eq!(code, 0);
    assert_eq!(shown.lines().filter(|l| l.starts_with('r')).count(), 20_001);
    assert!(!shown.contains('%'), "a progress bar among the rows");
    // With the rows in a file, the bar is there.
    let (shown, code) = Pty::spawn_sized(&t, &["score", file, "--stats"], "xterm", 100).finish();
    assert_eq!(code, 0);
    assert!(shown.contains('%'), "no progress bar:\n{shown}");
}
