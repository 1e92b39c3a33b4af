//! One file per command; each takes its parsed arguments and the context, and returns the
//! exit code.

mod checkin;
mod compare;
mod completions;
mod due;
mod export;
mod forget;
mod history;
mod import;
mod list;
mod paths;
mod quiz;
mod report;
mod schema;
mod score;
mod show;
mod strategies;
mod trend;
mod validate;

use crate::cli::Command;
use crate::context::Context;
use crate::error::Result;

pub fn dispatch(command: Command, ctx: &mut Context) -> Result<i32> {
    match command {
        Command::Quiz(args) => quiz::run(args, ctx),
        Command::Checkin(args) => checkin::run(args, ctx),
        Command::Report(args) => report::run(args, ctx),
        Command::List(args) => list::run(args, ctx),
        Command::Show(args) => show::run(args, ctx),
        Command::Validate(args) => validate::run(args, ctx),
        Command::Strategies(args) => strategies::run(args, ctx),
        Command::Schema => schema::run(ctx),
        Command::History(args) => history::run(args, ctx),
        Command::Trend(args) => trend::run(args, ctx),
        Command::Due(args) => due::run(args, ctx),
        Command::Compare(args) => compare::run(args, ctx),
        Command::Export(args) => export::run(args, ctx),
        Command::Import(args) => import::run(args, ctx),
        Command::Forget(args) => forget::run(args, ctx),
        Command::Paths(args) => paths::run(args, ctx),
        Command::Score(args) => score::run(args, ctx),
        Command::Completions { shell } => completions::completions(shell, ctx),
        Command::Man => completions::man(ctx),
    }
}
