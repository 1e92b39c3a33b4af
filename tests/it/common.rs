//! A builder that runs the real `balance` binary in a temporary home, in the manner of
//! casey/just's tests: arguments, environment and standard input in; standard output,
//! standard error, exit code and the files left behind out.

use std::io::Write;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_balance");

pub struct Test {
    pub home: tempfile::TempDir,
    /// The run's temporary folder (`TMPDIR`), so that a result written aside when saving
    /// fails lands here and is removed with the test, not left in the machine's `/tmp`.
    pub temp: tempfile::TempDir,
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Option<Vec<u8>>,
    cwd: Option<PathBuf>,
}

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Test {
    pub fn new() -> Self {
        let home = tempfile::tempdir().expect("temp dir");
        // tempfile makes folders 0755; balance makes its data folder 0700 and warns about
        // one that others can read.
        #[cfg(unix)]
        std::fs::set_permissions(
            home.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .expect("temp dir mode");
        Test {
            home,
            temp: tempfile::tempdir().expect("temp dir"),
            args: Vec::new(),
            env: Vec::new(),
            stdin: None,
            cwd: None,
        }
    }

    /// Another run in the same home.
    pub fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.args = args.into_iter().map(|a| a.as_ref().to_string()).collect();
        self
    }

    pub fn env(&mut self, key: &str, value: &str) -> &mut Self {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    pub fn stdin(&mut self, input: impl Into<Vec<u8>>) -> &mut Self {
        self.stdin = Some(input.into());
        self
    }

    pub fn cwd(&mut self, dir: &Path) -> &mut Self {
        self.cwd = Some(dir.to_path_buf());
        self
    }

    /// The path of a file in the home folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    pub fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("write fixture");
        path
    }

    pub fn history(&self) -> PathBuf {
        self.path("history.jsonl")
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new(BIN);
        command
            .args(&self.args)
            .env("BALANCE_HOME", self.home.path())
            .env("TMPDIR", self.temp.path())
            .env_remove("BALANCE_QUESTIONNAIRES")
            .env_remove("NO_COLOR")
            // Long output on a pseudo-terminal would wait in `less`: the pager test sets its own.
            .env("PAGER", "cat")
            .env("RUST_BACKTRACE", "1");
        for (key, value) in &self.env {
            command.env(key, value);
        }
        if let Some(dir) = &self.cwd {
            command.current_dir(dir);
        }
        command
    }

    /// Runs and checks that balance did not panic.
    pub fn run(&mut self) -> Run {
        let run = self.capture();
        assert!(
            !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
            "balance panicked: {}",
            run.stderr
        );
        run
    }

    /// Runs and returns what happened, whatever it was (-1: ended by a signal).
    pub fn capture(&mut self) -> Run {
        let mut command = self.command();
        command
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("spawn balance");
        if let Some(input) = self.stdin.take() {
            let mut pipe = child.stdin.take().expect("stdin");
            std::thread::spawn(move || {
                let _ = pipe.write_all(&input);
            });
        }
        let output: Output = child.wait_with_output().expect("wait for balance");
        Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            code: output.status.code().unwrap_or(-1),
        }
    }

    /// The result document of `command` (`quiz ...` or `checkin ...`) answered from a file
    /// holding `answers`, printed with `--json` and not saved.
    pub fn result_of(&mut self, command: &[&str], answers: &str) -> serde_json::Value {
        let file = self.write("answers.json", answers);
        let mut args: Vec<String> = command.iter().map(|a| a.to_string()).collect();
        args.extend(["--answers".into(), file.display().to_string()]);
        args.extend(["--json".into(), "--no-save".into()]);
        self.args(args).expect(0).json()
    }

    /// Runs and checks the exit code, returning the run for further checks.
    pub fn expect(&mut self, code: i32) -> Run {
        let run = self.run();
        assert_eq!(
            run.code, code,
            "exit code of balance {:?}\nstdout:\n{}\nstderr:\n{}",
            self.args, run.stdout, run.stderr
        );
        run
    }
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

/// Every built-in item id with one answer, as a JSON answers document.
pub fn all_answers(answer: i64) -> String {
    let catalog = balance::catalog::Catalog::builtin().expect("built-ins load");
    let map: serde_json::Map<String, serde_json::Value> = catalog
        .questionnaires
        .iter()
        .flat_map(|q| q.items.iter())
        .map(|i| (i.id.clone(), answer.into()))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// The short-form item ids with one answer.
pub fn short_answers(answer: i64) -> String {
    let catalog = balance::catalog::Catalog::builtin().expect("built-ins load");
    let map: serde_json::Map<String, serde_json::Value> = catalog
        .questionnaires
        .iter()
        .flat_map(|q| q.items.iter().filter(|i| i.short))
        .map(|i| (i.id.clone(), answer.into()))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// Answers that give each named dimension the keyed level (1-7) asked for: reverse-keyed
/// items get the mirrored answer. Dimensions not named are left unanswered. Like a real
/// person's, the answers vary around the level (which keeps the mean exact) wherever the
/// level leaves room, so that they read as considered answers rather than one key pressed
/// again and again.
pub fn answers_for(levels: &[(&str, i64)], short: bool) -> String {
    let catalog = balance::catalog::Catalog::builtin().expect("built-ins load");
    let mut map = serde_json::Map::new();
    for q in &catalog.questionnaires {
        for dimension in &q.dimensions {
            let Some(&(_, level)) = levels.iter().find(|(d, _)| *d == dimension.id) else {
                continue;
            };
            let items: Vec<_> = q
                .items
                .iter()
                .filter(|i| i.dimension == dimension.id && (!short || i.short))
                .collect();
            let room = level > q.scale.min && level < q.scale.max;
            // +1, -1, ... in turn among the forward items and, separately, among the
            // reverse-keyed ones, so that the raw answers vary too (an odd one out gets 0).
            for reverse in [false, true] {
                let keyed_alike: Vec<_> = items.iter().filter(|i| i.reverse == reverse).collect();
                for (n, item) in keyed_alike.iter().enumerate() {
                    let last_odd_one = n + 1 == keyed_alike.len() && n % 2 == 0;
                    let wobble = match (room && !last_odd_one, n % 2) {
                        (false, _) => 0,
                        (true, 0) => 1,
                        _ => -1,
                    };
                    let keyed = level + wobble;
                    let answer = if reverse {
                        q.scale.min + q.scale.max - keyed
                    } else {
                        keyed
                    };
                    map.insert(item.id.clone(), answer.into());
                }
            }
        }
    }
    Value::Object(map).to_string()
}

/// Answers at keyed levels (1-7) of clinginess, hyper-independence, anxiety and avoidance,
/// varied as `answers_for` varies them; the short form's items alone when `short`.
pub fn four_levels(levels: [i64; 4], short: bool) -> String {
    answers_for(
        &[
            ("clinginess", levels[0]),
            ("hyper_independence", levels[1]),
            ("anxiety", levels[2]),
            ("avoidance", levels[3]),
        ],
        short,
    )
}
