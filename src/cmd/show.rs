use crate::cli::ShowArgs;
use crate::context::Context;
use crate::error::{exit, Error, Result};
use crate::output::write_json;

pub fn run(args: ShowArgs, ctx: &mut Context) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let Some(q) = catalog.questionnaire(&args.id) else {
        let known: Vec<&str> = catalog
            .questionnaires
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        return Err(Error::Failed(format!(
            "no questionnaire `{}`; known: {} (see `balance list`)",
            args.id,
            known.join(", ")
        )));
    };
    if args.json {
        write_json(ctx.out, q)?;
        return Ok(exit::OK);
    }
    let look = ctx.look;
    let out = &mut *ctx.out;
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
    Ok(exit::OK)
}
