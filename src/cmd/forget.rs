//! `balance forget`: deletes results from the history, after asking on a terminal.

use std::io::IsTerminal;

use crate::cli::ForgetArgs;
use crate::context::Context;
use crate::error::{exit, Error, Result};
use crate::history::History;
use crate::result::ResultDoc;

pub fn run(args: ForgetArgs, ctx: &mut Context) -> Result<i32> {
    if args.all {
        return forget_all(args.yes, ctx);
    }
    let now = jiff::Timestamp::now();
    let cutoff = args.before.map(|b| b.start(now));
    let matches = |r: &ResultDoc| {
        cutoff.is_some_and(|c| r.taken_at < c) || args.id.as_deref().is_some_and(|id| r.id == id)
    };
    let history = ctx.history()?;
    let loaded = history.load()?;
    // Results dated in the future are not listed, but they can be forgotten by id.
    let count = loaded
        .results
        .iter()
        .chain(&loaded.future)
        .filter(|r| matches(r))
        .count();
    if count == 0 {
        writeln!(ctx.out, "nothing to forget")?;
        return Ok(exit::OK);
    }
    if !args.yes && !confirm(ctx, &format!("{count} result(s)"))? {
        writeln!(ctx.out, "kept everything")?;
        return Ok(exit::OK);
    }
    let removed = history.forget(matches)?;
    say_forgotten(ctx, removed)
}

/// Everything balance keeps about the person: every line of the history (damaged ones and
/// those of a newer balance hold answers too), saved progress and leftover temporary copies.
fn forget_all(yes: bool, ctx: &mut Context) -> Result<i32> {
    let history: History = ctx.history()?;
    let others = [ctx.paths()?.progress()];
    if !history.holds_anything(&others)? {
        writeln!(ctx.out, "nothing to forget")?;
        return Ok(exit::OK);
    }
    let what = "every result, damaged line and saved answer balance keeps";
    if !yes && !confirm(ctx, what)? {
        writeln!(ctx.out, "kept everything")?;
        return Ok(exit::OK);
    }
    let removed = history.forget_all(&others)?;
    say_forgotten(ctx, removed)
}

fn say_forgotten(ctx: &mut Context, removed: usize) -> Result<i32> {
    writeln!(
        ctx.out,
        "forgot {removed} result{}",
        if removed == 1 { "" } else { "s" }
    )?;
    Ok(exit::OK)
}

fn confirm(ctx: &mut Context, what: &str) -> Result<bool> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(Error::Usage(format!(
            "forgetting {what} needs confirmation; add --yes to confirm without a terminal"
        )));
    }
    let answer = dialoguer::Confirm::new()
        .with_prompt(format!("Forget {what}? This cannot be undone"))
        .default(false)
        .interact();
    // dialoguer hides the cursor while it asks and leaves it hidden when Ctrl-C ends the
    // question with an error.
    let _ = console::Term::stderr().show_cursor();
    match answer {
        Ok(yes) => Ok(yes),
        Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => {
            ctx.warn("interrupted; nothing was forgotten");
            Err(Error::Interrupted)
        }
        Err(e) => Err(Error::Failed(e.to_string())),
    }
}
