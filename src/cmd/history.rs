//! `balance history`: the saved results as a table or JSON.

use crate::cli::HistoryArgs;
use crate::context::Context;
use crate::error::{exit, Result};
use crate::output::{write_json, write_table};
use crate::result::ResultDoc;

pub fn run(args: HistoryArgs, ctx: &mut Context) -> Result<i32> {
    let now = jiff::Timestamp::now();
    let mut results: Vec<ResultDoc> = ctx
        .load_history()?
        .into_iter()
        .filter(|r| args.since.is_none_or(|b| r.taken_at >= b.start(now)))
        .filter(|r| args.until.is_none_or(|b| r.taken_at < b.end(now)))
        .collect();
    if let Some(limit) = args.limit {
        results.drain(..results.len().saturating_sub(limit));
    }
    if args.json {
        write_json(ctx.out, &results)?;
        return Ok(exit::OK);
    }
    if results.is_empty() {
        ctx.out
            .write_all(b"No saved results yet. Take the quiz with `balance quiz`.\n")?;
        return Ok(exit::OK);
    }
    let dimensions = dimension_ids(&results);
    let mut header = vec!["Date", "Form", "Leaning", "Balance"];
    header.extend(dimensions.iter().map(String::as_str));
    header.push("Id");
    let mut table = ctx.look.table(&header);
    for r in &results {
        let mut row = vec![
            r.taken_at.strftime("%Y-%m-%d %H:%M").to_string(),
            format!("{:?}", r.form).to_lowercase(),
            r.leaning
                .as_ref()
                .map_or("-".to_string(), |l| l.style.to_string()),
            r.balance
                .as_ref()
                .map_or("-".to_string(), |b| format!("{:+.0}", b.index)),
        ];
        row.extend(
            dimensions
                .iter()
                .map(|d| r.score(d).map_or("-".to_string(), |s| format!("{s:.0}"))),
        );
        row.push(r.id.chars().take(13).collect());
        table.add_row(row);
    }
    write_table(ctx.out, &table)?;
    Ok(exit::OK)
}

/// Every dimension any result scored, in a stable order.
pub fn dimension_ids(results: &[ResultDoc]) -> Vec<String> {
    let mut ids: Vec<String> = results
        .iter()
        .flat_map(|r| r.dimensions.keys().cloned())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}
