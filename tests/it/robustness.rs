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
    // Read as the store reads it: a torn write can end inside a character.
    let text = String::from_utf8_lossy(&std::fs::read(t.history()).unwrap()).into_owned();
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
        // Fifty processes on a few cores may wait for the lock long enough to be told so.
        let warnings: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.contains("waiting for the lock"))
            .collect();
        assert!(warnings.is_empty(), "{job:?} warned: {stderr}");
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

// ---------------------------------------------------------------------------------------
// (d) The store's edges: concurrent imports, forget --all, links, FIFOs, the lock, read-only
//     and full disks, --output onto special files
// ---------------------------------------------------------------------------------------

/// Waits for a child, failing (not hanging the suite) if it never ends: a guard, not a
/// measurement.
fn finish(mut child: Child, what: &str) -> std::process::Output {
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("{what} never ended");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn export_of(docs: &[Value]) -> String {
    serde_json::json!({
        "schema": "balance.export/v1",
        "tool_version": "0.1.0",
        "exported_at": "2025-06-01T00:00:00Z",
        "results": docs,
    })
    .to_string()
}

#[test]
fn concurrent_imports_of_one_file_store_each_result_once() {
    let t = Test::new();
    let docs = results(45, 0x1e);
    let file = t.write("backup.json", &export_of(&docs));
    let children: Vec<Child> = (0..8)
        .map(|_| spawn(&t, &["import", file.to_str().unwrap()]))
        .collect();
    let mut added = 0;
    for child in children {
        let out = finish(child, "import");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let count: usize = stdout
            .trim()
            .strip_prefix("added ")
            .and_then(|s| s.split(',').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("unexpected output: {stdout}"));
        added += count;
    }
    assert_eq!(added, 45, "the imports together added each result once");
    let text = std::fs::read_to_string(t.history()).unwrap();
    assert_eq!(text.lines().count(), 45, "one line per result");
    let loaded = load(&t);
    let unique: HashSet<String> = ids(&loaded).into_iter().collect();
    assert_eq!(unique.len(), 45);
    // Every id can be referenced: no prefix matches two results.
    let mut t = t;
    for doc in docs.iter().take(3) {
        let id = doc["id"].as_str().unwrap();
        t.args(["report", id, "--plain"]).expect(0);
    }
}

/// Every file under `dir`, at any depth.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn forget_all_leaves_no_answer_anywhere_under_the_data_folder() {
    const MARKER: &str = "ANSWER-MARKER-7f3a";
    let mut t = Test::new();
    let docs = results(3, 0xf0);
    let mut lines: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
    // Damaged lines that still hold answers, one with bytes that are not UTF-8.
    lines.push(format!(
        "{{\"answers\": {{\"cl01\": 6}}, \"note\": \"{MARKER}"
    ));
    let mut bytes = Vec::new();
    for l in &lines {
        bytes.extend_from_slice(l.as_bytes());
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(b"{\"answers\": {\"cl02\": 3}, \"x\": \"\xff\xfe\"}\n");
    std::fs::write(t.history(), &bytes).unwrap();
    t.write(
        "progress.json",
        &format!(
            "{{\"schema\":\"balance.progress/v1\",\"form\":\"full\",\"questionnaires\":[\"clinginess\"],\"items\":[\"cl01\"],\"answers\":{{\"cl01\":5}},\"position\":1,\"note\":\"{MARKER}\"}}"
        ),
    );
    // Temporary copies a killed `forget` left behind.
    t.write(".balance-AbC123", &format!("{}\n{MARKER}\n", docs[0]));
    t.write(".balance-XyZ789", &format!("{}\n", docs[1]));

    let run = t.args(["forget", "--all", "--yes"]).expect(0);
    assert_eq!(run.stdout.trim(), "forgot 3 results");
    for path in files_under(t.home.path()) {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        assert!(
            !text.contains("answers") && !text.contains(MARKER),
            "{} still holds answers after forget --all: {text:.200}",
            path.display()
        );
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(name, "history.lock", "only the lock is left, not {name}");
    }
    assert!(t.home.path().is_dir(), "the folder stays");
}

#[test]
fn forget_keeps_damaged_lines_byte_for_byte() {
    let mut t = Test::new();
    let docs = results(2, 0xb7);
    let mut bytes = format!("{}\n", docs[0]).into_bytes();
    let damaged: &[u8] = b"{\"answers\": \"\xff\xfe not UTF-8\"\r\n";
    bytes.extend_from_slice(damaged);
    bytes.extend_from_slice(format!("{}\n", docs[1]).as_bytes());
    std::fs::write(t.history(), &bytes).unwrap();
    let id = docs[0]["id"].as_str().unwrap();
    t.args(["forget", id, "--yes"]).expect(0);
    let mut expected = damaged.to_vec();
    expected.extend_from_slice(format!("{}\n", docs[1]).as_bytes());
    assert_eq!(std::fs::read(t.history()).unwrap(), expected);
}

#[cfg(unix)]
mod links_and_special_files {
    use super::*;
    use std::os::unix::fs::{symlink, FileTypeExt, PermissionsExt};

    fn answers(t: &Test) -> std::path::PathBuf {
        t.write("a.json", &crate::common::short_answers(4))
    }

    #[test]
    fn a_symlinked_history_is_refused_and_its_target_untouched() {
        let mut t = Test::new();
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("target.jsonl");
        write_history(&t, &results(1, 0x51));
        std::fs::rename(t.history(), &target).unwrap();
        symlink(&target, t.history()).unwrap();
        let before = std::fs::read(&target).unwrap();
        let run = t.args(["history"]).expect(1);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
        let a = answers(&t);
        let run = t.args(["checkin", "--answers", a.to_str().unwrap()]).run();
        assert_ne!(run.code, 0);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
        assert_eq!(std::fs::read(&target).unwrap(), before, "nothing appended");
    }

    #[test]
    fn a_dangling_lock_link_is_refused_and_its_target_not_made() {
        let mut t = Test::new();
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("made-by-balance");
        symlink(&target, t.path("history.lock")).unwrap();
        write_history(&t, &results(1, 0x52));
        let run = t.args(["history"]).expect(1);
        assert!(run.stderr.contains("history.lock"), "{}", run.stderr);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
        let a = answers(&t);
        let run = t.args(["checkin", "--answers", a.to_str().unwrap()]).run();
        assert_ne!(run.code, 0);
        assert!(!target.exists(), "the link's target was created");
    }

    #[test]
    fn a_symlinked_progress_file_is_refused() {
        let mut t = Test::new();
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("progress.json");
        std::fs::write(&target, "{}").unwrap();
        symlink(&target, t.path("progress.json")).unwrap();
        let run = t.args(["quiz", "--resume"]).expect(1);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    }

    fn mkfifo(path: &Path) {
        let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
        assert!(status.success());
    }

    #[test]
    fn a_fifo_named_history_jsonl_is_refused_without_waiting() {
        let t = Test::new();
        mkfifo(&t.history());
        let out = finish(spawn(&t, &["due", "--every", "7d"]), "due over a FIFO");
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not a regular file"), "{stderr}");
        let out = finish(spawn(&t, &["history"]), "history over a FIFO");
        assert_eq!(out.status.code(), Some(1));
    }

    /// A questionnaire file that is a FIFO is refused before it is opened: opening it would
    /// wait for a writer, and what a writer sends has no size to check.
    #[test]
    fn a_fifo_given_as_a_questionnaire_file_is_refused_without_waiting() {
        let t = Test::new();
        let fifo = t.path("q.toml");
        mkfifo(&fifo);
        let out = finish(
            spawn(&t, &["validate", fifo.to_str().unwrap()]),
            "validate of a FIFO",
        );
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }

    #[test]
    fn a_held_lock_makes_balance_say_it_waits_then_give_up_naming_the_lock() {
        let t = Test::new();
        write_history(&t, &results(1, 0x53));
        let lock = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(t.path("history.lock"))
            .unwrap();
        lock.lock().unwrap();
        for (args, code) in [(vec!["history"], 1), (vec!["due", "--every", "7d"], 2)] {
            let mut command = base(&t, &args);
            command
                .env("BALANCE_LOCK_TIMEOUT", "1.5")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let out = finish(command.spawn().unwrap(), "a command behind a held lock");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
            assert!(
                stderr.contains("waiting for the lock"),
                "{args:?}: {stderr}"
            );
            assert!(stderr.contains("gave up waiting"), "{args:?}: {stderr}");
            assert!(stderr.contains("history.lock"), "{args:?}: {stderr}");
        }
        lock.unlock().unwrap();
        let mut command = base(&t, &["history"]);
        command.env("BALANCE_LOCK_TIMEOUT", "1.5");
        assert!(command.output().unwrap().status.success(), "free again");
    }

    #[test]
    fn a_bad_lock_timeout_is_an_error() {
        let mut t = Test::new();
        write_history(&t, &results(1, 0x54));
        let run = t
            .args(["history"])
            .env("BALANCE_LOCK_TIMEOUT", "soon")
            .expect(1);
        assert!(
            run.stderr.contains("BALANCE_LOCK_TIMEOUT"),
            "{}",
            run.stderr
        );
    }

    /// A command run by someone who may read the home but not write in it: as root (CI),
    /// run as `nobody`, since root ignores permissions.
    fn read_only_command(t: &Test, args: &[&str]) -> Command {
        use std::os::unix::process::CommandExt;
        let home = t.home.path();
        for path in [t.history(), t.path("history.lock"), t.path("a.json")] {
            if path.exists() {
                std::fs::set_permissions(&path, PermissionsExt::from_mode(0o444)).unwrap();
            }
        }
        // A copy of balance that `nobody` can run, wherever the build lives (perhaps in a home
        // folder only its owner may enter).
        let bin = home.join("balance-copy");
        if !bin.exists() {
            std::fs::copy(crate::common::BIN, &bin).unwrap();
            std::fs::set_permissions(&bin, PermissionsExt::from_mode(0o755)).unwrap();
        }
        std::fs::set_permissions(home, PermissionsExt::from_mode(0o555)).unwrap();
        let mut command = Command::new(&bin);
        command
            .args(args)
            .env("BALANCE_HOME", home)
            .env_remove("BALANCE_QUESTIONNAIRES")
            .env("RUST_BACKTRACE", "1")
            .current_dir("/");
        // std sets the ids in the child before exec.
        if unsafe { libc::geteuid() } == 0 {
            command.uid(65534).gid(65534);
        }
        command
    }

    /// Runs a freshly copied binary. While another test thread forks, the child may briefly
    /// hold the copy's write descriptor, and exec fails with ETXTBSY: try again.
    fn run_copy(mut command: Command) -> std::process::Output {
        for _ in 0..100 {
            match command.output() {
                Err(e) if e.raw_os_error() == Some(libc::ETXTBSY) => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                other => return other.expect("run balance"),
            }
        }
        panic!("the copy of balance stayed busy")
    }

    #[test]
    fn a_read_only_history_can_be_read_and_checkin_no_save_needs_no_write_access() {
        let t = Test::new();
        write_history(&t, &results(2, 0x55));
        // A lock made by the owner, which the reader may not open for writing.
        std::fs::write(t.path("history.lock"), "").unwrap();
        let a = answers(&t);
        let out = run_copy(read_only_command(&t, &["history", "--json"]));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 2);
        let out = run_copy(read_only_command(
            &t,
            &[
                "checkin",
                "--answers",
                a.to_str().unwrap(),
                "--no-save",
                "--json",
            ],
        ));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::set_permissions(t.home.path(), PermissionsExt::from_mode(0o700)).unwrap();
    }

    #[test]
    fn a_failed_append_leaves_the_history_as_it_was() {
        let t = Test::new();
        write_history(&t, &results(1, 0x56));
        let before = std::fs::read(t.history()).unwrap();
        let a = answers(&t);
        // A file size limit just past the history stands in for a full disk: the append
        // starts, then fails part way (EFBIG, with SIGXFSZ ignored).
        let blocks = before.len() / 512 + 1;
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!(
                "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\""
            ))
            .arg(crate::common::BIN)
            .args(["checkin", "--answers", a.to_str().unwrap()])
            .env("BALANCE_HOME", t.home.path());
        let out = command.output().unwrap();
        // checkin reports a failed save with the result, on standard output.
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(1), "{said}");
        assert!(
            said.contains("Not saved") && said.contains("history.jsonl"),
            "{said}"
        );
        assert_eq!(std::fs::read(t.history()).unwrap(), before);
        assert!(load(&t).damaged.is_empty(), "no partial line");
    }

    #[test]
    fn missing_data_folders_are_made_private_whatever_the_umask() {
        let t = Test::new();
        let a = answers(&t);
        let deep = t.path("x/y/z");
        let out = Command::new("sh")
            .arg("-c")
            .arg("umask 000; exec \"$0\" \"$@\"")
            .arg(crate::common::BIN)
            .args(["checkin", "--answers", a.to_str().unwrap()])
            .env("BALANCE_HOME", &deep)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for dir in ["x", "x/y", "x/y/z"] {
            let mode = std::fs::metadata(t.path(dir)).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{dir}");
        }
        let mode = std::fs::metadata(deep.join("history.jsonl"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_folder_others_can_read_is_warned_about_and_the_history_tightened() {
        let mut t = Test::new();
        write_history(&t, &results(1, 0x5c));
        std::fs::set_permissions(t.history(), PermissionsExt::from_mode(0o644)).unwrap();
        std::fs::set_permissions(t.home.path(), PermissionsExt::from_mode(0o755)).unwrap();
        let run = t.args(["history"]).expect(0);
        assert!(
            run.stderr.contains("other users can read the folder"),
            "{}",
            run.stderr
        );
        let mode = std::fs::metadata(t.history()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the history is made owner-only");
        std::fs::set_permissions(t.home.path(), PermissionsExt::from_mode(0o700)).unwrap();
        let run = t.args(["history"]).expect(0);
        assert_eq!(run.stderr, "");
    }

    /// Writing tightens a history others could read, as reading does: `import` writes
    /// without reading the history through the commands that read it.
    #[test]
    fn an_import_makes_a_readable_history_private_again() {
        let mut t = Test::new();
        write_history(&t, &results(2, 0x5d));
        let backup = t.path("backup.json");
        t.args(["export", "--output", backup.to_str().unwrap()])
            .expect(0);
        std::fs::set_permissions(t.history(), PermissionsExt::from_mode(0o644)).unwrap();
        t.args(["import", backup.to_str().unwrap()]).expect(0);
        let mode = std::fs::metadata(t.history()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    /// A small batch of answers for `score`.
    const BATCH: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/score/answers.csv"
    );

    #[test]
    fn output_through_a_link_replaces_the_target_and_keeps_the_link() {
        let mut t = Test::new();
        write_history(&t, &results(2, 0x57));
        let target = t.write("real.json", "old");
        let link = t.path("link.json");
        symlink("real.json", &link).unwrap();
        t.args(["export", "--output", link.to_str().unwrap()])
            .expect(0);
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        let export: Value =
            serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
        assert_eq!(export["results"].as_array().unwrap().len(), 2);

        // Scored rows, streamed to their file, follow the same rule.
        t.args(["score", BATCH, "--output", link.to_str().unwrap()])
            .expect(0);
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        let rows = std::fs::read_to_string(&target).unwrap();
        assert!(rows.starts_with(r#"{"respondent":"r1""#), "{rows}");
    }

    #[test]
    fn output_onto_the_history_is_refused() {
        let mut t = Test::new();
        write_history(&t, &results(2, 0x58));
        let before = std::fs::read(t.history()).unwrap();
        let link = t.path("h.json");
        symlink(t.history(), &link).unwrap();
        let a = answers(&t);
        for output in [t.history(), link] {
            let output = output.to_str().unwrap().to_string();
            let run = t.args(["export", "--output", &output]).expect(1);
            assert!(
                run.stderr.contains("balance keeps the history there"),
                "{}",
                run.stderr
            );
            let run = t
                .args([
                    "quiz",
                    "--answers",
                    a.to_str().unwrap(),
                    "--no-save",
                    "--output",
                    &output,
                ])
                .expect(1);
            assert!(run.stderr.contains("refusing"), "{}", run.stderr);
            t.args(["report", "latest", "--html", &output]).expect(1);
            let run = t.args(["score", BATCH, "--output", &output]).expect(1);
            assert!(run.stderr.contains("refusing"), "{}", run.stderr);
        }
        assert_eq!(std::fs::read(t.history()).unwrap(), before);
    }

    /// The lock and `due`'s summary beside the history are balance's too: a new lock file
    /// in place of the old one would let a second writer in.
    #[test]
    fn output_onto_the_lock_or_the_summary_is_refused() {
        let mut t = Test::new();
        write_history(&t, &results(2, 0x5a));
        t.args(["due", "--every", "7d"]).run();
        let folder = t.history().parent().unwrap().to_path_buf();
        for name in ["history.lock", "history.summary"] {
            let output = folder.join(name);
            let before = std::fs::read(&output).ok();
            let run = t
                .args(["export", "--output", output.to_str().unwrap()])
                .expect(1);
            assert!(
                run.stderr.contains("refusing to write over"),
                "{name}: {}",
                run.stderr
            );
            assert_eq!(std::fs::read(&output).ok(), before, "{name}");
        }
    }

    /// Before any history exists, `--output` into a folder that does not exist was refused
    /// as if it were the history (two places that could not be found compared equal). It
    /// now names the missing folder, and nothing is made.
    #[test]
    fn output_into_a_missing_folder_names_the_folder_not_the_history() {
        let mut t = Test::new();
        let input = t.write("a.csv", "cl01,cl02\n1,5\n");
        let output = t.path("nowhere/scores.csv");
        let run = t
            .args([
                "score",
                input.to_str().unwrap(),
                "--output",
                output.to_str().unwrap(),
            ])
            .expect(1);
        let folder = t.path("nowhere");
        assert!(
            run.stderr
                .contains(&format!("there is no folder {}", folder.display())),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("history"), "{}", run.stderr);
        assert!(!folder.exists());
        // A name ending in `/` is a folder's: that folder is what is missing (it was "Not a
        // directory").
        let named = format!("{}/", folder.display());
        let run = t
            .args(["score", input.to_str().unwrap(), "--output", &named])
            .expect(1);
        assert!(
            run.stderr.contains(&format!("there is no folder {named}")),
            "{}",
            run.stderr
        );
        assert!(!folder.exists());
    }

    /// `score FILE --output FILE` (or a link to it) would replace the answers with their
    /// scores: refused, and the file is left as it was.
    #[test]
    fn score_output_onto_its_own_input_is_refused() {
        let mut t = Test::new();
        let answers = "respondent,cl01\nr1,3\n";
        let input = t.write("in.csv", answers);
        let link = t.path("link.csv");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        for output in [&input, &link] {
            let (input, output) = (input.to_str().unwrap(), output.to_str().unwrap());
            let run = t.args(["score", input, "--output", output]).expect(1);
            assert!(
                run.stderr.contains("it is the file being read"),
                "{}",
                run.stderr
            );
            assert_eq!(std::fs::read_to_string(input).unwrap(), answers);
        }
    }

    /// A folder balance cannot write in: the message names the `--output` path and what went
    /// wrong, not the random name of the temporary file it tried to make there.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_failed_output_does_not_name_the_temporary_file() {
        let mut t = Test::new();
        let input = t.write("a.csv", "cl01,cl02\n1,5\n");
        // Not writable even by root: sysfs makes no files on request.
        let run = t
            .args([
                "score",
                input.to_str().unwrap(),
                "--output",
                "/sys/scores.csv",
            ])
            .expect(1);
        assert!(
            run.stderr.contains("cannot write /sys/scores.csv: "),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains(".balance-"), "{}", run.stderr);
    }

    #[test]
    fn output_to_a_fifo_is_written_through_to_its_reader() {
        let mut t = Test::new();
        write_history(&t, &results(2, 0x59));
        let fifo = t.path("pipe");
        mkfifo(&fifo);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        t.args(["export", "--output", fifo.to_str().unwrap()])
            .expect(0);
        let read = reader.join().unwrap();
        let export: Value = serde_json::from_slice(&read).unwrap();
        assert_eq!(export["results"].as_array().unwrap().len(), 2);
        assert!(
            std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
            "still a FIFO"
        );
    }

    #[test]
    fn output_to_dev_null_and_dev_stdout_is_written_through() {
        let mut t = Test::new();
        write_history(&t, &results(1, 0x5a));
        t.args(["report", "latest", "--html", "/dev/null"])
            .expect(0);
        t.args(["export", "--output", "/dev/null"]).expect(0);
        t.args(["score", BATCH, "--output", "/dev/null"]).expect(0);
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device(),
            "/dev/null is still a device"
        );
        let run = t.args(["export", "--output", "/dev/stdout"]).expect(0);
        assert_eq!(run.json()["results"].as_array().unwrap().len(), 1);

        // Standard output appended to a file (`>>`) keeps what the file had.
        let log = t.write("log.txt", "kept line\n");
        let mut command = t.args(["export", "--output", "/dev/stdout"]).command();
        command.stdout(std::fs::OpenOptions::new().append(true).open(&log).unwrap());
        assert!(command.status().unwrap().success());
        let text = std::fs::read_to_string(&log).unwrap();
        assert!(text.starts_with("kept line\n{"), "{text}");
    }
}

#[test]
fn empty_standard_input_saves_nothing() {
    let mut t = Test::new();
    let run = t.args(["quiz", "--answers", "-"]).stdin("").expect(1);
    assert!(run.stderr.contains("no answers given"), "{}", run.stderr);
    assert!(!t.history().exists(), "nothing saved");
}

#[test]
fn an_imported_old_backup_does_not_become_latest() {
    let mut t = Test::new();
    let docs = results(2, 0x5b);
    // The newer result first in the file, the older one imported after it.
    let (older, newer) = if docs[0]["taken_at"].as_str() < docs[1]["taken_at"].as_str() {
        (&docs[0], &docs[1])
    } else {
        (&docs[1], &docs[0])
    };
    write_history(&t, std::slice::from_ref(newer));
    let backup = t.write("old.json", &export_of(std::slice::from_ref(older)));
    t.args(["import", backup.to_str().unwrap()]).expect(0);
    let date = |doc: &Value| doc["taken_at"].as_str().unwrap()[..10].to_string();
    let run = t.args(["report", "latest", "--plain"]).expect(0);
    assert!(run.stdout.contains(&date(newer)), "{}", run.stdout);
    assert!(!run.stdout.contains(&date(older)), "{}", run.stdout);
    let run = t.args(["report", "first", "--plain"]).expect(0);
    assert!(run.stdout.contains(&date(older)), "{}", run.stdout);
}
