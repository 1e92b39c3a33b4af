//! `balance forget`: deletes results from the history, after asking on a terminal.

use crate::cli::ForgetArgs;
use crate::config::Config;
use crate::error::{exit, Error, Result};
use crate::history::History;
use crate::output::Terminals;
use crate::reference::find;
use crate::result::ResultDoc;

pub fn run(args: ForgetArgs, config: &mut Config) -> Result<i32> {
    if args.all {
        return forget_all(args.yes, config);
    }
    let now = jiff::Timestamp::now();
    let cutoff = args.before.map(|b| b.start(now));
    let history = config.history()?;
    let loaded = history.load()?;
    // The same references as every other command: an id or its first characters, latest,
    // first, latest~N. One that names nothing is an error, not "nothing to forget".
    let id = match args.id.as_deref() {
        // Results dated in the future are not in the list `latest` counts from, but their
        // ids still name them.
        Some(reference) => Some(
            find(&loaded.results, reference)
                .or_else(|e| find(&loaded.future, reference).map_err(|_| e))?
                .id
                .clone(),
        ),
        None => None,
    };
    let matches = |r: &ResultDoc| {
        cutoff.is_some_and(|c| r.taken_at < c) || id.as_deref().is_some_and(|id| r.id == id)
    };
    // Results dated in the future are not listed, but they can be forgotten by id.
    let count = loaded
        .results
        .iter()
        .chain(&loaded.future)
        .filter(|r| matches(r))
        .count();
    if count == 0 {
        writeln!(config.out, "nothing to forget").map_err(Error::Output)?;
        return Ok(exit::OK);
    }
    if !args.yes && !confirm(count, config.terminals)? {
        writeln!(config.out, "kept everything").map_err(Error::Output)?;
        return Ok(exit::OK);
    }
    let removed = history.forget(matches)?;
    say_forgotten(config, removed)
}

/// Everything balance keeps about the person: every line of the history (damaged ones and
/// those of a newer balance hold answers too), saved progress and leftover temporary copies.
fn forget_all(yes: bool, config: &mut Config) -> Result<i32> {
    let history: History = config.history()?;
    let others = [config.paths()?.progress()];
    if !history.holds_anything(&others)? {
        writeln!(config.out, "nothing to forget").map_err(Error::Output)?;
        return Ok(exit::OK);
    }
    // The count is only for the question; `forget_all` reads what it removes itself.
    if !yes && !confirm(count_all(&history)?, config.terminals)? {
        writeln!(config.out, "kept everything").map_err(Error::Output)?;
        return Ok(exit::OK);
    }
    let removed = history.forget_all(&others)?;
    say_forgotten(config, removed)
}

fn count_all(history: &History) -> Result<usize> {
    let loaded = history.load()?;
    Ok(loaded.results.len() + loaded.future.len())
}

fn say_forgotten(config: &mut Config, removed: usize) -> Result<i32> {
    writeln!(
        config.out,
        "forgot {removed} result{}",
        if removed == 1 { "" } else { "s" }
    )
    .map_err(Error::Output)?;
    Ok(exit::OK)
}

fn confirm(count: usize, terminals: Terminals) -> Result<bool> {
    crate::confirm::confirm(
        &format!("Forget {count} result(s)? This cannot be undone"),
        terminals,
        "balance: interrupted; nothing was forgotten\n",
        || Error::NeedsConfirmation { count },
    )
}
