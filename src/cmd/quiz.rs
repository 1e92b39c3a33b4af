//! `balance quiz`: the assessment, asked at the terminal or answered from a file.

use crate::cli::QuizArgs;
use crate::config::Config;
use crate::error::Result;
use crate::questionnaire::Form;
use crate::session::{finish, gather, offer_paused, resume, select, Started};

pub fn run(args: QuizArgs, config: &mut Config) -> Result<i32> {
    let catalog = config.catalog()?;
    let answers = args.result.answers.as_deref();
    let (gathered, taken, form) = if args.resume || offer_paused(config, answers)? {
        resume(config, &catalog)?
    } else {
        let taken = select(&catalog, &args.ids)?;
        let form = if args.short { Form::Short } else { Form::Full };
        let gathered = gather(config, &catalog, &taken, Started::Quiz(form), answers)?;
        (gathered, taken, form)
    };
    finish(
        config,
        &catalog,
        &taken,
        form,
        gathered,
        &args.result,
        args.top,
    )
}
