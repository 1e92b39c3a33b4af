// End-to-end tests of the interactive quiz in a pseudo-terminal: the key prompter (digits,
// arrows, Enter, `b`, `s`), the line prompter of `--plain` and TERM=dumb, pausing on Ctrl-C
// and SIGTERM and resuming, and refusing to ask without a terminal.
//
// Every key is sent only after the text drawn for the previous one has been seen, so the
// tests wait on output, never on time.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::Test;
use balance::catalog::Catalog;
use rexpect::process::wait::WaitStatus;
use rexpect::reader::{Options, Regex};
use rexpect::session::{spawn_with_options, PtySession};
use serde_json::Value;

const TIMEOUT_MS: u64 = 10_000;
/// The end of the key help, the last line the key prompter draws for a statement.
const KEYS_HELP_END: &str = "b back  s skip  Ctrl-C pause";
const PLAIN_PROMPT: &str = "Type 1-7, b to go back, s to skip: ";
const EARLIER: &str = "(your earlier answer)";
const DOWN: &str = "\x1b[B";

/// The clinginess statements in the order the quiz asks them: (id, text).
fn statements() -> Vec<(String, String)> {
    let catalog = Catalog::builtin().expect("built-ins load");
    let q = catalog.questionnaire("clinginess").expect("clinginess");
    assert_eq!(
        q.items.len(),
        17,
        "the tests below are written for 17 statements"
    );
    q.items
        .iter()
        .map(|i| (i.id.clone(), i.text.clone()))
        .collect()
}

fn text_of(id: &str) -> String {
    statements()
        .into_iter()
        .find(|(i, _)| i == id)
        .unwrap_or_else(|| panic!("no item {id}"))
        .1
}

fn answers(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// rexpect hands over the output one byte per `char`; these map text to and from that form,
/// so that non-ASCII text (bars, box drawing) can be matched and read.
fn as_bytes_text(s: &str) -> String {
    s.bytes().map(char::from).collect()
}

fn decode(raw: &str) -> String {
    let bytes: Vec<u8> = raw.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8_lossy(&bytes).replace('\r', "")
}

/// Runs `inner` in a terminal of 100 columns by 40 rows (a new pty reports 0x0, which no
/// person's terminal does). `exec` keeps the pid, so signals reach balance itself.
fn in_sized_terminal(inner: Command) -> Command {
    let mut outer = Command::new("sh");
    outer
        .arg("-c")
        .arg("stty cols 100 rows 40 && exec \"$@\"")
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
}

impl Pty {
    /// `balance ARGS` with TERM as given; escape codes are stripped from what is read.
    fn spawn(t: &Test, args: &[&str], term: &str) -> Pty {
        let mut command = t.command();
        command.args(args).env("TERM", term);
        let options = Options::new()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(true);
        let session = spawn_with_options(in_sized_terminal(command), options)
            .unwrap_or_else(|e| panic!("spawn balance {args:?} in a pty: {e}"));
        Pty {
            session,
            args: args.iter().map(|a| a.to_string()).collect(),
            seen: String::new(),
        }
    }

    fn fail(&self, what: &str, e: impl std::fmt::Display) -> ! {
        panic!(
            "balance {:?}: {what}: {e}\n--- output so far ---\n{}",
            self.args,
            decode(&self.seen)
        )
    }

    /// Waits for `text` and returns what came before it and the text.
    fn expect(&mut self, text: &str) -> String {
        match self.session.exp_string(&as_bytes_text(text)) {
            Ok(before) => {
                let got = format!("{before}{}", as_bytes_text(text));
                self.seen.push_str(&got);
                decode(&got)
            }
            Err(e) => self.fail(&format!("waiting for {text:?}"), e),
        }
    }

    /// Waits until the key prompter has drawn the statement `text` completely and returns
    /// the drawing, from the statement to the key help.
    fn screen(&mut self, text: &str) -> String {
        self.expect(text);
        let rest = self.expect(KEYS_HELP_END);
        format!("{text}{rest}")
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

    /// Reads to the end and returns the rest of the output and the exit code.
    fn finish(mut self) -> (String, i32) {
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
        let code = match status {
            WaitStatus::Exited(_, code) => code,
            other => self.fail("exit", format!("ended by {other:?}, not an exit")),
        };
        let all = decode(&self.seen);
        assert!(
            !all.contains("panicked"),
            "balance {:?} panicked:\n{all}",
            self.args
        );
        (decode(&rest), code)
    }
}

/// The statement texts other than `id`'s that appear in `drawn`.
fn other_statements_in(drawn: &str, id: &str) -> Vec<String> {
    statements()
        .into_iter()
        .filter(|(i, text)| i != id && drawn.contains(text.as_str()))
        .map(|(i, _)| i)
        .collect()
}

/// Waits for statement `id`, checks it is drawn as a fresh statement (no earlier answer, the
/// middle point selected), then presses `keys`.
fn answer_fresh(pty: &mut Pty, id: &str, keys: &str) {
    let screen = pty.screen(&text_of(id));
    assert!(
        !screen.contains(EARLIER),
        "{id} was never answered, yet shows an earlier answer:\n{screen}"
    );
    assert!(
        screen.contains("> 4  Neither agree nor disagree"),
        "{id}: the middle point should be selected at first:\n{screen}"
    );
    pty.send(keys);
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

// ---------------------------------------------------------------------------------------
// 1. The whole quiz by keystrokes.

/// The answers the keystrokes of `take_by_keys` give, the skipped cl05 absent.
fn keyed_answers() -> BTreeMap<String, i64> {
    answers(&[
        ("cl01", 5),
        ("cl02", 6),
        ("cl03", 7),
        ("cl04", 6),
        ("cl06", 6),
        ("cl07", 2),
        ("cl08", 5),
        ("cl10", 3),
        ("cl11", 6),
        ("cl12", 5),
        ("cl13", 2),
        ("cl14", 6),
        ("cl15", 3),
        ("cl16", 2),
        ("cl17", 4),
        ("cl18", 5),
    ])
}

/// Takes the clinginess quiz by keys: digits, `b` back to change an answer, arrows and Enter,
/// `s` to skip. Returns the output after the last statement and the exit code.
fn take_by_keys(t: &Test, extra: &[&str]) -> (String, i32) {
    let mut args = vec!["quiz", "clinginess"];
    args.extend_from_slice(extra);
    let mut pty = Pty::spawn(t, &args, "xterm");
    let intro = pty.expect("17 statements");
    assert!(intro.contains("Signs of clinginess"), "intro: {intro}");

    answer_fresh(&mut pty, "cl01", "5");
    answer_fresh(&mut pty, "cl02", "3");
    // At cl03, go back: cl02 again, with 3 marked as the earlier answer and selected.
    let screen = pty.screen(&text_of("cl03"));
    assert!(!screen.contains(EARLIER), "cl03 fresh:\n{screen}");
    pty.send("b");
    let screen = pty.screen(&text_of("cl02"));
    assert!(
        screen.contains(&format!("> 3  Somewhat disagree  {EARLIER}")),
        "going back to cl02 should show and select the earlier answer 3:\n{screen}"
    );
    assert_eq!(
        screen.matches(EARLIER).count(),
        1,
        "one earlier answer:\n{screen}"
    );
    pty.send("6");
    answer_fresh(&mut pty, "cl03", "7");
    // cl04 by arrows: from the middle (4) down twice to 6, then Enter.
    answer_fresh(&mut pty, "cl04", DOWN);
    pty.expect("> 5  Somewhat agree");
    pty.expect(KEYS_HELP_END);
    pty.send(DOWN);
    pty.expect("> 6  Agree");
    pty.expect(KEYS_HELP_END);
    pty.send("\r");
    answer_fresh(&mut pty, "cl05", "s");
    for (id, key) in [
        ("cl06", "6"),
        ("cl07", "2"),
        ("cl08", "5"),
        ("cl10", "3"),
        ("cl11", "6"),
        ("cl12", "5"),
        ("cl13", "2"),
        ("cl14", "6"),
        ("cl15", "3"),
        ("cl16", "2"),
        ("cl17", "4"),
        ("cl18", "5"),
    ] {
        answer_fresh(&mut pty, id, key);
    }
    pty.finish()
}

/// Checks the report of the answers in `keyed_answers`.
fn check_keyed_report(output: &str) {
    let report = report_part(output);
    // Keyed (reverse items cl02 cl04 cl07 cl10 cl13 cl15 cl16 cl17 count 8 - answer):
    // 5 2 7 2 - 6 6 5 5 6 5 6 6 5 6 4 5 = 81 over 16 answered; mean 81/16,
    // score (81/16 - 1) / 6 * 100 = 67.71 -> 68, band high; bar 13.5 -> 14 of 20 filled.
    let row = Regex::new(r"Clinginess\s*┆\s*(\d+)\s*┆\s*([█░]+)\s*┆\s*([a-z ]+?)\s*│").unwrap();
    let caps = row
        .captures(report)
        .unwrap_or_else(|| panic!("no Clinginess row in the score table:\n{report}"));
    assert_eq!(&caps[1], "68", "clinginess score:\n{report}");
    assert_eq!(
        &caps[2],
        format!("{}{}", "█".repeat(14), "░".repeat(6)),
        "clinginess bar:\n{report}"
    );
    assert_eq!(&caps[3], "high", "clinginess band:\n{report}");
    assert!(report.contains("Strategies to try"), "{report}");
    assert!(
        Regex::new(r"(?m)^1\. \S").unwrap().is_match(report),
        "at least one strategy listed:\n{report}"
    );
    assert!(report.contains("not a diagnosis"), "{report}");
    // The quiz cleared its drawing: no scale or key help after the last statement.
    assert!(!output.contains(KEYS_HELP_END), "{output}");
}

#[test]
fn full_quiz_by_keys_reports_the_scores_of_the_keys_pressed() {
    let t = Test::new();
    let (output, code) = take_by_keys(&t, &["--no-save"]);
    assert_eq!(code, 0, "exit code; output:\n{output}");
    check_keyed_report(&output);
    assert!(output.contains("Not saved (--no-save)."), "{output}");
    assert!(!t.history().exists(), "--no-save wrote the history");
    assert!(!t.path("progress.json").exists(), "progress left behind");
}

#[test]
fn full_quiz_by_keys_saves_the_answers_typed_to_the_history() {
    let t = Test::new();
    let (output, code) = take_by_keys(&t, &[]);
    assert_eq!(code, 0, "exit code; output:\n{output}");
    check_keyed_report(&output);
    assert!(output.contains("Saved to "), "{output}");
    let text = std::fs::read_to_string(t.history()).expect("history.jsonl written");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "one result added:\n{text}");
    let doc: Value = serde_json::from_str(lines[0]).expect("a JSON line");
    assert_eq!(doc["schema"], "balance.result/v1");
    assert_eq!(doc["form"], "full");
    assert_eq!(answers_of(&doc), keyed_answers(), "answers saved");
    let dim = &doc["dimensions"]["clinginess"];
    assert_eq!(dim["answered"], 16);
    assert_eq!(dim["items"], 17);
    assert!(
        (dim["mean"].as_f64().unwrap() - 81.0 / 16.0).abs() < 1e-9,
        "{dim}"
    );
    assert!(
        (dim["score"].as_f64().unwrap() - 1625.0 / 24.0).abs() < 1e-9,
        "{dim}"
    );
    assert!(!t.path("progress.json").exists(), "progress left behind");
}

// ---------------------------------------------------------------------------------------
// 2. Ctrl-C, then --resume.

fn progress_of(t: &Test) -> Value {
    read_json(&t.path("progress.json"))
}

fn check_progress(t: &Test, position: u64, expected: &BTreeMap<String, i64>) {
    let progress = progress_of(t);
    assert_eq!(progress["schema"], "balance.progress/v1", "{progress}");
    assert_eq!(progress["form"], "full");
    assert_eq!(
        progress["questionnaires"],
        serde_json::json!(["clinginess"])
    );
    let ids: Vec<String> = statements().into_iter().map(|(i, _)| i).collect();
    assert_eq!(progress["items"], serde_json::json!(ids));
    assert_eq!(progress["position"], position, "{progress}");
    let saved: BTreeMap<String, i64> =
        serde_json::from_value(progress["answers"].clone()).expect("answers");
    assert_eq!(&saved, expected, "answers in progress.json");
}

fn check_paused_message(output: &str, after: usize) {
    let message = format!("Paused after {after} of 17 statements");
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
    answer_fresh(&mut pty, "cl01", "2");
    answer_fresh(&mut pty, "cl02", "5");
    answer_fresh(&mut pty, "cl03", "s");
    answer_fresh(&mut pty, "cl04", "3");
    answer_fresh(&mut pty, "cl05", "6");
    pty.screen(&text_of("cl06"));
    pty.ctrl_c();
    let (output, code) = pty.finish();
    assert_eq!(code, 130, "exit code after Ctrl-C; output:\n{output}");
    check_paused_message(&output, 5);
    let before = answers(&[("cl01", 2), ("cl02", 5), ("cl04", 3), ("cl05", 6)]);
    check_progress(&t, 5, &before);
    assert!(!t.history().exists(), "an interrupted quiz saved a result");

    let mut pty = Pty::spawn(&t, &["quiz", "--resume", "--json", "--no-save"], "xterm");
    let intro = pty.expect("12 statements");
    assert!(intro.contains("Signs of clinginess"), "intro: {intro}");
    // The first statement drawn is cl06, the one Ctrl-C interrupted.
    let drawn = pty.expect(&text_of("cl06"));
    assert_eq!(
        other_statements_in(&drawn, "cl06"),
        Vec::<String>::new(),
        "the resumed quiz should start at cl06:\n{drawn}"
    );
    let screen = format!("{}{}", text_of("cl06"), pty.expect(KEYS_HELP_END));
    assert!(!screen.contains(EARLIER), "{screen}");
    // Back to cl05: the answer given before the pause is there; Enter keeps it.
    pty.send("b");
    let screen = pty.screen(&text_of("cl05"));
    assert!(
        screen.contains(&format!("> 6  Agree  {EARLIER}")),
        "cl05 after resuming should show its earlier answer 6:\n{screen}"
    );
    pty.send("\r");
    let rest = [
        ("cl06", 7),
        ("cl07", 1),
        ("cl08", 6),
        ("cl10", 2),
        ("cl11", 7),
        ("cl12", 4),
        ("cl13", 3),
        ("cl14", 5),
        ("cl15", 1),
        ("cl16", 2),
        ("cl17", 6),
        ("cl18", 3),
    ];
    for (id, answer) in rest {
        answer_fresh(&mut pty, id, &answer.to_string());
    }
    let (output, code) = pty.finish();
    assert_eq!(code, 0, "exit code of the resumed quiz; output:\n{output}");
    let start = output
        .find("{\n  \"schema\"")
        .unwrap_or_else(|| panic!("no JSON result in:\n{output}"));
    let mut resumed: Value = serde_json::from_str(output[start..].trim())
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", &output[start..]));
    assert!(
        !t.path("progress.json").exists(),
        "progress.json should be removed once the quiz is finished"
    );
    assert!(!t.history().exists(), "--no-save wrote the history");

    // The same answers in one uninterrupted run.
    let mut all = before.clone();
    all.extend(rest.iter().map(|(id, a)| (id.to_string(), *a)));
    assert_eq!(answers_of(&resumed), all, "answers of the resumed quiz");
    let mut reference = Test::new();
    let file = reference.write("answers.json", &serde_json::to_string(&all).unwrap());
    let mut expected = reference
        .args([
            "quiz",
            "clinginess",
            "--answers",
            file.to_str().unwrap(),
            "--json",
            "--no-save",
        ])
        .expect(0)
        .json();
    for doc in [&mut resumed, &mut expected] {
        let object = doc.as_object_mut().unwrap();
        object.remove("id");
        object.remove("taken_at");
    }
    assert_eq!(
        resumed["dimensions"], expected["dimensions"],
        "dimension scores of the resumed quiz and of --answers"
    );
    assert_eq!(
        resumed, expected,
        "whole result of the resumed quiz and of --answers"
    );
}

// ---------------------------------------------------------------------------------------
// 3. --plain: the line prompter.

#[test]
fn plain_quiz_takes_typed_numbers_and_asks_again_after_a_bad_one() {
    let t = Test::new();
    // TERM=xterm: --plain alone must switch to lines.
    let mut pty = Pty::spawn(&t, &["--plain", "quiz", "clinginess", "--no-save"], "xterm");
    let first = pty.expect(PLAIN_PROMPT);
    assert!(first.contains("17 statements"), "{first}");
    assert!(
        first.contains(&format!(
            "Statement 1 of 17 (Signs of clinginess)\n{}\n1 Strongly disagree, 2 Disagree, 3 Somewhat disagree, \
4 Neither agree nor disagree, 5 Somewhat agree, 6 Agree, 7 Strongly agree\n",
            text_of("cl01")
        )),
        "statement 1 as lines:\n{first}"
    );
    assert!(!first.contains("Earlier answer"), "{first}");
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
    let second = pty.expect(PLAIN_PROMPT);
    assert!(second.contains("Statement 2 of 17"), "{second}");
    assert!(second.contains(&text_of("cl02")), "{second}");
    pty.send_line("b");
    let back = pty.expect(PLAIN_PROMPT);
    assert!(back.contains("Statement 1 of 17"), "{back}");
    assert!(
        back.contains("Earlier answer: 4 Neither agree nor disagree"),
        "going back should show the earlier answer:\n{back}"
    );
    pty.send_line("5");
    let typed = [
        ("2", "2"),
        ("3", "6"),
        ("4", "2"),
        ("5", "5"),
        ("6", "6"),
        ("7", "s"),
        ("8", "5"),
        ("9", "2"),
        ("10", "5"),
        ("11", "6"),
        ("12", "1"),
        ("13", "5"),
        ("14", "2"),
        ("15", "3"),
        ("16", "2"),
        ("17", "6"),
    ];
    let ids: Vec<String> = statements().into_iter().map(|(id, _)| id).collect();
    for (n, line) in typed {
        let shown = pty.expect(PLAIN_PROMPT);
        let position: usize = n.parse().expect("a statement number");
        assert!(
            shown.contains(&format!(
                "Statement {n} of 17 (Signs of clinginess)\n{}\n",
                text_of(&ids[position - 1])
            )),
            "statement {n}:\n{shown}"
        );
        assert!(!shown.contains("Earlier answer"), "{shown}");
        pty.send_line(line);
    }
    let (output, code) = pty.finish();
    assert_eq!(code, 0, "exit code; output:\n{output}");
    let report = report_part(&output);
    // Keyed (reverse: 8 - answer), statements 1 to 17 (cl01 to cl08, cl10 to cl18):
    // 5 6 6 6 5 6 - 5 6 5 6 7 5 6 5 6 6 = 91 over 16 answered;
    // score (91/16 - 1) / 6 * 100 = 78.13 -> 78, band high; bar 15.6 -> 16 of 20.
    let row = Regex::new(r"Clinginess +(\d+) +([#.]+) +(\S[a-z ]*)").unwrap();
    let caps = row
        .captures(report)
        .unwrap_or_else(|| panic!("no Clinginess row in the score table:\n{report}"));
    assert_eq!(&caps[1], "78", "clinginess score:\n{report}");
    assert_eq!(&caps[2], format!("{}{}", "#".repeat(16), ".".repeat(4)));
    assert_eq!(caps[3].trim_end(), "high");
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
    let mut session = spawn_with_options(in_sized_terminal(command), options).expect("spawn");
    let mut seen = String::new();
    for _ in 0..statements().len() {
        seen.push_str(&session.exp_string(PLAIN_PROMPT).expect("prompt"));
        session.send_line("6").expect("send");
    }
    seen.push_str(&session.exp_eof().expect("end"));
    let status = session.process.wait().expect("wait");
    assert!(
        matches!(status, WaitStatus::Exited(_, 0)),
        "{status:?}\n{seen}"
    );
    let seen = decode(&seen);
    assert!(seen.contains("Your balance"), "{seen}");
    assert!(
        !seen.contains('\x1b'),
        "--plain should write no escape codes (colour, cursor moves):\n{seen:?}"
    );
}

// ---------------------------------------------------------------------------------------
// 4. No terminal, no answers.

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
// 5. SIGTERM.

#[test]
fn sigterm_saves_progress_and_exits_143() {
    signal_saves_progress(libc::SIGTERM, 143);
}

/// A closed terminal: SIGHUP.
#[test]
fn sighup_saves_progress_and_exits_129() {
    signal_saves_progress(libc::SIGHUP, 129);
}

fn signal_saves_progress(signal: i32, expected_code: i32) {
    let t = Test::new();
    let mut pty = Pty::spawn(&t, &["quiz", "clinginess"], "xterm");
    answer_fresh(&mut pty, "cl01", "1");
    answer_fresh(&mut pty, "cl02", "7");
    answer_fresh(&mut pty, "cl03", "4");
    pty.screen(&text_of("cl04"));
    // SAFETY: kill only sends a signal to the child this test started.
    let sent = unsafe { libc::kill(pty.pid(), signal) };
    assert_eq!(sent, 0, "kill: {}", std::io::Error::last_os_error());
    let (output, code) = pty.finish();
    check_paused_message(&output, 3);
    check_progress(&t, 3, &answers(&[("cl01", 1), ("cl02", 7), ("cl03", 4)]));
    assert!(!t.history().exists(), "an interrupted quiz saved a result");
    // 128 + the signal, as for any program it ends; 130 would say Ctrl-C.
    assert_eq!(
        code, expected_code,
        "exit code after signal {signal}; output:\n{output}"
    );
}

// ---------------------------------------------------------------------------------------
// TERM=dumb: lines without --plain, and Ctrl-C there too.

#[test]
fn dumb_terminal_gets_lines_and_ctrl_c_pauses_there_too() {
    let t = Test::new();
    let mut pty = Pty::spawn(&t, &["quiz", "clinginess"], "dumb");
    let first = pty.expect(PLAIN_PROMPT);
    assert!(
        first.contains("Statement 1 of 17 (Signs of clinginess)"),
        "{first}"
    );
    pty.send_line("3");
    let second = pty.expect(PLAIN_PROMPT);
    assert!(second.contains("Statement 2 of 17"), "{second}");
    pty.ctrl_c();
    let (output, code) = pty.finish();
    assert_eq!(code, 130, "exit code after Ctrl-C; output:\n{output}");
    check_paused_message(&output, 1);
    check_progress(&t, 1, &answers(&[("cl01", 3)]));
}

#[test]
fn ctrl_c_at_the_forget_prompt_shows_the_cursor_again_and_forgets_nothing() {
    const HIDE: &str = "\x1b[?25l";
    const SHOW: &str = "\x1b[?25h";
    let t = Test::new();
    let result: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/result.json"
        ))
        .unwrap(),
    )
    .unwrap();
    t.write("history.jsonl", &format!("{result}\n"));
    let before = std::fs::read(t.history()).unwrap();
    let mut command = t.command();
    command.args(["forget", "--all"]).env("TERM", "xterm");
    // The escape codes are the point here: they are kept.
    let options = Options::new()
        .timeout_ms(Some(TIMEOUT_MS))
        .strip_ansi_escape_codes(false);
    let mut session = spawn_with_options(in_sized_terminal(command), options).unwrap();
    let asked = session.exp_string(HIDE).unwrap();
    session.send_control('c').unwrap();
    let rest = session.exp_eof().unwrap();
    let all = decode(&format!("{asked}{HIDE}{rest}"));
    let hidden = all.rfind(HIDE).expect("the prompt hides the cursor");
    assert!(
        all.rfind(SHOW).is_some_and(|shown| shown > hidden),
        "the cursor is left hidden: {all:?}"
    );
    assert!(all.contains("nothing was forgotten"), "{all:?}");
    match session.process.wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, 130),
        other => panic!("ended by {other:?}"),
    }
    assert_eq!(std::fs::read(t.history()).unwrap(), before);
}
