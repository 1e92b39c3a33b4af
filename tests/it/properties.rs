// Property tests (proptest).
//
// (a) The parsers never panic, on arbitrary bytes or on input shaped like the real thing but
//     wrong: questionnaire and strategy files (`Catalog::with_texts`), answers files
//     (`answers::parse`), the history (`History::parse`), result files
//     (`reference::parse_file`) and batch CSV and JSON Lines (`batch::read`, scored
//     with the built-in catalog's scorer as `balance score` does). What a parser accepts is
//     followed on: scored, recommended and rendered, and checked against what it promises
//     (answers on their scale, every history line a result or damaged).
// (b) Scoring invariants over the built-in questionnaires for any answers: scores in 0..=100,
//     means on the scale, reverse keying, the two-thirds skip rule, the balance index and its
//     sign, and the leaning against the midpoint.
//
// Case counts are modest so that the file runs in a few seconds in a debug build; failures
// are not persisted to files (run again with PROPTEST_CASES=10000 to search harder).

use std::sync::OnceLock;

use balance::batch::{read, Batch, Format, RowWriter, Shape, Step};
use balance::catalog::Catalog;
use balance::history::History;
use balance::output::Look;
use balance::questionnaire::{Form, Pole, Questionnaire};
use balance::report::render;
use balance::result::{Asked, ResultDoc, Stamp};
use balance::scoring::{Answers, Profile, Scorer, Style};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;
use serde_json::{json, Value};

const RESULT: &str = include_str!("../fixtures/result.json");

fn builtin() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().expect("the built-ins load"))
}

fn scorer(form: Form) -> &'static Scorer {
    static FULL: OnceLock<Scorer> = OnceLock::new();
    static SHORT: OnceLock<Scorer> = OnceLock::new();
    let cell = if form == Form::Full { &FULL } else { &SHORT };
    cell.get_or_init(|| Scorer::new(&builtin().questionnaires, form))
}

fn item_ids() -> Vec<String> {
    builtin()
        .questionnaires
        .iter()
        .flat_map(|q| q.items.iter().map(|i| i.id.clone()))
        .collect()
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 512,
        ..Config::default()
    }
}

/// Renders the report of a result, plain and with colour and box drawing.
fn render_both(doc: &ResultDoc) {
    let fancy = Look {
        color: true,
        unicode: true,
        width: Some(60),
    };
    for look in [Look::PLAIN, fancy] {
        let mut out = Vec::new();
        render(&mut out, doc, look).expect("rendering into memory");
    }
}

/// What `balance` does with a catalog once it loads: scores answers at both ends and in the
/// middle of every scale, in both forms, recommends strategies and renders the report.
fn use_catalog(catalog: &Catalog) {
    let taken: Vec<&Questionnaire> = catalog.questionnaires.iter().collect();
    for form in [Form::Full, Form::Short] {
        for pick in 0..3 {
            let mut answers = Answers::new();
            for q in &taken {
                let (min, max) = (q.scale.min, q.scale.max);
                let value = [min, max, min + (max - min) / 2][pick];
                for item in q.items_in(form) {
                    answers.insert(item.id.clone(), value);
                }
            }
            let doc = ResultDoc::assess(
                catalog,
                &taken,
                form,
                &Asked::answers(answers.clone()),
                5,
                Stamp::fixed(),
            );
            render_both(&doc);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Generators of wrong input
// ---------------------------------------------------------------------------------------

/// Bytes, often made of the characters that matter to TOML, JSON and CSV.
fn soup() -> impl Strategy<Value = Vec<u8>> {
    let syntax = select(b"{}[]\"',:=.#\n\r\t -+0123456789eEaxtrufls\\nul\0\xff\xfe".to_vec());
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        prop::collection::vec(syntax, 0..512),
    ]
}

/// Bytes of a real file with a few bytes replaced, inserted or cut.
fn mutated(original: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    let edit = (any::<prop::sample::Index>(), 0u8..4, any::<u8>());
    prop::collection::vec(edit, 1..8).prop_map(move |edits| {
        let mut bytes = original.to_vec();
        for (at, kind, byte) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                2 => bytes.truncate(i),
                _ => {
                    bytes.remove(i);
                }
            }
        }
        bytes
    })
}

fn awkward_i64() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => -3i64..12,
        1 => Just(i64::MIN),
        1 => Just(i64::MAX),
        1 => Just(1i64 << 62),
        1 => Just(-(1i64 << 62)),
        1 => any::<i64>(),
    ]
}

fn awkward_float() -> impl Strategy<Value = String> {
    prop_oneof![
        (-200.0f64..200.0).prop_map(|f| format!("{f:?}")),
        select(vec!["nan", "inf", "-inf", "-0.0", "1e308", "-1e308", "0.0"]).prop_map(String::from),
        (-200i64..200).prop_map(|i| i.to_string()),
    ]
}

fn an_id() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "focus",
            "fo01",
            "fo02",
            "fo03",
            "f",
            "",
            "Bad Id",
            "cl01",
            "ax02",
            "clinginess",
            "attachment",
            "anxiety",
            "avoidance",
            "balance",
            "é",
        ])
        .prop_map(String::from),
        "[a-z_]{1,6}",
    ]
}

fn toml_string(s: &str) -> String {
    // serde_json's string escapes are valid TOML basic-string escapes.
    Value::String(s.to_string()).to_string()
}

/// A questionnaire file shaped like the real thing, with wrong values and wrong shapes.
fn questionnaire_toml() -> impl Strategy<Value = String> {
    let header = (
        an_id(),
        awkward_i64(),
        awkward_i64(),
        0usize..13,
        any::<bool>(),
        any::<bool>(),
    );
    let dimensions = prop::collection::vec(
        (
            an_id(),
            prop::option::of(select(vec!["closeness", "distance", "middle"])),
        ),
        0..4,
    );
    let items = prop::collection::vec(
        (
            an_id(),
            an_id(),
            any::<bool>(),
            any::<bool>(),
            select(vec!["I do.", "", "  "]),
        ),
        0..14,
    );
    (header, dimensions, items).prop_map(
        |((id, min, max, labels, extra_key, string_min), dimensions, items)| {
            let mut t = String::new();
            t += &format!("id = {}\ntitle = \"T\"\nversion = \"1\"\ndescription = \"D\"\n", toml_string(&id));
            if extra_key {
                t += "colour = 3\n";
            }
            t += "\n[scale]\n";
            t += &match string_min {
                true => format!("min = \"{min}\"\n"),
                false => format!("min = {min}\n"),
            };
            t += &format!("max = {max}\nlabels = [{}]\n", vec!["\"L\""; labels].join(", "));
            for (id, pole) in dimensions {
                t += &format!("\n[[dimensions]]\nid = {}\ntitle = \"T\"\ndescription = \"D\"\n", toml_string(&id));
                if let Some(pole) = pole {
                    t += &format!("pole = \"{pole}\"\n");
                }
            }
            for (id, dimension, reverse, short, text) in items {
                t += &format!(
                    "\n[[items]]\nid = {}\ntext = {}\ndimension = {}\nreverse = {reverse}\nshort = {short}\n",
                    toml_string(&id),
                    toml_string(text),
                    toml_string(&dimension)
                );
            }
            t
        },
    )
}

/// A questionnaire file that keeps every rule but one or two, or none: its scale may lie
/// anywhere on the integers, so that a file which passes `validate` is scored at the ends.
fn nearly_valid_questionnaire_toml() -> impl Strategy<Value = String> {
    let scale = (
        awkward_i64(),
        prop_oneof![4 => 1i64..11, 1 => awkward_i64()],
    );
    let shape = prop::collection::vec(3usize..5, 1..3);
    let breakage = prop::collection::vec(0u8..10, 0..3);
    (scale, shape, breakage, any::<bool>(), any::<bool>()).prop_map(
        |((min, width), shape, breakage, reverse_first, short_all)| {
            let max = min.saturating_add(width);
            let points = max.saturating_sub(min).saturating_add(1).clamp(0, 12) as usize;
            let broken = |n: u8| breakage.contains(&n);
            let mut t = String::new();
            t += "id = \"nearly\"\ntitle = \"T\"\nversion = \"1\"\ndescription = \"D\"\n";
            t += &format!("\n[scale]\nmin = {min}\nmax = {max}\n");
            let labels = if broken(0) { points + 1 } else { points };
            t += &format!("labels = [{}]\n", vec!["\"L\""; labels].join(", "));
            for (d, _) in shape.iter().enumerate() {
                let id = if broken(1) && d == 1 { "nd0".to_string() } else { format!("nd{d}") };
                let pole = ["closeness", "distance"][d % 2];
                t += &format!("\n[[dimensions]]\nid = \"{id}\"\ntitle = \"T\"\ndescription = \"D\"\npole = \"{pole}\"\n");
            }
            let mut n = 0;
            for (d, count) in shape.iter().enumerate() {
                for k in 0..*count {
                    n += 1;
                    let id = if broken(2) && n == 2 { "ni1".to_string() } else { format!("ni{n}") };
                    let dimension = if broken(3) && n == 1 { "nowhere".to_string() } else { format!("nd{d}") };
                    let text = if broken(4) && n == 1 { "" } else { "I do." };
                    let reverse = k == 0 && reverse_first || k == 2;
                    let short = short_all || k == 0;
                    t += &format!(
                        "\n[[items]]\nid = \"{id}\"\ntext = \"{text}\"\ndimension = \"{dimension}\"\nreverse = {reverse}\nshort = {short}\n"
                    );
                }
            }
            if broken(5) {
                t = t.replacen("[scale]", "colour = 1\n\n[scale]", 1);
            }
            if broken(6) {
                t = t.replacen("id = \"nearly\"", "id = \"clinginess\"", 1);
            }
            t
        },
    )
}

/// A strategy library shaped like the real thing, with wrong values and wrong shapes.
fn strategies_toml() -> impl Strategy<Value = String> {
    let condition = (
        prop::option::of(an_id()),
        prop::option::of(an_id()),
        prop::option::of(select(vec![
            "secure", "anxious", "avoidant", "fearful", "calm",
        ])),
        prop::option::of(awkward_float()),
        prop::option::of(awkward_float()),
    );
    let strategy = (
        an_id(),
        0usize..6,
        0usize..3,
        prop::option::of(awkward_float()),
        prop::collection::vec(condition, 0..4),
        any::<bool>(),
    );
    prop::collection::vec(strategy, 0..4).prop_map(|strategies| {
        let mut t = String::new();
        for (id, practices, sources, weight, when, empty_summary) in strategies {
            t += &format!("[[strategies]]\nid = {}\ntitle = \"T\"\n", toml_string(&id));
            t += &format!("summary = \"{}\"\n", if empty_summary { "" } else { "S" });
            t += &format!("practices = [{}]\n", vec!["\"P\""; practices].join(", "));
            let source = "{ title = \"A\", section = \"B\" }";
            t += &format!("sources = [{}]\n", vec![source; sources].join(", "));
            if let Some(weight) = weight {
                t += &format!("weight = {weight}\n");
            }
            let conditions: Vec<String> = when
                .into_iter()
                .map(|(score, item, leaning, at_least, at_most)| {
                    let mut parts = Vec::new();
                    if let Some(s) = score {
                        parts.push(format!("score = {}", toml_string(&s)));
                    }
                    if let Some(i) = item {
                        parts.push(format!("item = {}", toml_string(&i)));
                    }
                    if let Some(l) = leaning {
                        parts.push(format!("leaning = \"{l}\""));
                    }
                    if let Some(v) = at_least {
                        parts.push(format!("at_least = {v}"));
                    }
                    if let Some(v) = at_most {
                        parts.push(format!("at_most = {v}"));
                    }
                    format!("{{ {} }}", parts.join(", "))
                })
                .collect();
            t += &format!("when = [{}]\n\n", conditions.join(", "));
        }
        t
    })
}

/// A JSON value of any shape, with numbers at awkward places.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        4 => (0i64..9).prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => (-1e300f64..1e300).prop_map(Value::from),
        1 => Just(json!(4.0)),
        1 => Just(json!(-0.0)),
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::from),
        1 => "[a-z0-9 ]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{0,3}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A key that is usually a real item id.
fn answer_key() -> impl Strategy<Value = String> {
    let ids = item_ids();
    prop_oneof![
        6 => select(ids),
        1 => Just("respondent".to_string()),
        1 => "[a-z0-9_ ]{0,6}",
    ]
}

/// An answers document in JSON: an object of item ids to values of any kind.
fn answers_json() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec((answer_key(), json_value()), 0..60)
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect()).to_string()),
        1 => json_value().prop_map(|v| v.to_string()),
    ]
}

fn toml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (0i64..9).prop_map(|n| n.to_string()),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => awkward_float(),
        1 => Just("\"5\"".to_string()),
        1 => Just("true".to_string()),
        1 => Just("[1, 2]".to_string()),
        1 => Just("{ a = 1 }".to_string()),
        1 => Just("1979-05-27T07:32:00Z".to_string()),
        1 => Just("0x10".to_string()),
    ]
}

/// An answers document in TOML.
fn answers_toml() -> impl Strategy<Value = String> {
    prop::collection::vec((answer_key(), toml_value()), 0..60).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{} = {v}\n", toml_string(&k)))
            .collect()
    })
}

/// The fixture result with some of its values replaced by values of any kind, or removed.
fn result_json() -> impl Strategy<Value = Value> {
    let original: Value = serde_json::from_str(RESULT).expect("fixture result");
    let schema = prop_oneof![
        4 => Just("balance.result/v1".to_string()),
        1 => (0u32..5).prop_map(|v| format!("balance.result/v{v}")),
        1 => "[a-z./0-9]{0,12}",
    ];
    let edits = prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            prop::option::of(json_value()),
        ),
        0..4,
    );
    (schema, edits).prop_map(move |(schema, edits)| {
        let mut doc = original.clone();
        doc["schema"] = Value::String(schema);
        for (which, deeper, replacement) in edits {
            mutate(&mut doc, which, deeper, replacement);
        }
        doc
    })
}

/// Replaces (or removes, for None) a field at some depth of `doc`.
fn mutate(
    doc: &mut Value,
    which: prop::sample::Index,
    deeper: prop::sample::Index,
    with: Option<Value>,
) {
    let Value::Object(map) = doc else { return };
    if map.is_empty() {
        return;
    }
    let key = map.keys().nth(which.index(map.len())).unwrap().clone();
    let target = map.get_mut(&key).unwrap();
    // Half the time, go one level down first.
    if deeper.index(2) == 0 {
        match target {
            Value::Object(inner) if !inner.is_empty() => {
                let k = inner.keys().nth(deeper.index(inner.len())).unwrap().clone();
                match with {
                    Some(v) => inner[&k] = v,
                    None => {
                        inner.remove(&k);
                    }
                }
                return;
            }
            Value::Array(inner) if !inner.is_empty() => {
                let i = deeper.index(inner.len());
                match with {
                    Some(v) => inner[i] = v,
                    None => {
                        inner.remove(i);
                    }
                }
                return;
            }
            _ => {}
        }
    }
    match with {
        Some(v) => *target = v,
        None => {
            map.remove(&key);
        }
    }
}

fn history_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => result_json().prop_map(|v| v.to_string()),
        1 => json_value().prop_map(|v| v.to_string()),
        1 => soup().prop_map(|b| String::from_utf8_lossy(&b).replace('\n', " ")),
        1 => Just(String::new()),
        1 => result_json().prop_map(|v| {
            // A line torn by a crash.
            let s = v.to_string();
            s[..s.len() / 2].to_string()
        }),
    ];
    (prop::collection::vec(line, 0..6), any::<bool>())
        .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
}

fn csv_text() -> impl Strategy<Value = Vec<u8>> {
    let column = prop_oneof![
        8 => select(item_ids()),
        1 => Just("respondent".to_string()),
        1 => Just(" cl01 ".to_string()),
        1 => "[a-z0-9]{0,4}",
    ];
    let cell = prop_oneof![
        6 => (0i64..9).prop_map(|n| n.to_string()),
        2 => Just(String::new()),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => select(vec![" 4 ", "4.0", "\"3\"", "\"", "x", "-1", "+2", "0x1", "\u{0}", "7\r"]).prop_map(String::from),
    ];
    let row = prop::collection::vec(cell, 0..12);
    (
        prop::collection::vec(column, 0..12),
        prop::collection::vec(row, 0..8),
    )
        .prop_map(|(header, rows)| {
            let mut text = header.join(",");
            for row in rows {
                text.push('\n');
                text.push_str(&row.join(","));
            }
            text.into_bytes()
        })
}

fn jsonl_text() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        6 => prop::collection::vec((answer_key(), json_value()), 0..20)
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect()).to_string()),
        1 => json_value().prop_map(|v| v.to_string()),
        1 => soup().prop_map(|b| String::from_utf8_lossy(&b).replace('\n', " ")),
    ];
    prop::collection::vec(line, 0..8).prop_map(|lines| lines.join("\n").into_bytes())
}

// ---------------------------------------------------------------------------------------
// Driving the parsers
// ---------------------------------------------------------------------------------------

fn load_catalog(file: &str) {
    if let Ok(catalog) = Catalog::with_texts(&[("x.toml", file)]) {
        use_catalog(&catalog);
    }
}

/// Parses answers for every questionnaire in both forms, under every kind of name; what is
/// accepted must be on its item's scale and in the form, and is then scored and rendered.
fn parse_answers(text: &str) -> Result<(), TestCaseError> {
    let catalog = builtin();
    let taken: Vec<&Questionnaire> = catalog.questionnaires.iter().collect();
    for form in [Form::Full, Form::Short] {
        for name in ["a.json", "a.toml", "a", "<stdin>"] {
            let Ok(answers) = balance::answers::parse(name, text, &taken, form) else {
                continue;
            };
            for (id, answer) in &answers {
                let (q, item) = catalog
                    .item(id)
                    .expect("an accepted answer names a known item");
                prop_assert!(q.scale.contains(*answer), "{id} = {answer} accepted");
                prop_assert!(
                    form == Form::Full || item.short,
                    "{id} accepted in the short form"
                );
            }
            let doc = ResultDoc::assess(
                catalog,
                &taken,
                form,
                &Asked::answers(answers.clone()),
                5,
                Stamp::fixed(),
            );
            render_both(&doc);
        }
    }
    Ok(())
}

/// Every non-blank line is read as a result (taken by now, or in the future), reported
/// damaged, or skipped as a newer balance's; every result renders.
fn parse_history(text: &str) -> Result<(), TestCaseError> {
    let history = History::new("/nonexistent/balance-properties");
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    if let Ok(loaded) = history.parse(text) {
        prop_assert_eq!(
            loaded.results.len() + loaded.future.len() + loaded.damaged.len() + loaded.newer.len(),
            lines
        );
        for doc in &loaded.results {
            render_both(doc);
        }
    }
    Ok(())
}

fn parse_result(text: &str) {
    if let Ok(doc) = balance::reference::parse_file("r.json", text) {
        render_both(&doc);
    }
}

/// Scores every row read, with statistics and written out, as `balance score` does; rows
/// handed over must carry answers on their items' scales.
fn score_batch(bytes: &[u8], csv: bool) -> Result<(), TestCaseError> {
    let scorer = scorer(Form::Full);
    let mut batch = Batch::new(scorer, true);
    let shape = if csv { Shape::Csv } else { Shape::Jsonl };
    let mut rows = RowWriter::new(Vec::new(), shape, scorer).expect("writer");
    let mut off_scale = Vec::new();
    let mut each = |step: Step| {
        match step {
            Step::Row(row) => {
                for (position, item) in scorer.items().iter().enumerate() {
                    let answer = row.answer(position);
                    if answer.is_some_and(|a| !(item.min..=item.max).contains(&a)) {
                        off_scale.push((item.id.clone(), answer));
                    }
                }
                batch.score(&row, |scored| rows.write(scored))?;
            }
            Step::Bad(problem) => assert!(!problem.message.is_empty()),
        }
        Ok(true)
    };
    let input = Box::new(std::io::Cursor::new(bytes.to_vec()));
    let _ = if csv {
        read("s.csv", input, Format::Csv, scorer, &mut each)
    } else {
        read("s.jsonl", input, Format::Jsonl, scorer, &mut each)
    };
    let _ = rows.finish();
    let _ = batch.statistics();
    prop_assert!(
        off_scale.is_empty(),
        "answers off the scale passed on: {off_scale:?}"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// (a) No parser panics
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn questionnaire_files_of_arbitrary_bytes_never_panic(bytes in soup()) {
        load_catalog(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn questionnaire_files_mutated_from_a_built_in_never_panic(
        bytes in mutated(include_bytes!("../../questionnaires/attachment.toml")),
    ) {
        load_catalog(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn questionnaire_files_of_wrong_values_never_panic(file in questionnaire_toml()) {
        load_catalog(&file);
    }

    #[test]
    fn questionnaire_files_that_nearly_pass_never_panic(file in nearly_valid_questionnaire_toml()) {
        load_catalog(&file);
    }

    #[test]
    fn strategy_files_of_wrong_values_never_panic(file in strategies_toml()) {
        load_catalog(&file);
    }
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn answers_of_arbitrary_bytes_never_panic(bytes in soup()) {
        parse_answers(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn answers_in_json_of_wrong_values_never_panic(text in answers_json()) {
        parse_answers(&text)?;
    }

    #[test]
    fn answers_in_toml_of_wrong_values_never_panic(text in answers_toml()) {
        parse_answers(&text)?;
    }

    #[test]
    fn histories_of_arbitrary_bytes_never_panic(bytes in soup()) {
        parse_history(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn histories_of_wrong_results_never_panic(text in history_text()) {
        parse_history(&text)?;
    }

    #[test]
    fn result_files_of_arbitrary_bytes_never_panic(bytes in soup()) {
        parse_result(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn result_files_of_wrong_values_never_panic(doc in result_json()) {
        parse_result(&doc.to_string());
        parse_result(&serde_json::to_string_pretty(&doc).unwrap());
    }

    #[test]
    fn result_files_mutated_byte_by_byte_never_panic(bytes in mutated(RESULT.as_bytes())) {
        parse_result(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn batch_csv_of_arbitrary_bytes_never_panics(bytes in soup()) {
        score_batch(&bytes, true)?;
    }

    #[test]
    fn batch_csv_of_wrong_cells_never_panics(bytes in csv_text()) {
        score_batch(&bytes, true)?;
    }

    #[test]
    fn batch_jsonl_of_arbitrary_bytes_never_panics(bytes in soup()) {
        score_batch(&bytes, false)?;
    }

    #[test]
    fn batch_jsonl_of_wrong_values_never_panics(bytes in jsonl_text()) {
        score_batch(&bytes, false)?;
    }
}

// ---------------------------------------------------------------------------------------
// (b) Scoring invariants over the built-in questionnaires
// ---------------------------------------------------------------------------------------

/// Answers in scorer order, each on the 1-7 scale or skipped; how often items are skipped
/// varies from case to case so that the two-thirds rule is met and missed.
fn answer_vector(form: Form) -> impl Strategy<Value = Vec<Option<i64>>> {
    let n = scorer(form).items().len();
    // Strictly between 0 and 1: proptest refuses a probability of 0 or 1.
    (0.01f64..=0.99).prop_flat_map(move |answered| {
        prop::collection::vec(prop::option::weighted(answered, 1i64..=7), n)
    })
}

fn form() -> impl Strategy<Value = Form> {
    prop_oneof![Just(Form::Full), Just(Form::Short)]
}

fn form_and_answers() -> impl Strategy<Value = (Form, Vec<Option<i64>>)> {
    form().prop_flat_map(|form| (Just(form), answer_vector(form)))
}

fn pole_of(scorer: &Scorer, d: usize) -> Option<Pole> {
    scorer.dimensions()[d].pole
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9
}

/// The profile with `flip` applied to the questionnaires' reverse flags first.
fn score_with(form: Form, answers: &[Option<i64>], flip: Option<&str>) -> (Scorer, Profile) {
    let questionnaires: Vec<Questionnaire> = builtin()
        .questionnaires
        .iter()
        .cloned()
        .map(|mut q| {
            for item in &mut q.items {
                if Some(item.id.as_str()) == flip {
                    item.reverse = !item.reverse;
                }
            }
            q
        })
        .collect();
    let scorer = Scorer::new(&questionnaires, form);
    let profile = scorer.score(answers);
    (scorer, profile)
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn scores_and_means_stay_on_their_scales((form, answers) in form_and_answers()) {
        let scorer = scorer(form);
        let profile = scorer.score(&answers);
        prop_assert_eq!(profile.dimensions.len(), scorer.dimensions().len());
        for (d, s) in scorer.dimensions().iter().zip(&profile.dimensions) {
            prop_assert_eq!(s.items, d.members.len());
            let answered = d.members.clone().filter(|&i| answers[i].is_some()).count();
            prop_assert_eq!(s.answered, answered);
            if let Some(score) = s.score {
                prop_assert!((0.0..=100.0).contains(&score), "{}: score {}", d.id, score);
                let mean = s.mean.expect("a scored dimension has a mean");
                prop_assert!(
                    (d.min as f64..=d.max as f64).contains(&mean),
                    "{}: mean {} off the scale {}..={}", d.id, mean, d.min, d.max
                );
                prop_assert!(close(score, (mean - d.min as f64) / (d.max - d.min) as f64 * 100.0));
            } else {
                prop_assert!(s.mean.is_none());
            }
        }
    }

    #[test]
    fn a_dimension_is_scored_iff_two_thirds_of_its_items_are_answered(
        (form, answers) in form_and_answers(),
    ) {
        let scorer = scorer(form);
        let profile = scorer.score(&answers);
        for (d, s) in scorer.dimensions().iter().zip(&profile.dimensions) {
            let k = d.members.len();
            let answered = d.members.clone().filter(|&i| answers[i].is_some()).count();
            // ceil(2k/3) without floating point: 3 * answered >= 2 * k.
            let enough = answered > 0 && 3 * answered >= 2 * k;
            prop_assert_eq!(
                s.score.is_some(), enough,
                "{}: {} of {} answered", d.id, answered, k
            );
            prop_assert_eq!(s.reason().is_some(), !enough);
        }
    }

    #[test]
    fn a_reverse_item_answered_a_counts_as_a_plain_item_answered_min_plus_max_minus_a(
        (form, answers) in form_and_answers(),
        pick in any::<prop::sample::Index>(),
    ) {
        let scorer = scorer(form);
        let reversed: Vec<usize> = (0..scorer.items().len())
            .filter(|&i| scorer.items()[i].reverse && answers[i].is_some())
            .collect();
        prop_assume!(!reversed.is_empty());
        let i = reversed[pick.index(reversed.len())];
        let item = &scorer.items()[i];
        let mut mirrored = answers.clone();
        mirrored[i] = answers[i].map(|a| item.min + item.max - a);
        let (_, original) = score_with(form, &answers, None);
        let (plain, as_plain) = score_with(form, &mirrored, Some(&item.id));
        prop_assert!(!plain.items()[i].reverse);
        prop_assert_eq!(original, as_plain);
    }

    #[test]
    fn flipping_every_answer_of_a_dimension_maps_its_score_s_to_100_minus_s(
        (form, answers) in form_and_answers(),
        pick in any::<prop::sample::Index>(),
    ) {
        let scorer = scorer(form);
        let d = pick.index(scorer.dimensions().len());
        let dimension = &scorer.dimensions()[d];
        let mut flipped = answers.clone();
        for i in dimension.members.clone() {
            flipped[i] = answers[i].map(|a| dimension.min + dimension.max - a);
        }
        let before = scorer.score(&answers).dimensions[d];
        let after = scorer.score(&flipped).dimensions[d];
        prop_assert_eq!(before.answered, after.answered);
        match (before.score, after.score) {
            (Some(s), Some(t)) => prop_assert!(close(t, 100.0 - s), "{} -> {}", s, t),
            (None, None) => {}
            other => prop_assert!(false, "scored on one side only: {:?}", other),
        }
        // Every other dimension is untouched.
        for (e, (x, y)) in scorer.score(&answers).dimensions.iter()
            .zip(&scorer.score(&flipped).dimensions).enumerate()
        {
            if e != d {
                prop_assert_eq!(x, y);
            }
        }
    }

    #[test]
    fn the_balance_index_is_distance_minus_closeness_within_plus_minus_100(
        (form, answers) in form_and_answers(),
    ) {
        let scorer = scorer(form);
        let profile = scorer.score(&answers);
        let pole_mean = |pole: Pole| {
            let scores: Vec<f64> = profile.dimensions.iter().enumerate()
                .filter(|(d, _)| pole_of(scorer, *d) == Some(pole))
                .filter_map(|(_, s)| s.score)
                .collect();
            (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
        };
        let (closeness, distance) = (pole_mean(Pole::Closeness), pole_mean(Pole::Distance));
        match (profile.balance, closeness, distance) {
            (Some(balance), Some(c), Some(d)) => {
                prop_assert!((-100.0..=100.0).contains(&balance.index), "index {}", balance.index);
                prop_assert!(close(balance.index, d - c));
                // Positive (toward detached) exactly when the distance pole scores higher.
                prop_assert_eq!(balance.index > 0.0, d > c, "index {} from C {} D {}", balance.index, c, d);
                prop_assert_eq!(balance.index < 0.0, d < c, "index {} from C {} D {}", balance.index, c, d);
                let label = balance.label.name();
                // The label follows the index as shown (rounded) and the two pulls.
                let shown = balance.index.round();
                let expected = if shown <= -50.0 { "merged" }
                    else if shown <= -20.0 { "leaning merged" }
                    else if shown >= 50.0 { "detached" }
                    else if shown >= 20.0 { "leaning detached" }
                    else {
                        match (balance.closeness.is_strong(), balance.distance.is_strong()) {
                            (false, false) => "interdependent",
                            (true, true) => "pulled both ways",
                            (true, false) => "leaning merged",
                            (false, true) => "leaning detached",
                        }
                    };
                prop_assert!(close(balance.closeness.score, c) && close(balance.distance.score, d));
                prop_assert_eq!(label, expected);
            }
            (None, c, d) => prop_assert!(c.is_none() || d.is_none(), "no balance from C {:?} D {:?}", c, d),
            (Some(b), c, d) => prop_assert!(false, "balance {:?} from C {:?} D {:?}", b, c, d),
        }
    }

    #[test]
    fn the_leaning_follows_anxiety_and_avoidance_against_the_midpoint(
        (form, answers) in form_and_answers(),
    ) {
        let scorer = scorer(form);
        let profile = scorer.score(&answers);
        let score_of = |id: &str| {
            scorer.dimension_position(id).and_then(|d| profile.dimensions[d].score)
        };
        match (profile.leaning, score_of("anxiety"), score_of("avoidance")) {
            (Some(leaning), Some(anxiety), Some(avoidance)) => {
                prop_assert_eq!(leaning.anxiety, anxiety);
                prop_assert_eq!(leaning.avoidance, avoidance);
                let anxious = matches!(leaning.style, Style::Anxious | Style::Fearful);
                let avoidant = matches!(leaning.style, Style::Avoidant | Style::Fearful);
                prop_assert_eq!(anxious, anxiety > 50.0, "{:?} with anxiety {}", leaning.style, anxiety);
                prop_assert_eq!(avoidant, avoidance > 50.0, "{:?} with avoidance {}", leaning.style, avoidance);
                prop_assert!((0.0..=1.0).contains(&leaning.strength));
                let nearer = (anxiety - 50.0).abs().min((avoidance - 50.0).abs());
                prop_assert!(close(leaning.strength, nearer / 50.0));
            }
            (None, anxiety, avoidance) => prop_assert!(
                anxiety.is_none() || avoidance.is_none(),
                "no leaning from anxiety {:?} avoidance {:?}", anxiety, avoidance
            ),
            (Some(l), a, v) => prop_assert!(false, "leaning {:?} from {:?} {:?}", l, a, v),
        }
    }

    #[test]
    fn the_result_document_carries_the_profile(
        (form, answers) in form_and_answers(),
        top in 0usize..8,
    ) {
        let catalog = builtin();
        let scorer = scorer(form);
        let by_id: Answers = scorer.items().iter().zip(&answers)
            .filter_map(|(item, a)| a.map(|a| (item.id.clone(), a)))
            .collect();
        let taken: Vec<&Questionnaire> = catalog.questionnaires.iter().collect();
        let doc = ResultDoc::assess(catalog, &taken, form, &Asked::answers(by_id.clone()), top, Stamp::fixed());
        let profile = scorer.score(&answers);
        for (d, s) in scorer.dimensions().iter().zip(&profile.dimensions) {
            let saved = &doc.dimensions[&d.id];
            prop_assert_eq!(saved.score, s.score);
            prop_assert_eq!(saved.mean, s.mean);
            prop_assert_eq!(saved.band.is_some(), s.score.is_some());
        }
        prop_assert_eq!(doc.balance.as_ref().map(|b| b.index), profile.balance.map(|b| b.index));
        prop_assert_eq!(doc.leaning.as_ref().map(|l| l.style), profile.leaning.map(|l| l.style));
        prop_assert!(doc.recommendations.len() <= top);
        prop_assert_eq!(doc.answers(), by_id);
        render_both(&doc);
    }
}
