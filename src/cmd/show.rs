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
    let heading = look.wrap(&format!("{} ({} {})", q.title, q.id, q.version), "");
    writeln!(out, "{}", look.bold(heading))?;
    writeln!(out, "{}", look.wrap(&q.description, ""))?;
    let labels: Vec<String> = q
        .scale
        .points()
        .map(|p| format!("{p} {}", q.scale.label(p)))
        .collect();
    writeln!(
        out,
        "{}",
        look.wrap(&format!("Scale: {}", labels.join(" / ")), "")
    )?;
    for dimension in &q.dimensions {
        writeln!(out)?;
        let about = format!(
            "{} ({}): {}",
            dimension.title, dimension.id, dimension.description
        );
        writeln!(out, "{}", look.wrap(&about, ""))?;
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
            // The id first, the statement wrapped under itself.
            let line = format!("{:6} {}{marks}", item.id, item.text);
            writeln!(out, "{}", look.wrap_hanging(&line, "  ", "         "))?;
        }
    }
    Ok(())
}
