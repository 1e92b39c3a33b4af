//! `balance quiz`: the assessment, asked at the terminal or answered from a file.

use crate::cli::QuizArgs;
use crate::context::Context;
use crate::error::{exit, Error, Result};
use crate::output::write_json;
use crate::questionnaire::Form;
use crate::report::{self, Saved};
use crate::result::ResultDoc;
use crate::session::{gather, keep, resume, select, Kept};

pub fn run(args: QuizArgs, ctx: &mut Context) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let (gathered, taken, form) = if args.resume {
        resume(ctx, &catalog)?
    } else {
        let taken = select(&catalog, &args.ids)?;
        let form = if args.short { Form::Short } else { Form::Full };
        let gathered = gather(ctx, &catalog, &taken, form, args.result.answers.as_deref())?;
        (gathered, taken, form)
    };
    let doc = ResultDoc::assess(
        &catalog,
        &taken,
        form,
        &gathered.asked,
        args.top,
        gathered.stamp.clone(),
    );
    let kept = keep(ctx, &doc, &args.result, &gathered)?;
    if args.result.json {
        write_json(ctx.out, &doc).map_err(Error::Output)?;
        if let Kept::Failed { .. } = kept {
            report::where_kept(ctx.err, &kept, ctx.look).map_err(Error::Output)?;
        }
    } else {
        report::render(ctx.out, &doc, ctx.look, Saved::Kept(&kept)).map_err(Error::Output)?;
    }
    Ok(match kept {
        Kept::Failed { .. } => exit::ERROR,
        _ => exit::OK,
    })
}
