//! Honest labels end to end: the balance label from both pulls, the leaning's clarity and the
//! patterns it borders, practices that fit the direction, and professional support that no
//! check-in drops.

use balance::catalog::Catalog;
use balance::strategy::Toward;
use serde_json::Value;

use crate::common::{four_levels, Test};

/// A full result at the keyed levels (1-7) of clinginess, hyper-independence, anxiety and
/// avoidance.
fn result(levels: [i64; 4]) -> Value {
    let mut t = Test::new();
    let doc = t.result_of(&["quiz"], &four_levels(levels, false));
    assert_eq!(
        doc["quality"]["interpretable"], true,
        "{levels:?}: {}",
        doc["quality"]
    );
    doc
}

fn near(doc: &Value) -> Vec<&str> {
    doc["leaning"]["near"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

/// Keyed levels, then the expected leaning, its clarity, the patterns it borders and the
/// balance label.
type Archetype = (
    [i64; 4],
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
);

const ARCHETYPES: [Archetype; 9] = [
    ([3, 3, 2, 2], "secure", "clear", &[], "interdependent"),
    ([5, 3, 6, 2], "anxious", "clear", &[], "merged"),
    ([3, 5, 2, 6], "avoidant", "clear", &[], "detached"),
    ([5, 5, 6, 6], "fearful", "clear", &[], "pulled both ways"),
    // High on both sides, attachment in the middle: pulled both ways, and a leaning that
    // borders every other pattern.
    (
        [6, 6, 4, 4],
        "secure",
        "borderline",
        &["anxious", "avoidant", "fearful"],
        "pulled both ways",
    ),
    ([2, 6, 3, 5], "avoidant", "clear", &[], "detached"),
    ([6, 2, 5, 3], "anxious", "clear", &[], "merged"),
    // Anxiety at the midpoint, avoidance high: closest to avoidant, on the border with fearful.
    (
        [3, 4, 4, 6],
        "avoidant",
        "moderate",
        &["fearful"],
        "leaning detached",
    ),
    ([5, 4, 5, 3], "anxious", "clear", &[], "leaning merged"),
];

#[test]
fn archetypes_get_the_labels_their_scores_support() {
    for (levels, style, clarity, bordering, label) in ARCHETYPES {
        let doc = result(levels);
        assert_eq!(doc["leaning"]["style"], style, "{levels:?}");
        assert_eq!(
            doc["leaning"]["clarity"], clarity,
            "{levels:?}: {}",
            doc["leaning"]
        );
        assert_eq!(near(&doc), bordering, "{levels:?}");
        assert_eq!(
            doc["balance"]["label"], label,
            "{levels:?}: {}",
            doc["balance"]
        );
        // Both pulls are reported, each with its interval.
        for pull in ["closeness", "distance"] {
            let p = &doc["balance"][pull];
            let score = p["score"].as_f64().unwrap();
            let (low, high) = (
                p["interval"][0].as_f64().unwrap(),
                p["interval"][1].as_f64().unwrap(),
            );
            assert!(low <= score && score <= high, "{levels:?} {pull}: {p}");
        }
    }
}

#[test]
fn the_report_describes_both_axes_before_the_pattern() {
    let mut t = Test::new();
    let answers = four_levels([3, 4, 4, 6], false);
    let file = t.write("answers.json", &answers);
    let report = t
        .args([
            "quiz",
            "--answers",
            file.to_str().unwrap(),
            "--no-save",
            "--plain",
        ])
        .expect(0)
        .stdout;
    assert!(
        report.contains("closest to avoidant, on the border with fearful"),
        "{report}"
    );
    assert!(report.contains("Attachment anxiety 50 ("), "{report}");
    assert!(report.contains("Pull toward closeness "), "{report}");
}

/// The first practice of each recommended strategy moves the way the person needs: toward
/// closeness for one who leans detached, toward independence for one who leans merged.
#[test]
fn practices_that_fit_the_direction_come_first() {
    let catalog = Catalog::builtin().unwrap();
    for (levels, wanted) in [
        ([2, 6, 3, 5], Toward::Closeness),
        ([6, 2, 5, 3], Toward::Independence),
    ] {
        let doc = result(levels);
        let mut checked = 0;
        for r in doc["recommendations"].as_array().unwrap() {
            let strategy = catalog
                .strategies
                .iter()
                .find(|s| s.id == r["id"].as_str().unwrap())
                .unwrap();
            let Some(first_fitting) = strategy.practices.iter().find(|p| p.toward == Some(wanted))
            else {
                continue;
            };
            assert_eq!(
                r["practices"][0],
                first_fitting.text.as_str(),
                "{levels:?}: {}",
                r["id"]
            );
            checked += 1;
        }
        assert!(
            checked > 0,
            "{levels:?}: no recommended strategy has a practice toward {wanted:?}"
        );
    }
}

/// While a score is very high, every check-in shows professional support, whatever the
/// rotation picks.
#[test]
fn three_extreme_checkins_each_show_professional_support() {
    let mut t = Test::new();
    let answers = four_levels([7, 1, 7, 1], true);
    let file = t.write("week.json", &answers);
    for week in 1..=3 {
        let out = t
            .args(["checkin", "--answers", file.to_str().unwrap(), "--plain"])
            .expect(0)
            .stdout;
        assert!(
            out.contains("This week: Get support from a professional"),
            "week {week}:\n{out}"
        );
        assert!(
            out.contains("Some of your scores are very high"),
            "week {week}:\n{out}"
        );
        // The rotation still adds its own pick.
        assert!(
            out.matches("This week: ").count() >= 2,
            "week {week}:\n{out}"
        );
    }
}
