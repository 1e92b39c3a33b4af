//! `balance score`: scores and statistics against an independent reference
//! (tests/fixtures/score/reference.py and its output expected.json), and bad input.

use crate::common::Test;
use serde_json::Value;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/score/answers.csv"
);
const EXPECTED: &str = include_str!("../fixtures/score/expected.json");

fn close(actual: &Value, expected: &Value, tolerance: f64, what: &str) {
    match (actual.as_f64(), expected.as_f64()) {
        (Some(a), Some(e)) => assert!((a - e).abs() <= tolerance, "{what}: {a} vs {e}"),
        _ => assert!(
            actual.is_null() && expected.is_null(),
            "{what}: {actual} vs {expected}"
        ),
    }
}

/// Checks JSON Lines rows against every person of the reference.
fn matches_reference_people(stdout: &str) {
    let expected: Value = serde_json::from_str(EXPECTED).unwrap();
    let people = expected["people"].as_array().unwrap();
    let rows: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), people.len());
    for (row, person) in rows.iter().zip(people) {
        let who = person["respondent"].as_str().unwrap();
        assert_eq!(row["respondent"], person["respondent"]);
        for d in row["dimensions"].as_array().unwrap() {
            let id = d["id"].as_str().unwrap();
            let want = &person["dimensions"][id];
            close(&d["mean"], &want["mean"], 1e-9, &format!("{who} {id} mean"));
            close(
                &d["score"],
                &want["score"],
                1e-9,
                &format!("{who} {id} score"),
            );
            assert_eq!(
                d["reason"].is_string(),
                want["score"].is_null(),
                "{who} {id} reason"
            );
        }
        close(
            &row["balance_index"],
            &person["balance_index"],
            1e-9,
            &format!("{who} balance"),
        );
        match person["leaning"].as_object() {
            Some(leaning) => {
                assert_eq!(row["leaning"], leaning["style"], "{who}");
                close(&row["leaning_strength"], &leaning["strength"], 1e-9, who);
            }
            None => assert!(row["leaning"].is_null(), "{who}"),
        }
        // The response-quality flags, as the reference computes them independently.
        let flags: Vec<&str> = person["quality_flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert_eq!(row["quality_flags"], flags.join(";"), "{who}");
        // A row with no score has nothing to interpret, flagged or not.
        let scored = person["dimensions"]
            .as_object()
            .unwrap()
            .values()
            .any(|d| !d["score"].is_null());
        assert_eq!(row["interpretable"], flags.is_empty() && scored, "{who}");
    }
}

/// Checks a `--stats --json` document against the reference's statistics, dimension by
/// dimension; `dimensions` is how many the document must have.
fn matches_reference_statistics(doc: &Value, dimensions: usize) {
    matches_statistics(doc, dimensions, "statistics");
}

/// As above, against one of the reference's sets of statistics.
fn matches_statistics(doc: &Value, dimensions: usize, set: &str) {
    let expected: Value = serde_json::from_str(EXPECTED).unwrap();
    assert_eq!(doc["schema"], "balance.stats/v1");
    assert_eq!(doc["rows_scored"], 309);
    if dimensions == 4 {
        // The reference's flags read every questionnaire; a subset reads fewer answers.
        assert_eq!(doc["rows_flagged"], expected["rows_flagged"]);
    }
    assert_eq!(doc["dimensions"].as_array().unwrap().len(), dimensions);
    for d in doc["dimensions"].as_array().unwrap() {
        let id = d["id"].as_str().unwrap();
        let want = &expected[set][id];
        assert_eq!(d["scored"], want["scored"], "{id}");
        close(&d["mean_score"], &want["mean_score"], 1e-9, id);
        close(&d["sd_score"], &want["sd_score"], 1e-9, id);
        let r = &d["reliability"];
        assert_eq!(r["complete_cases"], want["complete_cases"], "{id}");
        for key in ["alpha", "standardized_alpha", "average_inter_item_r"] {
            close(&r[key], &want[key], 1e-6, &format!("{id} {key}"));
        }
        let items = r["items"].as_array().unwrap();
        assert_eq!(items.len(), want["items"].as_array().unwrap().len(), "{id}");
        for (item, want) in items.iter().zip(want["items"].as_array().unwrap()) {
            let name = format!("{id} {}", want["id"]);
            assert_eq!(item["id"], want["id"]);
            close(&item["mean"], &want["mean"], 1e-9, &name);
            close(&item["sd"], &want["sd"], 1e-9, &name);
            close(
                &item["corrected_item_total"],
                &want["corrected_item_total"],
                1e-6,
                &name,
            );
            close(
                &item["alpha_if_dropped"],
                &want["alpha_if_dropped"],
                1e-6,
                &name,
            );
        }
    }
    assert!(doc["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn every_person_is_scored_as_the_reference_scores_them() {
    let run = Test::new().args(["score", FIXTURE, "--json"]).expect(0);
    matches_reference_people(&run.stdout);
}

#[test]
fn statistics_match_the_reference() {
    let run = Test::new()
        .args(["score", FIXTURE, "--stats", "--json"])
        .expect(0);
    matches_reference_statistics(&run.json(), 4);
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/score/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The same answers as the reference's, written as R, a European spreadsheet, SPSS and
/// Qualtrics write them (tests/fixtures/score/variants.py), with the options each needs:
/// every person and every statistic must come out as the reference says.
#[test]
fn files_as_r_spreadsheets_spss_and_qualtrics_write_them_score_as_the_reference() {
    let variants: [(&str, &[&str]); 4] = [
        ("r_write_csv.csv", &[]),
        (
            "semicolon_codes.csv",
            &["--id-column", "ID", "--missing", "-99", "99", "."],
        ),
        ("decimals.tsv", &[]),
        ("qualtrics.csv", &[]),
    ];
    for (name, options) in variants {
        let file = fixture(name);
        let mut t = Test::new();
        let rows = t
            .args([&["score", file.as_str(), "--json"], options].concat())
            .expect(0);
        matches_reference_people(&rows.stdout);
        let stats = t
            .args([&["score", file.as_str(), "--stats", "--json"], options].concat())
            .expect(0);
        matches_reference_statistics(&stats.json(), 4);
    }
}

/// A Qualtrics export scores without options: its `ResponseId` names the respondents, and
/// the two rows it writes below the header (question texts, import ids) are skipped with
/// one notice, not reported as bad rows, even with `--strict`.
#[test]
fn a_qualtrics_export_scores_without_options() {
    let file = fixture("qualtrics.csv");
    for strict in [&[][..], &["--strict"]] {
        let run = Test::new()
            .args([&["score", file.as_str()], strict].concat())
            .expect(0);
        let notices: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(notices.len(), 2, "{}", run.stderr);
        assert!(notices[0].contains("`StartDate`"), "{}", run.stderr);
        assert!(!notices[0].contains("ResponseId"), "{}", run.stderr);
        assert!(
            notices[1].ends_with(
                "line(s) 2 and 3 skipped: Qualtrics's rows of question texts and import ids \
                 below the header, not answers"
            ),
            "{}",
            run.stderr
        );
        assert!(
            run.stdout.lines().nth(1).unwrap().starts_with("r1,"),
            "{}",
            run.stdout
        );
    }
    // Below the first two rows, a row like theirs is data like any other: a bad row.
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<&str> = text.split("\r\n").collect();
    let import_ids = lines[2];
    lines.insert(5, import_ids);
    let mut t = Test::new();
    let moved = t.write("moved.csv", &lines.join("\r\n"));
    let run = t.args(["score", moved.to_str().unwrap()]).expect(1);
    assert!(run.stderr.contains("moved.csv:6: "), "{}", run.stderr);
    assert!(
        run.stderr.contains("1 bad row(s) skipped"),
        "{}",
        run.stderr
    );
    // The notice is given also when the run stops: at that bad row with --strict, or for a
    // file of nothing but the header and Qualtrics's two rows.
    let run = t
        .args(["score", moved.to_str().unwrap(), "--strict"])
        .expect(1);
    assert!(
        run.stderr.contains("line(s) 2 and 3 skipped"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("moved.csv:6: "), "{}", run.stderr);
    let only = t.write("only.csv", &lines[..3].join("\r\n"));
    let run = t.args(["score", only.to_str().unwrap()]).expect(1);
    assert!(
        run.stderr.contains("line(s) 2 and 3 skipped"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("has no rows to score"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_written_by_r_scores_without_options_with_one_notice_for_its_other_columns() {
    let file = fixture("r_write_csv.csv");
    let run = Test::new().args(["score", file.as_str()]).expect(0);
    assert_eq!(
        run.stderr.trim_end(),
        format!(
            "balance: notice: {file}: not scored (not items of the questionnaires scored): `age`, `gender`"
        )
    );
    let mut lines = run.stdout.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("respondent,clinginess_mean,"));
    // R's row names are the respondents; NA cells are skipped answers, not bad rows.
    assert!(lines.next().unwrap().starts_with("r1,"));
    assert_eq!(lines.count(), 308);
}

#[test]
fn csv_rows_have_a_header_and_empty_cells_for_what_was_not_scored() {
    let run = Test::new().args(["score", FIXTURE]).expect(0);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "respondent,clinginess_mean,clinginess_score,hyper_independence_mean,hyper_independence_score,\
anxiety_mean,anxiety_score,avoidance_mean,avoidance_score,leaning,leaning_strength,balance_index,balance_label,\
interpretable,quality_flags,notes"
    );
    let last = lines.last().unwrap();
    assert!(last.starts_with("nothing,,,,,,,,,,,,,"), "{last}");
    assert!(
        last.contains("clinginess: only 0 of 17 items answered; at least 12 are needed"),
        "{last}"
    );
}

/// Answers for every clinginess item that agree with `level`, keyed as the file says,
/// except that `flipped` is answered as if it were not reverse-keyed.
fn clinginess_rows(flipped: Option<&str>) -> String {
    let catalog = balance::catalog::Catalog::builtin().unwrap();
    let items = &catalog.questionnaire("clinginess").unwrap().items;
    let mut csv = items
        .iter()
        .map(|i| i.id.as_str())
        .collect::<Vec<_>>()
        .join(",")
        + "\n";
    for round in 0..3 {
        for level in 1..=7i64 {
            let cells: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(n, i)| {
                    let a = (level + (n as i64 + round) % 3 - 1).clamp(1, 7);
                    let keyed = i.reverse && Some(i.id.as_str()) != flipped;
                    (if keyed { 8 - a } else { a }).to_string()
                })
                .collect();
            csv.push_str(&(cells.join(",") + "\n"));
        }
    }
    csv
}

#[test]
fn a_reverse_keyed_mistake_is_flagged() {
    let mut t = Test::new();
    let good = t.write("good.csv", &clinginess_rows(None));
    let run = t
        .args(["score", good.to_str().unwrap(), "--stats"])
        .expect(0);
    assert!(
        !run.stderr.contains("correlates negatively"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("Alpha"), "{}", run.stdout);
    // cl02 is reverse-keyed; answering it as if it were not makes it pull against the rest.
    let flipped = t.write("flipped.csv", &clinginess_rows(Some("cl02")));
    let run = t
        .args(["score", flipped.to_str().unwrap(), "--stats"])
        .expect(0);
    assert!(
        run.stderr
            .contains("item `cl02` (clinginess) correlates negatively"),
        "{}",
        run.stderr
    );
}

#[test]
fn jsonl_input_and_standard_input_score_the_same() {
    let mut t = Test::new();
    let all = |a: i64| {
        (1..=16)
            .map(|n| format!("\"cl{n:02}\": {a}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let jsonl = format!(
        "{{\"respondent\": \"a\", {}}}\n\n{{\"cl01\": 1, \"cl02\": null, \"cl03\": 1}}\n",
        all(4)
    );
    let file = t.write("in.jsonl", &jsonl);
    let from_file = t.args(["score", file.to_str().unwrap()]).expect(0);
    let from_stdin = t
        .args(["score", "-", "--format", "jsonl"])
        .stdin(jsonl)
        .expect(0);
    assert_eq!(from_file.stdout, from_stdin.stdout);
    let lines: Vec<&str> = from_file.stdout.lines().collect();
    assert!(lines[1].starts_with("a,4.0,50.0,"), "{}", lines[1]);
    assert!(
        lines[2].starts_with("2,,,"),
        "only two items answered of 16: {}",
        lines[2]
    );
}

#[test]
fn columns_that_are_not_items_get_one_notice_or_with_strict_columns_an_error() {
    let mut t = Test::new();
    let file = t.write("extra.csv", "respondent,age,cl01,gender,zz99\nx,34,1,f,2\n");
    let run = t.args(["score", file.to_str().unwrap()]).expect(0);
    let notices: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("notice"))
        .collect();
    assert_eq!(notices.len(), 1, "{}", run.stderr);
    assert!(
        notices[0].ends_with(
            "not scored (not items of the questionnaires scored): `age`, `gender`, `zz99`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.lines().nth(1).unwrap().starts_with("x,"),
        "{}",
        run.stdout
    );
    let run = t
        .args(["score", file.to_str().unwrap(), "--strict-columns"])
        .expect(1);
    assert!(
        run.stderr
            .contains("columns that are not items: `age`, `gender`, `zz99`"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    // Many are named as the notice names them: twelve, and how many more.
    let others: Vec<String> = (1..=30).map(|n| format!("x{n}")).collect();
    let wide = t.write("wide.csv", &format!("cl01,{}\n3\n", others.join(",")));
    let run = t
        .args(["score", wide.to_str().unwrap(), "--strict-columns"])
        .expect(1);
    assert!(
        run.stderr.contains("`x11`, `x12` and 18 more\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_rows_are_reported_skipped_and_counted() {
    let mut t = Test::new();
    let csv =
        "respondent,cl01,cl02,cl03\nok,1,2,3\nhigh,1,9,3\nword,x,2,3\nshort,1,2\nfine,4,4,4\n";
    let file = t.write("rows.csv", csv);
    let run = t.args(["score", file.to_str().unwrap()]).expect(1);
    assert!(
        run.stderr
            .contains("rows.csv:3: column 3 (`cl02`): 9 is out of range 1 to 7 (row skipped)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("rows.csv:4: column 2 (`cl01`): `x` is not a whole number"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("rows.csv:5: 3 fields where the header has 4"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("3 bad row(s) skipped; 2 scored"),
        "{}",
        run.stderr
    );
    let respondents: Vec<&str> = run
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(respondents, ["ok", "fine"]);
}

#[test]
fn strict_stops_at_the_first_bad_row_and_leaves_no_output_file() {
    let mut t = Test::new();
    let file = t.write("rows.csv", "cl01,cl02,cl03\n1,2,3\n1,8,3\n4,4,4\n");
    let out = t.path("out.csv");
    let run = t
        .args([
            "score",
            file.to_str().unwrap(),
            "--strict",
            "--output",
            out.to_str().unwrap(),
        ])
        .expect(1);
    assert!(
        run.stderr
            .contains("rows.csv:3: column 2 (`cl02`): 8 is out of range"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "a half-written output file was left behind");
    let leftovers: Vec<_> = std::fs::read_dir(t.home.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".balance-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn output_file_receives_rows_while_stats_go_to_standard_output() {
    let mut t = Test::new();
    let out = t.path("rows.csv");
    let run = t
        .args([
            "score",
            FIXTURE,
            "--stats",
            "--output",
            out.to_str().unwrap(),
        ])
        .expect(0);
    assert!(run.stdout.contains("clinginess"));
    let rows = std::fs::read_to_string(&out).unwrap();
    assert_eq!(rows.lines().count(), 310);
}

#[test]
fn a_missing_input_file_is_an_error() {
    let run = Test::new().args(["score", "/nonexistent.csv"]).expect(1);
    assert!(
        run.stderr.contains("cannot read /nonexistent.csv"),
        "{}",
        run.stderr
    );
}

#[test]
fn statistics_tables_snapshot() {
    let run = Test::new()
        .args(["score", FIXTURE, "--stats", "--plain"])
        .expect(0);
    insta::assert_snapshot!("stats_tables", run.stdout);
}

/// The sixteen clinginess item ids, comma-separated.
/// The clinginess item ids, as a header.
fn clinginess_header(separator: &str) -> String {
    clinginess_ids().join(separator)
}

fn clinginess_ids() -> Vec<String> {
    let catalog = balance::catalog::Catalog::builtin().unwrap();
    let q = catalog.questionnaire("clinginess").unwrap();
    q.items.iter().map(|i| i.id.clone()).collect()
}

#[test]
fn a_missing_code_skips_that_answer_only() {
    let mut t = Test::new();
    let fours = vec!["4"; clinginess_ids().len() - 1].join(",");
    let csv = format!(
        "respondent,{}\nna,NA,{fours}\ncoded,-99,{fours}\nblank,,{fours}\n",
        clinginess_header(",")
    );
    let file = t.write("codes.csv", &csv);
    let run = t
        .args([
            "score",
            file.to_str().unwrap(),
            "--missing",
            "-99",
            "--json",
        ])
        .expect(0);
    let rows: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3, "{}", run.stderr);
    for row in &rows {
        let d = &row["dimensions"][0];
        assert_eq!(d["answered"], clinginess_ids().len() - 1, "{row}");
        assert_eq!(d["mean"], 4.0, "{row}");
    }
    // Without the code, -99 is an answer off the scale: that row is reported and skipped.
    let run = t.args(["score", file.to_str().unwrap()]).expect(1);
    assert!(
        run.stderr
            .contains("codes.csv:3: column 2 (`cl01`): -99 is out of range 1 to 7"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_whole_number_written_as_a_decimal_is_that_number_and_a_fraction_is_a_bad_cell() {
    let mut t = Test::new();
    let file = t.write("decimals.csv", "cl01,cl02,cl03\n2.0,3.00,4\n2.5,3,4\n");
    let run = t
        .args(["score", file.to_str().unwrap(), "--json"])
        .expect(1);
    let first: Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["dimensions"][0]["answered"], 3);
    assert!(
        run.stderr
            .contains("decimals.csv:3: column 1 (`cl01`): `2.5` is not a whole number"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_delimiter_is_detected_or_given() {
    let mut t = Test::new();
    // 4 is the midpoint, the same whether an item is reverse-keyed or not.
    let row = vec!["4"; clinginess_ids().len()];
    for (name, separator) in [("comma.csv", ","), ("semi.csv", ";"), ("tab.tsv", "\t")] {
        let file = t.write(
            name,
            &format!(
                "{}\n{}\n",
                clinginess_header(separator),
                row.join(separator)
            ),
        );
        let run = t.args(["score", file.to_str().unwrap()]).expect(0);
        let scored = run.stdout.lines().nth(1).unwrap();
        assert!(scored.starts_with("1,4.0,"), "{name}: {scored}");
    }
    // Where the delimiter is not a comma, a comma is a decimal mark (`4,0`), as spreadsheets
    // set to a European language write it; in a comma-delimited file a quoted `4,0` is not
    // a whole number.
    let decimals = vec!["4,00"; clinginess_ids().len()];
    for (name, separator) in [("semi.csv", ";"), ("tab.tsv", "\t")] {
        let text = format!(
            "{}\n{}\n",
            clinginess_header(separator),
            decimals.join(separator)
        );
        let file = t.write(name, &text);
        let run = t.args(["score", file.to_str().unwrap()]).expect(0);
        let scored = run.stdout.lines().nth(1).unwrap();
        assert!(scored.starts_with("1,4.0,"), "{name}: {scored}");
    }
    let quoted = vec!["\"4,00\""; clinginess_ids().len()];
    let text = format!("{}\n{}\n", clinginess_header(","), quoted.join(","));
    let file = t.write("comma.csv", &text);
    let run = t.args(["score", file.to_str().unwrap()]).expect(1);
    assert!(
        run.stderr.contains("`4,00` is not a whole number"),
        "{}",
        run.stderr
    );
    let piped = format!("{}\n{}\n", clinginess_header("|"), row.join("|"));
    let file = t.write("pipe.csv", &piped);
    let run = t
        .args(["score", file.to_str().unwrap(), "--delimiter", "|"])
        .expect(0);
    assert!(
        run.stdout.lines().nth(1).unwrap().starts_with("1,4.0,"),
        "{}",
        run.stdout
    );
}

#[test]
fn item_headers_match_whatever_their_case_and_the_id_column_can_be_named() {
    let mut t = Test::new();
    let header = clinginess_header(",").to_uppercase();
    let csv = t.write(
        "upper.csv",
        &format!(
            "Participant,{header}\np7,{}\n",
            vec!["4"; clinginess_ids().len()].join(",")
        ),
    );
    // JSON Lines keys are matched the same way, spaces around them included.
    let mut object = serde_json::Map::new();
    object.insert(" Participant ".to_string(), "p7".into());
    for id in clinginess_ids() {
        object.insert(format!(" {} ", id.to_uppercase()), 4.into());
    }
    let jsonl = t.write("upper.jsonl", &format!("{}\n", Value::Object(object)));
    for file in [csv, jsonl] {
        let file = file.to_str().unwrap();
        let run = t
            .args(["score", file, "--id-column", "participant"])
            .expect(0);
        assert!(run.stderr.is_empty(), "{file}: {}", run.stderr);
        assert!(
            run.stdout.lines().nth(1).unwrap().starts_with("p7,4.0,"),
            "{file}: {}",
            run.stdout
        );
    }
}

#[test]
fn only_the_questionnaires_named_or_in_the_header_are_scored() {
    let only_clinginess =
        "respondent,clinginess_mean,clinginess_score,interpretable,quality_flags,notes";
    // Named: the other questionnaires' columns in the file are left out with the notice.
    let mut t = Test::new();
    let run = t
        .args(["score", FIXTURE, "--questionnaire", "clinginess"])
        .expect(0);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next().unwrap(), only_clinginess);
    let last = lines.last().unwrap();
    assert_eq!(
        last,
        "nothing,,,false,,clinginess: only 0 of 17 items answered; at least 12 are needed"
    );
    assert!(
        run.stderr.contains("notice:") && run.stderr.contains("`hi01`"),
        "{}",
        run.stderr
    );
    let stats = t
        .args([
            "score",
            FIXTURE,
            "--questionnaire",
            "clinginess",
            "--stats",
            "--json",
        ])
        .expect(0);
    matches_reference_statistics(&stats.json(), 1);
    // Found in the header: a file of clinginess items alone gets clinginess columns alone.
    let file = t.write(
        "cl.csv",
        &format!(
            "{}\n{}\n",
            clinginess_header(","),
            vec!["3"; clinginess_ids().len()].join(",")
        ),
    );
    let run = t.args(["score", file.to_str().unwrap()]).expect(0);
    assert_eq!(run.stdout.lines().next().unwrap(), only_clinginess);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    // The attachment questionnaire brings the leaning, and with a dimension at each pole
    // the balance.
    let run = t
        .args(["score", FIXTURE, "--questionnaire", "attachment"])
        .expect(0);
    assert_eq!(
        run.stdout.lines().next().unwrap(),
        "respondent,anxiety_mean,anxiety_score,avoidance_mean,avoidance_score,\
leaning,leaning_strength,balance_index,balance_label,interpretable,quality_flags,notes"
    );
}

/// Encodings real exports come in: a non-item column named in Windows-1252 is left out
/// with the others (it stopped the whole file), a UTF-16 file is named as such, and a
/// byte-order mark before the first JSON object does not cost its respondent.
#[test]
fn files_in_other_encodings_are_read_or_named() {
    let mut t = Test::new();
    let latin = t.path("latin.csv");
    std::fs::write(&latin, b"respondent,cl01,\xe2ge\nr1,3,1\n").unwrap();
    let run = t.args(["score", latin.to_str().unwrap()]).expect(0);
    assert!(run.stdout.contains("\nr1,"), "{}", run.stdout);
    assert!(run.stderr.contains("not scored"), "{}", run.stderr);
    // Respondents in Windows-1252 are scored, their other bytes written `\xNN`, with one
    // notice counting the rows scored: a name is no reason to lose a person's answers.
    let names = t.path("names.csv");
    std::fs::write(
        &names,
        b"respondent;cl01\nM\xfcller;3\nRen\xe9e;4\nJos\xc3\xa9;5\nBad\xe9;9\n",
    )
    .unwrap();
    let run = t.args(["score", names.to_str().unwrap()]).expect(1);
    let respondents: Vec<&str> = run
        .stdout
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap())
        .collect();
    assert_eq!(respondents, ["M\\xfcller", "Ren\\xe9e", "José"]);
    assert_eq!(run.stderr.matches("notice:").count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("2 respondent(s) not in UTF-8"),
        "{}",
        run.stderr
    );
    let utf16 = t.path("u16.csv");
    std::fs::write(&utf16, b"\xff\xfer\x00,\x00c\x00\n\x00").unwrap();
    let run = t.args(["score", utf16.to_str().unwrap()]).expect(1);
    assert!(
        run.stderr.contains("u16.csv is UTF-16 text"),
        "{}",
        run.stderr
    );
    let jsonl = t.path("bom.jsonl");
    std::fs::write(
        &jsonl,
        b"\xef\xbb\xbf{\"respondent\":\"a\",\"cl01\":3}\n{\"respondent\":\"b\",\"cl01\":4}\n",
    )
    .unwrap();
    let run = t.args(["score", jsonl.to_str().unwrap()]).expect(0);
    assert!(run.stdout.contains("\na,"), "{}", run.stdout);
    assert!(run.stdout.contains("\nb,"), "{}", run.stdout);
}

/// JSON Lines names a row's respondent once, as a CSV header has one such column: two keys
/// for it make the row bad (they were run together), and `null` numbers the row. A file of
/// many other columns gets a notice naming a few of them.
#[test]
fn a_json_row_names_its_respondent_once_and_notices_stay_short() {
    let mut t = Test::new();
    let file = t.write(
        "k.jsonl",
        "{\"respondent\":\"e\",\"Respondent\":\"f\",\"cl01\":3}\n{\"respondent\":null,\"cl01\":4}\n",
    );
    let run = t.args(["score", file.to_str().unwrap()]).expect(1);
    assert!(
        run.stderr
            .contains("k.jsonl:1: the respondent is given twice, as `respondent` and `Respondent`"),
        "{}",
        run.stderr
    );
    // So is an item: under two keys, or one key twice (a map kept the last value unseen).
    let file = t.write(
        "items.jsonl",
        "{\"cl01\":3,\"CL01\":5}\n{\"cl01\":3,\"cl01\":5}\n{\"r\":1,\"cl01\":2}\n",
    );
    let items = t.args(["score", file.to_str().unwrap()]).expect(1);
    for expected in [
        "items.jsonl:1: an item is given twice, as `cl01` and `CL01`",
        "items.jsonl:2: an item is given twice, as `cl01` (row skipped)",
    ] {
        assert!(items.stderr.contains(expected), "{}", items.stderr);
    }
    assert_eq!(items.stdout.lines().count(), 2, "{}", items.stdout);
    assert!(run.stdout.contains("\n2,"), "{}", run.stdout);
    let others: Vec<String> = (1..=500).map(|n| format!("x{n}")).collect();
    let file = t.write(
        "wide.csv",
        &format!(
            "cl01,{}\n3,{}\n",
            others.join(","),
            vec!["1"; 500].join(",")
        ),
    );
    let run = t.args(["score", file.to_str().unwrap()]).expect(0);
    assert!(run.stderr.contains("`x12` and 488 more"), "{}", run.stderr);
    assert!(run.stderr.len() < 400, "{}", run.stderr);
}

/// A bad row is reported on the line an editor shows it on, whatever the line ends (Excel
/// and Windows write `\r\n`, old Mac exports a lone `\r`) and with blank lines before it.
#[test]
fn bad_rows_are_reported_on_their_lines_whatever_the_line_ends() {
    let mut t = Test::new();
    for (name, text) in [
        ("crlf.csv", "respondent,cl01\r\nr1,3\r\nr2,9\r\nr3,x\r\n"),
        ("cr.csv", "respondent,cl01\rr1,3\rr2,9\rr3,x\r"),
        ("blank.csv", "respondent,cl01\nr1,3\n\nr2,9\n\n\nr3,x\n"),
    ] {
        let file = t.write(name, text);
        let run = t.args(["score", file.to_str().unwrap()]).expect(1);
        let lines: Vec<&str> = run
            .stderr
            .lines()
            .filter_map(|line| line.strip_prefix(&format!("balance: {}:", file.display())))
            .map(|rest| rest.split(':').next().unwrap())
            .collect();
        let expected = match name {
            "blank.csv" => ["4", "7"],
            _ => ["3", "4"],
        };
        assert_eq!(lines, expected, "{name}: {}", run.stderr);
    }
}

/// A questionnaire named with `--questionnaire` that has no column in the file is an error
/// (it scored every row empty, with exit 0); one named twice is scored once.
#[test]
fn a_named_questionnaire_must_have_a_column_and_counts_once() {
    let mut t = Test::new();
    let file = t.write("cl.csv", "respondent,cl01\nr1,3\n");
    let file = file.to_str().unwrap();
    let run = t
        .args(["score", file, "--questionnaire", "attachment"])
        .expect(1);
    assert!(
        run.stderr
            .contains("cl.csv: no column is an item of questionnaire `attachment`"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let run = t
        .args([
            "score",
            file,
            "--questionnaire",
            "clinginess",
            "--questionnaire",
            "clinginess",
        ])
        .expect(0);
    assert_eq!(
        run.stdout.lines().next().unwrap(),
        "respondent,clinginess_mean,clinginess_score,interpretable,quality_flags,notes"
    );
}

#[test]
fn the_rows_format_follows_the_output_file_and_not_the_statistics_json() {
    let mut t = Test::new();
    let csv_out = t.path("scores.csv");
    let run = t
        .args([
            "score",
            FIXTURE,
            "--stats",
            "--json",
            "--output",
            csv_out.to_str().unwrap(),
        ])
        .expect(0);
    assert_eq!(run.json()["schema"], "balance.stats/v1");
    let rows = std::fs::read_to_string(&csv_out).unwrap();
    assert!(
        rows.starts_with("respondent,clinginess_mean,"),
        "{}",
        &rows[..80]
    );
    let jsonl_out = t.path("scores.jsonl");
    t.args(["score", FIXTURE, "--output", jsonl_out.to_str().unwrap()])
        .expect(0);
    matches_reference_people(&std::fs::read_to_string(&jsonl_out).unwrap());
    let txt_out = t.path("scores.txt");
    t.args([
        "score",
        FIXTURE,
        "--output",
        txt_out.to_str().unwrap(),
        "--output-format",
        "jsonl",
    ])
    .expect(0);
    matches_reference_people(&std::fs::read_to_string(&txt_out).unwrap());
}

/// `--output -` is standard output, as `-` is standard input: the rows are printed (in the
/// format asked for) and no file named `-` appears; with `--stats`, which prints there too,
/// it is a usage error.
#[test]
fn output_dash_is_standard_output() {
    let mut t = Test::new();
    let dir = t.home.path().to_path_buf();
    let printed = t.args(["score", FIXTURE]).cwd(&dir).expect(0).stdout;
    let run = t
        .args(["score", FIXTURE, "--output", "-"])
        .cwd(&dir)
        .expect(0);
    assert_eq!(run.stdout, printed);
    let run = t
        .args([
            "score",
            FIXTURE,
            "--output",
            "-",
            "--output-format",
            "jsonl",
        ])
        .cwd(&dir)
        .expect(0);
    matches_reference_people(&run.stdout);
    let empty = t.write("empty.csv", "");
    let run = t
        .args(["score", empty.to_str().unwrap(), "--output", "-", "--stats"])
        .cwd(&dir)
        .expect(2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("--output -: --stats prints the statistics"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("-").exists(), "a file named `-` was written");
}

/// The mode of a file written by `score --output` under a umask.
#[cfg(unix)]
fn output_mode(umask: &str) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    let t = Test::new();
    let out = t.path("scores.csv");
    let command = t.command();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(crate::common::BIN)
        .args(["score", FIXTURE, "--output", out.to_str().unwrap()])
        .envs(command.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::metadata(&out).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn row_files_follow_the_umask() {
    assert_eq!(output_mode("022"), 0o644);
    assert_eq!(output_mode("077"), 0o600);
    assert_eq!(output_mode("002"), 0o664);
}

#[test]
fn an_empty_file_is_an_error_naming_it_and_leaves_no_output() {
    let mut t = Test::new();
    let file = t.write("empty.csv", "");
    let out = t.path("out.csv");
    let run = t
        .args([
            "score",
            file.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ])
        .expect(1);
    assert!(
        run.stderr.contains(&format!("{} is empty", file.display())),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    let file = t.write("header.csv", "respondent,cl01\n");
    let run = t.args(["score", file.to_str().unwrap()]).expect(1);
    assert!(
        run.stderr.contains("header.csv has no rows to score"),
        "{}",
        run.stderr
    );
}

/// `--exclude-flagged` leaves the rows that raise a response-quality flag out of the
/// statistics, exactly as the reference does; the counts say how many each flag caught.
#[test]
fn exclude_flagged_statistics_match_the_reference() {
    let doc = Test::new()
        .args(["score", FIXTURE, "--stats", "--json", "--exclude-flagged"])
        .expect(0)
        .json();
    matches_statistics(&doc, 4, "statistics_excluding_flagged");
    assert_eq!(doc["flagged_excluded"], true);
    let expected: Value = serde_json::from_str(EXPECTED).unwrap();
    for kind in ["inconsistent", "acquiescence", "straight_line", "too_fast"] {
        let want = expected["people"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| {
                p["quality_flags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f == kind)
            })
            .count();
        assert_eq!(doc["flags"][kind], want, "{kind}");
    }
}

#[test]
fn json_lines_values_follow_the_cell_rules_and_unknown_keys_the_column_rules() {
    let mut t = Test::new();
    let jsonl = "{\"ID\": \"p1\", \"CL01\": \"4.0\", \"cl02\": \"NA\", \"cl03\": -99, \"cl04\": 4.0, \"age\": 30}\n";
    let file = t.write("in.jsonl", jsonl);
    let run = t
        .args([
            "score",
            file.to_str().unwrap(),
            "--json",
            "--id-column",
            "id",
            "--missing",
            "-99",
        ])
        .expect(0);
    let row: Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(row["respondent"], "p1");
    assert_eq!(row["dimensions"][0]["answered"], 2, "{row}");
    assert!(
        run.stderr
            .contains("not scored (not items of the questionnaires scored): `age`"),
        "{}",
        run.stderr
    );
    let run = t
        .args([
            "score",
            file.to_str().unwrap(),
            "--id-column",
            "id",
            "--missing",
            "-99",
            "--strict-columns",
        ])
        .expect(1);
    assert!(
        run.stderr
            .contains("in.jsonl:1: columns that are not items: `age`"),
        "{}",
        run.stderr
    );
}
