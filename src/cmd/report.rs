use crate::cli::ReportArgs;
use crate::context::Context;
use crate::error::{exit, Result};
use crate::reference::resolve;
use crate::report::{render, Saved};

pub fn run(args: ReportArgs, ctx: &mut Context) -> Result<i32> {
    let doc = resolve(&args.result, &mut || ctx.load_history())?;
    render(ctx.out, &doc, ctx.look, Saved::Unchanged)?;
    Ok(exit::OK)
}
