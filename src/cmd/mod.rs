//! One file per command; each takes its parsed arguments and the configuration, and returns the
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
use crate::config::Config;
use crate::error::Result;

pub fn dispatch(command: Command, config: &mut Config) -> Result<i32> {
    match command {
        Command::Quiz(args) => quiz::run(args, config),
        Command::Checkin(args) => checkin::run(args, config),
        Command::Report(args) => report::run(args, config),
        Command::List(args) => list::run(args, config),
        Command::Show(args) => show::run(args, config),
        Command::Validate(args) => validate::run(args, config),
        Command::Strategies(args) => strategies::run(args, config),
        Command::Schema => schema::run(config),
        Command::History(args) => history::run(args, config),
        Command::Trend(args) => trend::run(args, config),
        Command::Due(args) => due::run(args, config),
        Command::Compare(args) => compare::run(args, config),
        Command::Export(args) => export::run(args, config),
        Command::Import(args) => import::run(args, config),
        Command::Forget(args) => forget::run(args, config),
        Command::Paths(args) => paths::run(args, config),
        Command::Score(args) => score::run(args, config),
        Command::Completions { shell } => completions::completions(shell, config),
        Command::Man => completions::man(config),
    }
}
