//! `balance import`: adds results from an export, a list of results or one result file.

use crate::catalog::diagnostic::json_error;
use crate::cli::ImportArgs;
use crate::config::Config;
use crate::error::{exit, Error, Result};
use crate::reference::{parse_file, schema_error};
use crate::result::{check_schema, ResultDoc};

use crate::export::Export;

pub fn run(args: ImportArgs, config: &mut Config) -> Result<i32> {
    let name = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file).map_err(|source| Error::Read {
        path: args.file.clone(),
        source,
    })?;
    let (incoming, single) = read_results(&name, &text)?;
    if single && !args.yes && !confirm_single(config, &name)? {
        writeln!(config.out, "nothing imported").map_err(Error::Output)?;
        return Ok(exit::OK);
    }
    // One locked pass: read once, append every new result, flush once; ids already stored
    // (or given twice) are skipped under the lock, so concurrent imports add each once.
    let added = config.history()?.add(&incoming)?;
    let skipped = incoming.len() - added;
    writeln!(
        config.out,
        "added {added}, skipped {skipped} already present"
    )
    .map_err(Error::Output)?;
    Ok(exit::OK)
}

/// A single result file (not an export) may be a partner's: adding it makes it count as the
/// person's own, so a terminal asks first and a script says `--yes`.
fn confirm_single(config: &mut Config, name: &str) -> Result<bool> {
    crate::confirm::confirm(
        &format!(
            "{} is a single result: add it to your history, where it counts as yours?",
            crate::text::safe(name)
        ),
        config.terminals,
        "balance: interrupted; nothing was imported\n",
        || Error::ImportNeedsConfirmation(name.to_string()),
    )
}

/// The results of the file, and whether it was a single result rather than a list.
fn read_results(name: &str, text: &str) -> Result<(Vec<ResultDoc>, bool)> {
    let bad = |e: serde_json::Error| Error::NotAResult(json_error(name, &e));
    // Parsed once to see its shape, then read as that shape.
    let value: serde_json::Value = serde_json::from_str(text).map_err(bad)?;
    let single = !(value.is_array() || value.get("results").is_some());
    // Read again from the text, not from `value`, whose objects sort their keys: a result's
    // dimensions keep the order they were stored in.
    let results: Vec<ResultDoc> = match &value {
        serde_json::Value::Array(_) => serde_json::from_str(text).map_err(bad)?,
        v if v.get("results").is_some() => {
            let export: Export = serde_json::from_str(text).map_err(bad)?;
            if export.schema != crate::export::SCHEMA {
                return Err(Error::UnknownExport {
                    name: name.to_string(),
                    schema: export.schema,
                });
            }
            export.results
        }
        _ => vec![parse_file(name, text)?],
    };
    for r in &results {
        if r.id.is_empty() || r.id.contains(char::is_whitespace) {
            return Err(Error::BadResultId {
                name: name.to_string(),
                // Quoted and escaped, as it may hold anything.
                id: crate::text::safe(&format!("{:?}", r.id)).into_owned(),
            });
        }
        let which = format!("{name}: result {}", r.id);
        check_schema(&r.schema).map_err(|source| schema_error(&which, source))?;
        r.check_size().map_err(|reason| Error::TooLarge {
            name: which.clone(),
            reason,
        })?;
    }
    Ok((results, single))
}
