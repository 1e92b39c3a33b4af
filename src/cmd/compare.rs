//! `balance compare A B`: one person at two times, or two partners side by side.

use std::io::{self, Write};

use serde::Serialize;

use crate::change::Change;
use crate::cli::CompareArgs;
use crate::config::Config;
use crate::error::{exit, Error, Result};
use crate::output::{write_json, write_table, Look};
use crate::reference::resolve;
use crate::report::cite;
use crate::result::{RecommendationResult, ResultDoc};

/// A balance index at least this far to one side counts as a pull that way.
const PULL: f64 = 20.0;

#[derive(Serialize)]
struct Row {
    dimension: String,
    title: String,
    a: Option<f64>,
    b: Option<f64>,
    difference: Option<f64>,
    /// The smallest difference that exceeds the two scores' measurement error (90 %).
    threshold: Option<f64>,
    reliable: bool,
}

#[derive(Serialize)]
struct Comparison<'a> {
    schema: &'static str,
    /// "same person" when both results are in this history, else "partners".
    kind: &'static str,
    a: &'a str,
    b: &'a str,
    /// Questionnaires taken in different versions by the two results.
    version_differences: Vec<String>,
    rows: Vec<Row>,
    /// For partners: where their needs pull apart, in words.
    gaps: Vec<String>,
    /// Strategies that speak to both results, with sources.
    strategies: Vec<&'a RecommendationResult>,
}

pub fn run(args: CompareArgs, config: &mut Config) -> Result<i32> {
    let catalog = config.catalog()?;
    // Only the two results compared are completed, below.
    let history = config.load_history()?;
    let mut from_history = || Ok(history.clone());
    let mut a = resolve(&args.a, &mut from_history)?;
    let mut b = resolve(&args.b, &mut from_history)?;
    a.complete(&catalog);
    b.complete(&catalog);
    let in_history = |r: &ResultDoc| history.iter().any(|h| h.id == r.id);
    let partners = !(in_history(&a) && in_history(&b));
    let names = if partners {
        partner_names(&args, in_history(&a), in_history(&b))
    } else {
        ["Then".to_string(), "Now".to_string()]
    };
    let comparison = Comparison {
        schema: "balance.compare/v1",
        kind: if partners { "partners" } else { "same person" },
        a: &a.id,
        b: &b.id,
        version_differences: version_differences(&a, &b),
        rows: rows(&a, &b),
        gaps: if partners {
            gaps(&a, &b, &names)
        } else {
            Vec::new()
        },
        strategies: shared_strategies(&a, &b),
    };
    if args.json {
        write_json(config.out, &comparison).map_err(Error::Output)?;
    } else {
        show(config.out, config.look, &comparison, [&a, &b], &names).map_err(Error::Output)?;
    }
    Ok(exit::OK)
}

/// "You" for the result in this history and "Partner" for the other; the arguments as
/// given when neither or both are.
fn partner_names(args: &CompareArgs, a_mine: bool, b_mine: bool) -> [String; 2] {
    match (a_mine, b_mine) {
        (true, false) => ["You".to_string(), "Partner".to_string()],
        (false, true) => ["Partner".to_string(), "You".to_string()],
        _ => [short_name(&args.a), short_name(&args.b)],
    }
}

fn short_name(argument: &str) -> String {
    let name = std::path::Path::new(argument)
        .file_name()
        .map_or(argument.into(), |n| n.to_string_lossy());
    crate::text::safe(&name).chars().take(16).collect()
}

fn version_differences(a: &ResultDoc, b: &ResultDoc) -> Vec<String> {
    a.questionnaires
        .iter()
        .filter_map(|qa| {
            let qb = b.questionnaires.iter().find(|q| q.id == qa.id)?;
            (qa.version != qb.version).then(|| {
                format!(
                    "{} was taken in version {} and in version {}: its statements differ, so read its change with care.",
                    qa.id, qa.version, qb.version
                )
            })
        })
        .collect()
}

fn rows(a: &ResultDoc, b: &ResultDoc) -> Vec<Row> {
    let mut ids: Vec<&String> = a.dimensions.keys().collect();
    ids.extend(
        b.dimensions
            .keys()
            .filter(|id| !a.dimensions.contains_key(*id)),
    );
    let mut rows: Vec<Row> = ids
        .into_iter()
        .map(|id| {
            let (x, y) = (a.dimensions.get(id), b.dimensions.get(id));
            let title = y.or(x).map_or(id.clone(), |d| d.title.clone());
            row(
                id,
                title,
                x.and_then(|d| d.score.map(|s| (s, d.se))),
                y.and_then(|d| d.score.map(|s| (s, d.se))),
            )
        })
        .collect();
    let index = |r: &ResultDoc| r.balance.as_ref().map(|v| (v.index, v.se));
    rows.push(row(
        "balance",
        "Balance index".to_string(),
        index(a),
        index(b),
    ));
    rows
}

fn row(
    id: &str,
    title: String,
    a: Option<(f64, Option<f64>)>,
    b: Option<(f64, Option<f64>)>,
) -> Row {
    let change = a.zip(b).map(|(x, y)| Change::between(x, y));
    Row {
        dimension: id.to_string(),
        title,
        a: a.map(|v| v.0),
        b: b.map(|v| v.0),
        difference: change.map(|c| c.difference),
        threshold: change.and_then(|c| c.threshold),
        reliable: change.is_some_and(|c| c.reliable),
    }
}

/// Where one partner leans toward closeness and the other toward space.
fn gaps(a: &ResultDoc, b: &ResultDoc, [first, second]: &[String; 2]) -> Vec<String> {
    let index = |r: &ResultDoc| r.balance.as_ref().map(|v| v.index);
    let (Some(x), Some(y)) = (index(a), index(b)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let apart = |close: &str, far: &str| {
        format!("{close}: leaning toward closeness; {far}: leaning toward space. The one leaning toward closeness may want more time and reassurance, the other more room of their own.")
    };
    if x <= -PULL && y >= PULL {
        found.push(apart(first, second));
    } else if y <= -PULL && x >= PULL {
        found.push(apart(second, first));
    }
    if (x - y).abs() >= 2.0 * PULL && found.is_empty() {
        found.push(format!("Your balance indexes differ by {:.0} points: talk about how much time together and apart each of you needs.", (x - y).abs()));
    }
    found
}

/// Strategies both results call for, then the first of each.
fn shared_strategies<'r>(a: &'r ResultDoc, b: &'r ResultDoc) -> Vec<&'r RecommendationResult> {
    let mut list: Vec<&RecommendationResult> = a
        .recommendations
        .iter()
        .filter(|r| b.recommendations.iter().any(|o| o.id == r.id))
        .collect();
    for first in [a.recommendations.first(), b.recommendations.first()]
        .into_iter()
        .flatten()
    {
        if !list.iter().any(|r| r.id == first.id) {
            list.push(first);
        }
    }
    list
}

fn show(
    out: &mut dyn Write,
    look: Look,
    c: &Comparison,
    results: [&ResultDoc; 2],
    names: &[String; 2],
) -> io::Result<()> {
    let date = |r: &ResultDoc| r.taken_at.strftime("%Y-%m-%d").to_string();
    for (name, r) in names.iter().zip(results) {
        writeln!(out, "{name}: {} ({})", date(r), short_id(&r.id))?;
    }
    writeln!(out)?;
    let change = if c.kind == "partners" {
        "Difference"
    } else {
        "Change"
    };
    let mut table = look.table(&["", &names[0], &names[1], change]);
    let shown = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.0}"));
    for row in &c.rows {
        let verdict = match (row.difference, row.reliable) {
            (None, _) => "-".to_string(),
            (Some(d), true) => format!("{d:+.0}, reliable"),
            (Some(d), false) => format!("{d:+.0}, within error"),
        };
        table.add_row(vec![row.title.clone(), shown(row.a), shown(row.b), verdict]);
    }
    look.fit(&mut table, &[]);
    write_table(out, &table)?;
    let note = "Reliable: larger than the two scores' measurement error allows (90 %); within error: no reliable change.";
    writeln!(out, "{}", look.dim(look.wrap(note, "")))?;
    for text in c.version_differences.iter().chain(&c.gaps) {
        writeln!(out, "\n{}", look.wrap(text, ""))?;
    }
    if !c.strategies.is_empty() {
        let heading = if c.kind == "partners" {
            "Strategies for both of you"
        } else {
            "Strategies for then and now"
        };
        writeln!(out, "\n{}", look.bold(heading))?;
        for s in &c.strategies {
            writeln!(out, "{}", look.bullet(&s.title, ""))?;
            let cited = look.wrap(&format!("Source: {}", cite(&s.sources)), "  ");
            writeln!(out, "{}", look.dim(cited))?;
        }
    }
    Ok(())
}

fn short_id(id: &str) -> String {
    id.chars().take(13).collect()
}
