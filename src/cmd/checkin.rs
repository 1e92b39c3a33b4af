//! `balance checkin`: the short form, the change since the last check-in, and the strategy
//! for the week.

use crate::cli::CheckinArgs;
use crate::config::Config;
use crate::error::Result;
use crate::questionnaire::Form;
use crate::session::{finish, gather, offer_paused, resume, select, Started};

pub fn run(args: CheckinArgs, config: &mut Config) -> Result<i32> {
    let catalog = config.catalog()?;
    let answers = args.result.answers.as_deref();
    let (gathered, taken, form) = if args.resume || offer_paused(config, answers)? {
        resume(config, &catalog)?
    } else {
        let taken = select(&catalog, &[])?;
        let gathered = gather(config, &catalog, &taken, Started::Checkin, answers)?;
        (gathered, taken, Form::Short)
    };
    finish(
        config,
        &catalog,
        &taken,
        form,
        gathered,
        &args.result,
        usize::MAX,
    )
}
