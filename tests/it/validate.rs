//! `balance validate`: one test per kind of problem, each checking the message and where.

use crate::common::Test;

/// A small valid questionnaire; the bad-input fixtures are made from the same text
/// (`tests/fixtures/bad/make.py`), so one file serves both.
const VALID: &str = include_str!("../fixtures/bad/questionnaire_valid.toml");

/// Validates one file and returns standard error, checking the exit code.
fn validate(contents: &str, code: i32) -> String {
    let mut t = Test::new();
    let file = t.write("focus.toml", contents);
    let run = t.args(["validate", file.to_str().unwrap()]).expect(code);
    run.stderr.replace(t.home.path().to_str().unwrap(), "HOME")
}

#[test]
fn a_valid_file_passes() {
    let mut t = Test::new();
    let file = t.write("focus.toml", VALID);
    let run = t.args(["validate", file.to_str().unwrap()]).expect(0);
    assert_eq!(run.stdout, "1 file valid\n");
    // The same file named twice is one file.
    let dir = t.home.path().to_path_buf();
    let run = t
        .args(["validate", "focus.toml", "./focus.toml"])
        .cwd(&dir)
        .expect(0);
    assert_eq!(run.stdout, "1 file valid\n");
}

#[test]
fn the_shipped_files_pass() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/questionnaires");
    let files: Vec<String> = [
        "clinginess",
        "hyper_independence",
        "attachment",
        "strategies",
    ]
    .iter()
    .map(|f| format!("{dir}/{f}.toml"))
    .collect();
    let mut args = vec!["validate".to_string()];
    args.extend(files);
    Test::new().args(args).expect(0);
}

#[test]
fn toml_syntax_error_is_located() {
    let stderr = validate(&VALID.replace("title = \"Focus\"", "title = \"Focus"), 1);
    assert!(
        stderr.contains("HOME/focus.toml:13:15: invalid basic string"),
        "{stderr}"
    );
    assert!(stderr.contains("help: fix the TOML syntax"), "{stderr}");
}

#[test]
fn wrong_type_is_located() {
    let stderr = validate(&VALID.replace("min = 1", "min = \"one\""), 1);
    assert!(
        stderr.contains("HOME/focus.toml:7:7: invalid type"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: check the key's name and the value's type"),
        "{stderr}"
    );
}

#[test]
fn unknown_key_is_located() {
    let stderr = validate(&VALID.replace("reverse = true", "revers = true"), 1);
    assert!(
        stderr.contains("HOME/focus.toml:25:1: unknown field `revers`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: check the key's name and the value's type"),
        "{stderr}"
    );
}

/// A file whose shape is wrong is not checked further, and `validate` says so rather than
/// let "every problem" look complete: here the duplicate id is found only after the unknown
/// key is fixed. A file with only deeper problems gets no such note.
#[test]
fn a_file_of_the_wrong_shape_is_said_to_be_checked_further_once_fixed() {
    let duplicate = VALID.replace("id = \"fo02\"", "id = \"fo01\"");
    let stderr = validate(&duplicate.replace("reverse = true", "revers = true"), 1);
    assert!(stderr.contains("1 problem found"), "{stderr}");
    assert!(!stderr.contains("duplicate"), "{stderr}");
    assert!(
        stderr.contains(
            "note: HOME/focus.toml is checked further (ids, dimensions, labels, conditions) \
             once its problems above are fixed: run `balance validate` on it again"
        ),
        "{stderr}"
    );
    let stderr = validate(&duplicate, 1);
    assert!(stderr.contains("duplicate item id `fo01`"), "{stderr}");
    assert!(!stderr.contains("checked further"), "{stderr}");
}

#[test]
fn duplicate_item_id_names_both_places() {
    let stderr = validate(&VALID.replace("id = \"fo02\"", "id = \"fo01\""), 1);
    assert!(
        stderr.contains(
            "HOME/focus.toml:22:6: duplicate item id `fo01` (first used at HOME/focus.toml:17:6)"
        ),
        "{stderr}"
    );
}

#[test]
fn duplicate_item_id_across_files() {
    let mut t = Test::new();
    let clash = VALID.replace("id = \"fo01\"", "id = \"cl01\"");
    let file = t.write("focus.toml", &clash);
    let run = t.args(["validate", file.to_str().unwrap()]).expect(1);
    assert!(
        run.stderr
            .contains("duplicate item id `cl01` (first used at <built-in>/clinginess.toml:"),
        "{}",
        run.stderr
    );
}

#[test]
fn item_naming_unknown_dimension() {
    let stderr = validate(
        &VALID.replace(
            "dimension = \"focus\"\nshort",
            "dimension = \"fokus\"\nshort",
        ),
        1,
    );
    assert!(
        stderr.contains("HOME/focus.toml:30:13: item `fo03` names dimension `fokus`, which this questionnaire does not declare"),
        "{stderr}"
    );
    assert!(stderr.contains("help: use one of: focus"), "{stderr}");
}

#[test]
fn scale_labels_must_match_points() {
    let stderr = validate(&VALID.replace("\"Neutral\", ", ""), 1);
    assert!(
        stderr.contains("HOME/focus.toml:9:10: the scale has 3 points (1 to 3) but 2 labels"),
        "{stderr}"
    );
}

#[test]
fn dimension_needs_three_items() {
    let two_items = VALID
        .split("[[items]]\nid = \"fo03\"")
        .next()
        .unwrap()
        .to_string();
    let stderr = validate(&two_items, 1);
    assert!(
        stderr.contains("HOME/focus.toml:12:6: dimension `focus` has 2 items, fewer than 3"),
        "{stderr}"
    );
}

const STRATEGY: &str = r#"[[strategies]]
id = "walk"
title = "Walk together"
summary = "Take a walk. It helps."
practices = ["Walk on Monday.", "Walk on Friday."]
sources = [{ title = "An article", section = "A section" }]
when = [
  { score = "clinginess", at_least = 60 },
]
"#;

#[test]
fn strategy_condition_naming_unknown_dimension() {
    let stderr = validate(
        &STRATEGY.replace("score = \"clinginess\"", "score = \"clingyness\""),
        1,
    );
    assert!(
        stderr.contains("HOME/focus.toml:8:13: condition names unknown dimension `clingyness`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: use `balance` or one of: clinginess"),
        "{stderr}"
    );
}

#[test]
fn strategy_condition_naming_unknown_item() {
    let stderr = validate(
        &STRATEGY.replace("score = \"clinginess\"", "item = \"zz99\""),
        1,
    );
    assert!(
        stderr.contains("HOME/focus.toml:8:12: condition names unknown item `zz99`"),
        "{stderr}"
    );
}

#[test]
fn strategy_condition_with_two_subjects() {
    let stderr = validate(
        &STRATEGY.replace("{ score", "{ leaning = \"secure\", score"),
        1,
    );
    assert!(
        stderr.contains("HOME/focus.toml:8:3: a condition must name exactly one of"),
        "{stderr}"
    );
}

#[test]
fn strategy_needs_two_to_four_practices() {
    let stderr = validate(&STRATEGY.replace(", \"Walk on Friday.\"", ""), 1);
    assert!(
        stderr.contains("HOME/focus.toml:5:13: strategy `walk` has 1 practices"),
        "{stderr}"
    );
}

#[test]
fn every_problem_in_every_file_is_reported_at_once() {
    let mut t = Test::new();
    let first = VALID
        .replace("id = \"fo02\"", "id = \"fo01\"")
        .replace("\"Neutral\", ", "");
    let a = t.write("a.toml", &first);
    let b = t.write("b.toml", "id = ");
    let run = t
        .args(["validate", a.to_str().unwrap(), b.to_str().unwrap()])
        .expect(1);
    assert!(
        run.stderr.contains("a.toml:22:6: duplicate item id"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("a.toml:9:10: the scale has 3 points"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("b.toml:1:"), "{}", run.stderr);
    assert!(run.stderr.contains("3 problems found"), "{}", run.stderr);
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let run = Test::new()
        .args(["validate", "/nonexistent/x.toml"])
        .expect(1);
    assert!(
        run.stderr.contains("cannot read /nonexistent/x.toml"),
        "{}",
        run.stderr
    );
}

#[test]
fn shape_errors_in_several_tables_are_all_reported() {
    let broken = VALID
        .replace(
            "text = \"I finish what I start.\"",
            "txt = \"I finish what I start.\"",
        )
        .replace("reverse = true", "reverse = \"yes\"")
        .replace("title = \"Focus\"", "title = 3");
    let stderr = validate(&broken, 1);
    assert!(
        stderr.contains("HOME/focus.toml:13:9: invalid type: integer `3`, expected a string"),
        "{stderr}"
    );
    assert!(
        stderr.contains("HOME/focus.toml:18:1: unknown field `txt`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("HOME/focus.toml:25:11: invalid type: string \"yes\", expected a boolean"),
        "{stderr}"
    );
    assert!(stderr.contains("3 problems found"), "{stderr}");
}

/// `VALID` with `opposite = "..."` added to item `fo01` (on line 18) or another item.
fn with_opposite(item: &str, opposite: &str) -> String {
    let id = format!("id = \"{item}\"\n");
    VALID.replace(&id, &format!("{id}opposite = \"{opposite}\"\n"))
}

#[test]
fn an_opposite_pair_passes_and_may_be_named_from_both_sides() {
    let one_side = with_opposite("fo01", "fo02");
    assert_eq!(validate(&one_side, 0), "");
    let both = one_side.replace("id = \"fo02\"\n", "id = \"fo02\"\nopposite = \"fo01\"\n");
    assert_eq!(validate(&both, 0), "");
}

#[test]
fn opposite_naming_an_unknown_item() {
    let stderr = validate(&with_opposite("fo01", "fo09"), 1);
    assert!(
        stderr.contains("HOME/focus.toml:18:12: item `fo01` names opposite `fo09`, which this questionnaire does not declare"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: name an item of the same dimension, with the other keying"),
        "{stderr}"
    );
}

#[test]
fn opposite_naming_the_item_itself() {
    let stderr = validate(&with_opposite("fo01", "fo01"), 1);
    assert!(
        stderr.contains("HOME/focus.toml:18:12: item `fo01` names itself as its opposite"),
        "{stderr}"
    );
}

#[test]
fn opposite_with_the_same_keying() {
    let stderr = validate(&with_opposite("fo01", "fo03"), 1);
    assert!(
        stderr.contains("HOME/focus.toml:18:12: item `fo01` and its opposite `fo03` are keyed the same way (neither is reverse-keyed)"),
        "{stderr}"
    );
}

#[test]
fn opposite_in_another_dimension() {
    let calm = r#"
[[dimensions]]
id = "calm"
title = "Calm"
description = "A high score means calm."

[[items]]
id = "ca01"
text = "I stay calm."
dimension = "calm"
reverse = true

[[items]]
id = "ca02"
text = "I fret."
dimension = "calm"

[[items]]
id = "ca03"
text = "I keep my head."
dimension = "calm"
"#;
    let stderr = validate(&(with_opposite("fo01", "ca01") + calm), 1);
    assert!(
        stderr.contains("HOME/focus.toml:18:12: item `fo01` (dimension `focus`) names opposite `ca01` of dimension `calm`"),
        "{stderr}"
    );
    assert!(stderr.contains("1 problem found"), "{stderr}");
}

#[test]
fn an_item_named_as_opposite_by_two_items() {
    let twice = with_opposite("fo01", "fo02")
        .replace("id = \"fo03\"\n", "id = \"fo03\"\nopposite = \"fo02\"\n");
    let stderr = validate(&twice, 1);
    assert!(
        stderr.contains(
            "HOME/focus.toml:30:12: item `fo02` is already paired with `fo01` (on line 18)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: an item has one opposite at most"),
        "{stderr}"
    );
}

#[test]
fn an_item_naming_and_named_in_two_pairs() {
    let two_pairs = with_opposite("fo01", "fo02")
        .replace("id = \"fo02\"\n", "id = \"fo02\"\nopposite = \"fo03\"\n");
    let stderr = validate(&two_pairs, 1);
    assert!(
        stderr.contains(
            "HOME/focus.toml:24:12: item `fo02` is already paired with `fo01` (on line 18)"
        ),
        "{stderr}"
    );
}

#[test]
fn practices_may_be_marked_with_a_direction_and_a_strategy_general() {
    let marked = STRATEGY
        .replace(
            "\"Walk on Friday.\"",
            "{ text = \"Walk on Friday.\", toward = \"closeness\" }",
        )
        .replace(
            "title = \"Walk together\"",
            "title = \"Walk together\"\ngeneral = true",
        );
    assert_eq!(validate(&marked, 0), "");
}

#[test]
fn practice_with_an_unknown_direction() {
    let stderr = validate(
        &STRATEGY.replace(
            "\"Walk on Friday.\"",
            "{ text = \"Walk on Friday.\", toward = \"closer\" }",
        ),
        1,
    );
    assert!(
        stderr.contains("HOME/focus.toml:5:70: unknown direction `closer`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: use `toward = \"closeness\"` or `toward = \"independence\"`"),
        "{stderr}"
    );
}

#[test]
fn practice_table_with_an_unknown_key() {
    let stderr = validate(
        &STRATEGY.replace("\"Walk on Friday.\"", "{ txt = \"Walk on Friday.\" }"),
        1,
    );
    assert!(
        stderr.contains("HOME/focus.toml:5:35: unknown field `txt`, expected `text` or `toward`"),
        "{stderr}"
    );
}

/// A file the folder already gave is checked once, not laid over itself: its problems are
/// not listed twice, and a valid one does not "replace" itself.
#[test]
fn a_file_of_the_questionnaires_folder_given_to_validate_is_read_once() {
    let mut t = Test::new();
    let dir = t.path("mine");
    std::fs::create_dir(&dir).unwrap();
    let file = dir.join("focus.toml");
    std::fs::write(&file, VALID).unwrap();
    let args = |t: &mut Test, code| {
        let (dir, file) = (dir.to_str().unwrap(), file.to_str().unwrap());
        t.args(["--questionnaires", dir, "validate", file])
            .expect(code)
    };
    let run = args(&mut t, 0);
    assert_eq!(run.stdout, "1 file valid\n");
    assert!(!run.stderr.contains("replaces"), "{}", run.stderr);
    std::fs::write(&file, VALID.replace("reverse = true", "revers = true")).unwrap();
    let run = args(&mut t, 1);
    assert_eq!(
        run.stderr.matches("unknown field `revers`").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 problem found"), "{}", run.stderr);
}

/// `validate` loads exactly what every other command loads: a strategy file naming an item
/// of a questionnaire in `--questionnaires DIR` is valid, as `strategies` finds it.
#[test]
fn validate_loads_the_questionnaires_folder_like_every_command() {
    let mut t = Test::new();
    let dir = t.path("mine");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("focus.toml"), VALID).unwrap();
    let strategies = dir.join("strat.toml");
    std::fs::write(
        &strategies,
        r#"[[strategies]]
id = "focus-more"
title = "Focus"
summary = "Keep your mind on one thing."
practices = ["Close the other tabs.", "Set a timer for an hour."]
sources = [{ title = "Some article", section = "Some section" }]
when = [{ item = "fo01", at_least = 2 }]
"#,
    )
    .unwrap();
    let dir = dir.to_str().unwrap();
    let listed = t
        .args(["--questionnaires", dir, "strategies", "--json"])
        .expect(0);
    assert!(listed.stdout.contains("focus-more"), "{}", listed.stdout);
    let run = t
        .args([
            "--questionnaires",
            dir,
            "validate",
            strategies.to_str().unwrap(),
        ])
        .expect(0);
    assert_eq!(run.stdout, "1 file valid\n", "{}", run.stderr);
    // Without the folder the item is unknown.
    let run = t.args(["validate", strategies.to_str().unwrap()]).expect(1);
    assert!(run.stderr.contains("unknown item `fo01`"), "{}", run.stderr);
}

/// A file is what its top-level keys say, not what a line inside a string looks like: a
/// statement whose text has a line starting `strategies =` is still a questionnaire.
#[test]
fn a_line_inside_a_string_does_not_decide_what_a_file_is() {
    let text = VALID.replace(
        "text = \"I finish what I start.\"",
        "text = \"\"\"\nI finish what I start,\nstrategies = and all.\"\"\"",
    );
    assert!(text.contains("\nstrategies = and all."), "{text}");
    let stderr = validate(&text, 0);
    assert!(stderr.is_empty(), "{stderr}");
}

/// Hostile sizes are refused with a message, quickly: more items than a questionnaire may
/// hold, more strategies than a library may hold, a file larger than 1 MiB.
#[test]
fn files_beyond_the_documented_limits_are_refused() {
    let mut items = String::new();
    for n in 0..501 {
        items.push_str(&format!(
            "\n[[items]]\nid = \"fo{n:03}\"\ntext = \"Statement {n}.\"\ndimension = \"focus\"\n"
        ));
    }
    let head = &VALID[..VALID.find("[[items]]").unwrap()];
    let stderr = validate(&format!("{head}{items}"), 1);
    assert!(
        stderr.contains("has 501 items in 1 dimensions, more than balance reads (500 items"),
        "{stderr}"
    );

    let strategy = |n: usize| {
        format!(
            "[[strategies]]\nid = \"s{n}\"\ntitle = \"S\"\nsummary = \"S.\"\npractices = [\"a\", \"b\"]\nsources = [{{ title = \"T\", section = \"S\" }}]\nwhen = [{{ score = \"anxiety\", at_least = 1 }}]\n"
        )
    };
    let library: String = (0..501).map(strategy).collect();
    let stderr = validate(&library, 1);
    assert!(
        stderr.contains("501 strategies, more than balance reads from one file (500)"),
        "{stderr}"
    );

    let big = format!("{VALID}\n#{}\n", "x".repeat(1 << 20));
    let stderr = validate(&big, 1);
    assert!(
        stderr.contains(
            "bytes is more than a questionnaire or strategy file may hold (1048576 bytes)"
        ),
        "{stderr}"
    );
}
