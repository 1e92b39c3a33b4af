//! Answers are never lost: when a finished result cannot be saved, the report is shown
//! anyway, the exit code says so, and the report says where the answers wait and how to save
//! them later.

use crate::common::{answers_for, four_levels, Test};

#[test]
fn a_failed_save_keeps_the_answers_and_says_how_to_save_them() {
    let mut t = Test::new();
    // A history line written by a newer balance: appending to it is refused.
    let newer = r#"{"schema":"balance.result/v2","id":"future"}"#;
    t.write("history.jsonl", &format!("{newer}\n"));
    let temp = t.path("tmp");
    std::fs::create_dir(&temp).unwrap();
    let answers = four_levels([5, 3, 5, 3], false);
    let file = t.write("answers.json", &answers);
    let run = t
        .args(["quiz", "--answers", file.to_str().unwrap(), "--plain"])
        .env("TMPDIR", temp.to_str().unwrap())
        .expect(1);
    assert!(
        run.stdout.starts_with("Your balance"),
        "the report is shown:\n{}",
        run.stdout
    );
    assert!(run.stdout.contains("Not saved: "), "{}", run.stdout);
    assert!(run.stdout.contains("`balance import "), "{}", run.stdout);
    // The result waits in the temporary folder, whole and private.
    let waiting: Vec<_> = std::fs::read_dir(&temp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&waiting[0]).unwrap()).unwrap();
    assert_eq!(saved["schema"], "balance.result/v1");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&waiting[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Once the history can take it again, importing the file saves the same result.
    std::fs::remove_file(t.history()).unwrap();
    t.args(["import", waiting[0].to_str().unwrap(), "--yes"])
        .expect(0);
    let history = t.args(["history", "--json"]).expect(0).json();
    assert_eq!(history[0]["id"], saved["id"]);
    assert_eq!(history[0]["questionnaires"], saved["questionnaires"]);
}

/// A single result may be a partner's: importing it needs `--yes` without a terminal, and
/// nothing is added until then.
#[test]
fn importing_a_single_result_asks_first() {
    let mut t = Test::new();
    let answers = answers_for(&[("anxiety", 5), ("avoidance", 3)], false);
    let file = t.write("answers.json", &answers);
    let result = t.path("partner.json");
    t.args([
        "quiz",
        "attachment",
        "--answers",
        file.to_str().unwrap(),
        "--no-save",
        "--output",
        result.to_str().unwrap(),
    ])
    .expect(0);
    let run = t.args(["import", result.to_str().unwrap()]).expect(2);
    assert!(
        run.stderr.contains("would count as yours"),
        "{}",
        run.stderr
    );
    assert!(!t.history().exists());
    let run = t
        .args(["import", result.to_str().unwrap(), "--yes"])
        .expect(0);
    assert_eq!(run.stdout, "added 1, skipped 0 already present\n");
}
