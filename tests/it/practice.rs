//! The practice loop without a terminal: `--practice`, `--tried` and `--note` over weeks of
//! check-ins, read back by the history, `trend` and `report`, and as private as the answers.

use serde_json::Value;

use crate::common::{answers_for, Test};

/// A strategy's N-th practice, as `balance strategies` numbers them.
fn practice_text(t: &mut Test, strategy: &str, number: usize) -> String {
    let strategies = t.args(["strategies", "--json"]).expect(0).json();
    let s = strategies
        .as_array()
        .expect("a list of strategies")
        .iter()
        .find(|s| s["id"] == strategy)
        .unwrap_or_else(|| panic!("no strategy {strategy}"));
    s["practices"][number - 1]
        .as_str()
        .expect("a practice text")
        .to_string()
}

/// Text with its line breaks and runs of spaces made single spaces, as wrapping leaves it.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn history_docs(t: &Test) -> Vec<Value> {
    std::fs::read_to_string(t.history())
        .expect("history written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// Clinginess and anxiety high in week one, lower in week two, low in week three.
fn weekly_answers(t: &Test) -> [String; 3] {
    [6, 5, 3].map(|level| {
        let answers = answers_for(
            &[
                ("clinginess", level),
                ("hyper_independence", 4),
                ("anxiety", level),
                ("avoidance", 4),
            ],
            true,
        );
        let file = t.write(&format!("week-{level}.json"), &answers);
        file.to_str().unwrap().to_string()
    })
}

#[test]
fn three_weeks_of_checkins_keep_what_was_tried_the_notes_and_what_changed() {
    let mut t = Test::new();
    let [week1, week2, week3] = weekly_answers(&t);
    let interests = practice_text(&mut t, "personal-interests", 1);
    let talk = practice_text(&mut t, "open-communication", 2);

    t.args([
        "checkin",
        "--answers",
        &week1,
        "--practice",
        "personal-interests:1",
        "--note",
        "a  quiet\nweek",
    ])
    .expect(0);
    let second = t
        .args([
            "checkin",
            "--answers",
            &week2,
            "--tried",
            "yes",
            "--practice",
            "personal-interests:1",
            "--note",
            "busy at work",
        ])
        .expect(0)
        .stdout;
    let squashed = squash(&second);
    assert!(
        squashed.contains(&format!("Last time you chose: {interests} Tried: yes.")),
        "{second}"
    );
    assert!(squashed.contains("Your note: \"busy at work\""), "{second}");
    t.args([
        "checkin",
        "--answers",
        &week3,
        "--tried",
        "partly",
        "--practice",
        "open-communication:2",
    ])
    .expect(0);

    // The history keeps each week's part of the loop.
    let docs = history_docs(&t);
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0]["practice"]["strategy"], "personal-interests");
    assert_eq!(docs[0]["practice"]["text"], interests.as_str());
    assert_eq!(docs[0]["previous_practice"], Value::Null);
    assert_eq!(
        docs[0]["note"], "a quiet week",
        "one line, spaces collapsed"
    );
    assert_eq!(docs[1]["previous_practice"]["text"], interests.as_str());
    assert_eq!(docs[1]["previous_practice"]["tried"], "yes");
    assert_eq!(docs[2]["previous_practice"]["tried"], "partly");
    assert_eq!(docs[2]["practice"]["text"], talk.as_str());
    assert_eq!(docs[2]["note"], Value::Null);

    // trend --json: the timeline and the stretch over which the practice was tried.
    let trend = t.args(["trend", "--json"]).expect(0).json();
    let timeline = trend["timeline"].as_array().expect("a timeline");
    assert_eq!(timeline.len(), 3);
    for (entry, doc) in timeline.iter().zip(&docs) {
        assert_eq!(entry["id"], doc["id"]);
        assert_eq!(entry["taken_at"], doc["taken_at"]);
        assert_eq!(entry["practice"], doc["practice"]);
        assert_eq!(entry["note"], doc["note"]);
    }
    let tried: Vec<&Value> = timeline.iter().map(|e| &e["tried"]).collect();
    assert_eq!(tried, [&Value::from("yes"), &"partly".into(), &Value::Null]);
    let practised = trend["practised"].as_array().expect("practised stretches");
    assert_eq!(practised.len(), 1, "{practised:?}");
    let stretch = &practised[0];
    assert_eq!(stretch["practice"]["text"], interests.as_str());
    assert_eq!(stretch["from"], docs[0]["taken_at"]);
    assert_eq!(stretch["to"], docs[2]["taken_at"]);
    let changed: Vec<(&str, &str)> = stretch["reliable_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["dimension"].as_str().unwrap(),
                c["direction"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(changed, [("clinginess", "falling"), ("anxiety", "falling")]);
    let clinginess = &stretch["reliable_changes"][0];
    assert_eq!(
        clinginess["from"],
        docs[0]["dimensions"]["clinginess"]["score"]
    );
    assert_eq!(
        clinginess["to"],
        docs[2]["dimensions"]["clinginess"]["score"]
    );

    // The text: the timeline, the change said plainly, and no claim of cause.
    let text = t.args(["trend"]).expect(0).stdout;
    let squashed = squash(&text);
    for expected in [
        "Practice and notes".to_string(),
        format!("Chose: {interests} (tried: yes)"),
        format!("Chose: {interests} (tried: partly)"),
        format!("Chose: {talk} (tried: not said yet)"),
        "Note: \"a quiet week\"".to_string(),
        "Note: \"busy at work\"".to_string(),
        format!(
            "While you practised \"{}\"",
            interests.trim_end_matches('.')
        ),
        format!(
            "Clinginess fell from {:.0} to {:.0} and Attachment anxiety fell from",
            docs[0]["dimensions"]["clinginess"]["score"]
                .as_f64()
                .unwrap(),
            docs[2]["dimensions"]["clinginess"]["score"]
                .as_f64()
                .unwrap()
        ),
        "each a reliable change.".to_string(),
        "not that the practice caused it".to_string(),
    ] {
        assert!(squashed.contains(&expected), "{expected:?} in:\n{text}");
    }

    // A saved result's report shows its part of the loop.
    let report = t.args(["report", "latest~1"]).expect(0).stdout;
    let squashed = squash(&report);
    assert!(
        squashed.contains(&format!("Chosen to try next: {interests}")),
        "{report}"
    );
}

/// A practice tried with no reliable change is said as such; one not tried is no stretch.
#[test]
fn a_practice_not_tried_is_no_stretch_and_a_steady_one_says_so() {
    let mut t = Test::new();
    let [week1, _, _] = weekly_answers(&t);
    for tried in [None, Some("no"), Some("yes")] {
        let mut args = vec![
            "checkin",
            "--answers",
            &week1,
            "--practice",
            "quality-time:1",
        ];
        if let Some(tried) = tried {
            args.extend(["--tried", tried]);
        }
        t.args(&args).expect(0);
    }
    let trend = t.args(["trend", "--json"]).expect(0).json();
    let practised = trend["practised"].as_array().unwrap();
    assert_eq!(practised.len(), 1, "only the week tried: {practised:?}");
    assert_eq!(practised[0]["reliable_changes"], serde_json::json!([]));
    let text = t.args(["trend"]).expect(0).stdout;
    let squashed = squash(&text);
    assert!(
        squashed.contains(
            "no score changed by more than the measurement error of the two scores allows"
        ),
        "{text}"
    );
}

#[test]
fn tried_with_nothing_chosen_last_time_records_nothing() {
    let mut t = Test::new();
    let [week1, _, _] = weekly_answers(&t);
    let doc = t
        .args(["checkin", "--answers", &week1, "--tried", "yes", "--json"])
        .expect(0)
        .json();
    assert_eq!(doc["previous_practice"], Value::Null);
    assert_eq!(doc["practice"], Value::Null);
    assert_eq!(doc["note"], Value::Null);
    // Without --tried, a practice chosen last time is kept with "not said".
    t.args([
        "checkin",
        "--answers",
        &week1,
        "--practice",
        "quality-time:1",
    ])
    .expect(0);
    let doc = t
        .args(["checkin", "--answers", &week1, "--json"])
        .expect(0)
        .json();
    assert_eq!(doc["previous_practice"]["strategy"], "quality-time");
    assert_eq!(doc["previous_practice"]["tried"], Value::Null);
}

/// A flag that cannot be kept stops before any statement is asked or anything is saved.
#[test]
fn a_practice_or_note_that_cannot_be_kept_exits_2() {
    let mut t = Test::new();
    let [week1, _, _] = weekly_answers(&t);
    let long = "x".repeat(281);
    for (flags, expected) in [
        (
            ["--practice", "no-such-strategy:1"],
            "no strategy `no-such-strategy`",
        ),
        (["--practice", "quality-time:99"], "numbered from 1"),
        (["--practice", "quality-time"], "expected STRATEGY_ID:N"),
        (["--note", long.as_str()], "a note holds at most 280"),
    ] {
        let mut args = vec!["checkin", "--answers", &week1];
        args.extend(flags);
        let run = t.args(&args).expect(2);
        assert!(run.stderr.contains(expected), "{flags:?}: {}", run.stderr);
        assert!(run.stderr.contains("help:"), "{}", run.stderr);
        assert!(!t.history().exists(), "{flags:?} saved a result");
    }
    let run = t
        .args(["checkin", "--answers", &week1, "--tried", "maybe"])
        .expect(2);
    assert!(
        run.stderr.contains("possible values: yes, partly, no"),
        "{}",
        run.stderr
    );
}

/// Notes are as private as the answers: `export` carries them, `forget` takes them away.
#[test]
fn export_carries_the_notes_and_forget_removes_them() {
    let mut t = Test::new();
    let [week1, week2, _] = weekly_answers(&t);
    t.args(["checkin", "--answers", &week1, "--note", "first secret"])
        .expect(0);
    t.args(["checkin", "--answers", &week2, "--note", "second secret"])
        .expect(0);
    let export = t.args(["export"]).expect(0).stdout;
    assert!(export.contains("first secret") && export.contains("second secret"));
    t.args(["forget", "latest", "--yes"]).expect(0);
    let left = std::fs::read_to_string(t.history()).unwrap();
    assert!(left.contains("first secret"), "{left}");
    assert!(!left.contains("second secret"), "{left}");
    t.args(["forget", "--all", "--yes"]).expect(0);
    let left = std::fs::read_to_string(t.history()).unwrap_or_default();
    assert!(!left.contains("secret"), "{left}");
}

/// A note or practice from a file (an import, a hand edit) reaches the terminal escaped.
#[test]
fn a_hostile_note_is_shown_escaped() {
    let mut t = Test::new();
    let [week1, _, _] = weekly_answers(&t);
    let run = t
        .args([
            "checkin",
            "--answers",
            &week1,
            "--note",
            "\x1b]0;owned\x07\x1b[2J",
            "--practice",
            "quality-time:1",
        ])
        .expect(0);
    // The check-in's own report, of a result not yet loaded back, escapes the note too.
    assert!(!run.stdout.contains('\x1b'), "{:?}", run.stdout);
    assert!(
        run.stdout
            .contains(r#"Your note: "\x1b]0;owned\x07\x1b[2J""#),
        "{}",
        run.stdout
    );
    let history = std::fs::read_to_string(t.history()).unwrap();
    let edited = history.replace(
        &practice_text(&mut t, "quality-time", 1),
        "\\u001b[31mred\\u001b[0m",
    );
    std::fs::write(t.history(), edited).unwrap();
    for command in [["trend", ""], ["report", "latest"]] {
        let args: Vec<&str> = command.into_iter().filter(|a| !a.is_empty()).collect();
        let out = t.args(&args).expect(0).stdout;
        assert!(!out.contains('\x1b'), "{args:?} wrote an escape:\n{out:?}");
        assert!(out.contains("owned"), "{args:?}:\n{out}");
        assert!(out.contains("red"), "{args:?}:\n{out}");
    }
}

/// A practice in the last result (imported, or edited by hand) is shown escaped and on one
/// line when the next check-in reports on it, and copied into the new result made safe.
#[test]
fn a_hostile_practice_from_the_last_result_is_shown_escaped() {
    let mut t = Test::new();
    let [week1, _, _] = weekly_answers(&t);
    let mut doc = t
        .args(["checkin", "--answers", &week1, "--json", "--no-save"])
        .expect(0)
        .json();
    doc["practice"] = serde_json::json!({
        "strategy": "quality-time",
        "text": "RED\u{1b}[31m\u{1b}]0;pwned\u{7}\nsecond line"
    });
    let file = t.write("mine.json", &doc.to_string());
    t.args(["import", file.to_str().unwrap(), "--yes"])
        .expect(0);
    let run = t
        .args(["checkin", "--answers", &week1, "--tried", "yes"])
        .expect(0);
    assert!(!run.stdout.contains('\x1b'), "{:?}", run.stdout);
    assert!(
        run.stdout
            .contains(r"RED\x1b[31m\x1b]0;pwned\x07 second line."),
        "{}",
        run.stdout
    );
    let saved = history_docs(&t);
    let text = saved[1]["previous_practice"]["text"].as_str().unwrap();
    assert!(!text.contains('\x1b') && !text.contains('\n'), "{text:?}");
}

/// `--tried` with nothing chosen last time is left out, with a note saying so.
#[test]
fn tried_with_nothing_to_refer_to_says_so() {
    let mut t = Test::new();
    let [week1, _, _] = weekly_answers(&t);
    let run = t
        .args(["checkin", "--answers", &week1, "--tried", "yes"])
        .expect(0);
    assert!(
        run.stderr
            .contains("--tried is left out: no practice was chosen last time"),
        "{}",
        run.stderr
    );
}

/// Results saved before the loop existed load and show as before.
#[test]
fn results_without_the_loop_still_load() {
    let mut t = Test::new();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/result.json");
    let text = std::fs::read_to_string(fixture).unwrap();
    assert!(!text.contains("\"note\""), "the fixture predates the loop");
    let report = t.args(["report", fixture]).expect(0).stdout;
    assert!(!report.contains("Last time you chose"), "{report}");
    t.args(["import", fixture, "--yes"]).expect(0);
    let trend = t.args(["trend", "--json"]).expect(0).json();
    assert_eq!(trend["timeline"][0]["practice"], Value::Null);
    assert_eq!(trend["practised"], serde_json::json!([]));
}

/// Scores are compared like with like, and only where the answers can be read: a practice
/// chosen at a full quiz and tried by a check-in, or tried by careless answers, gets no
/// verdict on change, and says why.
#[test]
fn a_stretch_across_forms_or_careless_answers_is_not_compared() {
    let mut t = Test::new();
    let [week1, _, week3] = weekly_answers(&t);
    let full = t.write(
        "full.json",
        &answers_for(&[("clinginess", 6), ("anxiety", 6)], false),
    );
    let careless = t.write("careless.json", &crate::common::short_answers(7));
    let full = full.to_str().unwrap();
    let careless = careless.to_str().unwrap();
    let steps: [(&str, &str, &[&str]); 4] = [
        ("quiz", full, &["--practice", "quality-time:1"]),
        (
            "checkin",
            &week1,
            &["--tried", "yes", "--practice", "quality-time:2"],
        ),
        (
            "checkin",
            careless,
            &["--tried", "yes", "--practice", "none"],
        ),
        ("checkin", &week3, &[]),
    ];
    for (command, answers, flags) in steps {
        let mut args = vec![command, "--answers", answers];
        args.extend(flags);
        t.args(&args).expect(0);
    }
    let trend = t.args(["trend", "--json"]).expect(0).json();
    let verdicts: Vec<&Value> = trend["practised"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["not_compared"])
        .collect();
    assert_eq!(
        verdicts,
        [&Value::from("different forms"), &"not interpretable".into()]
    );
    let text = t.args(["trend"]).expect(0).stdout;
    let squashed = squash(&text);
    assert!(
        squashed.contains(
            "cannot be compared: a full assessment and a check-in ask different statements."
        ),
        "{text}"
    );
    assert!(
        squashed.contains("cannot be compared: the answers at one end could not be read"),
        "{text}"
    );
    assert!(!squashed.contains("a reliable change"), "{text}");
}
