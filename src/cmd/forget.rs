//! `balance forget`: deletes results from the history, after asking on a terminal.

use crate::cli::ForgetArgs;
use crate::context::Context;
use crate::error::{exit, Error, Result};
use crate::output::Terminals;
use crate::result::ResultDoc;

pub fn run(args: ForgetArgs, ctx: &mut Context) -> Result<i32> {
    let now = jiff::Timestamp::now();
    let cutoff = args.before.map(|b| b.start(now));
    let matches = |r: &ResultDoc| {
        args.all
            || cutoff.is_some_and(|c| r.taken_at < c)
            || args.id.as_deref().is_some_and(|id| r.id == id)
    };
    let count = ctx.load_history()?.iter().filter(|r| matches(r)).count();
    if count == 0 {
        writeln!(ctx.out, "nothing to forget").map_err(Error::Output)?;
        return Ok(exit::OK);
    }
    if !args.yes && !confirm(count, ctx.terminals)? {
        writeln!(ctx.out, "kept everything").map_err(Error::Output)?;
        return Ok(exit::OK);
    }
    let removed = ctx.history()?.forget(matches)?;
    writeln!(
        ctx.out,
        "forgot {removed} result{}",
        if removed == 1 { "" } else { "s" }
    )
    .map_err(Error::Output)?;
    Ok(exit::OK)
}

fn confirm(count: usize, terminals: Terminals) -> Result<bool> {
    if !terminals.stdin || !terminals.stderr {
        return Err(Error::NeedsConfirmation { count });
    }
    dialoguer::Confirm::new()
        .with_prompt(format!("Forget {count} result(s)? This cannot be undone"))
        .default(false)
        .interact()
        .map_err(|e| match e {
            dialoguer::Error::IO(e) => Error::Prompt(e),
        })
}
