//! `balance trend`: each score over time as a sparkline, and the trail on the attachment map.

use serde::Serialize;

use crate::cli::JsonFlag;
use crate::context::Context;
use crate::error::{exit, Result};
use crate::output::{write_json, write_table, Look};
use crate::report::map;
use crate::result::ResultDoc;

use super::history::dimension_ids;

/// A change smaller than this, in points, reads as steady.
const STEADY: f64 = 5.0;

#[derive(Serialize)]
struct Point {
    taken_at: jiff::Timestamp,
    id: String,
    value: f64,
}

#[derive(Serialize)]
struct Series {
    id: String,
    title: String,
    first: Option<f64>,
    last: Option<f64>,
    change: Option<f64>,
    direction: &'static str,
    points: Vec<Point>,
}

#[derive(Serialize)]
struct Trend {
    schema: &'static str,
    series: Vec<Series>,
}

pub fn run(args: JsonFlag, ctx: &mut Context) -> Result<i32> {
    let results = ctx.load_history()?;
    let mut series: Vec<Series> = dimension_ids(&results)
        .into_iter()
        .map(|id| dimension_series(&results, id))
        .collect();
    series.push(balance_series(&results));
    if args.json {
        write_json(
            ctx.out,
            &Trend {
                schema: "balance.trend/v1",
                series,
            },
        )?;
        return Ok(exit::OK);
    }
    if results.is_empty() {
        ctx.out
            .write_all(b"No saved results yet. Take the quiz with `balance quiz`.\n")?;
        return Ok(exit::OK);
    }
    let look = ctx.look;
    let mut table = look.table(&["", "Over time", "First", "Last", "Change", "Direction"]);
    for s in &series {
        let values: Vec<f64> = s.points.iter().map(|p| p.value).collect();
        let shown = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.0}"));
        table.add_row(vec![
            s.title.clone(),
            sparkline(&values, look),
            shown(s.first),
            shown(s.last),
            s.change.map_or("-".to_string(), |c| format!("{c:+.0}")),
            s.direction.to_string(),
        ]);
    }
    write_table(ctx.out, &table)?;
    let trail: Vec<(f64, f64)> = results
        .iter()
        .filter_map(|r| r.leaning.as_ref().map(|l| (l.anxiety, l.avoidance)))
        .collect();
    if !trail.is_empty() {
        writeln!(ctx.out)?;
        map(ctx.out, look, &trail)?;
    }
    Ok(exit::OK)
}

fn dimension_series(results: &[ResultDoc], id: String) -> Series {
    let title = results
        .iter()
        .rev()
        .find_map(|r| r.dimensions.get(&id).map(|d| d.title.clone()))
        .unwrap_or_else(|| id.clone());
    let points = results
        .iter()
        .filter_map(|r| r.score(&id).map(|value| point(r, value)))
        .collect();
    summarise(id, title, points)
}

fn balance_series(results: &[ResultDoc]) -> Series {
    let points = results
        .iter()
        .filter_map(|r| r.balance.as_ref().map(|b| point(r, b.index)))
        .collect();
    summarise("balance".to_string(), "Balance index".to_string(), points)
}

fn point(r: &ResultDoc, value: f64) -> Point {
    Point {
        taken_at: r.taken_at,
        id: r.id.clone(),
        value,
    }
}

fn summarise(id: String, title: String, points: Vec<Point>) -> Series {
    let first = points.first().map(|p| p.value);
    let last = points.last().map(|p| p.value);
    let change = first.zip(last).map(|(a, b)| b - a);
    let direction = match change {
        _ if points.len() < 2 => "not enough results",
        Some(c) if c >= STEADY => "rising",
        Some(c) if c <= -STEADY => "falling",
        _ => "steady",
    };
    Series {
        id,
        title,
        first,
        last,
        change,
        direction,
        points,
    }
}

/// Values drawn as bars of eight heights, scaled to their own range.
pub fn sparkline(values: &[f64], look: Look) -> String {
    let ticks: Vec<char> = if look.unicode {
        "▁▂▃▄▅▆▇█".chars().collect()
    } else {
        "_.-:=+*#".chars().collect()
    };
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = high - low;
    values
        .iter()
        .map(|v| {
            let level = if span > 0.0 { (v - low) / span } else { 0.5 };
            ticks[((level * (ticks.len() - 1) as f64).round() as usize).min(ticks.len() - 1)]
        })
        .collect()
}
