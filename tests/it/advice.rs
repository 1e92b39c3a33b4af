// Advice end to end: the words that say why a strategy is recommended, for each kind of
// score condition, and the check-in's strategy for the week, which moves on by one with
// every saved check-in.

use crate::common::{answers_for, Test};
use serde_json::Value;

// ---------------------------------------------------------------------------------------
// Why a strategy is recommended
// ---------------------------------------------------------------------------------------

/// A strategy library with one strategy per kind of bound. The weight puts them above every
/// built-in strategy, so each one that holds is among those a result lists.
const BOUNDED: &str = r#"
[[strategies]]
id = "test-at-most"
title = "At most"
summary = "A strategy for a score at or below a bound."
practices = ["One practice.", "Another practice."]
sources = [{ title = "A test article", section = "A section" }]
when = [{ score = "clinginess", at_most = 60 }]
weight = 100.0

[[strategies]]
id = "test-between"
title = "Between"
summary = "A strategy for a score between two bounds."
practices = ["One practice.", "Another practice."]
sources = [{ title = "A test article", section = "A section" }]
when = [{ score = "anxiety", at_least = 20, at_most = 80 }]
weight = 100.0

[[strategies]]
id = "test-at-least"
title = "At least"
summary = "A strategy for a score at or above a bound."
practices = ["One practice.", "Another practice."]
sources = [{ title = "A test article", section = "A section" }]
when = [{ score = "avoidance", at_least = 30 }]
weight = 100.0

[[strategies]]
id = "test-missed"
title = "Missed"
summary = "A strategy whose bound the score misses."
practices = ["One practice.", "Another practice."]
sources = [{ title = "A test article", section = "A section" }]
when = [{ score = "hyper_independence", at_most = 40 }]
weight = 100.0
"#;

/// Every built-in dimension in the middle of the scale: scores of 50.
const MIDDLE: [(&str, i64); 4] = [
    ("clinginess", 4),
    ("hyper_independence", 4),
    ("anxiety", 4),
    ("avoidance", 4),
];

/// Scores of 67 and 33: enough to call for several strategies, none of them urgent.
const MODERATE: [(&str, i64); 4] = [
    ("clinginess", 5),
    ("hyper_independence", 3),
    ("anxiety", 5),
    ("avoidance", 3),
];

/// The sentence the report gives for a dimension's score meeting a bound.
fn expected_why(doc: &Value, dimension: &str, bound: &str) -> String {
    let dimension = &doc["dimensions"][dimension];
    let title = dimension["title"].as_str().expect("a dimension title");
    let score = dimension["score"].as_f64().expect("a dimension score");
    format!("your {title} score is {score:.0}{bound}")
}

#[test]
fn each_kind_of_bound_is_worded_in_why() {
    let mut t = Test::new();
    let dir = t.path("library");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("bounded.toml"), BOUNDED).unwrap();
    // Varied answers around the middle of the scale: every dimension scores 50, and the
    // answers read as considered ones (personal advice is given only for those).
    let library = dir.to_str().unwrap();
    let command = ["--questionnaires", library, "quiz"];
    let doc = t.result_of(&command, &answers_for(&MIDDLE, false));
    assert_eq!(doc["quality"]["interpretable"], true, "{}", doc["quality"]);
    let why = |id: &str| {
        doc["recommendations"]
            .as_array()
            .expect("a list of recommendations")
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["why"].as_str().expect("why is text").to_string())
    };
    assert_eq!(
        why("test-at-most"),
        Some(expected_why(&doc, "clinginess", ", at or below 60"))
    );
    assert_eq!(
        why("test-between"),
        Some(expected_why(&doc, "anxiety", ", between 20 and 80"))
    );
    assert_eq!(
        why("test-at-least"),
        Some(expected_why(&doc, "avoidance", ", at or above 30"))
    );
    assert_eq!(why("test-missed"), None, "a score of 50 is not at most 40");
}

// ---------------------------------------------------------------------------------------
// The check-in's strategy for the week
// ---------------------------------------------------------------------------------------

/// The title after "This week:" in a check-in's report, which must give one strategy (two
/// when one is urgent, which these tests avoid).
fn this_week(stdout: &str) -> String {
    let titles: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.trim().strip_prefix("This week:"))
        .map(str::trim)
        .collect();
    assert_eq!(titles.len(), 1, "one strategy for the week in:\n{stdout}");
    titles[0].to_string()
}

/// A check-in with these answers, saved or not, and the title of its strategy for the week.
fn checkin(t: &mut Test, answers: &str, save: bool) -> String {
    let mut args = vec!["checkin", "--answers", answers];
    if !save {
        args.push("--no-save");
    }
    this_week(&t.args(&args).expect(0).stdout)
}

#[test]
fn each_saved_checkin_practises_the_next_recommended_strategy() {
    let mut t = Test::new();
    let answers = t.write("short.json", &answers_for(&MODERATE, true));
    let answers = answers.to_str().unwrap().to_string();
    let full = t.write("full.json", &answers_for(&MODERATE, false));
    let full = full.to_str().unwrap().to_string();

    // The strategies these answers call for, in the order the check-in offers them: the
    // first five recommendations.
    let doc = t
        .args(["checkin", "--answers", &answers, "--json", "--no-save"])
        .expect(0)
        .json();
    assert_eq!(doc["quality"]["interpretable"], true, "{}", doc["quality"]);
    let pool: Vec<String> = doc["recommendations"]
        .as_array()
        .expect("a list of recommendations")
        .iter()
        .take(5)
        .map(|r| r["title"].as_str().expect("a title").to_string())
        .collect();
    assert!(
        pool.len() >= 2,
        "these answers must call for two strategies or more to show a rotation: {pool:?}"
    );

    // Round the whole pool and back to its start: the n-th saved check-in practises the
    // n-th strategy.
    for n in 0..=pool.len() {
        let expected = &pool[n % pool.len()];
        // A check-in that is not saved shows this week's strategy without moving on.
        assert_eq!(
            &checkin(&mut t, &answers, false),
            expected,
            "unsaved check-in {n}"
        );
        assert_eq!(
            &checkin(&mut t, &answers, true),
            expected,
            "saved check-in {n}"
        );
        if n == 0 {
            // A full quiz is no check-in: it does not move the rotation on.
            t.args(["quiz", "--answers", &full, "--json"]).expect(0);
        }
    }
}
