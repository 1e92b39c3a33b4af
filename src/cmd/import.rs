//! `balance import`: adds results from an export, a list of results or one result file.

use crate::catalog::diagnostic::json_error;
use crate::cli::ImportArgs;
use crate::context::Context;
use crate::error::{exit, Error, Result};
use crate::reference::parse_file;
use crate::result::{check_schema, ResultDoc};

use super::export::Export;

pub fn run(args: ImportArgs, ctx: &mut Context) -> Result<i32> {
    let name = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file).map_err(|source| Error::Read {
        path: args.file.clone(),
        source,
    })?;
    let incoming = read_results(&name, &text)?;
    // One locked pass: read once, append every new result, flush once; ids already stored
    // (or given twice) are skipped under the lock, so concurrent imports add each once.
    let added = ctx.history()?.add(&incoming)?;
    let skipped = incoming.len() - added;
    writeln!(ctx.out, "added {added}, skipped {skipped} already present").map_err(Error::Output)?;
    Ok(exit::OK)
}

fn read_results(name: &str, text: &str) -> Result<Vec<ResultDoc>> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Error::Failed(json_error(name, &e)))?;
    let bad = |e: serde_json::Error| {
        Error::Failed(format!("{name}: not a balance export or result: {e}"))
    };
    let results: Vec<ResultDoc> = match &value {
        serde_json::Value::Array(_) => serde_json::from_value(value).map_err(bad)?,
        v if v.get("results").is_some() => {
            let export: Export = serde_json::from_value(value).map_err(bad)?;
            if export.schema != super::export::SCHEMA {
                return Err(Error::Failed(format!(
                    "{name}: unknown export schema `{}`",
                    export.schema
                )));
            }
            export.results
        }
        _ => vec![parse_file(name, text)?],
    };
    for r in &results {
        check_schema(&r.schema)
            .map_err(|reason| Error::Failed(format!("{name}: result {}: {reason}", r.id)))?;
    }
    Ok(results)
}
