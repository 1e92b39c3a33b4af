// Robustness of the real binary under crashes, concurrency and failing output:
//
// (a) `checkin` (and `forget`) processes killed with SIGKILL at random moments: the history
//     still loads, every earlier result is still readable, at most the results being written
//     are missing or damaged, and a damaged line never hides the lines after it.
// (b) 50 processes at once, mixing `checkin` saves, `forget ID --yes` of results written
//     before, and `history --json` reads: nothing lost, duplicated or interleaved.
// (c) Every command that prints (list, show, strategies, schema, history, trend, export,
//     report, score, paths, and compare, completions, man), into a closed pipe (quiet, exit 0) and into /dev/full
//     (exit 1, "cannot write").
//
// The random tests print their seed; set BALANCE_TEST_SEED to replay one.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::Test;
use balance::history::{History, Loaded};
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::Value;

const RESULT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/result.json");
const SCORE_CSV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/score/answers.csv"
);

fn rng() -> SmallRng {
    let seed = std::env::var("BALANCE_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| rand::rng().random());
    eprintln!("seed: BALANCE_TEST_SEED={seed}");
    SmallRng::seed_from_u64(seed)
}

fn ids(loaded: &Loaded) -> Vec<String> {
    loaded.results.iter().map(|r| r.id.clone()).collect()
}

fn load(t: &Test) -> Loaded {
    History::new(t.home.path())
        .load()
        .expect("the history loads after every crash")
}

/// `balance ARGS` in the home of `t`, with the environment `Test::command` gives (but not
/// the arguments last given to `t`).
fn base(t: &Test, args: &[impl AsRef<std::ffi::OsStr>]) -> Command {
    let mut command = Command::new(crate::common::BIN);
    command
        .args(args)
        .env("BALANCE_HOME", t.home.path())
        .env_remove("BALANCE_QUESTIONNAIRES")
        .env_remove("NO_COLOR")
        .env("RUST_BACKTRACE", "1");
    command
}

/// A command of `t` with its output captured and no input.
fn spawn(t: &Test, args: &[&str]) -> Child {
    let mut command = base(t, args);
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command.spawn().expect("spawn balance")
}

/// Result documents with distinct ids and times, made from the fixture.
fn results(count: usize, tag: u32) -> Vec<Value> {
    let template: Value = serde_json::from_str(&std::fs::read_to_string(RESULT).unwrap()).unwrap();
    (0..count)
        .map(|n| {
            let mut doc = template.clone();
            doc["id"] = Value::String(format!("01800000-{tag:04x}-7000-8000-{n:012x}"));
            doc["taken_at"] = Value::String(format!(
                "2025-{:02}-{:02}T08:{:02}:00Z",
                1 + n % 12,
                1 + n % 28,
                n % 60
            ));
            doc
        })
        .collect()
}

fn write_history(t: &Test, docs: &[Value]) {
    let mut text = String::new();
    for doc in docs {
        text.push_str(&doc.to_string());
        text.push('\n');
    }
    std::fs::write(t.history(), text).unwrap();
}

/// Which lines of the history file cannot be read as a result, by number (1-based).
fn unreadable_lines(path: &Path) -> Vec<usize> {
    let bytes = std::fs::read(path).unwrap_or_default();
    String::from_utf8_lossy(&bytes)
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .filter(|(_, line)| serde_json::from_str::<balance::result::ResultDoc>(line).is_err())
        .map(|(i, _)| i + 1)
        .collect()
}

// ---------------------------------------------------------------------------------------
// (a) Crashes
// ---------------------------------------------------------------------------------------

/// How many rounds of killed writers the crash test runs.
const ROUNDS: usize = 25;

#[test]
fn killed_writers_never_cost_an_earlier_result_or_hide_a_later_one() {
    let mut rng = rng();
    let mut t = Test::new();
    let answers = t.write("short.json", &crate::common::short_answers(5));
    let answers = answers.to_str().unwrap().to_string();
    let checkin = ["checkin", "--answers", answers.as_str(), "--json"];

    // Some results to lose, and how long a check-in takes here.
    let started = Instant::now();
    for _ in 0..3 {
        t.args(checkin).expect(0);
    }
    let typical = started.elapsed() / 3;
    let window = (typical * 2).max(Duration::from_millis(5));

    // A fixed number of rounds, not as many as fit in a time: the test then checks the same
    // amount of work on a fast machine and on a loaded one.
    let (mut killed_total, mut completed_total, mut torn_total) = (0, 0, 0);
    for iterations in 1..=ROUNDS {
        let before = load(&t);
        let before_ids = ids(&before);

        // A write torn by a crash (power loss, a full disk) leaves half a line without its
        // newline; SIGKILL alone cannot tear a single write, so make one now and then.
        let mut torn = 0;
        if rng.random_ratio(1, 4) && !before.results.is_empty() {
            let line = serde_json::to_string(&before.results[0]).unwrap();
            let cut = rng.random_range(1..line.len());
            let mut file = std::fs::OpenOptions::new()
                .append(true)
                .open(t.history())
                .unwrap();
            file.write_all(&line.as_bytes()[..cut]).unwrap();
            torn = 1;
            torn_total += 1;
        }

        // One to three check-ins, and now and then a forget of the oldest result, each
        // killed at its own random moment (some never: they finish first).
        let forgetting =
            (rng.random_ratio(1, 3) && before_ids.len() > 3).then(|| before_ids[0].clone());
        let mut children: Vec<(Child, Duration, bool)> = Vec::new();
        for _ in 0..rng.random_range(1..=3) {
            let delay = window.mul_f64(rng.random_range(0.0..1.0));
            children.push((spawn(&t, &checkin), delay, false));
        }
        if let Some(id) = &forgetting {
            let delay = window.mul_f64(rng.random_range(0.0..1.0));
            children.push((spawn(&t, &["forget", id, "--yes"]), delay, true));
        }
        let spawned = Instant::now();
        let mut order: Vec<usize> = (0..children.len()).collect();
        order.sort_by_key(|&i| children[i].1);
        for i in order {
            let (child, delay, _) = &mut children[i];
            if let Some(rest) = delay.checked_sub(spawned.elapsed()) {
                std::thread::sleep(rest);
            }
            let _ = child.kill();
        }

        let mut printed = Vec::new();
        let mut killed = 0;
        for (child, _, is_forget) in children {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!stderr.contains("panicked"), "balance panicked: {stderr}");
            match output.status.code() {
                Some(0) if !is_forget => {
                    completed_total += 1;
                    let doc: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
                        panic!("checkin --json printed a broken document: {e}")
                    });
                    printed.push(doc["id"].as_str().unwrap().to_string());
                }
                Some(0) => {}
                Some(code) => panic!("a writer failed with exit code {code}: {stderr}"),
                None => {
                    killed += 1;
                    killed_total += 1;
                }
            }
        }

        let after = load(&t);
        let after_ids = ids(&after);
        // Every earlier result is still there, in order (but the one being forgotten).
        let expected_kept: Vec<&String> = before_ids
            .iter()
            .filter(|id| Some(*id) != forgetting.as_ref())
            .collect();
        let kept: Vec<&String> = after_ids
            .iter()
            .filter(|id| before_ids.contains(id) && Some(*id) != forgetting.as_ref())
            .collect();
        assert_eq!(
            kept, expected_kept,
            "iteration {iterations}: an earlier result was lost or moved"
        );
        if let Some(id) = &forgetting {
            let left = after_ids.iter().filter(|i| *i == id).count();
            assert!(
                left <= 1,
                "iteration {iterations}: {id} duplicated by forget"
            );
        }
        // The new results are at the end, each once; every check-in that reported success
        // saved its result.
        let new: Vec<&String> = after_ids
            .iter()
            .filter(|id| !before_ids.contains(id))
            .collect();
        let unique: HashSet<&&String> = new.iter().collect();
        assert_eq!(
            unique.len(),
            new.len(),
            "iteration {iterations}: a result duplicated"
        );
        assert!(
            new.len() <= 3,
            "iteration {iterations}: {} new results from at most 3 check-ins",
            new.len()
        );
        for id in &printed {
            assert!(
                after_ids.contains(id),
                "iteration {iterations}: check-in {id} reported success but is not in the history"
            );
        }
        // At most the lines being written are damaged.
        let damaged_now = after.damaged.len() - before.damaged.len().min(after.damaged.len());
        assert!(
            after.damaged.len() >= before.damaged.len(),
            "iteration {iterations}: damaged lines disappeared (only forget may drop lines, and it keeps damaged ones)"
        );
        assert!(
            damaged_now <= killed + torn,
            "iteration {iterations}: {damaged_now} new damaged lines from {killed} killed writers and {torn} torn write"
        );
        // What the store reports damaged is exactly what cannot be read.
        let reported: Vec<usize> = after.damaged.iter().map(|d| d.line).collect();
        assert_eq!(
            reported,
            unreadable_lines(&t.history()),
            "iteration {iterations}"
        );
    }

    // A damaged line never hides what comes after it: a last, clean check-in is read, last.
    let run = t.args(checkin).expect(0);
    let last: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: stdout {:?}, stderr {:?}", run.stdout, run.stderr));
    let loaded = load(&t);
    assert_eq!(
        loaded.results.last().map(|r| r.id.as_str()),
        last["id"].as_str(),
        "the last check-in is the last readable result"
    );
    let text = std::fs::read_to_string(t.history()).unwrap();
    let line_count = text.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(loaded.results.len() + loaded.damaged.len(), line_count);
    for damaged in &loaded.damaged {
        assert!(
            damaged.line < line_count,
            "the damaged line {} is the last line: the next append was merged into it",
            damaged.line
        );
    }
    // `balance history` agrees, warning once per damaged line.
    let run = t.args(["history", "--json"]).expect(0);
    assert_eq!(run.json().as_array().unwrap().len(), loaded.results.len());
    assert_eq!(
        run.stderr.matches("damaged line skipped").count(),
        loaded.damaged.len(),
        "{}",
        run.stderr
    );
    eprintln!(
        "{ROUNDS} iterations: {killed_total} writers killed, {completed_total} check-ins completed, \
{torn_total} torn writes, {} results and {} damaged lines at the end",
        loaded.results.len(),
        loaded.damaged.len()
    );
    // Kill moments fall within twice a check-in's usual time, so nearly every round kills
    // something; a run that killed nothing at all tested no crash.
    assert!(
        killed_total > 0,
        "no writer was killed in {ROUNDS} rounds ({completed_total} completed)"
    );
}

// ---------------------------------------------------------------------------------------
// (b) Concurrency
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum Job {
    Checkin,
    Forget(usize),
    Read,
}

#[test]
fn fifty_concurrent_writers_and_readers_lose_duplicate_and_interleave_nothing() {
    let mut rng = rng();
    let mut t = Test::new();
    let initial = results(20, 0xbee);
    write_history(&t, &initial);
    let initial_ids: Vec<String> = initial
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    let answers = t.write("short.json", &crate::common::short_answers(3));
    let answers = answers.to_str().unwrap().to_string();

    // 20 check-ins, 15 forgets of the first 15 initial results, 15 readers, in random order.
    let mut jobs: Vec<Job> = std::iter::repeat_n(Job::Checkin, 20)
        .chain((0..15).map(Job::Forget))
        .chain(std::iter::repeat_n(Job::Read, 15))
        .collect();
    jobs.shuffle(&mut rng);
    assert_eq!(jobs.len(), 50);
    let forgotten: HashSet<&String> = initial_ids[..15].iter().collect();
    let untouched: Vec<&String> = initial_ids[15..].iter().collect();

    let children: Vec<(Job, Child)> = jobs
        .iter()
        .map(|&job| {
            let child = match job {
                Job::Checkin => spawn(&t, &["checkin", "--answers", &answers, "--json"]),
                Job::Forget(i) => spawn(&t, &["forget", &initial_ids[i], "--yes"]),
                Job::Read => spawn(&t, &["history", "--json"]),
            };
            (job, child)
        })
        .collect();

    let mut saved = HashSet::new();
    let mut seen_by_readers: Vec<Vec<String>> = Vec::new();
    for (job, child) in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{job:?} failed ({:?}): {stderr}",
            output.status
        );
        assert_eq!(stderr, "", "{job:?} warned");
        match job {
            Job::Checkin => {
                let doc: Value = serde_json::from_str(&stdout).expect("checkin --json");
                assert!(saved.insert(doc["id"].as_str().unwrap().to_string()));
            }
            Job::Forget(i) => assert_eq!(
                stdout.trim(),
                "forgot 1 result",
                "forget {}",
                initial_ids[i]
            ),
            Job::Read => {
                let list: Value = serde_json::from_str(&stdout)
                    .unwrap_or_else(|e| panic!("history --json is not whole JSON ({e})"));
                let ids: Vec<String> = list
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["id"].as_str().unwrap().to_string())
                    .collect();
                seen_by_readers.push(ids);
            }
        }
    }

    // Every read saw a consistent history: each id once, nothing it should not have seen,
    // and every result no one was removing.
    for ids in &seen_by_readers {
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(
            unique.len(),
            ids.len(),
            "a read saw a result twice: {ids:?}"
        );
        for id in ids {
            assert!(
                initial_ids.contains(id) || saved.contains(id),
                "a read saw an unknown result {id}"
            );
        }
        for id in &untouched {
            assert!(ids.contains(id), "a read missed {id}, which no one removed");
        }
    }

    // The file: every line whole, each id once, exactly the expected set.
    let text = std::fs::read_to_string(t.history()).unwrap();
    assert!(text.ends_with('\n'));
    let mut in_file = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let doc: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("line {} is not whole ({e}): {line:.200}", n + 1));
        assert_eq!(doc["schema"], "balance.result/v1");
        in_file.push(doc["id"].as_str().unwrap().to_string());
    }
    let unique: HashSet<&String> = in_file.iter().collect();
    assert_eq!(unique.len(), in_file.len(), "an id is in the file twice");
    let expected: HashSet<&String> = initial_ids
        .iter()
        .filter(|id| !forgotten.contains(id))
        .chain(saved.iter())
        .collect();
    assert_eq!(
        unique, expected,
        "exactly the results not forgotten, and every check-in"
    );
    let run = t.args(["history", "--json"]).expect(0);
    assert_eq!(run.stderr, "");
    assert_eq!(run.json().as_array().unwrap().len(), 25);
}

// ---------------------------------------------------------------------------------------
// (c) Closed pipes and full disks
// ---------------------------------------------------------------------------------------

/// A home with a large history and a large batch file, so that output runs past a pipe's
/// buffer; and every command that prints, with that setup.
fn printing_commands() -> (Test, Vec<Vec<String>>) {
    let t = Test::new();
    write_history(&t, &results(150, 0xface));
    let csv = std::fs::read_to_string(SCORE_CSV).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let mut big = format!("{header}\n");
    for _ in 0..10 {
        for row in &rows {
            big.push_str(row);
            big.push('\n');
        }
    }
    let big = t.write("big.csv", &big);
    let big = big.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--json"],
        vec!["show", "clinginess"],
        vec!["show", "attachment", "--json"],
        vec!["strategies"],
        vec!["strategies", "--json"],
        vec!["schema"],
        vec!["history"],
        vec!["history", "--json"],
        vec!["trend"],
        vec!["trend", "--json"],
        vec!["export"],
        vec!["report", RESULT],
        vec!["report", "latest"],
        vec!["--plain", "report", "first"],
        vec!["score", big],
        vec!["score", big, "--json"],
        vec!["score", big, "--stats"],
        vec!["score", big, "--stats", "--json"],
        vec!["paths"],
        vec!["paths", "--json"],
        // Printing commands beyond those the issue names.
        vec!["compare", "first", "latest"],
        vec!["compare", "first", "latest", "--json"],
        vec!["completions", "bash"],
        vec!["man"],
    ];
    let commands = commands
        .into_iter()
        .map(|c| c.into_iter().map(String::from).collect())
        .collect();
    (t, commands)
}

fn command(t: &Test, args: &[String]) -> Command {
    let mut command = base(t, args);
    command.stdin(Stdio::null()).stderr(Stdio::piped());
    command
}

/// The write end of a pipe whose read end is already closed.
fn pipe_without_reader() -> Stdio {
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills both descriptors on success; each is owned exactly once below.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read);
    Stdio::from(write)
}

fn quiet_exit(
    what: &str,
    args: &[String],
    output: &std::process::Output,
    problems: &mut Vec<String>,
) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() != Some(0) || !stderr.is_empty() {
        problems.push(format!(
            "balance {} ({what}): expected exit 0 and no stderr, got {:?}, stderr: {stderr:.400}",
            args.join(" "),
            output.status
        ));
    }
}

#[test]
fn every_printing_command_ends_quietly_when_its_reader_has_gone() {
    let (t, commands) = printing_commands();
    let mut problems = Vec::new();
    for args in &commands {
        // The reader is gone before balance writes anything.
        let output = command(&t, args)
            .stdout(pipe_without_reader())
            .output()
            .expect("run balance");
        quiet_exit("no reader at all", args, &output, &mut problems);

        // `balance ... | head -1`: the reader takes one line and goes.
        let mut child = command(&t, args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn balance");
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        let _ = reader.read_line(&mut first);
        drop(reader);
        let output = child.wait_with_output().expect("wait for balance");
        quiet_exit("reader left after one line", args, &output, &mut problems);
        if first.is_empty() {
            problems.push(format!("balance {}: printed nothing", args.join(" ")));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_printing_command_reports_a_full_disk() {
    let Ok(_) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full here");
        return;
    };
    let (t, commands) = printing_commands();
    let mut problems = Vec::new();
    for args in &commands {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = command(&t, args)
            .stdout(Stdio::from(full))
            .output()
            .expect("run balance");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.code() != Some(1)
            || !stderr.contains("cannot write")
            || stderr.contains("panicked")
        {
            problems.push(format!(
                "balance {}: expected exit 1 and \"cannot write\", got {:?}, stderr: {stderr:.400}",
                args.join(" "),
                output.status
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
