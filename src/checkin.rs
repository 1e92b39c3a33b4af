//! The check-in's report: each score now with its change since the last check-in, said as a
//! reliable change or not, and the strategy for the week.

use std::io::Write;

use crate::change::Change;
use crate::output::{write_table, Look};
use crate::report::{
    advice, closing, practice_loop, quality_notice, score_with_interval, why_sentence, Practices,
    PRACTICES_SHOWN,
};
use crate::result::{RecommendationResult, ResultDoc};

pub fn render(
    out: &mut dyn Write,
    look: Look,
    doc: &ResultDoc,
    last: Option<&ResultDoc>,
    week: &[&RecommendationResult],
) -> std::io::Result<()> {
    summary(out, look, doc, last)?;
    practice_loop(out, doc, look)?;
    if let Some(quality) = doc.quality.as_ref().filter(|q| !q.interpretable) {
        writeln!(out)?;
        quality_notice(out, quality, doc, look)?;
    }
    for strategy in week {
        practise(out, look, strategy, doc.interpretable())?;
    }
    closing(out, doc, look)
}

/// The strategies for this week: professional support whenever the check-in calls for it
/// (the recommendations put it first then), whatever the rotation picks; and the rotation's
/// pick, one per check-in, from the other strategies the check-in calls for.
pub fn this_week<'r>(
    recommendations: &'r [RecommendationResult],
    earlier_checkins: usize,
    urgent: &dyn Fn(&str) -> bool,
) -> Vec<&'r RecommendationResult> {
    let (mut week, rest): (Vec<_>, Vec<_>) = recommendations.iter().partition(|r| urgent(&r.id));
    let pool = &rest[..rest.len().min(crate::recommend::DEFAULT_LIMIT)];
    if !pool.is_empty() {
        week.push(pool[earlier_checkins % pool.len()]);
    }
    week
}

fn summary(
    out: &mut dyn Write,
    look: Look,
    doc: &ResultDoc,
    last: Option<&ResultDoc>,
) -> std::io::Result<()> {
    let since = last.map(|l| format!("Since {}", l.taken_at.strftime("%Y-%m-%d")));
    writeln!(
        out,
        "{}",
        look.bold(format!("Check-in {}", doc.taken_at.strftime("%Y-%m-%d")))
    )?;
    let mut table = look.table(&["", "Now (likely)", since.as_deref().unwrap_or("Change")]);
    for (id, dimension) in &doc.dimensions {
        let before = last.and_then(|l| l.dimensions.get(id));
        let change = match (dimension.score, before.and_then(|b| b.score)) {
            (Some(now), Some(then)) => {
                Change::between((then, before.and_then(|b| b.se)), (now, dimension.se)).words()
            }
            (Some(_), None) => "first check-in".to_string(),
            _ => "-".to_string(),
        };
        table.add_row(vec![
            dimension.title.clone(),
            score_with_interval(dimension),
            change,
        ]);
    }
    if let Some(balance) = doc.balance.as_ref().filter(|_| doc.interpretable()) {
        let before = last.and_then(|l| l.balance.as_ref());
        let change = before.map_or("-".to_string(), |b| {
            Change::between((b.index, b.se), (balance.index, balance.se)).words()
        });
        table.add_row(vec![
            "Balance index".to_string(),
            format!("{:+.0} {}", balance.index, balance.label),
            change,
        ]);
    }
    look.fit(&mut table, &[]);
    write_table(out, &table)
}

fn practise(
    out: &mut dyn Write,
    look: Look,
    strategy: &RecommendationResult,
    personal: bool,
) -> std::io::Result<()> {
    let title = look.wrap_hanging(&format!("This week: {}", strategy.title), "", "  ");
    writeln!(out, "\n{}", look.bold(title))?;
    let lead = if personal {
        why_sentence(&strategy.why)
    } else {
        String::new()
    };
    let practices = &strategy.practices[..strategy.practices.len().min(PRACTICES_SHOWN)];
    advice(
        out,
        look,
        &lead,
        Practices::bulleted(practices),
        &strategy.sources,
        "  ",
    )
}
