//! `balance due`: for shell profiles and cron. Exit 0 when a check-in is due, 1 when not,
//! 2 on error; silent unless `--verbose`.

use crate::cli::DueArgs;
use crate::config::Config;
use crate::error::{exit, Result};

pub const NOT_DUE: i32 = 1;
pub const FAILED: i32 = 2;

pub fn run(args: DueArgs, config: &mut Config) -> Result<i32> {
    match check(&args, config) {
        Ok(code) => Ok(code),
        Err(e) => {
            config.warn(&e.to_string());
            Ok(FAILED)
        }
    }
}

fn check(args: &DueArgs, config: &mut Config) -> Result<i32> {
    let history = config.history()?;
    let now = jiff::Timestamp::now();
    let cutoff = args.every.before(now);
    if !args.verbose {
        // The fast path, for prompts: reads the history from its end, or not at all (see
        // `history::recent`). Results dated in the future do not count: they cannot hold off
        // the next check-in for years.
        let recent = history.taken_since(cutoff)?;
        return Ok(if recent { NOT_DUE } else { exit::OK });
    }
    // `--verbose` reads the whole history, for its notices (damaged lines, future results)
    // and to name the latest result.
    let loaded = history.load()?;
    for notice in loaded.notices(&history.path()) {
        config.warn(&notice);
    }
    let latest = loaded.results.iter().map(|r| r.taken_at).max();
    let due = latest.is_none_or(|t| t <= cutoff);
    // To the minute, as reports show it: the full timestamp made the line 84 columns.
    let when = crate::report::to_the_minute;
    match latest {
        None => config.say("due: no saved results yet"),
        Some(t) if due => config.say(&format!(
            "due: the latest result ({}) is older than the interval",
            when(t)
        )),
        Some(t) => config.say(&format!(
            "not due: the latest result ({}) is within the interval",
            when(t)
        )),
    }
    Ok(if due { exit::OK } else { NOT_DUE })
}
