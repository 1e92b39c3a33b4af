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
        let rows = [
            ("history", &shown.history),
            ("saved progress", &shown.progress),
            ("config", &shown.config),
            ("questionnaires", &shown.questionnaires),
        ];
        for (what, path) in rows {
            writeln!(config.out, "{what:<16}{}", crate::text::safe(path)).map_err(Error::Output)?;
        }
    }
    Ok(exit::OK)
}
