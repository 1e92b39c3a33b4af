//! `balance report [RESULT] [--html FILE]`: a saved result shown again, or as a page to share.

use crate::cli::ReportArgs;
use crate::config::Config;
use crate::error::{exit, Error, Result};
use crate::files::{is_standard_stream, write_output, Privacy};
use crate::reference::resolve;
use crate::report::render;

pub fn run(args: ReportArgs, config: &mut Config) -> Result<i32> {
    let catalog = config.catalog()?;
    // Read the history at most once: a reference needs it, and so does the HTML trend. Only
    // the results shown are completed.
    let mut loaded = None;
    let mut doc = resolve(&args.result, &mut || {
        let results = config.load_history()?;
        loaded = Some(results.clone());
        Ok(results)
    })?;
    doc.complete(&catalog);
    let Some(path) = &args.html else {
        render(config.out, &doc, config.look).map_err(Error::Output)?;
        return Ok(exit::OK);
    };
    let mut history = match loaded {
        Some(results) => results,
        None => config.load_history()?,
    };
    match history.iter().position(|r| r.id == doc.id) {
        // The story up to the reported result, not past it.
        Some(at) => {
            history.truncate(at + 1);
            history.iter_mut().for_each(|r| r.complete(&catalog));
        }
        // A result from elsewhere (a partner's file) stands alone.
        None => history = vec![doc.clone()],
    }
    let page = crate::html::render(&doc, &history, !args.no_notes);
    if is_standard_stream(path) {
        config
            .out
            .write_all(page.as_bytes())
            .map_err(Error::Output)?;
        return Ok(exit::OK);
    }
    write_output(
        path,
        page.as_bytes(),
        Privacy::Private,
        &config.history()?.kept_files(),
    )?;
    writeln!(
        config.out,
        "Wrote {}",
        crate::text::safe(&path.display().to_string())
    )
    .map_err(Error::Output)?;
    Ok(exit::OK)
}
