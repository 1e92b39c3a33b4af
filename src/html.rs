//! A report to share: one self-contained HTML page (no scripts, fonts or anything fetched)
//! with the scores, the attachment map and the trend as inline SVG, the strategies with their
//! sources, and the disclaimer. Laid out to print well.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::practice::timeline::timeline;
use crate::report::{cite, DISCLAIMER};
use crate::result::{ResultDoc, SCHEMA};

const STYLE: &str = r#"
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
.meta, .source { color: #555; font-size: 0.9rem; }
.disclaimer { background: #f4f4f4; border-left: 4px solid #888; padding: 0.5rem 1rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #e5e5e5; }
svg text { font-family: inherit; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; } .chart { flex: 1 1 20rem; }
li { margin-bottom: 0.8rem; } .strategy { break-inside: avoid; }
.notice { background: #fff4e5; border-left: 4px solid #c77700; padding: 0.2rem 1rem; }
@media (max-width: 32rem) { .bar-cell { display: none; } th, td { padding: 0.3rem 0.25rem; } }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } .keep { break-inside: avoid; } .chart, svg, table, tr { break-inside: avoid; } }
"#;

/// The page for `doc`, with the trend drawn from `history` (oldest first), and the practice
/// weeks and notes unless `notes` is false (a page to share).
pub fn render(doc: &ResultDoc, history: &[ResultDoc], notes: bool) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(format!("balance {} ({SCHEMA})", env!("CARGO_PKG_VERSION")));
                title { "balance: your report" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "Your balance" }
                p.meta { (form_name(doc)) ", taken " (crate::report::to_the_minute(doc.taken_at)) }
                p.disclaimer { (DISCLAIMER) }
                // Before the scores, as in the terminal: it says how to read them.
                @if let Some(quality) = doc.quality.as_ref().filter(|q| !q.interpretable) {
                    (quality_notice(quality, doc.form))
                }
                (scores(doc))
                (leaning(doc, history))
                (trend(history, notes))
                (strategies(doc))
            }
        }
    };
    page.into_string()
}

fn form_name(doc: &ResultDoc) -> &'static str {
    match doc.form {
        crate::questionnaire::Form::Full => "Full assessment",
        crate::questionnaire::Form::Short => "Short check-in",
    }
}

fn quality_notice(quality: &crate::quality::Quality, form: crate::questionnaire::Form) -> Markup {
    html! {
        div.notice {
            h2 { (crate::report::QUALITY_TITLE) }
            ul { @for flag in &quality.flags { li { (flag.message) } } }
            p { (crate::report::quality_meaning(form)) }
        }
    }
}

/// "63, likely 55-71".
fn score_words(d: &crate::result::DimensionResult, score: f64) -> String {
    match d.interval {
        Some(i) => format!("{score:.0}, likely {:.0}-{:.0}", i.low, i.high),
        None => format!("{score:.0}"),
    }
}

fn scores(doc: &ResultDoc) -> Markup {
    html! {
        h2 { "Scores" }
        table {
            thead { tr { th { "Dimension" } th { "Score" } th.bar-cell { "" } th { "Band" } } }
            tbody {
                @for d in doc.dimensions.values() {
                    tr {
                        td { (d.title) }
                        @match d.score {
                            Some(score) => {
                                td { (score_words(d, score)) }
                                td.bar-cell { (bar(score, d.interval)) }
                                td { (crate::report::band_words(d)) }
                            }
                            None => {
                                td { "-" }
                                td colspan="2" { "not scored: " (d.reason.clone().unwrap_or_default()) }
                            }
                        }
                    }
                }
            }
        }
        p.source { (crate::report::LIKELY_NOTE) " " (crate::report::BANDS_NOTE) }
        @if let Some(balance) = doc.balance.as_ref().filter(|_| doc.interpretable()) {
            p { (crate::report::pulls_sentence(balance)) }
            p { "Balance index: " strong { (format!("{:+.0}", balance.index)) } " (" (balance.label) "), from -100 merged through 0 interdependent to +100 detached." }
            (balance_line(balance.index))
        }
    }
}

/// The score as a bar, its 90 % interval drawn lighter across it.
fn bar(score: f64, interval: Option<crate::scoring::Interval>) -> Markup {
    let x = |v: f64| v.clamp(0.0, 100.0) * 1.6;
    let width = x(score);
    html! {
        svg.bar width="160" height="12" viewBox="0 0 160 12" role="img" aria-label=(format!("{score:.0} of 100")) {
            rect width="160" height="12" fill="#e8e8e8" {}
            rect width=(format!("{width:.1}")) height="12" fill="#4a6fa5" {}
            @if let Some(i) = interval {
                rect x=(format!("{:.1}", x(i.low))) y="4" width=(format!("{:.1}", x(i.high) - x(i.low))) height="4" fill="#9fb6d6" {}
            }
        }
    }
}

fn balance_line(index: f64) -> Markup {
    let x = 20.0 + (index.clamp(-100.0, 100.0) + 100.0) / 200.0 * 360.0;
    html! {
        svg.balance width="400" height="50" viewBox="0 0 400 50" role="img" aria-label=(format!("balance index {index:+.0}")) {
            line x1="20" y1="20" x2="380" y2="20" stroke="#888" stroke-width="2" {}
            line x1="200" y1="12" x2="200" y2="28" stroke="#888" {}
            circle cx=(format!("{x:.1}")) cy="20" r="7" fill="#c0392b" {}
            text x="20" y="45" font-size="12" { "merged" }
            text x="200" y="45" font-size="12" text-anchor="middle" { "interdependent" }
            text x="380" y="45" font-size="12" text-anchor="end" { "detached" }
        }
    }
}

fn leaning(doc: &ResultDoc, history: &[ResultDoc]) -> Markup {
    let Some(leaning) = doc.leaning.as_ref().filter(|_| doc.interpretable()) else {
        return html! {};
    };
    let trail: Vec<(f64, f64)> = history
        .iter()
        .filter(|r| r.id != doc.id)
        .filter_map(|r| r.leaning.as_ref().map(|l| (l.anxiety, l.avoidance)))
        .collect();
    html! {
        div.keep {
        h2 { "Attachment map" }
        p { (crate::report::leaning_sentence(doc, leaning)) }
        (attachment_map(&trail, (leaning.anxiety, leaning.avoidance)))
        }
    }
}

/// Avoidance across, anxiety up; earlier results as small grey dots. The quadrants' names
/// stand outside the square and markers stay inside it, clear of the axes, so that no
/// marker covers a name or the frame.
fn attachment_map(trail: &[(f64, f64)], now: (f64, f64)) -> Markup {
    // The plot square runs from 40 to 280 across and 30 to 270 down, its axes at 160 and
    // 150; a marker (radius 7) keeps 9 units from each line.
    let place = |value: f64, low: f64, middle: f64, high: f64| {
        let value = value.clamp(0.0, 100.0);
        if value <= 50.0 {
            low + 9.0 + value / 50.0 * (middle - low - 18.0)
        } else {
            middle + 9.0 + (value - 50.0) / 50.0 * (high - middle - 18.0)
        }
    };
    let x = |avoidance: f64| place(avoidance, 40.0, 160.0, 280.0);
    let y = |anxiety: f64| 300.0 - place(anxiety, 30.0, 150.0, 270.0);
    html! {
        svg.map width="300" height="320" viewBox="0 0 300 320" role="img" aria-label="attachment map" {
            text x="100" y="22" font-size="13" text-anchor="middle" { "anxious" }
            text x="220" y="22" font-size="13" text-anchor="middle" { "fearful" }
            rect x="40" y="30" width="240" height="240" fill="none" stroke="#888" {}
            line x1="160" y1="30" x2="160" y2="270" stroke="#bbb" {}
            line x1="40" y1="150" x2="280" y2="150" stroke="#bbb" {}
            text x="100" y="288" font-size="13" text-anchor="middle" { "secure" }
            text x="220" y="288" font-size="13" text-anchor="middle" { "avoidant" }
            text x="160" y="312" font-size="12" text-anchor="middle" { "avoidance →" }
            text x="14" y="150" font-size="12" text-anchor="middle" transform="rotate(-90 14 150)" { "anxiety →" }
            @for (anxiety, avoidance) in trail {
                circle cx=(format!("{:.1}", x(*avoidance))) cy=(format!("{:.1}", y(*anxiety))) r="4" fill="#aaa" {}
            }
            circle cx=(format!("{:.1}", x(now.1))) cy=(format!("{:.1}", y(now.0))) r="7" fill="#c0392b" {}
        }
    }
}

fn trend(history: &[ResultDoc], notes: bool) -> Markup {
    let mut ids: Vec<(&str, &str)> = Vec::new();
    for r in history {
        for (id, d) in &r.dimensions {
            if !ids.iter().any(|(known, _)| known == id) {
                ids.push((id, &d.title));
            }
        }
    }
    // Whether the practice chosen at each result was tried (yes or partly) by the next.
    let practised: Vec<bool> = timeline(history)
        .iter()
        .map(|e| notes && e.tried.is_some_and(|t| t.practised()))
        .collect();
    let series = |value: &dyn Fn(&ResultDoc) -> Option<f64>| -> Vec<Point> {
        history
            .iter()
            .zip(&practised)
            .filter_map(|(r, tried)| Some((r.taken_at, value(r)?, *tried)))
            .collect()
    };
    html! {
        h2 { "Over time" }
        @if history.len() < 2 {
            p { "Take the check-in again over the coming weeks to see a trend here." }
        } @else {
            p.source {
                "Each chart runs from the first saved result to this one, dated below it; the larger red point is this result."
                @if practised.contains(&true) { " Shaded: the weeks in which you tried the practice you chose." }
            }
            div.charts {
                @for (id, title) in &ids {
                    (chart(title, &series(&|r| r.score(id)), (0.0, 100.0)))
                }
                (chart("Balance index", &series(&|r| Some(r.balance.as_ref()?.index)), (-100.0, 100.0)))
            }
        }
        @if notes { (practice_and_notes(history)) }
    }
}

/// A result's time, a value, and whether the practice chosen then was tried by the next.
type Point = (jiff::Timestamp, f64, bool);

/// The practice chosen each time, whether it was tried, and the notes.
fn practice_and_notes(history: &[ResultDoc]) -> Markup {
    let entries: Vec<_> = timeline(history)
        .into_iter()
        .filter(|e| !e.is_empty())
        .collect();
    html! {
        @if !entries.is_empty() {
            h2 { "Practice and notes" }
            table.keep {
                tr { th { "Date" } th { "Practice chosen" } th { "Tried" } th { "Note" } }
                @for e in &entries {
                    tr {
                        td { (e.taken_at.strftime("%Y-%m-%d")) }
                        td { (e.practice.map_or("", |p| p.text.as_str())) }
                        td { (e.practice.map_or("", |_| e.tried_words())) }
                        td { (e.note.unwrap_or("")) }
                    }
                }
            }
        }
    }
}

/// One series over time: dated at both ends, the last point (the reported result) marked,
/// and the stretch after each point shaded where the practice chosen there was tried.
fn chart(title: &str, series: &[Point], (low, high): (f64, f64)) -> Markup {
    let step = if series.len() > 1 {
        260.0 / (series.len() - 1) as f64
    } else {
        0.0
    };
    let xy: Vec<(f64, f64)> = series
        .iter()
        .enumerate()
        .map(|(i, (_, v, _))| {
            (
                30.0 + i as f64 * step,
                90.0 - (v - low) / (high - low) * 80.0,
            )
        })
        .collect();
    let points: Vec<String> = xy.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    let shaded: Vec<f64> = xy
        .iter()
        .zip(series)
        .take(xy.len().saturating_sub(1))
        .filter(|(_, (_, _, tried))| *tried)
        .map(|((x, _), _)| *x)
        .collect();
    let date = |t: Option<&Point>| {
        t.map_or(String::new(), |(t, _, _)| {
            t.strftime("%Y-%m-%d").to_string()
        })
    };
    html! {
        figure.chart {
            figcaption { (title) }
            svg.trend width="300" height="112" viewBox="0 0 300 112" role="img" aria-label=(format!("{title} over time")) {
                @for x in &shaded {
                    rect.practised x=(format!("{x:.1}")) y="10" width=(format!("{step:.1}")) height="80" fill="#e3f1e3" {}
                }
                rect x="30" y="10" width="260" height="80" fill="none" stroke="#ddd" {}
                text x="25" y="15" font-size="10" text-anchor="end" { (high) }
                text x="25" y="92" font-size="10" text-anchor="end" { (low) }
                text x="30" y="106" font-size="10" { (date(series.first())) }
                text x="290" y="106" font-size="10" text-anchor="end" { (date(series.last())) }
                polyline points=(points.join(" ")) fill="none" stroke="#4a6fa5" stroke-width="2" {}
                @for (i, (x, y)) in xy.iter().enumerate() {
                    @if i + 1 == xy.len() {
                        circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="5" fill="#c0392b" {}
                    } @else {
                        circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="3" fill="#4a6fa5" {}
                    }
                }
            }
        }
    }
}

fn strategies(doc: &ResultDoc) -> Markup {
    let personal = doc.interpretable();
    html! {
        h2 { @if personal { "Strategies to try" } @else { "Strategies that help anyone" } }
        ol {
            @for (n, r) in doc.recommendations.iter().enumerate() {
                li.strategy {
                    strong { (r.title) }
                    @if personal { p { (crate::report::why_sentence(&r.why)) } }
                    ul { @for practice in &r.practices { li { (practice) } } }
                    p.source { "Source: " (cite(&r.sources)) }
                    // The closing disclaimer prints with the last strategy, never alone on a
                    // page of its own.
                    @if n + 1 == doc.recommendations.len() {
                        p.disclaimer { (DISCLAIMER) }
                    }
                }
            }
        }
        @if doc.recommendations.is_empty() {
            p.disclaimer { (DISCLAIMER) }
        }
    }
}
