use serde::Serialize;

use crate::cli::JsonFlag;
use crate::context::Context;
use crate::error::{exit, Error, Result};
use crate::output::write_json;

#[derive(Serialize)]
struct Where {
    history: String,
    progress: String,
    config: String,
    questionnaires: String,
}

pub fn run(args: JsonFlag, ctx: &mut Context) -> Result<i32> {
    let paths = ctx.paths()?;
    let shown = Where {
        history: ctx.history()?.path().display().to_string(),
        progress: paths.progress().display().to_string(),
        config: paths.config.display().to_string(),
        questionnaires: paths.questionnaires().display().to_string(),
    };
    if args.json {
        write_json(ctx.out, &shown).map_err(Error::Output)?;
    } else {
        writeln!(
            ctx.out,
            "history         {}",
            crate::text::safe(&shown.history)
        )
        .map_err(Error::Output)?;
        writeln!(
            ctx.out,
            "saved progress  {}",
            crate::text::safe(&shown.progress)
        )
        .map_err(Error::Output)?;
        writeln!(
            ctx.out,
            "config          {}",
            crate::text::safe(&shown.config)
        )
        .map_err(Error::Output)?;
        writeln!(
            ctx.out,
            "questionnaires  {}",
            crate::text::safe(&shown.questionnaires)
        )
        .map_err(Error::Output)?;
    }
    Ok(exit::OK)
}
