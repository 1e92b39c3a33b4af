use crate::cli::ReportArgs;
use crate::context::Context;
use crate::error::{exit, Error, Result};
use crate::history::write_atomically;
use crate::reference::resolve;
use crate::report::{render, Saved};

pub fn run(args: ReportArgs, ctx: &mut Context) -> Result<i32> {
    let doc = resolve(&args.result, &mut || ctx.load_history())?;
    let Some(path) = &args.html else {
        render(ctx.out, &doc, ctx.look, Saved::Unchanged)?;
        return Ok(exit::OK);
    };
    let mut history = ctx.load_history()?;
    if !history.iter().any(|r| r.id == doc.id) {
        // A result from elsewhere (a partner's file) stands alone.
        history = vec![doc.clone()];
    }
    let page = crate::html::render(&doc, &history);
    write_atomically(path, page.as_bytes()).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    writeln!(ctx.out, "Wrote {}", path.display())?;
    Ok(exit::OK)
}
