//! `balance history`: the saved results as a table or JSON.

use std::io::{self, Write};

use crate::cli::HistoryArgs;
use crate::config::Config;
use crate::error::{exit, Error, Result};
use crate::output::{write_json, write_table, Look};
use crate::result::ResultDoc;

pub fn run(args: HistoryArgs, config: &mut Config) -> Result<i32> {
    let catalog = config.catalog()?;
    let now = jiff::Timestamp::now();
    let all = config.load_results(&catalog)?;
    let total = all.len();
    let mut results: Vec<ResultDoc> = all
        .into_iter()
        .filter(|r| args.since.is_none_or(|b| r.taken_at >= b.start(now)))
        .filter(|r| args.until.is_none_or(|b| r.taken_at < b.end(now)))
        .collect();
    if let Some(limit) = args.limit {
        results.drain(..results.len().saturating_sub(limit));
    }
    if args.json {
        write_json(config.out, &results).map_err(Error::Output)?;
    } else {
        show(config.out, config.look, &results, total).map_err(Error::Output)?;
    }
    Ok(exit::OK)
}

fn show(out: &mut dyn Write, look: Look, results: &[ResultDoc], total: usize) -> io::Result<()> {
    if total == 0 {
        return writeln!(
            out,
            "No saved results yet. Take the quiz with `balance quiz`."
        );
    }
    if results.is_empty() {
        let text = format!(
            "No result matches (the history has {total} result{}); see `balance history` for all.",
            if total == 1 { "" } else { "s" }
        );
        return writeln!(out, "{}", look.wrap(&text, ""));
    }
    let dimensions = dimension_titles(results.iter());
    let mut header = vec!["Date", "Form", "Leaning", "Balance"];
    header.extend(dimensions.iter().map(|(_, title)| title.as_str()));
    header.push("Id");
    let mut table = look.table(&header);
    for r in results {
        let readable = r.interpretable();
        let mut row = vec![
            r.taken_at.strftime("%Y-%m-%d %H:%M").to_string(),
            format!("{:?}", r.form).to_lowercase(),
            r.leaning
                .as_ref()
                .filter(|_| readable)
                .map_or("-".to_string(), |l| l.style.to_string()),
            r.balance
                .as_ref()
                .map_or("-".to_string(), |b| format!("{:+.0}", b.index)),
        ];
        row.extend(
            dimensions
                .iter()
                .map(|(id, _)| r.score(id).map_or("-".to_string(), |s| format!("{s:.0}"))),
        );
        row.push(r.id.chars().take(13).collect());
        table.add_row(row);
    }
    // Narrow terminals lose the form, then the dimensions (last first), then the leaning and
    // the balance: the date and the id, which other commands take, always stay whole.
    let dims = 4..4 + dimensions.len();
    let drop: Vec<usize> = std::iter::once(1).chain(dims.rev()).chain([2, 3]).collect();
    look.fit(&mut table, &drop);
    write_table(out, &table)
}

/// Every dimension any result scored (oldest first), with its latest title, in the order
/// the latest results list them.
pub fn dimension_titles<'a>(
    results: impl DoubleEndedIterator<Item = &'a ResultDoc>,
) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    for r in results.rev() {
        for (id, d) in &r.dimensions {
            if !found.iter().any(|(known, _)| known == id) {
                found.push((id.clone(), d.title.clone()));
            }
        }
    }
    found
}
