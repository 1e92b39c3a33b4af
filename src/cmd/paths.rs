use serde::Serialize;

use crate::cli::JsonFlag;
use crate::config::Config;
use crate::error::{exit, Error, Result};
use crate::output::write_json;

#[derive(Serialize)]
struct Where {
    history: String,
    progress: String,
    config: String,
    questionnaires: String,
}

pub fn run(args: JsonFlag, config: &mut Config) -> Result<i32> {
    let paths = config.paths()?;
    let shown = Where {
        history: config.history()?.path().display().to_string(),
        progress: paths.progress().display().to_string(),
        config: paths.config.display().to_string(),
        questionnaires: paths.questionnaires().display().to_string(),
    };
    if args.json {
        write_json(config.out, &shown).map_err(Error::Output)?;
    } else {
        writeln!(
            config.out,
            "history         {}",
            crate::text::safe(&shown.history)
        )
        .map_err(Error::Output)?;
        writeln!(
            config.out,
            "saved progress  {}",
            crate::text::safe(&shown.progress)
        )
        .map_err(Error::Output)?;
        writeln!(
            config.out,
            "config          {}",
            crate::text::safe(&shown.config)
        )
        .map_err(Error::Output)?;
        writeln!(
            config.out,
            "questionnaires  {}",
            crate::text::safe(&shown.questionnaires)
        )
        .map_err(Error::Output)?;
    }
    Ok(exit::OK)
}
