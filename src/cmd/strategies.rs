use serde::Serialize;

use crate::cli::JsonFlag;
use crate::config::Config;
use crate::error::{exit, Error, Result};
use std::io::{self, Write};

use crate::output::{write_json, Look};
use crate::report::{advice, Practices};
use crate::strategy::{Source, Strategy};

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    practices: Vec<&'a str>,
    sources: &'a [Source],
}

pub fn run(args: JsonFlag, config: &mut Config) -> Result<i32> {
    let catalog = config.catalog()?;
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
        write_json(config.out, &entries).map_err(Error::Output)?;
        return Ok(exit::OK);
    }
    show(config.out, config.look, &catalog.strategies).map_err(Error::Output)?;
    Ok(exit::OK)
}

fn show(out: &mut dyn Write, look: Look, strategies: &[Strategy]) -> io::Result<()> {
    for (n, s) in strategies.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let title = look.wrap(&format!("{} ({})", s.title, s.id), "");
        writeln!(out, "{}", look.bold(title))?;
        let practices: Vec<String> = s.practices.iter().map(|p| p.text.clone()).collect();
        let practices = Practices {
            numbered: true,
            ..Practices::bulleted(&practices)
        };
        advice(out, look, &s.summary, practices, &s.sources, "  ")?;
    }
    Ok(())
}
