//! `balance trend`: each score over time, per form, with the direction only a reliable
//! change earns, and the trail on the attachment map.

use std::io::{self, Write};

use serde::Serialize;

use crate::change::{Change, Direction};
use crate::cli::JsonFlag;
use crate::cmd::history::dimension_titles;
use crate::config::Config;
use crate::error::{exit, Error, Result};
use crate::output::{write_json, write_table, Look};
use crate::practice::timeline::{practised, timeline, Entry, NotCompared, Practised};
use crate::questionnaire::Form;
use crate::report::map;
use crate::result::ResultDoc;

#[derive(Serialize)]
struct Point {
    taken_at: jiff::Timestamp,
    id: String,
    value: f64,
    se: Option<f64>,
}

#[derive(Serialize)]
struct Series {
    id: String,
    title: String,
    /// Full assessments and short check-ins ask different statements: each is its own series.
    form: Form,
    first: Option<f64>,
    last: Option<f64>,
    change: Option<f64>,
    /// The smallest change that exceeds the measurement error of the first and last points.
    threshold: Option<f64>,
    direction: Direction,
    points: Vec<Point>,
}

#[derive(Serialize)]
struct Trend<'r> {
    schema: &'static str,
    series: Vec<Series>,
    /// Questionnaires taken in more than one version over the history: their statements
    /// changed, so a change across versions is read with care.
    version_changes: Vec<String>,
    /// Every result with the practice chosen then, whether it was tried (as said at the
    /// next result) and its note.
    timeline: Vec<Entry<'r>>,
    /// Each stretch over which a practice was tried, with the scores that changed reliably.
    practised: Vec<Practised<'r>>,
}

pub fn run(args: JsonFlag, config: &mut Config) -> Result<i32> {
    let catalog = config.catalog()?;
    let results = config.load_results(&catalog)?;
    let series: Vec<Series> = [Form::Full, Form::Short]
        .into_iter()
        .flat_map(|form| form_series(&results, form))
        .collect();
    let version_changes = version_changes(&results);
    let trend = Trend {
        schema: "balance.trend/v1",
        series,
        version_changes,
        timeline: timeline(&results),
        practised: practised(&results),
    };
    if args.json {
        write_json(config.out, &trend).map_err(Error::Output)?;
        return Ok(exit::OK);
    }
    show(config.out, config.look, &results, &trend.series).map_err(Error::Output)?;
    for change in &trend.version_changes {
        writeln!(config.out, "\n{}", config.look.wrap(change, "")).map_err(Error::Output)?;
    }
    show_practice(config.out, config.look, &trend).map_err(Error::Output)?;
    Ok(exit::OK)
}

/// Each questionnaire taken in more than one version, in words.
fn version_changes(results: &[ResultDoc]) -> Vec<String> {
    let mut versions: Vec<(&str, Vec<&str>)> = Vec::new();
    for q in results.iter().flat_map(|r| &r.questionnaires) {
        match versions.iter_mut().find(|(id, _)| *id == q.id) {
            Some((_, seen)) if !seen.contains(&q.version.as_str()) => seen.push(&q.version),
            Some(_) => {}
            None => versions.push((&q.id, vec![&q.version])),
        }
    }
    versions
        .into_iter()
        .filter(|(_, seen)| seen.len() > 1)
        .map(|(id, seen)| {
            format!(
                "{id} was taken in versions {}: its statements changed, so read a change across versions with care.",
                seen.join(", ")
            )
        })
        .collect()
}

/// The series of one form: every dimension it scored, then the balance index.
fn form_series(results: &[ResultDoc], form: Form) -> Vec<Series> {
    let taken: Vec<&ResultDoc> = results.iter().filter(|r| r.form == form).collect();
    let mut series: Vec<Series> = dimension_titles(taken.iter().copied())
        .into_iter()
        .map(|(id, title)| {
            let points = taken
                .iter()
                .filter_map(|r| {
                    let d = r.dimensions.get(&id)?;
                    Some(point(r, d.score?, d.se))
                })
                .collect();
            summarise(&id, &title, form, points)
        })
        .collect();
    let balance = taken
        .iter()
        .filter_map(|r| r.balance.as_ref().map(|b| point(r, b.index, b.se)))
        .collect();
    series.push(summarise("balance", "Balance index", form, balance));
    series.retain(|s| !s.points.is_empty());
    series
}

fn point(r: &ResultDoc, value: f64, se: Option<f64>) -> Point {
    Point {
        taken_at: r.taken_at,
        id: r.id.clone(),
        value,
        se,
    }
}

fn summarise(id: &str, title: &str, form: Form, points: Vec<Point>) -> Series {
    let ends = points.first().zip(points.last());
    let change = ends
        .filter(|_| points.len() >= 2)
        .map(|(a, b)| Change::between((a.value, a.se), (b.value, b.se)));
    Series {
        id: id.to_string(),
        title: title.to_string(),
        form,
        first: points.first().map(|p| p.value),
        last: points.last().map(|p| p.value),
        change: change.map(|c| c.difference),
        threshold: change.and_then(|c| c.threshold),
        direction: change.map_or(Direction::NotEnough, |c| c.direction()),
        points,
    }
}

fn show(
    out: &mut dyn Write,
    look: Look,
    results: &[ResultDoc],
    series: &[Series],
) -> io::Result<()> {
    if results.is_empty() {
        return writeln!(
            out,
            "No saved results yet. Take the quiz with `balance quiz`."
        );
    }
    for form in [Form::Full, Form::Short] {
        let of_form: Vec<&Series> = series.iter().filter(|s| s.form == form).collect();
        if of_form.is_empty() {
            continue;
        }
        let heading = match form {
            Form::Full => "Full assessments",
            Form::Short => "Check-ins",
        };
        let count = of_form.iter().map(|s| s.points.len()).max().unwrap_or(0);
        writeln!(out, "{} ({count})", look.bold(heading))?;
        let mut table = look.table(&["", "Over time", "First", "Last", "Direction"]);
        for s in of_form {
            let values: Vec<f64> = s.points.iter().map(|p| p.value).collect();
            let shown = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.0}"));
            table.add_row(vec![
                s.title.clone(),
                sparkline(&values, look),
                shown(s.first),
                shown(s.last),
                s.direction.to_string(),
            ]);
        }
        look.fit(&mut table, &[2, 3, 1]);
        write_table(out, &table)?;
        writeln!(out)?;
    }
    let note = "Rising or falling only when the change from first to last is larger than the scores' measurement error (90 %); otherwise steady.";
    writeln!(out, "{}", look.dim(look.wrap(note, "")))?;
    let trail: Vec<(f64, f64)> = results
        .iter()
        .filter(|r| r.interpretable())
        .filter_map(|r| r.leaning.as_ref().map(|l| (l.anxiety, l.avoidance)))
        .collect();
    if !trail.is_empty() {
        writeln!(out)?;
        map(out, look, &trail)?;
    }
    Ok(())
}

/// The practice loop beside the series: what was chosen and tried, the notes, and what
/// changed reliably while a practice was tried.
fn show_practice(out: &mut dyn Write, look: Look, trend: &Trend) -> io::Result<()> {
    let entries: Vec<&Entry> = trend.timeline.iter().filter(|e| !e.is_empty()).collect();
    if entries.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{}", look.bold("Practice and notes"))?;
    for entry in entries {
        let date = entry.taken_at.strftime("%Y-%m-%d").to_string();
        let first = format!("  {date}  ");
        let rest = " ".repeat(first.len());
        let mut lines = Vec::new();
        if let Some(practice) = entry.practice {
            let tried = entry.tried_words();
            lines.push(format!("Chose: {} (tried: {tried})", practice.text));
        }
        if let Some(note) = entry.note {
            lines.push(format!("Note: \"{note}\""));
        }
        for (n, line) in lines.iter().enumerate() {
            let lead = if n == 0 {
                first.as_str()
            } else {
                rest.as_str()
            };
            writeln!(out, "{}", look.wrap_breaking(line, lead, &rest))?;
        }
    }
    for stretch in &trend.practised {
        writeln!(
            out,
            "\n{}",
            look.wrap_breaking(&practised_sentence(stretch), "", "")
        )?;
    }
    if !trend.practised.is_empty() {
        let caution = "A change beside a practice shows what happened while you tried it, not that the practice caused it: scores also move with what happens in a week, and a high score tends to come down a little on its own.";
        writeln!(out, "{}", look.dim(look.wrap(caution, "")))?;
    }
    Ok(())
}

/// "While you practised "…" (2026-11-01 to 2026-11-15), Clinginess fell from 74 to 58, a
/// reliable change."
fn practised_sentence(stretch: &Practised) -> String {
    let day = |t: jiff::Timestamp| t.strftime("%Y-%m-%d").to_string();
    let lead = format!(
        "While you practised \"{}\" ({} to {})",
        stretch.practice.text.trim_end_matches('.'),
        day(stretch.from),
        day(stretch.to)
    );
    let changes: Vec<String> = stretch
        .reliable_changes
        .iter()
        .map(|c| {
            let verb = if c.direction == Direction::Rising {
                "rose"
            } else {
                "fell"
            };
            format!("{} {verb} from {:.0} to {:.0}", c.title, c.from, c.to)
        })
        .collect();
    let why_not = match stretch.not_compared {
        Some(NotCompared::DifferentForms) => {
            Some("a full assessment and a check-in ask different statements")
        }
        Some(NotCompared::NotInterpretable) => {
            Some("the answers at one end could not be read as a considered view")
        }
        Some(NotCompared::DifferentVersions) => {
            Some("a questionnaire's statements changed between the two")
        }
        None => None,
    };
    if let Some(why_not) = why_not {
        return format!("{lead}, the scores at either end cannot be compared: {why_not}.");
    }
    match changes.len() {
        0 => format!(
            "{lead}, no score changed by more than the measurement error of the two scores allows."
        ),
        1 => format!("{lead}, {}, a reliable change.", changes[0]),
        n => format!(
            "{lead}, {} and {}, each a reliable change.",
            changes[..n - 1].join(", "),
            changes[n - 1]
        ),
    }
}

/// Values drawn as bars of eight heights, scaled to their own range.
pub fn sparkline(values: &[f64], look: Look) -> String {
    let ticks: Vec<char> = if look.unicode {
        "▁▂▃▄▅▆▇█".chars().collect()
    } else {
        "_.-:=+*#".chars().collect()
    };
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = high - low;
    values
        .iter()
        .map(|v| {
            let level = if span > 0.0 { (v - low) / span } else { 0.5 };
            ticks[((level * (ticks.len() - 1) as f64).round() as usize).min(ticks.len() - 1)]
        })
        .collect()
}
