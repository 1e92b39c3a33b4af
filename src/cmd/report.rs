use crate::cli::ReportArgs;
use crate::context::Context;
use crate::error::{exit, Result};
use crate::files::{write_output, Privacy};
use crate::reference::resolve;
use crate::report::{render, Saved};

pub fn run(args: ReportArgs, ctx: &mut Context) -> Result<i32> {
    // Read the history at most once: a reference needs it, and so does the HTML trend.
    let mut loaded = None;
    let doc = resolve(&args.result, &mut || {
        let results = ctx.load_history()?;
        loaded = Some(results.clone());
        Ok(results)
    })?;
    let Some(path) = &args.html else {
        render(ctx.out, &doc, ctx.look, Saved::Unchanged)?;
        return Ok(exit::OK);
    };
    let mut history = match loaded {
        Some(results) => results,
        None => ctx.load_history()?,
    };
    if !history.iter().any(|r| r.id == doc.id) {
        // A result from elsewhere (a partner's file) stands alone.
        history = vec![doc.clone()];
    }
    let page = crate::html::render(&doc, &history);
    write_output(
        path,
        page.as_bytes(),
        Privacy::Private,
        &ctx.history()?.path(),
    )?;
    writeln!(ctx.out, "Wrote {}", path.display())?;
    Ok(exit::OK)
}
