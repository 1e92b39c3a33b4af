use crate::common::{all_answers, Test};

#[test]
fn list_shows_every_builtin_questionnaire_with_counts() {
    let run = Test::new().args(["list", "--json"]).expect(0);
    let list = run.json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["clinginess", "hyper_independence", "attachment"]);
    assert!(list[0]["origin"].as_str().unwrap().starts_with("built-in"));
    assert_eq!(list[0]["items"], 17);
}

#[test]
fn quiz_with_answers_prints_json() {
    let mut t = Test::new();
    let doc = t.result_of(&["quiz"], &all_answers(4));
    assert_eq!(doc["schema"], "balance.result/v1");
    assert!(!t.history().exists());
}

#[test]
fn answers_json_matches_hand_computed_scores() {
    // The fixture answers every clinginess item 6 (reverse-keyed: 2), every hyper-independence
    // item 2 (reverse: 6), nine of thirteen anxiety items 5 (reverse: 3) and five of twelve
    // avoidance items.
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/answers.toml");
    let run = Test::new()
        .args(["quiz", "--answers", fixture, "--json", "--no-save"])
        .expect(0);
    let doc = run.json();
    assert_eq!(doc["schema"], "balance.result/v1");
    assert_eq!(doc["form"], "full");
    assert_eq!(doc["tool_version"], env!("CARGO_PKG_VERSION"));
    assert!(doc["taken_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(doc["id"].as_str().unwrap().len(), 36);
    let dims = &doc["dimensions"];
    let close = |value: &serde_json::Value, expected: f64| {
        (value.as_f64().unwrap() - expected).abs() < 1e-9
    };
    assert_eq!(dims["clinginess"]["mean"], 6.0);
    assert!(close(&dims["clinginess"]["score"], 250.0 / 3.0));
    assert_eq!(dims["clinginess"]["answered"], 17);
    assert_eq!(dims["clinginess"]["band"], "very high");
    assert!(close(&dims["hyper_independence"]["score"], 50.0 / 3.0));
    assert_eq!(dims["hyper_independence"]["band"], "very low");
    assert_eq!(dims["anxiety"]["mean"], 5.0);
    assert_eq!(
        (
            dims["anxiety"]["answered"].as_u64(),
            dims["anxiety"]["items"].as_u64()
        ),
        (Some(9), Some(13))
    );
    assert!(dims["avoidance"]["score"].is_null());
    assert!(dims["avoidance"]["mean"].is_null());
    assert_eq!(
        dims["avoidance"]["reason"],
        "only 5 of 12 items answered; at least 8 are needed"
    );
    // No leaning without an avoidance score; balance = mean(16.67) - mean(83.33, 66.67).
    assert!(doc["leaning"].is_null());
    assert!(close(&doc["balance"]["index"], 50.0 / 3.0 - 75.0));
    assert_eq!(doc["balance"]["label"], "merged");
    let questionnaires = doc["questionnaires"].as_array().unwrap();
    assert_eq!(questionnaires.len(), 3);
    assert_eq!(questionnaires[2]["answers"].as_object().unwrap().len(), 14);
    // Every keyed clinginess answer is 6: the SD is 0, taken as one scale point, so the
    // SE is 1 / sqrt(17) points, / 6 * 100 on 0-100, and the 90 % interval is
    // the score plus or minus 1.645 of that.
    let se = 1.0 / 17f64.sqrt() / 6.0 * 100.0;
    assert!(close(&dims["clinginess"]["se"], se));
    assert!(close(
        &dims["clinginess"]["interval"][0],
        250.0 / 3.0 - 1.645 * se
    ));
    assert!(close(
        &dims["clinginess"]["interval"][1],
        250.0 / 3.0 + 1.645 * se
    ));
    assert_eq!(doc["quality"]["interpretable"], true, "{}", doc["quality"]);
    let recs = doc["recommendations"].as_array().unwrap();
    assert_eq!(recs.len(), 5);
    // Clinginess at 83 is very high (80 or more): professional support comes first, saying why.
    assert_eq!(recs[0]["id"], "professional-support", "{recs:?}");
    assert!(
        recs[0]["why"]
            .as_str()
            .unwrap()
            .contains("Clinginess score is 83"),
        "{}",
        recs[0]["why"]
    );
    for r in recs {
        assert!(!r["why"].as_str().unwrap().is_empty());
        assert!(!r["sources"][0]["section"].as_str().unwrap().is_empty());
    }
}

#[test]
fn answers_from_standard_input_and_output_file() {
    let mut t = Test::new();
    let out = t.path("result.json");
    let run = t
        .args([
            "quiz",
            "clinginess",
            "--answers",
            "-",
            "--output",
            out.to_str().unwrap(),
            "--plain",
        ])
        .stdin(all_answers(4).replace(",\"hi", ",\"x_hi"))
        .run();
    // Items of questionnaires not taken are unknown here.
    assert_eq!(run.code, 1, "{}", run.stderr);
    let clinginess_only = r#"{"cl01": 4, "cl02": 4, "cl03": 4, "cl04": 4, "cl05": 4, "cl06": 4, "cl07": 4, "cl08": 4, "cl10": 4, "cl11": 4, "cl12": 4, "cl13": 4}"#;
    let run = t
        .args([
            "quiz",
            "clinginess",
            "--answers",
            "-",
            "--output",
            out.to_str().unwrap(),
            "--plain",
        ])
        .stdin(clinginess_only)
        .expect(0);
    assert!(run.stdout.contains("Clinginess"), "{}", run.stdout);
    assert!(run.stdout.contains("Saved to"), "{}", run.stdout);
    // `--output -` would print the result where the report goes: a usage error, before
    // anything is asked or saved.
    let before = std::fs::read_to_string(t.history()).unwrap();
    let run = t
        .args(["quiz", "clinginess", "--answers", "-", "--output", "-"])
        .stdin(clinginess_only)
        .expect(2);
    assert!(
        run.stderr.contains("--output -: the report goes"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--json"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(t.history()).unwrap(), before);
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(saved["dimensions"]["clinginess"]["score"], 50.0);
    let history = std::fs::read_to_string(t.history()).unwrap();
    assert_eq!(history.lines().count(), 1);
}

/// Each bad answers file: the file name, the message fragment, and the exit code.
#[test]
fn bad_answers_files_say_what_is_wrong() {
    let cases: &[(&str, &str, &str)] = &[
        ("a.json", r#"{"zz99": 3}"#, "item `zz99` is not in the questionnaires being scored"),
        ("a.json", r#"{"cl01": 9}"#, "item `cl01`: 9 is not an allowed answer\n  help: answer with a whole number from 1 to 7"),
        ("a.json", r#"{"cl01": 0}"#, "item `cl01`: 0 is not an allowed answer"),
        ("a.json", r#"{"cl01": "5"}"#, "item `cl01`: \"5\" is not an allowed answer"),
        ("a.json", r#"{"cl01": 4.5}"#, "item `cl01`: 4.5 is not an allowed answer"),
        ("a.json", r#"{"cl01": 4,"#, "a.json:1:"),
        ("a.json", r#"[1, 2]"#, "a.json:1:1: invalid type"),
        ("a.toml", "cl01 = 4\ncl02 = ", "a.toml:2:"),
        ("a.toml", "cl01 = true", "item `cl01`: true is not an allowed answer"),
        ("a.toml", "cl01 = 8", "from 1 to 7"),
    ];
    for (name, contents, expected) in cases {
        let mut t = Test::new();
        let file = t.write(name, contents);
        let run = t
            .args(["quiz", "--answers", file.to_str().unwrap(), "--no-save"])
            .expect(1);
        assert!(
            run.stderr.contains(expected),
            "{contents:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn a_checkin_rejects_items_outside_the_short_form() {
    let mut t = Test::new();
    let file = t.write("a.json", &all_answers(4));
    let run = t
        .args(["checkin", "--answers", file.to_str().unwrap(), "--no-save"])
        .expect(1);
    assert!(
        run.stderr.contains("is not in the short check-in form"),
        "{}",
        run.stderr
    );
}

#[test]
fn report_of_a_saved_result_plain_snapshot() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/result.json");
    let run = Test::new().args(["report", fixture, "--plain"]).expect(0);
    insta::assert_snapshot!("plain_report", run.stdout);
}

#[test]
fn plain_output_has_no_escape_codes_or_box_drawing() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/result.json");
    for extra in [vec!["--plain"], vec![]] {
        let mut args = vec!["report", fixture];
        args.extend(extra);
        let run = Test::new().args(args).env("TERM", "xterm").expect(0);
        assert!(
            !run.stdout.contains('\u{1b}'),
            "escape codes in {}",
            run.stdout
        );
        assert!(!run.stdout.contains('│') && !run.stdout.contains('█'));
        assert!(run.stdout.contains("not a diagnosis"));
    }
}

#[test]
fn schema_is_generated_and_the_committed_copy_is_fresh() {
    let run = Test::new().args(["schema"]).expect(0);
    let committed = include_str!("../../schema/balance.result.v1.schema.json");
    assert_eq!(
        run.stdout, committed,
        "run `balance schema > schema/balance.result.v1.schema.json`"
    );
    let schema = run.json();
    for field in [
        "schema",
        "tool_version",
        "id",
        "taken_at",
        "form",
        "questionnaires",
        "dimensions",
        "leaning",
        "balance",
        "recommendations",
    ] {
        assert!(
            schema["properties"][field].is_object(),
            "{field} missing from the schema"
        );
    }
}

#[test]
fn show_lists_items_with_marks() {
    let run = Test::new().args(["show", "clinginess"]).expect(0);
    assert!(run.stdout.contains("cl01"));
    assert!(run.stdout.contains("[reverse"));
    assert!(run.stdout.contains("short form]"));
    let run = Test::new().args(["show", "nope"]).expect(2);
    assert!(run
        .stderr
        .contains("no questionnaire `nope`; known: clinginess, hyper_independence, attachment"));
}

/// The same mistake gets the same exit code from every command: an unknown questionnaire is
/// a usage error (2), whether shown or taken.
#[test]
fn an_unknown_questionnaire_exits_two_from_every_command() {
    for args in [
        &["show", "nope"][..],
        &["quiz", "nope", "--answers", "-"],
        &["quiz", "nope"],
    ] {
        let run = Test::new().args(args).stdin("{}").expect(2);
        assert!(
            run.stderr.contains("no questionnaire `nope`"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn strategies_json_lists_sources() {
    let run = Test::new().args(["strategies", "--json"]).expect(0);
    let list = run.json();
    assert!(list.as_array().unwrap().len() >= 14);
    for s in list.as_array().unwrap() {
        assert!(
            s["sources"].as_array().is_some_and(|a| !a.is_empty()),
            "{s}"
        );
    }
    let plain = Test::new().args(["strategies"]).expect(0);
    assert!(plain.stdout.contains("Source: "));
}

#[test]
fn a_users_questionnaire_replaces_the_builtin_with_a_notice() {
    let mut t = Test::new();
    let dir = t.path("mine");
    std::fs::create_dir(&dir).unwrap();
    let builtin = include_str!("../../questionnaires/clinginess.toml");
    std::fs::write(
        dir.join("clinginess.toml"),
        builtin.replace(
            "title = \"Signs of clinginess\"",
            "title = \"Signes de dépendance\"",
        ),
    )
    .unwrap();
    let run = t
        .args(["list", "--questionnaires", dir.to_str().unwrap()])
        .expect(0);
    assert!(
        run.stdout.contains("Signes de dépendance"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("note: questionnaire `clinginess` from"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("replaces the one from built-in (clinginess.toml)"),
        "{}",
        run.stderr
    );
    let run = t
        .args(["list"])
        .env("BALANCE_QUESTIONNAIRES", dir.to_str().unwrap())
        .expect(0);
    assert!(run.stdout.contains("Signes de dépendance"));
}

#[test]
fn a_missing_questionnaires_folder_is_an_error() {
    let run = Test::new()
        .args(["list", "--questionnaires", "/nonexistent/dir"])
        .expect(1);
    assert!(
        run.stderr
            .contains("questionnaires directory /nonexistent/dir does not exist"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_questionnaire_in_the_config_folder_is_reported() {
    let mut t = Test::new();
    std::fs::create_dir(t.path("questionnaires")).unwrap();
    t.write("questionnaires/bad.toml", "id = [");
    let run = t.args(["list"]).expect(1);
    assert!(
        run.stderr.contains("questionnaires/bad.toml:1:"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_two() {
    Test::new().args(["quiz", "--bogus"]).expect(2);
    Test::new().args(["due"]).expect(2);
    Test::new().args(["nonsense"]).expect(2);
    let run = Test::new()
        .args(["quiz", "nope", "--answers", "x.json"])
        .expect(2);
    assert!(run.stderr.contains("no questionnaire `nope`"));
    Test::new().args(["--version"]).expect(0);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::process::Stdio;
    for args in [
        vec!["strategies"],
        vec!["show", "clinginess"],
        vec!["schema"],
    ] {
        let mut t = Test::new();
        let mut child = t
            .args(&args)
            .command()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn a_full_disk_is_an_error() {
    use std::process::Stdio;
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full here");
        return;
    };
    let mut t = Test::new();
    let output = t
        .args(["strategies"])
        .command()
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot write output"));
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = Test::new().args(["completions", shell]).expect(0);
        for command in ["quiz", "checkin", "trend", "score"] {
            assert!(
                run.stdout.contains(command),
                "{shell} completion lacks {command}"
            );
        }
    }
    Test::new().args(["completions", "tcsh"]).expect(2);
}

#[test]
fn man_page_is_roff_with_every_command() {
    let run = Test::new().args(["man"]).expect(0);
    assert!(
        run.stdout.starts_with(".ie") || run.stdout.contains(".TH balance"),
        "{}",
        &run.stdout[..200]
    );
    for command in [
        "quiz", "checkin", "history", "trend", "due", "compare", "score",
    ] {
        assert!(run.stdout.contains(command), "man page lacks {command}");
    }
}

#[test]
fn version_and_help_are_complete() {
    let run = Test::new().args(["--version"]).expect(0);
    assert_eq!(
        run.stdout,
        format!("balance {}\n", env!("CARGO_PKG_VERSION"))
    );
    let run = Test::new().args(["quiz", "--help"]).expect(0);
    assert!(run.stdout.contains("Examples:"), "{}", run.stdout);
    assert!(run.stdout.contains("--answers"));
    let run = Test::new().args(["--help"]).expect(0);
    assert!(run.stdout.contains(
        "Exit codes: 0 ok, 1 error, 2 usage, 130 interrupted (129 hangup, 143 terminated)."
    ));
}

#[test]
fn paths_follow_balance_home() {
    let mut t = Test::new();
    let run = t.args(["paths", "--json"]).expect(0);
    let paths = run.json();
    let home = t.home.path().to_str().unwrap().to_string();
    assert_eq!(paths["history"], format!("{home}/history.jsonl"));
    assert_eq!(paths["questionnaires"], format!("{home}/questionnaires"));

    // The plain listing names each path after an aligned label.
    let run = t.args(["paths"]).expect(0);
    assert!(
        run.stdout
            .starts_with(&format!("history         {home}/history.jsonl\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("questionnaires  {home}/questionnaires\n")),
        "{}",
        run.stdout
    );
}

#[test]
fn paths_follow_xdg_without_balance_home() {
    let mut t = Test::new();
    let data = t.path("xdg-data");
    let config = t.path("xdg-config");
    let mut command = t.args(["paths", "--json"]).command();
    command
        .env_remove("BALANCE_HOME")
        .env("XDG_DATA_HOME", &data)
        .env("XDG_CONFIG_HOME", &config);
    let output = command.output().unwrap();
    let paths: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        paths["history"],
        format!("{}/balance/history.jsonl", data.display())
    );
    assert_eq!(
        paths["questionnaires"],
        format!("{}/balance/questionnaires", config.display())
    );
}

#[test]
fn the_french_translation_replaces_the_builtin_and_scores_the_same() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/translations/fr");
    let mut t = Test::new();
    let file = t.write("a.json", r#"{"cl01":7,"cl02":1,"cl03":6,"cl04":2,"cl05":5,"cl06":6,"cl07":3,"cl08":6,"cl10":2,"cl11":6,"cl12":7,"cl13":2}"#);
    let english = t
        .args([
            "quiz",
            "clinginess",
            "--answers",
            file.to_str().unwrap(),
            "--json",
            "--no-save",
        ])
        .expect(0);
    let french = t
        .args([
            "--questionnaires",
            dir,
            "quiz",
            "clinginess",
            "--answers",
            file.to_str().unwrap(),
            "--json",
            "--no-save",
        ])
        .expect(0);
    assert!(
        french
            .stderr
            .contains("replaces the one from built-in (clinginess.toml)"),
        "{}",
        french.stderr
    );
    assert_eq!(
        english.json()["dimensions"]["clinginess"]["score"],
        french.json()["dimensions"]["clinginess"]["score"]
    );
    assert_eq!(
        french.json()["dimensions"]["clinginess"]["title"],
        "Dépendance affective"
    );
    let shown = t
        .args(["--questionnaires", dir, "show", "clinginess"])
        .expect(0);
    assert!(shown.stdout.contains("Tout à fait d'accord"));
}

/// An empty BALANCE_QUESTIONNAIRES (or BALANCE_HOME) counts as unset, as in most tools.
#[test]
fn empty_environment_variables_count_as_unset() {
    let run = Test::new()
        .args(["list", "--json"])
        .env("BALANCE_QUESTIONNAIRES", "")
        .expect(0);
    assert_eq!(run.json().as_array().unwrap().len(), 3, "{}", run.stdout);
}

/// The man page names only pages that exist, lists the commands and the environment.
#[test]
fn the_man_page_lists_commands_and_environment() {
    let run = Test::new().args(["man"]).expect(0);
    assert!(
        !run.stdout.contains("balance\\-"),
        "a page per command is named:\n{}",
        run.stdout
    );
    for section in [
        ".SH COMMANDS",
        ".SH ENVIRONMENT",
        "BALANCE_HOME",
        "BALANCE_QUESTIONNAIRES",
        "NO_COLOR",
    ] {
        assert!(run.stdout.contains(section), "{section} missing");
    }
}
