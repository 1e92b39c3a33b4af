//! `balance checkin`: the short form, the change since the last check-in, and the strategy
//! for the week.

use crate::cli::CheckinArgs;
use crate::config::Config;
use crate::error::Result;
use crate::session::{take, Started};

/// Every questionnaire's short form; a check-in lists all the strategies it earns, so
/// there is no `--top`.
pub fn run(args: CheckinArgs, config: &mut Config) -> Result<i32> {
    take(
        config,
        Started::Checkin,
        &[],
        args.resume,
        &args.result,
        usize::MAX,
    )
}
