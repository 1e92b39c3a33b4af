// The history feature end to end: saving, listing, trends, comparisons, `due`, damaged
// lines, concurrent check-ins, permissions, export and import, forgetting, reports of saved
// results and histories written by a newer balance.
//
// Result documents are made by the real binary (`quiz`/`checkin --answers --json
// --no-save`) from answers crafted to give known scores, then stamped with known
// `taken_at` times and written into the temporary home's `history.jsonl`.

use std::collections::HashSet;
use std::path::Path;
use std::process::Stdio;

use crate::common::{answers_for, Test};
use serde_json::Value;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// All four built-in dimensions at the given keyed levels.
fn levels(clinginess: i64, hyper: i64, anxiety: i64, avoidance: i64) -> [(&'static str, i64); 4] {
    [
        ("clinginess", clinginess),
        ("hyper_independence", hyper),
        ("anxiety", anxiety),
        ("avoidance", avoidance),
    ]
}

/// The 0-100 score of a keyed level on the 1-7 scale.
fn score(level: i64) -> f64 {
    (level - 1) as f64 / 6.0 * 100.0
}

fn close(actual: &Value, expected: f64) -> bool {
    actual.as_f64().is_some_and(|a| (a - expected).abs() < 1e-9)
}

#[track_caller]
fn assert_close(actual: &Value, expected: f64, what: &str) {
    assert!(close(actual, expected), "{what}: {actual} != {expected}");
}

/// Runs `quiz` (full form) or `checkin` (short form) with crafted answers, without saving,
/// and returns the result document with `taken_at` replaced.
fn make_result(t: &mut Test, levels: &[(&str, i64)], short: bool, taken_at: &str) -> Value {
    let command = if short { "checkin" } else { "quiz" };
    let mut doc = t.result_of(&[command], &answers_for(levels, short));
    assert_eq!(doc["schema"], "balance.result/v1");
    doc["taken_at"] = Value::String(taken_at.to_string());
    doc
}

/// A whole number of seconds `days` days before now, as RFC 3339.
fn days_ago(days: i64) -> String {
    let now = jiff::Timestamp::now().as_second();
    jiff::Timestamp::from_second(now - days * 86_400)
        .unwrap()
        .to_string()
}

fn line(doc: &Value) -> String {
    serde_json::to_string(doc).unwrap()
}

fn write_lines(t: &Test, lines: &[String]) {
    let mut text = String::new();
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    std::fs::write(t.history(), text).unwrap();
}

fn file_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn id(doc: &Value) -> String {
    doc["id"].as_str().expect("id").to_string()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(id)
        .collect()
}

fn ids_of(docs: &[&Value]) -> Vec<String> {
    docs.iter().map(|d| id(d)).collect()
}

/// The fixture history: four results with known dates and scores, oldest first.
///
/// | # | form  | taken_at             | cl | hi | ax | av | balance | leaning  |
/// |---|-------|----------------------|----|----|----|----|---------|----------|
/// | 1 | full  | 2025-01-10T09:00:00Z | 7  | 1  | 5  | 2  | -75     | anxious  |
/// | 2 | short | 2025-02-10T09:00:00Z | 6  | 2  | 5  | 3  | -50     | anxious  |
/// | 3 | short | 2025-03-10T09:00:00Z | 4  | 4  | 5  | 4  | -8.33   | anxious  |
/// | 4 | short | two days ago         | 2  | 6  | 5  | 6  | +41.67  | fearful  |
struct Fixture {
    t: Test,
    docs: Vec<Value>,
    recent: String,
}

const LEVELS: [[i64; 4]; 4] = [[7, 1, 5, 2], [6, 2, 5, 3], [4, 4, 5, 4], [2, 6, 5, 6]];

fn fixture() -> Fixture {
    let mut t = Test::new();
    let recent = days_ago(2);
    let dates = [
        "2025-01-10T09:00:00Z",
        "2025-02-10T09:00:00Z",
        "2025-03-10T09:00:00Z",
        recent.as_str(),
    ];
    let docs: Vec<Value> = LEVELS
        .iter()
        .zip(dates)
        .enumerate()
        .map(|(i, (l, date))| make_result(&mut t, &levels(l[0], l[1], l[2], l[3]), i > 0, date))
        .collect();
    assert!(!t.history().exists(), "--no-save wrote the history");
    write_lines(&t, &docs.iter().map(line).collect::<Vec<_>>());
    Fixture { t, docs, recent }
}

/// The balance index of keyed levels: mean of the distance scores minus mean of the
/// closeness scores.
fn balance_of(l: [i64; 4]) -> f64 {
    (score(l[1]) + score(l[3])) / 2.0 - (score(l[0]) + score(l[2])) / 2.0
}

/// The partner compare of the fixture names exactly one gap: the partner leans toward
/// closeness, the user toward space.
fn assert_one_partner_gap(compare: &Value) {
    let gaps = compare["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert!(
        gaps[0]
            .as_str()
            .unwrap()
            .starts_with("Partner: leaning toward closeness; You: leaning toward space."),
        "{gaps:?}"
    );
}

fn history_json(t: &mut Test, extra: &[&str]) -> Value {
    let mut args = vec!["history", "--json"];
    args.extend_from_slice(extra);
    t.args(args).expect(0).json()
}

// ---------------------------------------------------------------------------------------
// 1. history, trend and compare over a fixture history
// ---------------------------------------------------------------------------------------

#[test]
fn history_json_lists_every_result_oldest_first_as_saved() {
    let Fixture { mut t, docs, .. } = fixture();
    let run = t.args(["history", "--json"]).expect(0);
    assert_eq!(run.stderr, "", "no warnings for a clean history");
    let listed = run.json();
    assert_eq!(
        listed,
        Value::Array(docs.clone()),
        "history --json is the saved documents"
    );
}

#[test]
fn history_json_filters_by_date_duration_and_limit() {
    let Fixture {
        mut t,
        docs,
        recent,
    } = fixture();
    let [r1, r2, r3, r4] = [&docs[0], &docs[1], &docs[2], &docs[3]];
    let cases: Vec<(Vec<&str>, Vec<&Value>)> = vec![
        (vec![], vec![r1, r2, r3, r4]),
        (vec!["--since", "30d"], vec![r4]),
        (vec!["--since", "4w"], vec![r4]),
        (vec!["--since", "3d"], vec![r4]),
        (vec!["--since", "1d"], vec![]),
        (vec!["--until", "30d"], vec![r1, r2, r3]),
        (vec!["--until", "1d"], vec![r1, r2, r3, r4]),
        // A date starts at its midnight (UTC) and, as an end, counts whole.
        (vec!["--since", "2025-02-10"], vec![r2, r3, r4]),
        (vec!["--since", "2025-02-11"], vec![r3, r4]),
        (vec!["--until", "2025-02-10"], vec![r1, r2]),
        (vec!["--until", "2025-02-09"], vec![r1]),
        (
            vec!["--since", "2025-01-11", "--until", "2025-03-10"],
            vec![r2, r3],
        ),
        (vec!["--since", "2025-02-10T09:00:00Z"], vec![r2, r3, r4]),
        (vec!["--since", "2025-02-10T09:00:01Z"], vec![r3, r4]),
        // --limit keeps the last N, still oldest first.
        (vec!["--limit", "2"], vec![r3, r4]),
        (vec!["--limit", "1"], vec![r4]),
        (vec!["--limit", "10"], vec![r1, r2, r3, r4]),
        (vec!["--limit", "0"], vec![]),
        (vec!["--until", "30d", "--limit", "2"], vec![r2, r3]),
        (
            vec![
                "--since",
                "2025-01-11",
                "--until",
                "2025-03-10",
                "--limit",
                "1",
            ],
            vec![r3],
        ),
    ];
    for (filters, expected) in cases {
        let listed = history_json(&mut t, &filters);
        assert_eq!(
            ids(&listed),
            ids_of(&expected),
            "history --json {filters:?} (latest result at {recent})"
        );
    }
}

#[test]
fn history_rejects_bad_filters_as_usage_errors() {
    let Fixture { mut t, .. } = fixture();
    for bad in [
        vec!["history", "--since", "last tuesday"],
        vec!["history", "--until", "2025-13-01"],
        vec!["history", "--limit", "-1"],
    ] {
        let run = t.args(&bad).expect(2);
        assert!(run.stdout.is_empty(), "{bad:?}: {}", run.stdout);
    }
}

#[test]
fn history_table_shows_each_result_with_its_scores() {
    let Fixture {
        mut t,
        docs,
        recent,
    } = fixture();
    let run = t.args(["history", "--plain"]).expect(0);
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .filter(|r: &Vec<&str>| !r.is_empty())
        .collect();
    assert_eq!(
        rows[0],
        [
            "Date",
            "Form",
            "Leaning",
            "Balance",
            "Attachment",
            "anxiety",
            "Attachment",
            "avoidance",
            "Clinginess",
            "Hyper-independence",
            "Id"
        ],
        "{}",
        run.stdout
    );
    let recent_date: jiff::Timestamp = recent.parse().unwrap();
    let recent_shown = recent_date.strftime("%Y-%m-%d %H:%M").to_string();
    let (recent_day, recent_time) = recent_shown.split_once(' ').unwrap();
    let short_id = |doc: &Value| id(doc)[..13].to_string();
    let expected: Vec<Vec<String>> = vec![
        vec![
            "2025-01-10",
            "09:00",
            "full",
            "anxious",
            "-75",
            "67",
            "17",
            "100",
            "0",
        ],
        vec![
            "2025-02-10",
            "09:00",
            "short",
            "anxious",
            "-50",
            "67",
            "33",
            "83",
            "17",
        ],
        vec![
            "2025-03-10",
            "09:00",
            "short",
            "anxious",
            "-8",
            "67",
            "50",
            "50",
            "50",
        ],
        vec![
            recent_day,
            recent_time,
            "short",
            "fearful",
            "+42",
            "67",
            "83",
            "17",
            "83",
        ],
    ]
    .into_iter()
    .zip(&docs)
    .map(|(cells, doc)| {
        let mut row: Vec<String> = cells.into_iter().map(str::to_string).collect();
        row.push(short_id(doc));
        row
    })
    .collect();
    assert_eq!(rows.len(), 5, "{}", run.stdout);
    for (row, want) in rows[1..].iter().zip(&expected) {
        assert_eq!(row, want, "{}", run.stdout);
    }
}

#[test]
fn history_of_an_empty_home_says_so() {
    let mut t = Test::new();
    let run = t.args(["history"]).expect(0);
    assert!(
        run.stdout.contains("No saved results yet"),
        "{}",
        run.stdout
    );
    assert_eq!(
        t.args(["history", "--json"]).expect(0).json(),
        Value::Array(vec![])
    );
}

#[test]
fn trend_json_gives_each_series_with_first_last_change_and_direction() {
    let Fixture { mut t, docs, .. } = fixture();
    let trend = t.args(["trend", "--json"]).expect(0).json();
    assert_eq!(trend["schema"], "balance.trend/v1");
    let series = trend["series"].as_array().unwrap();
    let ids = [
        "anxiety",
        "avoidance",
        "clinginess",
        "hyper_independence",
        "balance",
    ];
    // Full assessments and check-ins are separate series: the first result is the only full
    // one, the other three are check-ins.
    let of_form =
        |form: &str| -> Vec<&Value> { series.iter().filter(|s| s["form"] == form).collect() };
    let full = of_form("full");
    let short = of_form("short");
    let full_ids: Vec<&str> = full.iter().map(|s| s["id"].as_str().unwrap()).collect();
    let short_ids: Vec<&str> = short.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(full_ids, ids);
    assert_eq!(short_ids, ids);
    for s in &full {
        assert_eq!(s["points"].as_array().unwrap().len(), 1, "{s}");
        assert_eq!(s["direction"], "not enough results", "{s}");
    }
    // (id, title, column in LEVELS or None for the balance index, direction over the
    // check-ins 2-4). Anxiety stays at 67: steady; the others move by far more than the
    // short form's error: a reliable change.
    let expected: [(&str, &str, Option<usize>, &str); 5] = [
        ("anxiety", "Attachment anxiety", Some(2), "steady"),
        ("avoidance", "Attachment avoidance", Some(3), "rising"),
        ("clinginess", "Clinginess", Some(0), "falling"),
        (
            "hyper_independence",
            "Hyper-independence",
            Some(1),
            "rising",
        ),
        ("balance", "Balance index", None, "rising"),
    ];
    for (s, (sid, title, column, direction)) in short.iter().zip(expected) {
        assert_eq!(s["id"], sid);
        assert_eq!(s["title"], title, "{sid}");
        let values: Vec<f64> = LEVELS[1..]
            .iter()
            .map(|l| column.map_or_else(|| balance_of(*l), |c| score(l[c])))
            .collect();
        let points = s["points"].as_array().unwrap();
        assert_eq!(points.len(), 3, "{sid}: {points:?}");
        for ((p, v), doc) in points.iter().zip(&values).zip(&docs[1..]) {
            assert_close(&p["value"], *v, &format!("{sid} point"));
            assert!(p["se"].as_f64().is_some_and(|se| se > 0.0), "{sid}: {p}");
            assert_eq!(p["id"], doc["id"], "{sid}: points oldest first");
            assert_eq!(p["taken_at"], doc["taken_at"], "{sid}");
        }
        assert_close(&s["first"], values[0], &format!("{sid} first"));
        assert_close(&s["last"], values[2], &format!("{sid} last"));
        assert_close(
            &s["change"],
            values[2] - values[0],
            &format!("{sid} change"),
        );
        let threshold = s["threshold"].as_f64().expect("a threshold");
        assert_eq!(
            (values[2] - values[0]).abs() > threshold,
            direction != "steady",
            "{sid}: change {} against threshold {threshold}",
            values[2] - values[0]
        );
        assert_eq!(s["direction"], direction, "{sid}");
    }
}

/// A dimension renamed by a newer questionnaire version is called by its latest title in
/// `trend`, as in `history`.
#[test]
fn trend_names_a_dimension_by_its_latest_title() {
    let mut t = Test::new();
    let mut old = make_result(&mut t, &levels(3, 3, 3, 3), false, &days_ago(20));
    old["dimensions"]["clinginess"]["title"] = Value::from("An older title");
    let new = make_result(&mut t, &levels(5, 5, 5, 5), false, &days_ago(1));
    let latest = new["dimensions"]["clinginess"]["title"].clone();
    write_lines(&t, &[line(&old), line(&new)]);
    let trend = t.args(["trend", "--json"]).expect(0).json();
    let series = trend["series"].as_array().unwrap();
    let clinginess = series.iter().find(|s| s["id"] == "clinginess").unwrap();
    assert_eq!(clinginess["title"], latest, "{clinginess}");
}

#[test]
fn trend_with_one_result_has_not_enough_results() {
    let Fixture { mut t, docs, .. } = fixture();
    write_lines(&t, &[line(&docs[0])]);
    let trend = t.args(["trend", "--json"]).expect(0).json();
    for s in trend["series"].as_array().unwrap() {
        assert_eq!(s["direction"], "not enough results", "{s}");
        assert_eq!(s["points"].as_array().unwrap().len(), 1);
        assert!(s["change"].is_null(), "no change from one point: {s}");
    }
}

#[test]
fn trend_plain_shows_sparklines_and_the_map_with_a_trail() {
    let Fixture { mut t, .. } = fixture();
    let run = t.args(["trend", "--plain"]).expect(0);
    // The check-ins' table (the full assessment has a table of its own, of one point).
    let all = &run.stdout;
    let out = &all[all
        .find("Check-ins (3)")
        .unwrap_or_else(|| panic!("no check-ins:\n{all}"))..];
    let row = |title: &str| -> Vec<String> {
        out.lines()
            .find(|l| l.trim_start().starts_with(title))
            .unwrap_or_else(|| panic!("no row {title}:\n{out}"))
            .trim_start()[title.len()..]
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    // Clinginess 83, 50, 17: from the top of the sparkline to the bottom.
    assert_eq!(row("Clinginess"), ["#:_", "83", "17", "falling"], "{out}");
    // 17, 50, 83.
    assert_eq!(
        row("Hyper-independence"),
        ["_:#", "17", "83", "rising"],
        "{out}"
    );
    assert_eq!(
        row("Attachment anxiety"),
        ["===", "67", "67", "steady"],
        "{out}"
    );
    // -50, -8, +42.
    let balance = row("Balance index");
    assert_eq!(balance[1..], ["-50", "42", "rising"], "{out}");
    // The map: anxiety stays at 67 (row 3 of 11), avoidance moves 17 -> 33 -> 50 -> 83; the
    // earlier results are the trail (o), the latest is you (@); 50 stays left of the axis.
    assert!(out.contains("Attachment map"), "{out}");
    let map_row = format!("  {:12} |   o   o  o|       @   |", "");
    assert!(
        out.lines().any(|l| l == map_row),
        "no trail row {map_row:?} in:\n{out}"
    );
    assert!(out.contains("(@ you, o before)"), "{out}");
}

#[test]
fn compare_first_and_latest_of_the_same_person() {
    let Fixture { mut t, docs, .. } = fixture();
    let c = t
        .args(["compare", "first", "latest", "--json"])
        .expect(0)
        .json();
    assert_eq!(c["schema"], "balance.compare/v1");
    assert_eq!(c["kind"], "same person");
    assert_eq!(c["a"], docs[0]["id"]);
    assert_eq!(c["b"], docs[3]["id"]);
    assert_eq!(
        c["gaps"],
        Value::Array(vec![]),
        "no partner gaps for one person"
    );
    let rows = c["rows"].as_array().unwrap();
    let dims: Vec<&str> = rows
        .iter()
        .map(|r| r["dimension"].as_str().unwrap())
        .collect();
    assert_eq!(
        dims,
        [
            "anxiety",
            "avoidance",
            "clinginess",
            "hyper_independence",
            "balance"
        ]
    );
    let (first, last) = (LEVELS[0], LEVELS[3]);
    let expected = [
        (score(first[2]), score(last[2])),
        (score(first[3]), score(last[3])),
        (score(first[0]), score(last[0])),
        (score(first[1]), score(last[1])),
        (balance_of(first), balance_of(last)),
    ];
    for (row, (a, b)) in rows.iter().zip(expected) {
        let d = row["dimension"].as_str().unwrap();
        assert_close(&row["a"], a, &format!("{d} a"));
        assert_close(&row["b"], b, &format!("{d} b"));
        assert_close(&row["difference"], b - a, &format!("{d} difference"));
    }
    // latest~1 and an id name results too.
    let c = t
        .args(["compare", "latest~1", &id(&docs[1]), "--json"])
        .expect(0)
        .json();
    assert_eq!(c["a"], docs[2]["id"]);
    assert_eq!(c["b"], docs[1]["id"]);
    assert_eq!(c["kind"], "same person");
}

#[test]
fn compare_with_a_partner_file_finds_the_gap() {
    let Fixture { mut t, docs, .. } = fixture();
    // The partner leans hard toward closeness (balance -100); the latest result leans toward
    // space (+42).
    let partner = make_result(&mut t, &levels(7, 1, 7, 1), false, "2025-06-01T12:00:00Z");
    let partner_file = t.write(
        "partner.json",
        &serde_json::to_string_pretty(&partner).unwrap(),
    );
    let partner_path = partner_file.to_str().unwrap();

    let c = t
        .args(["compare", "latest", partner_path, "--json"])
        .expect(0)
        .json();
    assert_eq!(c["kind"], "partners");
    assert_eq!(c["a"], docs[3]["id"]);
    assert_eq!(c["b"], partner["id"]);
    assert_one_partner_gap(&c);
    let balance = c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["dimension"] == "balance")
        .unwrap();
    assert_close(&balance["a"], balance_of(LEVELS[3]), "partner compare a");
    assert_close(&balance["b"], -100.0, "partner compare b");

    // Given the other way round, the partner's file is still the one called the partner.
    let c = t
        .args(["compare", partner_path, "latest", "--json"])
        .expect(0)
        .json();
    assert_eq!(c["kind"], "partners");
    assert_one_partner_gap(&c);

    // Plain output names the kind and the gap; comparing saves nothing.
    let run = t
        .args(["compare", "latest", partner_path, "--plain"])
        .expect(0);
    assert!(run.stdout.contains("You: "), "{}", run.stdout);
    assert!(run.stdout.contains("Partner: "), "{}", run.stdout);
    assert!(
        run.stdout.contains("Strategies for both of you"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Partner: leaning toward closeness"),
        "{}",
        run.stdout
    );
    assert_eq!(
        ids(&history_json(&mut t, &[])),
        ids_of(&docs.iter().collect::<Vec<_>>())
    );
}

// ---------------------------------------------------------------------------------------
// 2. due
// ---------------------------------------------------------------------------------------

#[track_caller]
fn assert_silent(run: &crate::common::Run) {
    assert_eq!(run.stdout, "", "stdout");
    assert_eq!(run.stderr, "", "stderr");
}

#[test]
fn due_with_an_empty_history_is_due() {
    let mut t = Test::new();
    let run = t.args(["due", "--every", "7d"]).expect(0);
    assert_silent(&run);
    let run = t.args(["due", "--every", "7d", "--verbose"]).expect(0);
    assert!(run.stderr.contains("no saved results"), "{}", run.stderr);
}

#[test]
fn due_depends_on_the_age_of_the_latest_result() {
    let mut t = Test::new();
    let old = make_result(&mut t, &levels(4, 4, 4, 4), true, &days_ago(8));
    let fresh = make_result(&mut t, &levels(4, 4, 4, 4), true, &days_ago(6));
    let older = make_result(&mut t, &levels(4, 4, 4, 4), true, &days_ago(30));

    write_lines(&t, &[line(&older), line(&old)]);
    assert_silent(&t.args(["due", "--every", "7d"]).expect(0));
    assert_silent(&t.args(["due", "--every", "1w"]).expect(0));
    assert_silent(&t.args(["due", "--every", "9d"]).expect(1));
    let run = t.args(["due", "--every", "7d", "--verbose"]).expect(0);
    assert!(run.stderr.starts_with("due:"), "{}", run.stderr);

    // The latest by time counts, wherever it is in the file.
    write_lines(&t, &[line(&fresh), line(&old)]);
    assert_silent(&t.args(["due", "--every", "7d"]).expect(1));
    assert_silent(&t.args(["due", "--every", "5d"]).expect(0));
    let run = t.args(["due", "--every", "7d", "-v"]).expect(1);
    assert!(run.stderr.starts_with("not due:"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    // Dated to the minute, in 80 columns.
    let stamp = fresh["taken_at"].as_str().unwrap().replace('T', " ");
    assert!(
        run.stderr.contains(&format!("({} UTC)", &stamp[..16])),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.lines().all(|l| l.chars().count() <= 80),
        "{}",
        run.stderr
    );
}

#[test]
fn due_with_a_bad_interval_exits_two() {
    let mut t = Test::new();
    for bad in ["soon", "0d", "-7d", ""] {
        let run = t.args(["due", "--every", bad]).expect(2);
        assert_eq!(run.stdout, "", "{bad}");
        assert!(!run.stderr.is_empty(), "{bad}: says why");
    }
    t.args(["due"]).expect(2);
}

#[test]
fn due_with_an_unreadable_history_exits_two() {
    // BALANCE_HOME is a regular file: there can be no history in it.
    let mut t = Test::new();
    let file = t.write("not-a-folder", "just a file\n");
    let run = t
        .env("BALANCE_HOME", file.to_str().unwrap())
        .args(["due", "--every", "7d"])
        .run();
    assert_eq!(
        run.code,
        2,
        "BALANCE_HOME={} (a regular file): due must fail, not report due\nstdout:{}\nstderr:{}",
        file.display(),
        run.stdout,
        run.stderr
    );
    assert_eq!(run.stdout, "");
    assert!(!run.stderr.is_empty(), "says why");
}

#[test]
fn due_with_a_history_that_cannot_be_read_exits_two() {
    // history.jsonl is a folder.
    let mut t = Test::new();
    std::fs::create_dir(t.history()).unwrap();
    let run = t.args(["due", "--every", "7d"]).expect(2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("history.jsonl"), "{}", run.stderr);
}

/// `due --every EVERY` exits `code` the fast way (twice: the second run may use the summary
/// the first wrote) and the same with `--verbose`, which reads the whole history.
#[track_caller]
fn assert_due(t: &mut Test, every: &str, code: i32, case: &str) {
    for round in ["first", "again"] {
        let run = t.args(["due", "--every", every]).run();
        assert_eq!(run.code, code, "{case} ({round} run): {}", run.stderr);
        assert_silent(&run);
    }
    let run = t.args(["due", "--every", every, "--verbose"]).run();
    assert_eq!(run.code, code, "{case} (--verbose): {}", run.stderr);
}

/// A copy of `doc` with a distinct id, taken at `taken_at`.
fn restamped(doc: &Value, n: u64, taken_at: &str) -> Value {
    let mut doc = doc.clone();
    doc["id"] = Value::String(format!("01900000-0000-7000-8000-{n:012x}"));
    doc["taken_at"] = Value::String(taken_at.to_string());
    doc
}

fn append_text(t: &Test, text: &str) {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(t.history())
        .unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

#[test]
fn due_skips_what_load_skips_at_the_end_of_the_file() {
    let mut t = Test::new();
    let doc = make_result(&mut t, &levels(4, 4, 4, 4), true, &days_ago(3));
    let fresh = line(&restamped(&doc, 1, &days_ago(3)));
    let old = line(&restamped(&doc, 2, &days_ago(30)));
    let older = line(&restamped(&doc, 3, &days_ago(40)));
    let torn = &fresh[..fresh.len() / 2];
    let future = line(&restamped(&doc, 4, "2999-01-01T00:00:00Z"));
    let mut newer = restamped(&doc, 5, &days_ago(1));
    newer["schema"] = "balance.result/v9".into();
    let mut unknown = restamped(&doc, 6, &days_ago(1));
    unknown["schema"] = "something.else/v1".into();

    // A torn last line (no newline): skipped, whatever it holds.
    std::fs::write(t.history(), format!("{older}\n{old}\n{torn}")).unwrap();
    assert_due(&mut t, "7d", 0, "old results, then a torn line");
    std::fs::write(t.history(), format!("{old}\n{fresh}\n{torn}")).unwrap();
    assert_due(&mut t, "7d", 1, "a recent result, then a torn line");

    // A result dated in the future, last: ignored, not a reason to wait.
    write_lines(&t, &[old.clone(), future.clone()]);
    assert_due(&mut t, "7d", 0, "an old result, then a future one");
    write_lines(&t, &[fresh.clone(), old.clone(), future.clone()]);
    assert_due(
        &mut t,
        "7d",
        1,
        "a recent result before an old and a future one",
    );

    // Lines of a newer balance or an unknown schema, however recent, are not results.
    write_lines(&t, &[old.clone(), line(&newer), line(&unknown)]);
    assert_due(&mut t, "7d", 0, "an old result, then v9 and unknown lines");

    // Blank lines, CRLF and a damaged line before a recent result at the very start.
    write_lines(
        &t,
        &[
            format!("{fresh}\r"),
            String::new(),
            "{\"half\": ".to_string(),
            old.clone(),
        ],
    );
    assert_due(&mut t, "7d", 1, "a recent first line");
    assert_due(&mut t, "2d", 0, "a first line older than the interval");

    // An empty file, a file of blank lines.
    std::fs::write(t.history(), "").unwrap();
    assert_due(&mut t, "7d", 0, "an empty file");
    std::fs::write(t.history(), "\n\n  \n").unwrap();
    assert_due(&mut t, "7d", 0, "blank lines");
}

#[test]
fn due_of_a_missing_history_writes_nothing() {
    let mut t = Test::new();
    assert_due(&mut t, "7d", 0, "no history");
    assert!(!t.history().exists());
    assert!(!t.path("history.summary").exists());
}

#[test]
fn due_finds_the_latest_result_wherever_a_large_history_holds_it() {
    // Hundreds of results (many 64 KiB blocks), the only recent one first in the file, as
    // when an old backup is imported after the latest check-in.
    let mut t = Test::new();
    let doc = make_result(&mut t, &levels(4, 4, 4, 4), true, &days_ago(3));
    let mut lines = vec![line(&restamped(&doc, 0, &days_ago(3)))];
    for k in 1..300 {
        lines.push(line(&restamped(&doc, k, &days_ago(400 - k as i64))));
    }
    write_lines(&t, &lines);
    assert!(std::fs::metadata(t.history()).unwrap().len() > 16 * 64 * 1024);
    assert_due(&mut t, "7d", 1, "the recent result first");
    assert_due(&mut t, "2d", 0, "nothing within two days");
    assert!(t.path("history.summary").exists(), "the full read is kept");

    // The summary stays true of the file `add` appends to, and only of it.
    let backup = t.write(
        "old.json",
        &serde_json::to_string(&[restamped(&doc, 1000, &days_ago(500))]).unwrap(),
    );
    t.args(["import", backup.to_str().unwrap()]).expect(0);
    assert_due(&mut t, "7d", 1, "after importing an older result");
    assert_due(&mut t, "2d", 0, "after importing an older result");
    let backup = t.write(
        "new.json",
        &serde_json::to_string(&[restamped(&doc, 1001, &days_ago(1))]).unwrap(),
    );
    t.args(["import", backup.to_str().unwrap()]).expect(0);
    assert_due(&mut t, "2d", 1, "after importing a recent result");

    // Changed behind balance's back: appended to, or rewritten in place at the same length.
    write_lines(&t, &lines);
    assert_due(&mut t, "2d", 0, "rewritten");
    append_text(
        &t,
        &format!("{}\n", line(&restamped(&doc, 1002, &days_ago(1)))),
    );
    assert_due(&mut t, "2d", 1, "a recent result appended by hand");
    let text = std::fs::read_to_string(t.history()).unwrap();
    let (head, tail) = text.split_at(text.len() / 2);
    std::fs::write(t.history(), format!("{head}{tail}")).unwrap();
    assert_due(&mut t, "2d", 1, "rewritten as it was");

    // A check-in keeps the summary true; `forget` removes it (it holds the times).
    write_lines(&t, &lines);
    assert_due(&mut t, "2d", 0, "before the check-in");
    let answers = t.write(
        "answers.json",
        &crate::common::answers_for(&levels(4, 4, 4, 4), true),
    );
    t.args(["checkin", "--answers", answers.to_str().unwrap()])
        .expect(0);
    assert_due(&mut t, "1d", 1, "after the check-in");
    t.args(["forget", "latest", "--yes"]).expect(0);
    assert!(
        !t.path("history.summary").exists(),
        "forget removes the summary"
    );
    assert_due(&mut t, "2d", 0, "the check-in forgotten");
    t.args(["forget", "--all", "--yes"]).expect(0);
    assert!(
        !t.path("history.summary").exists(),
        "forget --all removes the summary"
    );
}

// ---------------------------------------------------------------------------------------
// 3. Damaged lines
// ---------------------------------------------------------------------------------------

#[test]
fn damaged_lines_are_reported_skipped_and_not_merged_with_new_results() {
    let Fixture { mut t, docs, .. } = fixture();
    let whole: Vec<String> = docs.iter().map(line).collect();
    let torn = &whole[2][..whole[2].len() / 2];
    let garbage = "this is not { json";
    let text = format!("{}\n{garbage}\n{}\n{torn}", whole[0], whole[1]);
    std::fs::write(t.history(), &text).unwrap();

    let run = t.args(["history", "--json"]).expect(0);
    assert_eq!(ids(&run.json()), [id(&docs[0]), id(&docs[1])]);
    let path = t.history().display().to_string();
    let warnings: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    assert!(
        warnings[0].contains(&format!("{path}:2:")),
        "{}",
        run.stderr
    );
    assert!(
        warnings[1].contains(&format!("{path}:4:")),
        "{}",
        run.stderr
    );
    assert!(
        warnings.iter().all(|w| w.contains("damaged line skipped")),
        "{}",
        run.stderr
    );

    // A check-in after the torn line lands whole on a line of its own.
    let answers = t.write("week.json", &answers_for(&levels(3, 3, 3, 3), true));
    let new = t
        .args(["checkin", "--answers", answers.to_str().unwrap(), "--json"])
        .expect(0)
        .json();
    let after = std::fs::read_to_string(t.history()).unwrap();
    assert!(after.starts_with(&text), "earlier lines untouched");
    assert!(after.ends_with('\n'));
    let lines: Vec<&str> = after.lines().collect();
    assert_eq!(lines.len(), 5, "{after}");
    assert_eq!(lines[3], torn, "the torn line stays as it was");
    let saved: Value = serde_json::from_str(lines[4]).expect("the new line is whole JSON");
    assert_eq!(saved, new);

    let run = t.args(["history", "--json"]).expect(0);
    assert_eq!(ids(&run.json()), [id(&docs[0]), id(&docs[1]), id(&new)]);
    assert_eq!(run.stderr.lines().count(), 2, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{path}:2:")), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{path}:4:")), "{}", run.stderr);
}

#[test]
fn a_line_of_an_unknown_schema_is_damaged_not_refused() {
    let Fixture { mut t, docs, .. } = fixture();
    let mut odd = docs[1].clone();
    odd["schema"] = "something.else/v1".into();
    write_lines(&t, &[line(&docs[0]), line(&odd), line(&docs[2])]);
    let run = t.args(["history", "--json"]).expect(0);
    assert_eq!(ids(&run.json()), [id(&docs[0]), id(&docs[2])]);
    assert!(run.stderr.contains(":2:"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------
// 4. Concurrent check-ins
// ---------------------------------------------------------------------------------------

#[test]
fn twenty_concurrent_checkins_each_land_whole() {
    let mut t = Test::new();
    let answers = t.write("a.json", &answers_for(&levels(5, 3, 4, 2), true));
    t.args(["checkin", "--answers", answers.to_str().unwrap(), "--json"]);
    let children: Vec<_> = (0..20)
        .map(|_| {
            t.command()
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn balance")
        })
        .collect();
    let mut printed = HashSet::new();
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "checkin failed: {stderr}");
        let doc: Value = serde_json::from_slice(&output.stdout).expect("checkin --json");
        printed.insert(id(&doc));
    }
    assert_eq!(printed.len(), 20, "distinct results printed");

    let text = std::fs::read_to_string(t.history()).unwrap();
    assert!(text.ends_with('\n'));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 20, "{text}");
    let saved: HashSet<String> = lines
        .iter()
        .map(|l| {
            let doc: Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("line not whole ({e}): {l}"));
            assert_eq!(doc["schema"], "balance.result/v1");
            id(&doc)
        })
        .collect();
    assert_eq!(saved, printed, "every printed result saved, once");

    let run = t.args(["history", "--json"]).expect(0);
    assert_eq!(run.stderr, "");
    assert_eq!(run.json().as_array().unwrap().len(), 20);
}

// ---------------------------------------------------------------------------------------
// 5. Permissions
// ---------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_new_home_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let mut t = Test::new();
    let home = t.path("not/yet/there");
    let answers = t.write("a.json", &answers_for(&levels(4, 4, 4, 4), true));
    t.env("BALANCE_HOME", home.to_str().unwrap())
        .args(["checkin", "--answers", answers.to_str().unwrap()])
        .expect(0);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert!(home.is_dir());
    assert_eq!(mode(&home), 0o700, "{}", home.display());
    let history = home.join("history.jsonl");
    assert_eq!(mode(&history), 0o600, "{}", history.display());
    assert_eq!(file_lines(&history).len(), 1);
    assert!(!t.history().exists(), "saved under BALANCE_HOME only");
}

// ---------------------------------------------------------------------------------------
// 6. Export and import
// ---------------------------------------------------------------------------------------

/// An imported result is stored as it was exported, field for field in the same order: its
/// dimensions stay in the catalog's order, which `history` shows as columns.
#[test]
fn an_import_stores_each_result_as_exported() {
    let mut source = Test::new();
    let answers = source.write("answers.json", &answers_for(&levels(5, 2, 4, 3), true));
    source
        .args(["checkin", "--answers", answers.to_str().unwrap()])
        .expect(0);
    let backup = source.path("backup.json");
    source
        .args(["export", "--output", backup.to_str().unwrap()])
        .expect(0);
    let mut target = Test::new();
    target.args(["import", backup.to_str().unwrap()]).expect(0);
    let stored = file_lines(&target.history());
    assert_eq!(stored, file_lines(&source.history()));
    assert!(
        stored[0].find("\"clinginess\"") < stored[0].find("\"anxiety\""),
        "{}",
        stored[0]
    );
}

#[test]
fn export_then_import_into_an_empty_home_gives_the_same_history() {
    let Fixture {
        t: mut source,
        docs,
        ..
    } = fixture();
    let backup = tempfile::tempdir().unwrap();
    let file = backup.path().join("backup.json");
    let run = source
        .args(["export", "--output", file.to_str().unwrap()])
        .expect(0);
    assert_eq!(run.stdout, "", "--output writes to the file, not stdout");
    let export: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(export["schema"], "balance.export/v1");
    assert_eq!(export["results"], Value::Array(docs.clone()));
    let exported = history_json(&mut source, &[]);
    // `--output -` is standard output.
    let dir = source.home.path().to_path_buf();
    let run = source.args(["export", "--output", "-"]).cwd(&dir).expect(0);
    let printed: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(printed["results"], export["results"]);
    assert!(!dir.join("-").exists(), "a file named `-` was written");

    let mut target = Test::new();
    let run = target.args(["import", file.to_str().unwrap()]).expect(0);
    assert_eq!(run.stdout.trim(), "added 4, skipped 0 already present");
    assert_eq!(history_json(&mut target, &[]), exported);

    let run = target.args(["import", file.to_str().unwrap()]).expect(0);
    assert_eq!(run.stdout.trim(), "added 0, skipped 4 already present");
    assert_eq!(history_json(&mut target, &[]), exported);
    assert_eq!(file_lines(&target.history()).len(), 4);

    // Only what is missing is added, at the end of the file; the history is listed in the
    // order the results were taken.
    write_lines(&target, &[line(&docs[1]), line(&docs[3])]);
    let run = target.args(["import", file.to_str().unwrap()]).expect(0);
    assert_eq!(run.stdout.trim(), "added 2, skipped 2 already present");
    let file_ids: Vec<String> = file_lines(&target.history())
        .iter()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        file_ids,
        [id(&docs[1]), id(&docs[3]), id(&docs[0]), id(&docs[2])]
    );
    assert_eq!(history_json(&mut target, &[]), exported);
}

// ---------------------------------------------------------------------------------------
// 7. forget
// ---------------------------------------------------------------------------------------

#[test]
fn forget_removes_exactly_the_matching_results_and_keeps_damaged_lines() {
    let Fixture { mut t, docs, .. } = fixture();
    let whole: Vec<String> = docs.iter().map(line).collect();
    let garbage = "{\"half\": ".to_string();
    let original = vec![
        whole[0].clone(),
        whole[1].clone(),
        garbage.clone(),
        whole[2].clone(),
        whole[3].clone(),
    ];
    write_lines(&t, &original);

    // Without --yes and without a terminal: a usage error, and nothing changes.
    let run = t.args(["forget", "--all"]).expect(2);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert_eq!(file_lines(&t.history()), original);

    // Before a date: only results taken before its midnight.
    let run = t
        .args(["forget", "--before", "2025-02-10", "--yes"])
        .expect(0);
    assert_eq!(run.stdout.trim(), "forgot 1 result");
    assert_eq!(file_lines(&t.history()), original[1..]);

    // Nothing older than that any more.
    let run = t
        .args(["forget", "--before", "2025-02-10", "--yes"])
        .expect(0);
    assert_eq!(run.stdout.trim(), "nothing to forget");
    assert_eq!(file_lines(&t.history()), original[1..]);

    // One id.
    let run = t.args(["forget", &id(&docs[2]), "--yes"]).expect(0);
    assert_eq!(run.stdout.trim(), "forgot 1 result");
    assert_eq!(
        file_lines(&t.history()),
        [whole[1].clone(), garbage.clone(), whole[3].clone()]
    );
    let run = t.args(["history", "--json"]).expect(0);
    assert_eq!(ids(&run.json()), [id(&docs[1]), id(&docs[3])]);
    assert!(
        run.stderr.contains(":2:"),
        "the damaged line is still reported: {}",
        run.stderr
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(t.history()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the rewritten history stays private");
    }

    // Everything, the damaged line too: it may still hold answers.
    let run = t.args(["forget", "--all", "--yes"]).expect(0);
    assert_eq!(run.stdout.trim(), "forgot 2 results");
    assert!(!t.history().exists(), "forget --all leaves no history file");
    assert_eq!(history_json(&mut t, &[]), Value::Array(vec![]));
    let run = t.args(["forget", "--all", "--yes"]).expect(0);
    assert_eq!(run.stdout.trim(), "nothing to forget");
}

#[test]
fn forget_leaves_a_valid_jsonl_file() {
    let Fixture { mut t, docs, .. } = fixture();
    // Before a length of time ago: the three old results go, the recent one stays.
    let run = t.args(["forget", "--before", "30d", "--yes"]).expect(0);
    assert_eq!(run.stdout.trim(), "forgot 3 results");
    let text = std::fs::read_to_string(t.history()).unwrap();
    assert!(text.ends_with('\n'));
    for l in text.lines() {
        let doc: Value = serde_json::from_str(l).expect("each line is a JSON document");
        assert_eq!(doc["schema"], "balance.result/v1");
    }
    assert_eq!(ids(&history_json(&mut t, &[])), [id(&docs[3])]);

    // An id that is not there is an error, and forgets nothing.
    let run = t.args(["forget", &id(&docs[0]), "--yes"]).expect(1);
    assert!(
        run.stderr.contains("no file or result id"),
        "{}",
        run.stderr
    );
    assert_eq!(ids(&history_json(&mut t, &[])), [id(&docs[3])]);
}

// ---------------------------------------------------------------------------------------
// 8. report of a saved result
// ---------------------------------------------------------------------------------------

#[test]
fn report_renders_saved_results_by_reference() {
    let Fixture {
        mut t,
        docs,
        recent,
    } = fixture();
    let recent: jiff::Timestamp = recent.parse().unwrap();

    let run = t.args(["report", "latest", "--plain"]).expect(0);
    let heading = format!(
        "Your balance (short check-in, {})",
        recent.strftime("%Y-%m-%d %H:%M UTC")
    );
    assert!(run.stdout.starts_with(&heading), "{}", run.stdout);
    assert!(
        run.stdout.contains("your answers lean fearful")
            || run.stdout.contains("closest to fearful"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("+42: leaning detached"),
        "{}",
        run.stdout
    );

    // The default is the latest.
    assert_eq!(t.args(["report", "--plain"]).expect(0).stdout, run.stdout);

    let run = t.args(["report", "latest~1", "--plain"]).expect(0);
    assert!(
        run.stdout
            .starts_with("Your balance (short check-in, 2025-03-10 09:00 UTC)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("lean anxious") || run.stdout.contains("closest to anxious"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("-8: interdependent"), "{}", run.stdout);

    let run = t.args(["report", "first", "--plain"]).expect(0);
    assert!(
        run.stdout
            .starts_with("Your balance (full assessment, 2025-01-10 09:00 UTC)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("-75: merged"), "{}", run.stdout);

    let run = t.args(["report", &id(&docs[1]), "--plain"]).expect(0);
    assert!(
        run.stdout
            .starts_with("Your balance (short check-in, 2025-02-10 09:00 UTC)"),
        "{}",
        run.stdout
    );
}

#[test]
fn report_of_an_unknown_reference_says_what_exists() {
    let Fixture { mut t, .. } = fixture();
    let run = t.args(["report", "latest~9", "--plain"]).expect(1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("no result `latest~9`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the history has 4 results"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("balance history"), "{}", run.stderr);

    let run = t.args(["report", "no-such-result", "--plain"]).expect(1);
    assert!(
        run.stderr.contains("no file or result id `no-such-result`"),
        "{}",
        run.stderr
    );

    let run = t.args(["report", "zz", "--plain"]).expect(1);
    assert!(
        run.stderr.contains("latest, first, latest~N"),
        "{}",
        run.stderr
    );

    let mut empty = Test::new();
    let run = empty.args(["report", "latest"]).expect(1);
    assert!(
        run.stderr.contains("the history has 0 results"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------
// 9. A history written by a newer balance
// ---------------------------------------------------------------------------------------

#[test]
fn a_newer_line_is_skipped_by_readers_kept_refused_by_writers_and_forgotten_by_forget_all() {
    let Fixture { mut t, docs, .. } = fixture();
    let mut newer = docs[1].clone();
    newer["schema"] = "balance.result/v9".into();
    write_lines(&t, &[line(&docs[0]), line(&newer), line(&docs[2])]);
    let before = std::fs::read(t.history()).unwrap();
    let unchanged = |t: &Test, after: &str| {
        assert!(
            std::fs::read(t.history()).unwrap() == before,
            "history.jsonl changed after {after}"
        );
    };

    for args in [vec!["history"], vec!["trend"]] {
        let run = t.args(&args).expect(0);
        assert_eq!(
            run.stderr.matches("written by a newer balance").count(),
            1,
            "{args:?}: one notice naming the line: {}",
            run.stderr
        );
        assert!(run.stderr.contains(":2:"), "{args:?}: {}", run.stderr);
        unchanged(&t, &args.join(" "));
    }
    assert_eq!(
        ids(&history_json(&mut t, &[])),
        [id(&docs[0]), id(&docs[2])]
    );

    let answers = t.write("a.json", &answers_for(&levels(4, 4, 4, 4), true));
    let run = t
        .args(["checkin", "--answers", answers.to_str().unwrap()])
        .run();
    assert_ne!(run.code, 0, "checkin over a newer history: {}", run.stdout);
    // checkin reports a failed save with the result, on standard output.
    assert!(
        run.stdout.contains("refusing to add"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    unchanged(&t, "checkin");
    let waiting = std::fs::read_dir(t.temp.path()).unwrap().count();
    assert_eq!(waiting, 1, "the result waits in the temporary folder");

    let export = t.write(
        "backup.json",
        &serde_json::json!({
            "schema": "balance.export/v1",
            "tool_version": "0.1.0",
            "exported_at": "2025-06-01T00:00:00Z",
            "results": [docs[3]],
        })
        .to_string(),
    );
    t.args(["import", export.to_str().unwrap()]).expect(1);
    unchanged(&t, "import");

    let run = t.args(["export"]).expect(0);
    let exported: Vec<String> = run.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    assert_eq!(exported, [id(&docs[0]), id(&docs[2])]);
    unchanged(&t, "export");

    let run = t.args(["forget", "--all", "--yes"]).expect(0);
    assert_eq!(run.stdout.trim(), "forgot 2 results");
    assert!(!t.history().exists(), "the newer line went too");
}

/// Results of different questionnaire versions are compared with a word of care.
#[test]
fn trend_and_compare_name_questionnaires_taken_in_different_versions() {
    let Fixture { mut t, docs, .. } = fixture();
    let mut old = docs[1].clone();
    for q in old["questionnaires"].as_array_mut().unwrap() {
        q["version"] = Value::String("1.0.0".to_string());
    }
    let mut lines: Vec<String> = docs.iter().map(line).collect();
    lines[1] = line(&old);
    write_lines(&t, &lines);
    let trend = t.args(["trend", "--json"]).expect(0).json();
    let changes = trend["version_changes"].as_array().unwrap();
    assert!(
        changes.iter().any(|c| c
            .as_str()
            .unwrap()
            .starts_with("clinginess was taken in versions")),
        "{changes:?}"
    );
    let compare = t
        .args(["compare", &id(&docs[1]), "latest", "--json"])
        .expect(0)
        .json();
    let differences = compare["version_differences"].as_array().unwrap();
    assert!(!differences.is_empty(), "{compare}");
}

/// `forget` takes the same references as every other command, and one that names nothing
/// is an error.
#[test]
fn forget_by_short_id_and_by_latest() {
    let Fixture { mut t, docs, .. } = fixture();
    let short = id(&docs[1])[..13].to_string();
    let run = t.args(["forget", &short, "--yes"]).expect(0);
    assert_eq!(run.stdout, "forgot 1 result\n");
    let run = t.args(["forget", "latest", "--yes"]).expect(0);
    assert_eq!(run.stdout, "forgot 1 result\n");
    let left: Vec<Value> = history_json(&mut t, &[]).as_array().unwrap().clone();
    let left_ids: Vec<&str> = left.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(left_ids, [id(&docs[0]), id(&docs[2])]);
    let run = t.args(["forget", "ffffffff", "--yes"]).expect(1);
    assert!(
        run.stderr.contains("no file or result id `ffffffff`"),
        "{}",
        run.stderr
    );
}
