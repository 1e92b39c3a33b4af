//! `balance checkin`: the short form, the change since the last check-in, and the strategy
//! for the week.

use crate::cli::CheckinArgs;
use crate::context::Context;
use crate::error::Result;
use crate::questionnaire::Form;
use crate::session::{finish, gather, offer_paused, resume, select, Started};

pub fn run(args: CheckinArgs, ctx: &mut Context) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let answers = args.result.answers.as_deref();
    let (gathered, taken, form) = if args.resume || offer_paused(ctx, answers)? {
        resume(ctx, &catalog)?
    } else {
        let taken = select(&catalog, &[])?;
        let gathered = gather(ctx, &catalog, &taken, Started::Checkin, answers)?;
        (gathered, taken, Form::Short)
    };
    finish(
        ctx,
        &catalog,
        &taken,
        form,
        gathered,
        &args.result,
        usize::MAX,
    )
}
