//! `balance quiz`: the assessment, asked at the terminal or answered from a file.

use crate::cli::QuizArgs;
use crate::config::Config;
use crate::error::Result;
use crate::questionnaire::Form;
use crate::session::{take, Started};

pub fn run(args: QuizArgs, config: &mut Config) -> Result<i32> {
    let form = if args.short { Form::Short } else { Form::Full };
    take(
        config,
        Started::Quiz(form),
        &args.ids,
        args.resume,
        &args.result,
        args.top,
    )
}
