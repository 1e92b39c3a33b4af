//! Response quality, precision and reliable change end to end: careless answer patterns are
//! told so instead of given a profile; considered ones get their labels, each score with an
//! interval; a check-in calls a change reliable only when it is.

use crate::common::{four_levels, Test};
use serde_json::Value;

/// Every built-in item answered by `answer(position in the questionnaires' order)`.
fn answers_by(answer: impl Fn(usize) -> i64) -> String {
    let catalog = balance::catalog::Catalog::builtin().expect("built-ins load");
    let map: serde_json::Map<String, Value> = catalog
        .questionnaires
        .iter()
        .flat_map(|q| &q.items)
        .enumerate()
        .map(|(n, item)| (item.id.clone(), answer(n).into()))
        .collect();
    Value::Object(map).to_string()
}

fn result_of(answers: &str) -> (Value, String) {
    let mut t = Test::new();
    let file = t.write("answers.json", answers);
    let file = file.to_str().unwrap();
    let doc = t
        .args(["quiz", "--answers", file, "--json", "--no-save"])
        .expect(0)
        .json();
    let report = t
        .args(["quiz", "--answers", file, "--no-save", "--plain"])
        .expect(0)
        .stdout;
    (doc, report)
}

/// A small deterministic generator (splitmix64), so that "random" answers are the same in
/// every run.
fn random_answers(seed: u64) -> String {
    let state = std::cell::Cell::new(seed);
    answers_by(|_| {
        let mut z = state.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        state.set(z);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z % 7) as i64 + 1
    })
}

#[track_caller]
fn assert_not_interpretable(name: &str, answers: &str) {
    let (doc, report) = result_of(answers);
    let quality = &doc["quality"];
    assert_eq!(quality["interpretable"], false, "{name}: {quality}");
    assert!(!quality["flags"].as_array().unwrap().is_empty(), "{name}");
    // The numbers stay in the JSON; the report says what was noticed and holds back labels
    // and personal advice.
    assert!(
        doc["dimensions"]["clinginess"]["score"].is_number(),
        "{name}"
    );
    assert!(
        report.starts_with("Your balance")
            && report.contains("These answers cannot be read reliably"),
        "{name}:\n{report}"
    );
    for withheld in [
        "Your leaning:",
        "Balance index",
        "Why:",
        "Strategies to try",
    ] {
        assert!(
            !report.contains(withheld),
            "{name}: {withheld:?} shown:\n{report}"
        );
    }
    assert!(
        report.contains("Strategies that help anyone"),
        "{name}:\n{report}"
    );
}

#[test]
fn careless_patterns_are_told_so_instead_of_given_a_profile() {
    for answer in [1, 4, 7] {
        assert_not_interpretable(&format!("all {answer}"), &answers_by(|_| answer));
    }
    assert_not_interpretable(
        "alternating extremes",
        &answers_by(|n| if n % 2 == 0 { 1 } else { 7 }),
    );
    for seed in [1, 2, 3, 4, 5] {
        assert_not_interpretable(&format!("random, seed {seed}"), &random_answers(seed));
    }
}

/// Answers too unreliable for a profile still point to professional support first when
/// anxiety and avoidance are both high, as the report's closing notice says.
#[test]
fn unreliable_answers_with_both_attachment_scores_high_still_point_to_support() {
    let catalog = balance::catalog::Catalog::builtin().expect("built-ins load");
    let map: serde_json::Map<String, Value> = catalog
        .questionnaires
        .iter()
        .flat_map(|q| &q.items)
        .map(|item| {
            let attachment = ["anxiety", "avoidance"].contains(&item.dimension.as_str());
            let answer = if attachment && !item.reverse { 7 } else { 4 };
            (item.id.clone(), answer.into())
        })
        .collect();
    let (doc, report) = result_of(&Value::Object(map).to_string());
    assert_eq!(doc["quality"]["interpretable"], false, "{}", doc["quality"]);
    for dimension in ["anxiety", "avoidance"] {
        let score = doc["dimensions"][dimension]["score"].as_f64().unwrap();
        assert!((60.0..80.0).contains(&score), "{dimension}: {score}");
    }
    let first = &doc["recommendations"][0];
    assert_eq!(first["id"], "professional-support", "{first}");
    assert!(report.contains("Strategies that help anyone"), "{report}");
}

/// The printable report says what the terminal says about unreliable answers, before the
/// scores it explains.
#[test]
fn the_html_report_explains_unreliable_answers_before_the_scores() {
    let mut t = Test::new();
    let file = t.write("answers.json", &answers_by(|_| 4));
    t.args(["quiz", "--answers", file.to_str().unwrap()])
        .expect(0);
    let page = t.path("report.html");
    t.args(["report", "latest", "--html", page.to_str().unwrap()])
        .expect(0);
    let html = std::fs::read_to_string(page).unwrap();
    let notice = html
        .find("<h2>These answers cannot be read reliably</h2>")
        .expect("the notice is in the page");
    let scores = html.find("<h2>Scores</h2>").unwrap();
    assert!(notice < scores, "the notice comes after the scores");
    assert!(
        html.contains(
            "no leaning, no balance label and no personal advice this time: take the quiz again"
        ),
        "{html}"
    );
}

#[test]
fn all_seven_is_flagged_for_yes_saying_with_the_reason_in_words() {
    let (doc, _) = result_of(&answers_by(|_| 7));
    let kinds: Vec<&str> = doc["quality"]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"acquiescence"), "{kinds:?}");
    assert!(kinds.contains(&"straight_line"), "{kinds:?}");
    assert!(doc["quality"]["acquiescence"].as_f64().unwrap() > 2.9);
    assert_eq!(doc["quality"]["median_seconds"], Value::Null);
}

fn levels(clinginess: i64, hyper: i64, anxiety: i64, avoidance: i64) -> String {
    four_levels([clinginess, hyper, anxiety, avoidance], false)
}

#[test]
fn considered_profiles_keep_their_labels_and_intervals() {
    let (anxious, report) = result_of(&levels(5, 3, 6, 2));
    assert_eq!(
        anxious["quality"]["interpretable"], true,
        "{}",
        anxious["quality"]
    );
    assert_eq!(anxious["leaning"]["style"], "anxious");
    assert!(
        report.contains("your answers lean anxious (clear)"),
        "{report}"
    );
    assert!(report.contains("Why: "), "{report}");
    let (secure, report) = result_of(&levels(3, 3, 2, 2));
    assert_eq!(
        secure["quality"]["interpretable"], true,
        "{}",
        secure["quality"]
    );
    assert_eq!(secure["leaning"]["style"], "secure");
    assert!(
        report.contains("your answers lean secure (clear)"),
        "{report}"
    );
    // Each score with its interval, around it and within 0-100.
    for (id, d) in secure["dimensions"].as_object().unwrap() {
        let score = d["score"].as_f64().unwrap();
        let [low, high] = [
            d["interval"][0].as_f64().unwrap(),
            d["interval"][1].as_f64().unwrap(),
        ];
        assert!(
            low <= score && score <= high && low >= 0.0 && high <= 100.0,
            "{id}: {d}"
        );
        assert!(d["se"].as_f64().unwrap() > 0.0, "{id}");
    }
    let row = report
        .lines()
        .find(|l| l.trim_start().starts_with("Attachment anxiety"))
        .unwrap();
    assert!(
        regex_like_interval(row),
        "a score with its likely range, as `17 (9-25)`: {row}"
    );
}

fn regex_like_interval(row: &str) -> bool {
    row.split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| {
            w[0].parse::<u32>().is_ok()
                && w[1].starts_with('(')
                && w[1].ends_with(')')
                && w[1].contains('-')
        })
}

/// A result saved before quality and standard errors existed is completed from its answers
/// when it is read, and shown with intervals.
#[test]
fn an_old_result_without_quality_or_se_is_read_and_shown() {
    let mut t = Test::new();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/result.json");
    let old: Value = serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    assert!(old.get("quality").is_none() && old["dimensions"]["clinginess"].get("se").is_none());
    t.write("history.jsonl", &format!("{old}\n"));
    let history = t.args(["history", "--json"]).expect(0).json();
    let doc = &history[0];
    assert_eq!(doc["quality"]["interpretable"], true, "{}", doc["quality"]);
    assert!(doc["dimensions"]["clinginess"]["se"].as_f64().unwrap() > 0.0);
    assert!(doc["dimensions"]["clinginess"]["interval"].is_array());
    let report = t.args(["report", "--plain"]).expect(0).stdout;
    assert!(report.contains("83 ("), "{report}");
    // Reading never rewrites the stored line.
    let stored = std::fs::read_to_string(t.history()).unwrap();
    assert!(!stored.contains("\"quality\""), "{stored}");
}

fn checkin(t: &mut Test, levels: [i64; 4]) -> String {
    let answers = four_levels([levels[0], levels[1], levels[2], levels[3]], true);
    let file = t.write("week.json", &answers);
    t.args(["checkin", "--answers", file.to_str().unwrap(), "--plain"])
        .expect(0)
        .stdout
}

/// A weekly check-in says "no reliable change" until a change is larger than the two
/// results' measurement error.
#[test]
fn a_checkin_calls_a_change_reliable_only_when_it_is() {
    let mut t = Test::new();
    let first = checkin(&mut t, [5, 3, 4, 3]);
    assert!(first.contains("first check-in"), "{first}");
    // One keyed point on clinginess (about 17 on 0-100) is within the short form's error.
    let second = checkin(&mut t, [6, 3, 4, 3]);
    let row = |out: &str, title: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(title))
            .unwrap_or_else(|| panic!("no {title} row:\n{out}"))
            .to_string()
    };
    assert!(
        row(&second, "Clinginess").contains("+17, no reliable change"),
        "{second}"
    );
    // Four keyed points (about 67) is far beyond it.
    let third = checkin(&mut t, [2, 3, 4, 3]);
    assert!(
        row(&third, "Clinginess").contains("-67, a reliable change"),
        "{third}"
    );
    assert!(
        row(&third, "Attachment anxiety").contains("+0, no reliable change"),
        "{third}"
    );
}
