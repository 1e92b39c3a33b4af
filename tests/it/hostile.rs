//! Text from files and arguments never takes over the terminal: escape sequences planted in
//! every text path (a partner's result, an imported one, questionnaire and strategy files,
//! file names) come out escaped, and with `--plain` the output holds no control character at
//! all but newlines and tabs.

use serde_json::Value;

use crate::common::{four_levels, Test};

/// A title change, a screen clear, a bell, a C1 control and a right-to-left override.
const PAYLOAD: &str = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\u{202e}";

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c)
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: control characters {bad:?} in:\n{text}"
    );
}

fn plant(value: &mut Value) {
    match value {
        Value::String(s) => s.push_str(PAYLOAD),
        Value::Array(items) => items.iter_mut().for_each(plant),
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                // Keep what the document needs to be read as a result.
                if !matches!(
                    key.as_str(),
                    "schema" | "taken_at" | "form" | "style" | "kind"
                ) {
                    plant(v);
                }
            }
        }
        _ => {}
    }
}

fn hostile_result(t: &mut Test) -> std::path::PathBuf {
    let mut doc = t.result_of(&["quiz"], &four_levels([5, 3, 5, 3], false));
    plant(&mut doc);
    doc["id"] = Value::String(format!("01900000-0000-7000-8000-00000000000f{PAYLOAD}"));
    t.write("partner.json", &doc.to_string())
}

#[test]
fn a_crafted_result_file_cannot_reach_the_terminal() {
    let mut t = Test::new();
    let partner = hostile_result(&mut t);
    let partner = partner.to_str().unwrap();
    let run = t.args(["report", partner, "--plain"]).expect(0);
    assert_clean("report", &format!("{}{}", run.stdout, run.stderr));
    assert!(run.stdout.contains("\\x1b]0;owned\\x07"), "{}", run.stdout);
    let answers = t.write("mine.json", &four_levels([3, 5, 3, 5], false));
    t.args(["quiz", "--answers", answers.to_str().unwrap(), "--plain"])
        .expect(0);
    let run = t.args(["compare", "latest", partner, "--plain"]).expect(0);
    assert_clean("compare", &format!("{}{}", run.stdout, run.stderr));
    let run = t.args(["import", partner, "--yes"]).capture();
    assert_clean("import", &format!("{}{}", run.stdout, run.stderr));
    for args in [
        &["history", "--plain"][..],
        &["trend", "--plain"],
        &["report", "latest", "--plain"],
    ] {
        let run = t.args(args).run();
        assert_clean(
            &format!("{args:?}"),
            &format!("{}{}", run.stdout, run.stderr),
        );
    }
}

const QUESTIONNAIRE: &str = r#"id = "focus"
title = "Signs of focus TITLE"
version = "1.0.0 VERSION"
description = "What a high score means. DESCRIPTION"

[scale]
min = 1
max = 3
labels = ["Disagree LABEL", "Neutral", "Agree"]

[[dimensions]]
id = "focus"
title = "Focus DIMENSION"
description = "Steady focus. DIMENSION-DESCRIPTION"

[[items]]
id = "fo01"
text = "I finish what I start. ITEM"
dimension = "focus"

[[items]]
id = "fo02"
text = "I drift from task to task. ITEM"
dimension = "focus"
reverse = true

[[items]]
id = "fo03"
text = "I can keep my mind on one thing. ITEM"
dimension = "focus"
"#;

const STRATEGIES: &str = r#"[[strategies]]
id = "focus-more"
title = "Focus TITLE"
summary = "Keep your mind on one thing. SUMMARY"
practices = ["Close the other tabs. PRACTICE", "Set a timer. PRACTICE"]
sources = [{ title = "An article SOURCE", section = "A section SECTION" }]
when = [{ score = "focus", at_least = 0 }]
"#;

/// TOML's `\u001b` escape puts a real control character into each planted string.
fn toml_with_payload(text: &str) -> String {
    let escaped = "\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202e";
    [
        "TITLE",
        "VERSION",
        "DESCRIPTION",
        "LABEL",
        "DIMENSION",
        "ITEM",
        "SUMMARY",
        "PRACTICE",
        "SOURCE",
        "SECTION",
    ]
    .iter()
    .fold(text.to_string(), |t, marker| t.replace(marker, escaped))
}

#[test]
fn crafted_questionnaire_and_strategy_files_cannot_reach_the_terminal() {
    let mut t = Test::new();
    let dir = t.path("shared");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("focus.toml"), toml_with_payload(QUESTIONNAIRE)).unwrap();
    std::fs::write(dir.join("strategies.toml"), toml_with_payload(STRATEGIES)).unwrap();
    let dir = dir.to_str().unwrap();
    for args in [
        &["list"][..],
        &["show", "focus"],
        &["strategies"],
        &["validate", "--questionnaires"],
    ] {
        let mut all = vec!["--plain", "--questionnaires", dir];
        all.extend(args.iter().filter(|a| **a != "--questionnaires"));
        if args[0] == "validate" {
            all.push(dir);
        }
        let run = t.args(&all).run();
        assert_clean(
            &format!("{args:?}"),
            &format!("{}{}", run.stdout, run.stderr),
        );
    }
    let run = t
        .args([
            "--plain",
            "--questionnaires",
            dir,
            "quiz",
            "focus",
            "--answers",
            "-",
            "--no-save",
        ])
        .stdin(r#"{"fo01": 3, "fo02": 1, "fo03": 2}"#)
        .expect(0);
    assert_clean("quiz", &format!("{}{}", run.stdout, run.stderr));
    assert!(run.stdout.contains("Focus \\x1b]0;owned"), "{}", run.stdout);
}

#[test]
fn file_names_in_messages_are_shown_escaped() {
    let mut t = Test::new();
    let name = format!("missing{PAYLOAD}.json");
    for args in [
        &["report", name.as_str()][..],
        &["import", name.as_str()],
        &["validate", name.as_str()],
        &["quiz", "--answers", name.as_str()],
    ] {
        let run = t.args(args).capture();
        assert_ne!(run.code, 0, "{args:?}");
        assert_clean(
            &format!("{args:?}"),
            &format!("{}{}", run.stdout, run.stderr),
        );
    }
}

/// Respondent ids, cells and column names from a CSV reach standard error escaped.
#[test]
fn a_crafted_csv_cannot_reach_the_terminal() {
    let mut t = Test::new();
    let csv = format!("respondent,cl01,cl02,age{PAYLOAD}\nr{PAYLOAD},4,x{PAYLOAD},30\n");
    let file = t.write("answers.csv", &csv);
    let run = t.args(["score", file.to_str().unwrap()]).capture();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("row skipped"), "{}", run.stderr);
    assert_clean("score", &run.stderr);
}

/// An imported id that is empty or breaks a line is refused: a line break in one would
/// pose as a line of balance's own wherever the id is shown, and neither can be named.
#[test]
fn an_import_refuses_ids_that_are_not_one_word() {
    let mut t = Test::new();
    let doc = t.result_of(&["quiz"], &four_levels([5, 3, 5, 3], false));
    for id in ["ok\nbalance: all results verified", "", "two words"] {
        let mut bad = doc.clone();
        bad["id"] = Value::from(id);
        let file = t.write("bad-id.json", &Value::Array(vec![bad]).to_string());
        let run = t.args(["import", file.to_str().unwrap()]).expect(1);
        assert!(
            run.stderr.contains("not one word"),
            "{id:?}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.lines().any(|l| l.starts_with("balance: all")),
            "{}",
            run.stderr
        );
    }
    assert!(!t.history().exists() || std::fs::read_to_string(t.history()).unwrap().is_empty());
}

/// An id broken across lines by a hand edit is shown on one line.
#[test]
fn a_hand_edited_id_with_a_line_break_is_shown_on_one_line() {
    let mut t = Test::new();
    let mut doc = t.result_of(&["quiz"], &four_levels([5, 3, 5, 3], false));
    doc["id"] = Value::from("01900000-0000-7000-8000-000000000001\nbalance: all verified");
    let mut past = doc.clone();
    past["id"] = Value::from("01900000\nPAST");
    doc["taken_at"] = Value::from("2999-01-01T00:00:00Z");
    std::fs::create_dir_all(t.history().parent().unwrap()).unwrap();
    std::fs::write(t.history(), format!("{past}\n{doc}\n")).unwrap();
    for command in ["history", "trend"] {
        let run = t.args([command, "--plain"]).run();
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(all.contains("all verified"), "{all}");
        assert!(!all.lines().any(|l| l.starts_with("balance: all")), "{all}");
        assert!(
            !all.lines().any(|l| l.trim_start().starts_with("PAST")),
            "{all}"
        );
    }
}

/// A header or a cell holding a line break cannot put a line of its own on standard error
/// that poses as balance's: echoed input shows it as `\n`.
#[test]
fn a_line_break_in_a_csv_cannot_forge_a_message() {
    let mut t = Test::new();
    let file = t.write(
        "forge.csv",
        "respondent,cl01,\"age\nbalance: 0 bad rows, all scored\"\nr1,1,x\n\
         r2,\"5\nbalance: forged line\",1\n",
    );
    let run = t
        .args(["score", file.to_str().unwrap(), "--stats"])
        .expect(1);
    for forged in ["balance: 0 bad rows", "balance: forged line"] {
        assert!(
            !run.stderr.lines().any(|line| line.starts_with(forged)),
            "{}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .contains("`age\\nbalance: 0 bad rows, all scored`"),
        "{}",
        run.stderr
    );
}

/// A respondent that a spreadsheet would run as a formula (CSV injection) is written to CSV
/// rows with a `'` before it, so that it shows as text; a number stays a number, and JSON
/// Lines keep every respondent as it was.
#[test]
fn a_respondent_cannot_become_a_spreadsheet_formula() {
    let mut t = Test::new();
    let respondents = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+cmd",
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "-5",
        "+3.5",
        "a=b",
        "-inf",
    ];
    let mut csv = "respondent,cl01\n".to_string();
    for respondent in respondents {
        csv += &format!("\"{}\",3\n", respondent.replace('"', "\"\""));
    }
    let file = t.write("injection.csv", &csv);
    let run = t.args(["score", file.to_str().unwrap()]).expect(0);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let written: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(
        written,
        [
            "'=HYPERLINK(\"http://x\",\"y\")",
            "'+cmd",
            "'-2+3",
            "'@SUM(A1)",
            "'\tx",
            "-5",
            "+3.5",
            "a=b",
            "'-inf",
        ]
    );
    let run = t
        .args(["score", file.to_str().unwrap(), "--json"])
        .expect(0);
    let kept: Vec<String> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["respondent"].to_string())
        .map(|r| serde_json::from_str::<String>(&r).unwrap())
        .collect();
    assert_eq!(kept, respondents);
}
