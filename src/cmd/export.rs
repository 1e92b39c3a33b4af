//! `balance export`: the whole history as one JSON document.

use crate::cli::ExportArgs;
use crate::config::Config;
use crate::error::{exit, Error, Result};
use crate::export::{Export, SCHEMA};
use crate::files::{is_standard_stream, write_output, Privacy};

pub fn run(args: ExportArgs, config: &mut Config) -> Result<i32> {
    let export = Export {
        schema: SCHEMA.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        exported_at: jiff::Timestamp::now(),
        results: config.load_history()?,
    };
    let mut json = serde_json::to_vec_pretty(&export).map_err(|e| Error::Output(e.into()))?;
    json.push(b'\n');
    match args
        .output
        .as_deref()
        .filter(|path| !is_standard_stream(path))
    {
        Some(path) => write_output(
            path,
            &json,
            Privacy::Private,
            &config.history()?.kept_files(),
        )?,
        None => config.out.write_all(&json).map_err(Error::Output)?,
    }
    Ok(exit::OK)
}
