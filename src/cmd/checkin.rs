//! `balance checkin`: the short form, the change since last time, one strategy for the week.

use crate::cli::CheckinArgs;
use crate::context::Context;
use crate::error::{exit, Result};
use crate::output::write_json;
use crate::questionnaire::Form;
use crate::report::{advice, DISCLAIMER};
use crate::result::{RecommendationResult, ResultDoc};

use super::quiz::{gather, keep, select};

pub fn run(args: CheckinArgs, ctx: &mut Context) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let taken = select(&catalog, &[])?;
    let answers = gather(
        ctx,
        &catalog,
        &taken,
        Form::Short,
        args.result.answers.as_deref(),
    )?;
    let earlier: Vec<ResultDoc> = ctx
        .load_history()?
        .into_iter()
        .filter(|r| r.form == Form::Short)
        .collect();
    let doc = ResultDoc::new(&catalog, &taken, Form::Short, &answers, usize::MAX);
    let saved = keep(ctx, &doc, &args.result)?;
    if args.result.json {
        write_json(ctx.out, &doc)?;
        return Ok(exit::OK);
    }
    summary(ctx, &doc, earlier.last())?;
    if let Some(strategy) = this_week(&doc.recommendations, earlier.len()) {
        practise(ctx, strategy)?;
    }
    writeln!(ctx.out, "\n{}", ctx.look.dim(ctx.look.wrap(DISCLAIMER, "")))?;
    match saved {
        Some(path) => writeln!(ctx.out, "Saved to {}", path.display())?,
        None => writeln!(ctx.out, "Not saved (--no-save).")?,
    }
    Ok(exit::OK)
}

/// Rotates through the strategies the check-in calls for, one per check-in.
pub fn this_week(
    recommendations: &[RecommendationResult],
    earlier_checkins: usize,
) -> Option<&RecommendationResult> {
    let pool = &recommendations[..recommendations.len().min(crate::recommend::DEFAULT_LIMIT)];
    (!pool.is_empty()).then(|| &pool[earlier_checkins % pool.len()])
}

fn summary(ctx: &mut Context, doc: &ResultDoc, last: Option<&ResultDoc>) -> Result<()> {
    let since = last.map(|l| format!(" since {}", l.taken_at.strftime("%Y-%m-%d")));
    writeln!(
        ctx.out,
        "{}",
        ctx.look
            .bold(format!("Check-in {}", doc.taken_at.strftime("%Y-%m-%d")))
    )?;
    let mut table = ctx
        .look
        .table(&["", "Now", since.as_deref().map_or("Change", |s| s.trim())]);
    for (id, dimension) in &doc.dimensions {
        let before = last.and_then(|l| l.score(id));
        table.add_row(vec![
            dimension.title.clone(),
            dimension
                .score
                .map_or("-".to_string(), |s| format!("{s:.0}")),
            change(dimension.score, before),
        ]);
    }
    if let Some(balance) = &doc.balance {
        let before = last.and_then(|l| l.balance.as_ref()).map(|b| b.index);
        table.add_row(vec![
            "Balance index".to_string(),
            format!("{:+.0} {}", balance.index, balance.label),
            change(Some(balance.index), before),
        ]);
    }
    crate::output::write_table(ctx.out, &table)?;
    Ok(())
}

fn change(now: Option<f64>, before: Option<f64>) -> String {
    match (now, before) {
        (Some(now), Some(before)) => format!("{:+.0}", now - before),
        (Some(_), None) => "first check-in".to_string(),
        _ => "-".to_string(),
    }
}

fn practise(ctx: &mut Context, strategy: &RecommendationResult) -> Result<()> {
    writeln!(
        ctx.out,
        "\n{} {}",
        ctx.look.bold("This week:"),
        strategy.title
    )?;
    let lead = format!("Why: {}", strategy.why);
    let practices = &strategy.practices[..strategy.practices.len().min(2)];
    advice(
        ctx.out,
        ctx.look,
        &lead,
        None,
        practices,
        &strategy.sources,
        "  ",
    )?;
    Ok(())
}
