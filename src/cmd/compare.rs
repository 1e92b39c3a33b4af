//! `balance compare A B`: one person at two times, or two partners side by side.

use serde::Serialize;

use crate::cli::CompareArgs;
use crate::context::Context;
use crate::error::{exit, Result};
use crate::output::{write_json, write_table};
use crate::reference::resolve;
use crate::report::cite;
use crate::result::{RecommendationResult, ResultDoc};

use super::history::dimension_ids;

/// A balance index at least this far to one side counts as a pull that way.
const PULL: f64 = 20.0;

#[derive(Serialize)]
struct Row {
    dimension: String,
    a: Option<f64>,
    b: Option<f64>,
    difference: Option<f64>,
}

#[derive(Serialize)]
struct Comparison<'a> {
    schema: &'static str,
    /// "same person" when both results are in this history, else "partners".
    kind: &'static str,
    a: &'a str,
    b: &'a str,
    rows: Vec<Row>,
    /// For partners: where their needs pull apart, in words.
    gaps: Vec<String>,
    /// Strategies that speak to both results, with sources.
    strategies: Vec<&'a RecommendationResult>,
}

pub fn run(args: CompareArgs, ctx: &mut Context) -> Result<i32> {
    let history = ctx.load_history()?;
    let mut from_history = || Ok(history.clone());
    let a = resolve(&args.a, &mut from_history)?;
    let b = resolve(&args.b, &mut from_history)?;
    let in_history = |r: &ResultDoc| history.iter().any(|h| h.id == r.id);
    let partners = !(in_history(&a) && in_history(&b));
    let comparison = Comparison {
        schema: "balance.compare/v1",
        kind: if partners { "partners" } else { "same person" },
        a: &a.id,
        b: &b.id,
        rows: rows(&a, &b),
        gaps: if partners { gaps(&a, &b) } else { Vec::new() },
        strategies: shared_strategies(&a, &b),
    };
    if args.json {
        write_json(ctx.out, &comparison)?;
    } else {
        show(ctx, &comparison, &a, &b)?;
    }
    Ok(exit::OK)
}

fn rows(a: &ResultDoc, b: &ResultDoc) -> Vec<Row> {
    let both = [a.clone(), b.clone()];
    let mut rows: Vec<Row> = dimension_ids(&both)
        .into_iter()
        .map(|id| {
            let (x, y) = (a.score(&id), b.score(&id));
            Row {
                dimension: id,
                a: x,
                b: y,
                difference: x.zip(y).map(|(x, y)| y - x),
            }
        })
        .collect();
    let (x, y) = (
        a.balance.as_ref().map(|v| v.index),
        b.balance.as_ref().map(|v| v.index),
    );
    rows.push(Row {
        dimension: "balance".to_string(),
        a: x,
        b: y,
        difference: x.zip(y).map(|(x, y)| y - x),
    });
    rows
}

/// Where one partner leans toward closeness and the other toward space.
fn gaps(a: &ResultDoc, b: &ResultDoc) -> Vec<String> {
    let index = |r: &ResultDoc| r.balance.as_ref().map(|v| v.index);
    let (Some(x), Some(y)) = (index(a), index(b)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if x <= -PULL && y >= PULL {
        found.push("A leans toward closeness while B leans toward space: A may want more time and reassurance, B more room of their own.".to_string());
    } else if y <= -PULL && x >= PULL {
        found.push("B leans toward closeness while A leans toward space: B may want more time and reassurance, A more room of their own.".to_string());
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

fn show(ctx: &mut Context, c: &Comparison, a: &ResultDoc, b: &ResultDoc) -> Result<()> {
    let date = |r: &ResultDoc| r.taken_at.strftime("%Y-%m-%d").to_string();
    writeln!(
        ctx.out,
        "A: {} ({})   B: {} ({})   [{}]",
        date(a),
        short(&a.id),
        date(b),
        short(&b.id),
        c.kind
    )?;
    let mut table = ctx.look.table(&["", "A", "B", "B - A"]);
    let shown = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.0}"));
    for row in &c.rows {
        table.add_row(vec![
            row.dimension.clone(),
            shown(row.a),
            shown(row.b),
            row.difference
                .map_or("-".to_string(), |d| format!("{d:+.0}")),
        ]);
    }
    write_table(ctx.out, &table)?;
    for gap in &c.gaps {
        writeln!(ctx.out, "\n{gap}")?;
    }
    if !c.strategies.is_empty() {
        writeln!(ctx.out, "\n{}", ctx.look.bold("Strategies for both of you"))?;
        for s in &c.strategies {
            writeln!(ctx.out, "- {}", s.title)?;
            writeln!(
                ctx.out,
                "  {}",
                ctx.look.dim(format!("Source: {}", cite(&s.sources)))
            )?;
        }
    }
    Ok(())
}

fn short(id: &str) -> String {
    id.chars().take(13).collect()
}
