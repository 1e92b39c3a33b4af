// Bad input, one table row per case: questionnaire files (`validate`, `--questionnaires DIR`,
// the config folder), answers files (`quiz --answers`), history files (`history.jsonl` in the
// temporary BALANCE_HOME, then `history`), result files (`report FILE`, `import FILE`), batch
// CSV and JSON Lines (`score`) and saved progress (`progress.json`, then `quiz --resume`).
// Malformed, truncated, empty, huge (5 MB lines), binary (NUL bytes, invalid UTF-8) and
// wrongly encoded (UTF-16 with a byte order mark) inputs.
//
// Each row gives what goes into the home (which is also the working directory, so that
// messages name files as the user typed them), the arguments, the exit code (0 ok, 1 error,
// 2 usage) and the fragments standard error must contain. Every row is also held to rules
// that hold for all bad input (see `general_rules`): no panic or backtrace, an error says
// something, no empty message after a location, and no error echoes a huge input back.
//
// The binary and wrongly encoded inputs are committed in tests/fixtures/bad (made by its
// make.py); the 5 MB inputs are made here.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::common::Test;

const BAD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bad");
const RESULT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/result.json");
const MB5: usize = 5 * 1024 * 1024;
/// Standard error larger than this is an input echoed back, not a clear message.
const MAX_STDERR: usize = 64 * 1024;

/// Something put into the temporary home before balance runs.
enum Put {
    /// A file of tests/fixtures/bad, copied to a path in the home.
    Fixture(&'static str, &'static str),
    /// Bytes made by a function, written to a path in the home.
    Made(&'static str, fn() -> Vec<u8>),
    /// Literal bytes written to a path in the home.
    Bytes(&'static str, &'static [u8]),
    /// An empty directory.
    Dir(&'static str),
}

impl Put {
    fn apply(&self, home: &Path) {
        let write = |to: &str, bytes: &[u8]| {
            let path = home.join(to);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::fs::write(path, bytes).unwrap();
        };
        match self {
            Put::Fixture(name, to) => {
                let bytes = std::fs::read(Path::new(BAD).join(name))
                    .unwrap_or_else(|e| panic!("fixture {name}: {e}"));
                write(to, &bytes);
            }
            Put::Made(to, make) => write(to, &make()),
            Put::Bytes(to, bytes) => write(to, bytes),
            Put::Dir(to) => std::fs::create_dir_all(home.join(to)).unwrap(),
        }
    }
}

struct Case {
    name: &'static str,
    setup: &'static [Put],
    args: &'static [&'static str],
    stdin: Option<&'static [u8]>,
    code: i32,
    /// Fragments standard error must contain.
    stderr: &'static [&'static str],
    /// Fragments standard output must contain (results still shown around damage).
    stdout: &'static [&'static str],
}

/// A row with no standard input and nothing asked of standard output.
const fn case(
    name: &'static str,
    setup: &'static [Put],
    args: &'static [&'static str],
    code: i32,
    stderr: &'static [&'static str],
) -> Case {
    Case {
        name,
        setup,
        args,
        stdin: None,
        code,
        stderr,
        stdout: &[],
    }
}

// ---------------------------------------------------------------------------------------
// Inputs made here
// ---------------------------------------------------------------------------------------

fn result_line() -> String {
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(RESULT).unwrap()).unwrap();
    doc.to_string()
}

/// 5 MB of one byte, then `tail`.
fn huge(byte: u8, tail: &[u8]) -> Vec<u8> {
    let mut bytes = vec![byte; MB5];
    bytes.extend_from_slice(tail);
    bytes
}

fn huge_toml_line() -> Vec<u8> {
    huge(b'x', b"\n")
}

fn huge_json_whitespace() -> Vec<u8> {
    huge(b' ', b"x")
}

fn huge_item_id() -> Vec<u8> {
    let mut bytes = b"{\"".to_vec();
    bytes.extend(huge(b'k', b"\": 1}"));
    bytes
}

fn huge_history_line() -> Vec<u8> {
    let mut bytes = huge(b'#', b"\n");
    bytes.extend_from_slice(result_line().as_bytes());
    bytes.push(b'\n');
    bytes
}

fn two_answer_objects() -> Vec<u8> {
    b"{\"id\": \"a\", \"cl01\": 4}\n{\"id\": \"b\", \"cl01\": 5}\n".to_vec()
}

fn huge_csv_field() -> Vec<u8> {
    let mut bytes = b"respondent,cl01\nr1,".to_vec();
    bytes.extend(huge(b'9', b"\n"));
    bytes
}

fn huge_jsonl_value() -> Vec<u8> {
    let mut bytes = b"{\"cl01\": \"".to_vec();
    bytes.extend(huge(b'x', b"\"}\n"));
    bytes
}

fn huge_progress() -> Vec<u8> {
    huge(b'[', b"")
}

fn history_of_one_result() -> Vec<u8> {
    format!("{}\n", result_line()).into_bytes()
}

/// Progress of a clinginess quiz, finished but for the last step, with an answer of 99 on a
/// scale of 1 to 7.
fn finished_progress_out_of_range() -> Vec<u8> {
    serde_json::json!({
        "schema": "balance.progress/v1",
        "form": "full",
        "questionnaires": ["clinginess"],
        "items": ["cl01", "cl02", "cl03"],
        "answers": {"cl01": 99, "cl02": 4, "cl03": 4},
        "position": 3
    })
    .to_string()
    .into_bytes()
}

/// A clinginess quiz whose saved answers include one to a hyper-independence statement.
fn progress_with_foreign_answer() -> Vec<u8> {
    serde_json::json!({
        "schema": "balance.progress/v1",
        "form": "full",
        "questionnaires": ["clinginess"],
        "items": ["cl01", "cl02", "cl03"],
        "answers": {"cl01": 5, "hi01": 3},
        "position": 2
    })
    .to_string()
    .into_bytes()
}

/// The fixture result with another id and time.
fn result_at(id: &str, taken_at: &str) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(&result_line()).unwrap();
    doc["id"] = id.into();
    doc["taken_at"] = taken_at.into();
    doc.to_string()
}

fn other_result() -> Vec<u8> {
    result_at(
        "01900000-0000-7000-8000-0000000000ff",
        "2026-10-01T09:30:00Z",
    )
    .into_bytes()
}

/// A line of `balance.result/v2`, then the fixture result.
fn newer_then_current() -> Vec<u8> {
    let mut bytes = std::fs::read(Path::new(BAD).join("history_newer.jsonl")).unwrap();
    if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    let mut newer: serde_json::Value = serde_json::from_slice(bytes.trim_ascii()).unwrap();
    newer["id"] = "01900000-0000-7000-8000-0000000000aa".into();
    let mut text = newer.to_string();
    text.push('\n');
    text.push_str(&result_line());
    text.push('\n');
    text.into_bytes()
}

fn only_future() -> Vec<u8> {
    let future = result_at(
        "01900000-0000-7000-8000-000000002999",
        "2999-01-01T00:00:00Z",
    );
    format!("{future}\n").into_bytes()
}

fn current_then_future() -> Vec<u8> {
    let mut bytes = history_of_one_result();
    bytes.extend(only_future());
    bytes
}

fn valid_progress() -> Vec<u8> {
    serde_json::json!({
        "schema": "balance.progress/v1",
        "form": "full",
        "questionnaires": ["clinginess"],
        "items": ["cl01", "cl02", "cl03"],
        "answers": {"cl01": 5},
        "position": 1
    })
    .to_string()
    .into_bytes()
}

// ---------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------

use Put::{Bytes, Dir, Fixture, Made};

const QUIZ_A_JSON: &[&str] = &["quiz", "--answers", "a.json", "--json", "--no-save"];
const QUIZ_A_TOML: &[&str] = &["quiz", "--answers", "a.toml", "--json", "--no-save"];
const HISTORY: &[&str] = &["history"];
const REPORT: &[&str] = &["report", "r.json"];
const IMPORT: &[&str] = &["import", "r.json", "--yes"];
const SCORE_CSV: &[&str] = &["score", "s.csv"];
const SCORE_JSONL: &[&str] = &["score", "s.jsonl"];
const RESUME: &[&str] = &["quiz", "--resume"];
/// The id of tests/fixtures/result.json, as the history table shows it.
const RESULT_ID: &str = "01900000-0000";

static CASES: &[Case] = &[
    // --- Questionnaire files -----------------------------------------------------------
    case(
        "questionnaire: empty",
        &[Bytes("q.toml", b"")],
        &["validate", "q.toml"],
        1,
        &["q.toml:1:1: missing field `id`"],
    ),
    case(
        "questionnaire: truncated in the middle of a key's value",
        &[Fixture("questionnaire_truncated.toml", "q.toml")],
        &["validate", "q.toml"],
        1,
        &["q.toml:2:9:"],
    ),
    case(
        "questionnaire: NUL byte",
        &[Fixture("questionnaire_nul.toml", "q.toml")],
        &["validate", "q.toml"],
        1,
        &["q.toml:3:8:"],
    ),
    case(
        "questionnaire: invalid UTF-8",
        &[Fixture("questionnaire_invalid_utf8.toml", "q.toml")],
        &["validate", "q.toml"],
        1,
        &["q.toml:2:19: not UTF-8 text"],
    ),
    case(
        "questionnaire: UTF-16 with a byte order mark",
        &[Fixture("questionnaire_utf16_bom.toml", "q.toml")],
        &["validate", "q.toml"],
        1,
        &["q.toml:1:1: not UTF-8 text"],
    ),
    case(
        "questionnaire: one 5 MB line",
        &[Made("q.toml", huge_toml_line)],
        &["validate", "q.toml"],
        1,
        &["q.toml: 5242881 bytes is more than a questionnaire or strategy file may hold (1048576 bytes)"],
    ),
    case(
        "questionnaire: a value of the wrong type",
        &[Fixture("questionnaire_wrong_type.toml", "q.toml")],
        &["validate", "q.toml"],
        1,
        &["q.toml:7:7: invalid type"],
    ),
    case(
        "questionnaire: a scale whose width overflows",
        &[Fixture("questionnaire_scale_overflow.toml", "q.toml")],
        &["validate", "q.toml"],
        1,
        &["q.toml:7:7: scale runs from -9223372036854775808 to 9223372036854775807"],
    ),
    // Regression: the crash `cargo fuzz run questionnaire` found, minimized by `cargo fuzz tmin`.
    case(
        "questionnaire: the fuzzer's minimized crash (scale width overflow)",
        &[Fixture("questionnaire_fuzz_scale_overflow.toml", "q.toml")],
        &["validate", "q.toml"],
        1,
        &["q.toml:7:7: scale runs from -9223372036854775808 to 9223372036854775807"],
    ),
    case(
        "questionnaire: not a file",
        &[Dir("q.toml")],
        &["validate", "q.toml"],
        1,
        &["q.toml: not a regular file", "--questionnaires"],
    ),
    case(
        "--questionnaires DIR: a file with an unknown key",
        &[Fixture("questionnaire_unknown_key.toml", "qdir/bad.toml")],
        &["--questionnaires", "qdir", "list"],
        1,
        &["qdir/bad.toml:6:1: unknown field `colour`"],
    ),
    case(
        "--questionnaires DIR: a UTF-16 file",
        &[Fixture("questionnaire_utf16_bom.toml", "qdir/u16.toml")],
        &["--questionnaires", "qdir", "list"],
        1,
        &["qdir/u16.toml:1:1: not UTF-8 text"],
    ),
    case(
        "--questionnaires DIR: missing",
        &[],
        &["--questionnaires", "nope", "list"],
        1,
        &["questionnaires directory nope does not exist"],
    ),
    case(
        "--questionnaires DIR: a file, not a folder",
        &[Bytes("qfile", b"id = 1\n")],
        &["--questionnaires", "qfile", "list"],
        1,
        &["cannot read qfile"],
    ),
    case(
        "config folder: a file with a NUL byte",
        &[Fixture("questionnaire_nul.toml", "questionnaires/nul.toml")],
        &["list"],
        1,
        &["questionnaires/nul.toml:3:8:"],
    ),
    case(
        "--questionnaires DIR: a scale far from zero, then scoring a reverse-keyed item",
        &[
            Fixture("questionnaire_huge_bounds.toml", "qdir/huge.toml"),
            Fixture("answers_huge_bounds.json", "a.json"),
        ],
        &[
            "--questionnaires",
            "qdir",
            "quiz",
            "huge",
            "--answers",
            "a.json",
            "--json",
            "--no-save",
        ],
        1,
        &["qdir/huge.toml:7:", "scale"],
    ),
    // --- Answers files -----------------------------------------------------------------
    case(
        "answers: empty JSON",
        &[Bytes("a.json", b"")],
        QUIZ_A_JSON,
        1,
        &["a.json:1:1: EOF while parsing a value"],
    ),
    case(
        "answers: truncated JSON",
        &[Fixture("answers_truncated.json", "a.json")],
        QUIZ_A_JSON,
        1,
        &["a.json:1:19: EOF while parsing a value"],
    ),
    case(
        "answers: truncated TOML",
        &[Fixture("answers_truncated.toml", "a.toml")],
        QUIZ_A_TOML,
        1,
        &["a.toml:2:8:"],
    ),
    case(
        "answers: a JSON array, not an object",
        &[Fixture("answers_not_an_object.json", "a.json")],
        QUIZ_A_JSON,
        1,
        &["a.json:1:1: invalid type: sequence, expected a map of item ids to answers"],
    ),
    case(
        "answers: a fraction",
        &[Fixture("answers_float.json", "a.json")],
        QUIZ_A_JSON,
        1,
        &[
            "a.json: item `cl01`: 5.5 is not an allowed answer",
            "from 1 to 7",
        ],
    ),
    case(
        "answers: out of range in TOML",
        &[Fixture("answers_out_of_range.toml", "a.toml")],
        QUIZ_A_TOML,
        1,
        &[
            "a.toml: item `cl01`: 8 is not an allowed answer",
            "from 1 to 7",
        ],
    ),
    case(
        "answers: a number too big for any integer",
        &[Fixture("answers_huge_number.json", "a.json")],
        QUIZ_A_JSON,
        1,
        &["a.json: item `cl01`:", "is not an allowed answer"],
    ),
    case(
        "answers: an unknown item",
        &[Bytes("a.json", br#"{"zz99": 1}"#)],
        QUIZ_A_JSON,
        1,
        &["a.json: item `zz99` is not in the questionnaires being scored"],
    ),
    case(
        "answers: a NUL byte",
        &[Fixture("answers_nul.json", "a.json")],
        QUIZ_A_JSON,
        1,
        &["a.json:1:12: key must be a string"],
    ),
    case(
        "answers: invalid UTF-8",
        &[Fixture("answers_invalid_utf8.json", "a.json")],
        QUIZ_A_JSON,
        1,
        &["cannot read answers from a.json", "UTF-8"],
    ),
    case(
        "answers: UTF-16 with a byte order mark",
        &[Fixture("answers_utf16_bom.json", "a.json")],
        QUIZ_A_JSON,
        1,
        &["cannot read answers from a.json", "UTF-8"],
    ),
    case(
        "answers: a 5 MB line",
        &[Made("a.json", huge_json_whitespace)],
        QUIZ_A_JSON,
        1,
        &["a.json:1:5242881: expected value"],
    ),
    case(
        "answers: a 5 MB item id",
        &[Made("a.json", huge_item_id)],
        QUIZ_A_JSON,
        1,
        &["a.json: item `kkkk"],
    ),
    Case {
        name: "answers: binary on standard input",
        setup: &[],
        args: &["quiz", "--answers", "-", "--json", "--no-save"],
        stdin: Some(b"\x00\xff\xfe\x00{"),
        code: 1,
        stderr: &["cannot read answers from <stdin>", "UTF-8"],
        stdout: &[],
    },
    case(
        "answers: a full-form item in a check-in",
        &[Bytes("a.json", br#"{"cl03": 4}"#)],
        &["checkin", "--answers", "a.json", "--no-save"],
        1,
        &["a.json: item `cl03` is not in the short check-in form"],
    ),
    case(
        "answers: an item answered twice in JSON",
        &[Bytes("a.json", b"{\"cl01\": 5,\n \"cl01\": 1}")],
        QUIZ_A_JSON,
        1,
        // The place is the key answered again, not the value after it.
        &["a.json:2:7: item `cl01` is answered twice"],
    ),
    case(
        "answers: an item answered twice in TOML",
        &[Bytes("a.toml", b"cl01 = 5\ncl01 = 1\n")],
        &["quiz", "--answers", "a.toml", "--json", "--no-save"],
        1,
        &["a.toml:2:1: duplicate key"],
    ),
    case(
        "answers: missing file",
        &[],
        QUIZ_A_JSON,
        1,
        &["cannot read answers from a.json", "help: check the file's name"],
    ),
    // --- History -----------------------------------------------------------------------
    Case {
        name: "history: a line of garbage before a result",
        setup: &[Fixture("history_damaged.jsonl", "history.jsonl")],
        args: HISTORY,
        stdin: None,
        code: 0,
        stderr: &["history.jsonl:1: damaged line skipped"],
        stdout: &[RESULT_ID],
    },
    Case {
        name: "history: a torn last line (a crash while writing)",
        setup: &[Fixture("history_torn_last_line.jsonl", "history.jsonl")],
        args: HISTORY,
        stdin: None,
        code: 0,
        stderr: &["history.jsonl:2: damaged line skipped"],
        stdout: &[RESULT_ID],
    },
    Case {
        name: "history: NUL bytes",
        setup: &[Fixture("history_nul.jsonl", "history.jsonl")],
        args: HISTORY,
        stdin: None,
        code: 0,
        stderr: &["history.jsonl:1: damaged line skipped"],
        stdout: &[RESULT_ID],
    },
    Case {
        name: "history: invalid UTF-8",
        setup: &[Fixture("history_invalid_utf8.jsonl", "history.jsonl")],
        args: HISTORY,
        stdin: None,
        code: 0,
        stderr: &["history.jsonl:1: damaged line skipped"],
        stdout: &[RESULT_ID],
    },
    case(
        "history: UTF-16 with a byte order mark",
        &[Fixture("history_utf16_bom.jsonl", "history.jsonl")],
        HISTORY,
        0,
        &["history.jsonl:1: damaged line skipped"],
    ),
    Case {
        name: "history: a 5 MB damaged line before a result",
        setup: &[Made("history.jsonl", huge_history_line)],
        args: HISTORY,
        stdin: None,
        code: 0,
        stderr: &["history.jsonl:1: damaged line skipped"],
        stdout: &[RESULT_ID],
    },
    Case {
        name: "history: JSON of the wrong shape",
        setup: &[Fixture("history_wrong_shape.jsonl", "history.jsonl")],
        args: &["history", "--json"],
        stdin: None,
        code: 0,
        stderr: &["history.jsonl:1: damaged line skipped"],
        stdout: &["01900000-0000-7000-8000-000000000001"],
    },
    case(
        "history: written by a newer balance",
        &[Fixture("history_newer.jsonl", "history.jsonl")],
        HISTORY,
        0,
        &["history.jsonl:1: skipped 1 line written by a newer balance"],
    ),
    case(
        "history: newer, for report latest",
        &[Fixture("history_newer.jsonl", "history.jsonl")],
        &["report", "latest"],
        1,
        &[
            "history.jsonl:1: skipped 1 line written by a newer balance",
            "no result `latest`",
        ],
    ),
    Case {
        name: "history: a newer line among readable ones, for export",
        setup: &[Made("history.jsonl", newer_then_current)],
        args: &["export"],
        stdin: None,
        code: 0,
        stderr: &["history.jsonl:1: skipped 1 line"],
        stdout: &["01900000-0000-7000-8000-000000000001"],
    },
    case(
        "history: a newer line refuses an import",
        &[
            Made("history.jsonl", newer_then_current),
            Made("r.json", other_result),
        ],
        IMPORT,
        1,
        &["history.jsonl:1: refusing to add to the history", "newer"],
    ),
    case(
        "history: a folder named history.jsonl",
        &[Dir("history.jsonl")],
        HISTORY,
        1,
        &["history.jsonl is not a regular file"],
    ),
    case(
        "history: a folder named history.lock",
        &[
            Made("history.jsonl", history_of_one_result),
            Dir("history.lock"),
        ],
        HISTORY,
        1,
        &["history.lock"],
    ),
    Case {
        name: "history: a result dated 2999 is not the latest",
        setup: &[Made("history.jsonl", current_then_future)],
        args: &["report", "latest", "--plain"],
        stdin: None,
        code: 0,
        stderr: &["is dated 2999-01-01T00:00:00Z, in the future: ignored"],
        stdout: &["2026-11-01"],
    },
    case(
        "history: a result dated 2999 does not make due wait",
        &[Made("history.jsonl", only_future)],
        &["due", "--every", "7d", "--verbose"],
        0,
        &["in the future", "due: no saved results yet"],
    ),
    // --- References ----------------------------------------------------------------------
    case(
        "reference: latest~ the largest number, for report",
        &[Made("history.jsonl", history_of_one_result)],
        &["report", "latest~18446744073709551615"],
        1,
        &["no result `latest~18446744073709551615`"],
    ),
    case(
        "reference: latest~ beyond any number, for report",
        &[Made("history.jsonl", history_of_one_result)],
        &["report", "latest~99999999999999999999999"],
        1,
        &["no result `latest~99999999999999999999999`"],
    ),
    case(
        "reference: latest~ the largest number, for compare",
        &[Made("history.jsonl", history_of_one_result)],
        &["compare", "latest", "latest~18446744073709551615"],
        1,
        &["no result `latest~18446744073709551615`"],
    ),
    case(
        "reference: latest~ the largest number, for report --html",
        &[Made("history.jsonl", history_of_one_result)],
        &["report", "latest~18446744073709551615", "--html", "r.html"],
        1,
        &["no result `latest~18446744073709551615`"],
    ),
    case(
        "reference: a file named latest does not replace the history's latest",
        &[Made("latest", history_of_one_result)],
        &["report", "latest"],
        1,
        &["no result `latest`: the history has 0 results"],
    ),
    Case {
        name: "reference: ./latest names the file",
        setup: &[Made("latest", history_of_one_result)],
        args: &["report", "./latest", "--plain"],
        stdin: None,
        code: 0,
        stderr: &[],
        stdout: &["2026-11-01"],
    },
    // --- Answers, continued ---------------------------------------------------------------
    Case {
        name: "answers: empty standard input",
        setup: &[],
        args: &["quiz", "--answers", "-", "--json"],
        stdin: Some(b""),
        code: 1,
        stderr: &["<stdin>: no answers given"],
        stdout: &[],
    },
    Case {
        name: "answers: blank standard input, for checkin",
        setup: &[],
        args: &["checkin", "--answers", "-"],
        stdin: Some(b"  \n"),
        code: 1,
        stderr: &["<stdin>: no answers given"],
        stdout: &[],
    },
    case(
        "answers: every answer skipped",
        &[Bytes("a.json", br#"{"cl01": null, "cl02": null}"#)],
        QUIZ_A_JSON,
        1,
        &["a.json: every answer is skipped", "nothing was saved"],
    ),
    case(
        "answers: an empty JSON object",
        &[Bytes("a.json", b"{}")],
        QUIZ_A_JSON,
        1,
        &["a.json: no answers given"],
    ),
    // --- Saved progress, continued --------------------------------------------------------
    case(
        "progress: answers from another questionnaire set",
        &[Made("progress.json", progress_with_foreign_answer)],
        RESUME,
        1,
        &[
            "cannot resume the saved progress",
            "`hi01`",
            "clinginess",
            "would be lost",
        ],
    ),
    case(
        "progress: a folder named progress.json",
        &[Dir("progress.json")],
        RESUME,
        1,
        &["progress.json is not a regular file"],
    ),
    Case {
        name: "history: empty file",
        setup: &[Bytes("history.jsonl", b"")],
        args: HISTORY,
        stdin: None,
        code: 0,
        stderr: &[],
        stdout: &["No saved results yet"],
    },
    case(
        "history: a directory where the file should be",
        &[Dir("history.jsonl")],
        HISTORY,
        1,
        &["cannot use the history at", "history.jsonl"],
    ),
    case(
        "history: damaged, for trend",
        &[Fixture("history_nul.jsonl", "history.jsonl")],
        &["trend", "--json"],
        0,
        &["history.jsonl:1: damaged line skipped"],
    ),
    // --- Result files ------------------------------------------------------------------
    case(
        "result: empty, for report",
        &[Bytes("r.json", b"")],
        REPORT,
        1,
        &[
            "r.json:1:1: EOF while parsing a value",
            "not a balance result",
        ],
    ),
    case(
        "result: truncated, for report",
        &[Fixture("result_truncated.json", "r.json")],
        REPORT,
        1,
        &["r.json:19:2: EOF while parsing"],
    ),
    case(
        "result: truncated, for import",
        &[Fixture("result_truncated.json", "r.json")],
        IMPORT,
        1,
        &["r.json:19:2: EOF while parsing"],
    ),
    case(
        "result: written by a newer balance, for report",
        &[Fixture("result_newer.json", "r.json")],
        REPORT,
        1,
        &["r.json", "newer balance"],
    ),
    case(
        "result: written by a newer balance, for import",
        &[Fixture("result_newer.json", "r.json")],
        IMPORT,
        1,
        &["r.json", "newer balance"],
    ),
    case(
        "result: UTF-16 with a byte order mark, for report",
        &[Fixture("result_utf16_bom.json", "r.json")],
        REPORT,
        1,
        &["cannot read r.json", "UTF-8"],
    ),
    case(
        "result: UTF-16 with a byte order mark, for import",
        &[Fixture("result_utf16_bom.json", "r.json")],
        IMPORT,
        1,
        &["cannot read r.json", "UTF-8"],
    ),
    case(
        "result: a NUL byte, for import",
        &[Fixture("result_nul.json", "r.json")],
        IMPORT,
        1,
        &["r.json:1:1: expected value"],
    ),
    case(
        "result: a time that is not a time",
        &[Fixture("result_bad_time.json", "r.json")],
        REPORT,
        1,
        &["r.json:5:", "not a balance result"],
    ),
    case(
        "result: a 5 MB line",
        &[Made("r.json", huge_json_whitespace)],
        REPORT,
        1,
        &["r.json:1:5242881: expected value"],
    ),
    case(
        "import: an export of an unknown schema",
        &[Fixture("export_unknown_schema.json", "r.json")],
        IMPORT,
        1,
        &["r.json: unknown export schema `balance.export/v9`"],
    ),
    case(
        "import: a list of things that are not results",
        &[Fixture("export_not_results.json", "r.json")],
        IMPORT,
        1,
        &["r.json:1:32: missing field `tool_version` (not a balance result)"],
    ),
    case(
        "import: missing file",
        &[],
        IMPORT,
        1,
        &["cannot read r.json"],
    ),
    case(
        "report: neither a file nor a result",
        &[],
        REPORT,
        1,
        &["no file or result id `r.json`"],
    ),
    // --- Batch scoring -----------------------------------------------------------------
    case(
        "score --strict-columns: a column that is not an item",
        &[Fixture("batch_unknown_column.csv", "s.csv")],
        &["score", "s.csv", "--strict-columns"],
        1,
        &["s.csv: columns that are not items: `zz99`"],
    ),
    case(
        "score: a header with no item of any questionnaire",
        &[Bytes("s.csv", b"respondent,age\nr1,30\n")],
        SCORE_CSV,
        1,
        &["s.csv: no column is an item of any questionnaire"],
    ),
    case(
        "score: an empty file",
        &[Bytes("s.csv", b"")],
        SCORE_CSV,
        1,
        &["s.csv is empty: there is no header row"],
    ),
    case(
        "score: a header and no rows",
        &[Bytes("s.csv", b"respondent,cl01\n")],
        SCORE_CSV,
        1,
        &["s.csv has no rows to score"],
    ),
    case(
        "score: an empty JSON Lines file",
        &[Bytes("s.jsonl", b"\n  \n")],
        SCORE_JSONL,
        1,
        &["s.jsonl is empty"],
    ),
    case(
        "score: a questionnaire that does not exist",
        &[Fixture("batch_unknown_column.csv", "s.csv")],
        &["score", "s.csv", "--questionnaire", "nosuch"],
        1,
        &[
            "no questionnaire `nosuch`",
            "known questionnaires: clinginess",
        ],
    ),
    case(
        "score: --id-column names no column",
        &[Fixture("batch_unknown_column.csv", "s.csv")],
        &["score", "s.csv", "--id-column", "participant"],
        1,
        &["s.csv: no column named `participant` for --id-column"],
    ),
    case(
        "score: --id-column names no key of the first JSON object",
        &[Made("s.jsonl", two_answer_objects)],
        &["score", "s.jsonl", "--id-column", "participant"],
        1,
        &["s.jsonl: no column named `participant` for --id-column"],
    ),
    case(
        "score: a column twice",
        &[Fixture("batch_duplicate_column.csv", "s.csv")],
        SCORE_CSV,
        1,
        &["s.csv: column `cl01` appears twice"],
    ),
    case(
        "score: bad CSV rows are reported with line and column, and skipped",
        &[Fixture("batch_bad_rows.csv", "s.csv")],
        SCORE_CSV,
        1,
        &[
            "s.csv:2: column 2 (`cl01`): 9 is out of range 1 to 7 (row skipped)",
            "s.csv:3: column 2 (`cl01`): `x` is not a whole number",
            "s.csv:4: 3 fields where the header has 2",
            "s.csv:5:",
            "4 bad row(s) skipped; 0 scored",
        ],
    ),
    case(
        "score --strict: the first bad row stops it",
        &[Fixture("batch_bad_rows.csv", "s.csv")],
        &["score", "s.csv", "--strict", "--output", "out.csv"],
        1,
        &["s.csv:2: column 2 (`cl01`): 9 is out of range 1 to 7"],
    ),
    case(
        "score: bad JSON Lines rows",
        &[Fixture("batch_bad_rows.jsonl", "s.jsonl")],
        SCORE_JSONL,
        1,
        &[
            "s.jsonl:1: item `cl01`: 9 is out of range 1 to 7",
            // Where in the row, and what serde found, without its `at line 1 column 1`.
            "s.jsonl:3: not a JSON object (column 1): invalid type: sequence, expected an object (row",
            "s.jsonl:4: not a JSON object: EOF while parsing",
            "s.jsonl:5: not a JSON object",
            "s.jsonl:6: item `cl01`: `1.5` is not a whole number",
            "s.jsonl:7: item `cl01`: 1e+20 is out of range 1 to 7",
            "s.jsonl:8: item `cl01`: -9.223372036854776e+18 is out of range 1 to 7",
            "notice: s.jsonl: not scored (not items of the questionnaires scored): `zz99`",
            // `3e0` is the answer 3.
            "7 bad row(s) skipped; 2 scored",
        ],
    ),
    case(
        "score: a European spreadsheet's file: decimal commas, a Windows-1252 name, a formula",
        &[Fixture("batch_european.csv", "s.csv")],
        SCORE_CSV,
        1,
        &[
            "s.csv:4: column 2 (`cl01`): `2,5` is not a whole number",
            "notice: s.csv: 1 respondent(s) not in UTF-8",
            "1 bad row(s) skipped; 2 scored",
        ],
    ),
    case(
        "score: JSON Lines rows that give an item or the respondent twice",
        &[Fixture("batch_duplicate_keys.jsonl", "s.jsonl")],
        SCORE_JSONL,
        1,
        &[
            "s.jsonl:1: an item is given twice, as `cl01` (row skipped)",
            "s.jsonl:2: an item is given twice, as `cl01` and `CL01`",
            "s.jsonl:3: the respondent is given twice, as `respondent` and `Respondent`",
            "s.jsonl:4: item `cl01`: 1e+20 is out of range 1 to 7",
            "s.jsonl:5: item `cl01`:",
            "5 bad row(s) skipped; 0 scored",
        ],
    ),
    case(
        "score: a NUL byte in a cell",
        &[Fixture("batch_nul.csv", "s.csv")],
        SCORE_CSV,
        1,
        &["s.csv:2: column 2 (`cl01`):", "is not a whole number"],
    ),
    case(
        "score: invalid UTF-8 in the header",
        &[Fixture("batch_invalid_utf8_header.csv", "s.csv")],
        SCORE_CSV,
        1,
        &["s.csv:1: column 2's name is not UTF-8", "save the file as UTF-8"],
    ),
    case(
        "score: UTF-16 with a byte order mark",
        &[Fixture("batch_utf16_bom.csv", "s.csv")],
        SCORE_CSV,
        1,
        &["s.csv is UTF-16 text", "UTF-8"],
    ),
    case(
        "score: a 5 MB CSV cell",
        &[Made("s.csv", huge_csv_field)],
        SCORE_CSV,
        1,
        &["s.csv:2: column 2 (`cl01`):"],
    ),
    case(
        "score: a 5 MB JSON Lines value",
        &[Made("s.jsonl", huge_jsonl_value)],
        SCORE_JSONL,
        1,
        &["s.jsonl:1: item `cl01`:"],
    ),
    Case {
        name: "score: binary JSON Lines on standard input",
        setup: &[],
        args: &["score", "-", "--format", "jsonl"],
        stdin: Some(b"\x00\x01\x02\n\xff\xfe\n"),
        code: 1,
        stderr: &[":1: not a JSON object", ":2: not a JSON object"],
        stdout: &[],
    },
    case(
        "score: missing file",
        &[],
        SCORE_CSV,
        1,
        &["cannot read s.csv"],
    ),
    case(
        "score: a directory",
        &[Dir("s.csv")],
        SCORE_CSV,
        1,
        &["s.csv"],
    ),
    // --- Saved progress ----------------------------------------------------------------
    // `quiz --resume` reads and checks the saved progress before it asks for a terminal, so
    // without one a damaged file is still reported (exit 1), and a sound one gets exit 2.
    case(
        "progress: none saved",
        &[],
        RESUME,
        1,
        &["there is no interrupted quiz to resume"],
    ),
    case(
        "progress: empty",
        &[Bytes("progress.json", b"")],
        RESUME,
        1,
        &[
            "cannot read saved progress",
            "progress.json",
            "EOF while parsing",
        ],
    ),
    case(
        "progress: truncated",
        &[Fixture("progress_truncated.json", "progress.json")],
        RESUME,
        1,
        &[
            "cannot read saved progress",
            "progress.json",
            "EOF while parsing",
        ],
    ),
    case(
        "progress: UTF-16 with a byte order mark",
        &[Fixture("progress_utf16_bom.json", "progress.json")],
        RESUME,
        1,
        &["cannot read saved progress", "progress.json", "UTF-8"],
    ),
    case(
        "progress: a NUL byte",
        &[Fixture("progress_nul.json", "progress.json")],
        RESUME,
        1,
        &["cannot read saved progress", "progress.json"],
    ),
    case(
        "progress: a 5 MB line",
        &[Made("progress.json", huge_progress)],
        RESUME,
        1,
        &["cannot read saved progress", "progress.json"],
    ),
    case(
        "progress: written by a newer balance",
        &[Fixture("progress_newer.json", "progress.json")],
        RESUME,
        1,
        &["cannot read saved progress", "balance.progress/v2"],
    ),
    case(
        "progress: a position past the last statement",
        &[Fixture("progress_past_end.json", "progress.json")],
        RESUME,
        1,
        &["position lies past its last statement"],
    ),
    case(
        "progress: a value of the wrong type",
        &[Fixture("progress_wrong_type.json", "progress.json")],
        RESUME,
        1,
        &["cannot read saved progress", "invalid type"],
    ),
    case(
        "progress: an unknown questionnaire",
        &[Fixture(
            "progress_unknown_questionnaire.json",
            "progress.json",
        )],
        RESUME,
        1,
        &["progress.json", "no_such_questionnaire"],
    ),
    case(
        "progress: an answer off the scale",
        &[Fixture(
            "progress_answer_out_of_range.json",
            "progress.json",
        )],
        RESUME,
        1,
        &["cannot read saved progress", "progress.json", "99"],
    ),
    case(
        "progress: sound, but no terminal to continue at",
        &[Made("progress.json", valid_progress)],
        RESUME,
        2,
        &["needs a terminal"],
    ),
];

// ---------------------------------------------------------------------------------------
// Running the table
// ---------------------------------------------------------------------------------------

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(case: &Case) -> Outcome {
    let mut t = Test::new();
    for put in case.setup {
        put.apply(t.home.path());
    }
    let home = t.home.path().to_path_buf();
    t.args(case.args).cwd(&home);
    if let Some(input) = case.stdin {
        t.stdin(input);
    }
    let run = t.capture();
    Outcome {
        code: Some(run.code).filter(|code| *code >= 0),
        stdout: run.stdout,
        stderr: run.stderr,
    }
}

/// What must hold for every bad input, whatever the row expects.
fn general_rules(outcome: &Outcome) -> Vec<String> {
    let mut broken = Vec::new();
    let stderr = &outcome.stderr;
    if stderr.contains("panicked")
        || stderr.contains("RUST_BACKTRACE")
        || stderr.contains("stack backtrace")
    {
        // The rest is the panic's own noise.
        return vec!["balance panicked".to_string()];
    }
    if outcome.code != Some(0) && stderr.trim().is_empty() {
        broken.push("failed without a word on standard error".to_string());
    }
    for line in stderr.lines() {
        if line.trim_end().ends_with(':') {
            broken.push(format!("a message is missing after its location: {line:?}"));
        }
    }
    if stderr.len() > MAX_STDERR {
        broken.push(format!(
            "standard error is {} bytes: the message echoes the input instead of describing it",
            stderr.len()
        ));
    }
    broken
}

fn check(case: &Case, outcome: &Outcome) -> Vec<String> {
    let mut broken = general_rules(outcome);
    if outcome.code != Some(case.code) {
        broken.push(format!(
            "exit code {:?}, expected {}",
            outcome.code, case.code
        ));
    }
    for fragment in case.stderr {
        if !outcome.stderr.contains(fragment) {
            broken.push(format!("standard error lacks {fragment:?}"));
        }
    }
    for fragment in case.stdout {
        if !outcome.stdout.contains(fragment) {
            broken.push(format!("standard output lacks {fragment:?}"));
        }
    }
    broken
}

fn shorten(text: &str) -> String {
    const SHOWN: usize = 600;
    if text.len() <= SHOWN {
        return text.to_string();
    }
    let mut end = SHOWN;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &text[..end], text.len())
}

#[test]
fn every_bad_input_gets_a_clear_error_and_a_documented_exit_code() {
    assert!(CASES.len() >= 30, "the table has {} rows", CASES.len());
    let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CASES.len(), "row names are unique");

    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = CASES.get(index) else {
                    break;
                };
                let outcome = run(case);
                let broken = check(case, &outcome);
                if !broken.is_empty() {
                    failures.lock().unwrap().push(format!(
                        "[{}] balance {}\n  - {}\n  exit code: {:?}\n  stderr: {}\n  stdout: {}",
                        case.name,
                        case.args.join(" "),
                        broken.join("\n  - "),
                        outcome.code,
                        shorten(&outcome.stderr),
                        shorten(&outcome.stdout),
                    ));
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} of {} bad inputs were not handled as they should be:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

/// The code paths the table reaches through a terminal only: a saved progress that is
/// already at its end is scored as soon as the quiz resumes, so an answer off the scale in it
/// must be refused there (not scored, shown as "you answered 99" and saved to the history).
#[test]
fn a_resumed_quiz_refuses_an_answer_off_the_scale() {
    use rexpect::process::wait::WaitStatus;
    use rexpect::reader::Options;
    use rexpect::session::spawn_with_options;

    let t = Test::new();
    std::fs::write(t.path("progress.json"), finished_progress_out_of_range()).unwrap();
    let mut command = t.command();
    command
        .args(["--plain", "quiz", "--resume", "--json"])
        .env("TERM", "dumb");
    let options = Options::new()
        .timeout_ms(Some(10_000))
        .strip_ansi_escape_codes(true);
    let mut session = spawn_with_options(command, options).expect("spawn balance in a pty");
    let seen = session.exp_eof().expect("balance ends");
    let seen: String = {
        let bytes: Vec<u8> = seen.chars().map(|c| c as u32 as u8).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let status = session.process.wait().expect("wait");
    assert!(!seen.contains("panicked"), "{seen}");
    let saved = std::fs::read_to_string(t.history()).unwrap_or_default();
    let loaded = balance::history::History::new(t.home.path())
        .parse(&saved)
        .unwrap();
    let off_scale: Vec<(String, i64)> = loaded
        .results
        .iter()
        .flat_map(|r| r.answers())
        .filter(|(_, answer)| !(1..=7).contains(answer))
        .collect();
    assert!(
        off_scale.is_empty(),
        "answers off the 1-7 scale were saved to the history: {off_scale:?}\noutput:\n{seen}"
    );
    assert!(
        matches!(status, WaitStatus::Exited(_, 1)),
        "expected exit code 1, got {status:?}\noutput:\n{seen}"
    );
    assert!(
        seen.contains("cannot read saved progress"),
        "expected the progress file to be reported as damaged\noutput:\n{seen}"
    );
}

/// A history with one good result stays readable after every damaged-history row above.
#[test]
fn a_good_history_line_is_never_hidden_by_damage_around_it() {
    let good = history_of_one_result();
    for damage in [
        b"\0\0\0".to_vec(),
        b"{\"schema\": \"balance.result/v1\"".to_vec(),
        b"\xff\xfe\xfd".to_vec(),
        "{\"schema\":\"balance.result/v1\"}".as_bytes().to_vec(),
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".to_vec(),
    ] {
        let mut text = damage.clone();
        text.push(b'\n');
        text.extend_from_slice(&good);
        text.extend_from_slice(&damage);
        let t = Test::new();
        std::fs::write(t.history(), &text).unwrap();
        let loaded = balance::history::History::new(t.home.path())
            .load()
            .expect("a damaged history loads");
        assert_eq!(
            loaded.results.len(),
            1,
            "{:?}",
            String::from_utf8_lossy(&damage)
        );
        let lines: Vec<usize> = loaded.damaged.iter().map(|d| d.line).collect();
        assert_eq!(lines, [1, 3], "{:?}", String::from_utf8_lossy(&damage));
    }
}
