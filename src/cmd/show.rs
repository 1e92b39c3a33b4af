//! `balance show ID`: a questionnaire's statements, marked reverse-keyed and short-form.

use std::io::{self, Write};

use crate::cli::ShowArgs;
use crate::config::Config;
use crate::error::{exit, Error, Result};
use crate::output::{write_json, Look};
use crate::questionnaire::Questionnaire;
use crate::session::select;

pub fn run(args: ShowArgs, config: &mut Config) -> Result<i32> {
    let catalog = config.catalog()?;
    let q = select(&catalog, std::slice::from_ref(&args.id))?[0];
    if args.json {
        write_json(config.out, q).map_err(Error::Output)?;
    } else {
        show(config.out, config.look, q).map_err(Error::Output)?;
    }
    Ok(exit::OK)
}

fn show(out: &mut dyn Write, look: Look, q: &Questionnaire) -> io::Result<()> {
    writeln!(out, "{} ({} {})", look.bold(&q.title), q.id, q.version)?;
    writeln!(out, "{}", q.description)?;
    let labels: Vec<String> = q
        .scale
        .points()
        .map(|p| format!("{p} {}", q.scale.label(p)))
        .collect();
    writeln!(out, "Scale: {}", labels.join(" / "))?;
    for dimension in &q.dimensions {
        writeln!(out)?;
        writeln!(
            out,
            "{} ({}): {}",
            look.bold(&dimension.title),
            dimension.id,
            dimension.description
        )?;
        for item in q.items.iter().filter(|i| i.dimension == dimension.id) {
            let mut marks = Vec::new();
            if item.reverse {
                marks.push("reverse");
            }
            if item.short {
                marks.push("short form");
            }
            let marks = if marks.is_empty() {
                String::new()
            } else {
                format!("  [{}]", marks.join(", "))
            };
            writeln!(out, "  {:6} {}{}", item.id, item.text, look.dim(marks))?;
        }
    }
    Ok(())
}
