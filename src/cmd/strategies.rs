use serde::Serialize;

use crate::cli::JsonFlag;
use crate::context::Context;
use crate::error::{exit, Result};
use crate::output::write_json;
use crate::report::advice;
use crate::strategy::Source;

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    practices: Vec<&'a str>,
    sources: &'a [Source],
}

pub fn run(args: JsonFlag, ctx: &mut Context) -> Result<i32> {
    let catalog = ctx.catalog()?;
    if args.json {
        let entries: Vec<Entry> = catalog
            .strategies
            .iter()
            .map(|s| Entry {
                id: &s.id,
                title: &s.title,
                summary: &s.summary,
                practices: s.practices.iter().map(|p| p.text.as_str()).collect(),
                sources: &s.sources,
            })
            .collect();
        write_json(ctx.out, &entries)?;
        return Ok(exit::OK);
    }
    let look = ctx.look;
    for (n, s) in catalog.strategies.iter().enumerate() {
        if n > 0 {
            writeln!(ctx.out)?;
        }
        writeln!(ctx.out, "{} ({})", look.bold(&s.title), s.id)?;
        let practices: Vec<String> = s.practices.iter().map(|p| p.text.clone()).collect();
        advice(
            ctx.out, look, &s.summary, None, &practices, &s.sources, "  ",
        )?;
    }
    Ok(exit::OK)
}
