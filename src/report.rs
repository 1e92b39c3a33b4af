//! The report a person reads: scores, the attachment map, the balance line, the leaning and
//! the strategies to try. Rendered from a saved result alone, into any writer.

use std::io::{self, Write};

use crate::output::{write_table, Look};
use crate::quality::Quality;
use crate::result::{
    BalanceResult, DimensionResult, LeaningResult, PullResult, RecommendationResult, ResultDoc,
};
use crate::scoring::{Band, Clarity, Style};
use crate::session::{Kept, Waiting};
use crate::strategy::Source;
use crate::text::safe;

pub const DISCLAIMER: &str = "balance is a tool for self-reflection, not a diagnosis. If these patterns feel overwhelming or keep hurting you, a counsellor or therapist can help.";
/// Said wherever a band is shown: there are no norms to compare with.
pub const BANDS_NOTE: &str =
    "Bands are positions on the answer scale, not comparisons with other people.";
pub const VERY_HIGH_NOTICE: &str = "Some of your scores are very high, or pull strongly both ways. Talking with a counsellor or therapist can help; you do not have to sort this out alone.";
const BAR_WIDTH: usize = 20;
pub const PRACTICES_SHOWN: usize = 2;

pub fn render(out: &mut dyn Write, doc: &ResultDoc, look: Look) -> io::Result<()> {
    heading(out, doc, look)?;
    let readable = doc.interpretable();
    if let Some(quality) = doc.quality.as_ref().filter(|_| !readable) {
        quality_notice(out, quality, doc, look)?;
    }
    scores(out, doc, look)?;
    practice_loop(out, doc, look)?;
    if readable {
        if let Some(leaning) = &doc.leaning {
            writeln!(out)?;
            map(out, look, &[(leaning.anxiety, leaning.avoidance)])?;
            writeln!(out)?;
            explain_leaning(out, doc, leaning, look)?;
        }
        if let Some(balance) = &doc.balance {
            writeln!(out)?;
            writeln!(out, "{}", look.bold("Balance"))?;
            writeln!(out, "{}", look.wrap(&pulls_sentence(balance), ""))?;
            balance_line(out, look, balance.index)?;
            writeln!(out, "  {:+.0}: {}", balance.index, balance.label)?;
        }
    }
    recommendations(out, &doc.recommendations, look, readable)?;
    closing(out, doc, look)
}

/// When a result was taken, to the minute, as reports and messages show it.
pub fn to_the_minute(time: jiff::Timestamp) -> String {
    time.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// The practice tried since last time, the note, and the practice chosen for next time.
/// Their text is shown made safe here: a result just made has not been through
/// [`ResultDoc::complete`], and its note and practice come from arguments and files.
pub fn practice_loop(out: &mut dyn Write, doc: &ResultDoc, look: Look) -> io::Result<()> {
    let mut lines = Vec::new();
    if let Some(previous) = &doc.previous_practice {
        let tried = previous
            .tried
            .map_or("not said".to_string(), |t| t.words().to_string());
        lines.push(format!(
            "Last time you chose: {} Tried: {tried}.",
            sentence(&safe(&previous.text))
        ));
    }
    if let Some(note) = &doc.note {
        lines.push(format!("Your note: \"{}\"", safe(note)));
    }
    if let Some(practice) = &doc.practice {
        lines.push(format!(
            "Chosen to try next: {}",
            sentence(&safe(&practice.text))
        ));
    }
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    for line in lines {
        writeln!(out, "{}", look.wrap_breaking(&line, "", "  "))?;
    }
    Ok(())
}

/// The practice just chosen, after a quiz or check-in: what to try before the next one.
pub fn chosen_practice(out: &mut dyn Write, doc: &ResultDoc, look: Look) -> io::Result<()> {
    let Some(practice) = &doc.practice else {
        return Ok(());
    };
    let line = format!("Until your next check-in: {}", safe(&practice.text));
    writeln!(out, "\n{}", look.wrap_breaking(&line, "", "  "))
}

/// Text ending with a full stop, so that another sentence can follow it.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

fn heading(out: &mut dyn Write, doc: &ResultDoc, look: Look) -> io::Result<()> {
    let form = match doc.form {
        crate::questionnaire::Form::Full => "full assessment",
        crate::questionnaire::Form::Short => "short check-in",
    };
    let when = to_the_minute(doc.taken_at);
    let heading = look.wrap(&format!("Your balance ({form}, {when})"), "");
    writeln!(out, "{}", look.bold(heading))?;
    writeln!(out)
}

/// What the quality checks noticed, what it means, and what to do.
pub fn quality_notice(
    out: &mut dyn Write,
    quality: &Quality,
    doc: &ResultDoc,
    look: Look,
) -> io::Result<()> {
    writeln!(out, "{}", look.bold(QUALITY_TITLE))?;
    for flag in &quality.flags {
        writeln!(out, "{}", look.bullet(&flag.message, ""))?;
    }
    writeln!(out, "{}", look.wrap(&quality_meaning(doc.form), ""))?;
    writeln!(out)
}

/// The heading of the notice for answers that cannot be read reliably, in every renderer.
pub const QUALITY_TITLE: &str = "These answers cannot be read reliably";

/// What unreliable answers mean for the report, and what to do about them.
pub fn quality_meaning(form: crate::questionnaire::Form) -> String {
    let retake = match form {
        crate::questionnaire::Form::Full => "take the quiz again when you have a few quiet minutes",
        crate::questionnaire::Form::Short => {
            "answer the next check-in when you have a quiet moment"
        }
    };
    format!(
        "This happens when statements are answered quickly or without reading them. The scores are shown below, but they may not describe you, so there is no leaning, no balance label and no personal advice this time: {retake}, and answer each statement as it is for you."
    )
}

/// What the interval after each score means, and what the bands are.
pub const LIKELY_NOTE: &str =
    "Likely: the range the score would fall in nine times out of ten, given how your answers vary.";

/// "63 (55-71)": the score and its 90 % interval.
pub fn score_with_interval(d: &DimensionResult) -> String {
    match (d.score, d.interval) {
        (Some(score), Some(i)) => format!("{score:.0} ({:.0}-{:.0})", i.low, i.high),
        (Some(score), None) => format!("{score:.0}"),
        _ => "-".to_string(),
    }
}

/// The band, or the bands the interval reaches ("moderate to high").
pub fn band_words(d: &DimensionResult) -> String {
    match (d.score, d.interval) {
        (_, Some(interval)) => Band::range_words(interval),
        (Some(score), None) => Band::of(score).to_string(),
        _ => String::new(),
    }
}

fn scores(out: &mut dyn Write, doc: &ResultDoc, look: Look) -> io::Result<()> {
    let mut table = look.table(&["Dimension", "Score (likely)", "", "Band"]);
    for dimension in doc.dimensions.values() {
        match dimension.score {
            Some(score) => table.add_row(vec![
                dimension.title.clone(),
                score_with_interval(dimension),
                look.bar(score, dimension.interval, BAR_WIDTH),
                band_words(dimension),
            ]),
            None => table.add_row(vec![
                dimension.title.clone(),
                "-".to_string(),
                "not scored".to_string(),
                dimension.reason.clone().unwrap_or_default(),
            ]),
        };
    }
    // Narrow terminals lose the bars, then the bands: the scores and their ranges stay.
    look.fit(&mut table, &[2, 3]);
    write_table(out, &table)?;
    let note = format!("{LIKELY_NOTE} {BANDS_NOTE}");
    writeln!(out, "{}", look.dim(look.wrap(&note, "")))
}

/// Anxiety (up) against avoidance (right), the four leanings in their quadrants. The last
/// point is where the person stands now; earlier ones draw a trail.
pub fn map(out: &mut dyn Write, look: Look, points: &[(f64, f64)]) -> io::Result<()> {
    const WIDTH: usize = 25;
    const HEIGHT: usize = 11;
    let (mid_x, mid_y) = (WIDTH / 2, HEIGHT / 2);
    let mut grid = vec![vec![' '; WIDTH]; HEIGHT];
    for (y, row) in grid.iter_mut().enumerate() {
        for (x, cell) in row.iter_mut().enumerate() {
            *cell = frame(look, position(x, WIDTH, mid_x), position(y, HEIGHT, mid_y));
        }
    }
    let (trail, now) = if look.unicode {
        ('·', '●')
    } else {
        ('o', '@')
    };
    // Markers go inside a quadrant, never on the frame or the axes: a score at the midpoint
    // belongs to the lower quadrant, as the leaning does.
    for (i, (anxiety, avoidance)) in points.iter().enumerate() {
        let marker = if i + 1 == points.len() { now } else { trail };
        let row = HEIGHT - 1 - inside(*anxiety, HEIGHT, mid_y);
        grid[row][inside(*avoidance, WIDTH, mid_x)] = marker;
    }
    // The quadrants' names stand outside the frame, where no marker can cover them.
    writeln!(out, "{}", look.bold("Attachment map"))?;
    writeln!(out, "  {:12}  {:<mid_x$}fearful", "", "anxious")?;
    for (y, row) in grid.iter().enumerate() {
        let axis = match y {
            0 => "anxiety high",
            y if y == HEIGHT - 1 => "anxiety low ",
            _ => "            ",
        };
        writeln!(out, "  {axis} {}", row.iter().collect::<String>())?;
    }
    writeln!(out, "  {:12}  {:<mid_x$}avoidant", "", "secure")?;
    writeln!(out, "  {:12} avoidance low -> high", "")?;
    let before = if points.len() > 1 {
        format!(", {trail} before")
    } else {
        String::new()
    };
    writeln!(out, "  {:12} ({now} you{before})", "")
}

/// The cell inside the frame for a 0-100 value: 0-50 across the cells before the middle
/// line, above 50 across those after it.
fn inside(value: f64, cells: usize, middle: usize) -> usize {
    let value = value.clamp(0.0, 100.0);
    let (first, last, share) = if value <= 50.0 {
        (1, middle - 1, value / 50.0)
    } else {
        (middle + 1, cells - 2, (value - 50.0) / 50.0)
    };
    first + (share * (last - first) as f64).round() as usize
}

/// Where a cell lies along one axis of the map's frame.
#[derive(Clone, Copy, PartialEq)]
enum Edge {
    Start,
    Middle,
    End,
    Inside,
}

fn position(at: usize, cells: usize, middle: usize) -> Edge {
    match at {
        0 => Edge::Start,
        a if a == cells - 1 => Edge::End,
        a if a == middle => Edge::Middle,
        _ => Edge::Inside,
    }
}

/// The frame character for a cell, from its place across (`x`) and down (`y`).
fn frame(look: Look, x: Edge, y: Edge) -> char {
    use Edge::*;
    if !look.unicode {
        return match (x, y) {
            (Inside, Inside) => ' ',
            (Inside, _) => '-',
            (_, Inside) => '|',
            _ => '+',
        };
    }
    match (x, y) {
        (Inside, Inside) => ' ',
        (Inside, _) => '─',
        (_, Inside) => '│',
        (Start, Start) => '┌',
        (Middle, Start) => '┬',
        (End, Start) => '┐',
        (Start, Middle) => '├',
        (Middle, Middle) => '┼',
        (End, Middle) => '┤',
        (Start, End) => '└',
        (Middle, End) => '┴',
        (End, End) => '┘',
    }
}

/// The balance index on a line from merged through interdependent to detached, 41 cells
/// long, or shorter (an odd number, so that the middle is a cell) where the terminal is narrow.
pub fn balance_line(out: &mut dyn Write, look: Look, index: f64) -> io::Result<()> {
    // "  merged " and " detached" take 18 columns around the line.
    let room = look.width.map_or(41, |w| w.saturating_sub(18));
    let cells = room.clamp(11, 41);
    let cells = if cells.is_multiple_of(2) {
        cells - 1
    } else {
        cells
    };
    let (h, end_l, end_r, mid, marker) = if look.unicode {
        ('─', '├', '┤', '┼', '●')
    } else {
        ('-', '|', '|', '+', '@')
    };
    let mut line = vec![h; cells];
    line[0] = end_l;
    line[cells - 1] = end_r;
    line[cells / 2] = mid;
    let at = (((index.clamp(-100.0, 100.0) + 100.0) / 200.0) * (cells - 1) as f64).round() as usize;
    line[at] = marker;
    writeln!(out, "  merged {} detached", line.iter().collect::<String>())?;
    // "interdependent" centred under the middle cell.
    let centre = 2 + 7 + cells / 2;
    writeln!(
        out,
        "{:width$}interdependent",
        "",
        width = centre.saturating_sub(7)
    )
}

fn leaning_text(style: Style) -> &'static str {
    match style {
        Style::Secure => "You seem at ease both close to your partner and apart: trust comes without fear of being left or smothered. That is the ground interdependence grows from: two whole people, deeply connected.",
        Style::Anxious => "Independence may feel hard, and you may want reassurance often that the relationship is safe. A life and a calm of your own make closeness feel less fragile.",
        Style::Avoidant => "You may guard your independence so closely that closeness starts to feel like a threat. Letting your partner in, a little at a time, builds connection without losing yourself.",
        Style::Fearful => "Both pulls are strong: you may want closeness and reassurance, and also keep your distance when it comes. The aim is the same, self-sufficient yet deeply connected; support from a professional can help untangle the two.",
    }
}

/// The two pulls, each with its likely range: "Pull toward closeness 63 (55-71), toward
/// distance 20 (12-28)."
pub fn pulls_sentence(balance: &BalanceResult) -> String {
    let pull = |p: &Option<PullResult>| match p {
        Some(PullResult {
            score,
            interval: Some(i),
            ..
        }) => format!("{score:.0} ({:.0}-{:.0})", i.low, i.high),
        Some(p) => format!("{:.0}", p.score),
        None => "-".to_string(),
    };
    format!(
        "Pull toward closeness {}, toward distance {}.",
        pull(&balance.closeness),
        pull(&balance.distance)
    )
}

/// The two attachment dimensions in words with their ranges, then the closest pattern and
/// how firmly the ranges support it.
pub fn leaning_sentence(doc: &ResultDoc, leaning: &LeaningResult) -> String {
    let axis = |id: &str, name: &str| {
        doc.dimensions.get(id).map_or(String::new(), |d| {
            format!("{name} {}, {}", score_with_interval(d), band_words(d))
        })
    };
    let near: Vec<&str> = leaning.near.iter().map(|s| s.name()).collect();
    let pattern = match leaning.clarity {
        Clarity::Clear => format!("your answers lean {} (clear)", leaning.style),
        _ => format!(
            "closest to {}, on the border with {}{}",
            leaning.style,
            join_words(&near),
            if leaning.clarity == Clarity::Borderline {
                ": read it lightly"
            } else {
                ""
            }
        ),
    };
    format!(
        "{}; {}: {pattern}.",
        axis("anxiety", "Attachment anxiety"),
        axis("avoidance", "avoidance")
    )
}

/// "a", "a and b", "a, b and c".
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn explain_leaning(
    out: &mut dyn Write,
    doc: &ResultDoc,
    leaning: &LeaningResult,
    look: Look,
) -> io::Result<()> {
    writeln!(out, "{}", look.bold("Your leaning"))?;
    writeln!(out, "{}", look.wrap(&leaning_sentence(doc, leaning), ""))?;
    writeln!(out, "{}", look.wrap(leaning_text(leaning.style), "  "))
}

fn recommendations(
    out: &mut dyn Write,
    list: &[RecommendationResult],
    look: Look,
    personal: bool,
) -> io::Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    let heading = if personal {
        "Strategies to try"
    } else {
        "Strategies that help anyone"
    };
    writeln!(out, "{}", look.bold(heading))?;
    for (n, r) in list.iter().enumerate() {
        let title = look.wrap_hanging(&format!("{}. {}", n + 1, r.title), "", "   ");
        writeln!(out, "{}", look.bold(title))?;
        let practices = &r.practices[..r.practices.len().min(PRACTICES_SHOWN)];
        let lead = if personal {
            why_sentence(&r.why)
        } else {
            String::new()
        };
        let practices = Practices {
            heading: Some("This week:"),
            ..Practices::bulleted(practices)
        };
        advice(out, look, &lead, practices, &r.sources, "   ")?;
    }
    Ok(())
}

/// The reasons as one sentence: "Why: your ... is 83; you answered ...."
pub fn why_sentence(why: &[String]) -> String {
    if why.is_empty() {
        return String::new();
    }
    let joined = why.join("; ");
    // A reason may end with a quoted statement that has its own full stop.
    let last = joined.trim_end_matches(['"', '\'', ')']);
    let end = if last.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    format!("Why: {joined}{end}")
}

/// A strategy's practices as a report lists them.
pub struct Practices<'a> {
    /// A line before them ("This week:").
    pub heading: Option<&'a str>,
    pub items: &'a [String],
    /// Numbered from 1, as `--practice STRATEGY_ID:N` names them, instead of bulleted.
    pub numbered: bool,
}

impl<'a> Practices<'a> {
    pub fn bulleted(items: &'a [String]) -> Self {
        Practices {
            heading: None,
            items,
            numbered: false,
        }
    }
}

/// A strategy's reason or summary, its practices and its sources, indented under its title.
pub fn advice(
    out: &mut dyn Write,
    look: Look,
    lead: &str,
    practices: Practices,
    sources: &[Source],
    indent: &str,
) -> io::Result<()> {
    if !lead.is_empty() {
        writeln!(out, "{}", look.wrap(lead, indent))?;
    }
    if let Some(heading) = practices.heading {
        writeln!(out, "{indent}{heading}")?;
    }
    for (n, practice) in practices.items.iter().enumerate() {
        let line = if practices.numbered {
            let first = format!("{indent}{}. ", n + 1);
            let rest = " ".repeat(first.chars().count());
            look.wrap_hanging(practice, &first, &rest)
        } else {
            look.bullet(practice, indent)
        };
        writeln!(out, "{line}")?;
    }
    let cited = look.wrap(&format!("Source: {}", cite(sources)), indent);
    writeln!(out, "{}", look.dim(cited))
}

/// Sources as `Title ("Section"; "Section"). Title ("Section").`, one title per article.
pub fn cite(sources: &[Source]) -> String {
    let mut by_title: Vec<(&str, Vec<&str>)> = Vec::new();
    for source in sources {
        match by_title
            .iter_mut()
            .find(|(title, _)| *title == source.title)
        {
            Some((_, sections)) => sections.push(&source.section),
            None => by_title.push((&source.title, vec![&source.section])),
        }
    }
    by_title
        .iter()
        .map(|(title, sections)| {
            let quoted: Vec<String> = sections.iter().map(|s| format!("\"{s}\"")).collect();
            format!("{title} ({})", quoted.join("; "))
        })
        .collect::<Vec<_>>()
        .join(". ")
}

/// True when a score is very high or the fearful pattern is strong, which always points to
/// professional support, whatever else the report says.
pub fn any_very_high(doc: &ResultDoc) -> bool {
    let scores = doc.dimensions.values().filter_map(|d| d.score);
    let leaning = doc.leaning.as_ref().map(|l| (l.anxiety, l.avoidance));
    crate::recommend::needs_support(scores, leaning)
}

/// What every report ends with: the call for professional support where it applies, and
/// the disclaimer.
pub fn closing(out: &mut dyn Write, doc: &ResultDoc, look: Look) -> io::Result<()> {
    writeln!(out)?;
    if any_very_high(doc) {
        let notice = look.wrap(VERY_HIGH_NOTICE, "");
        writeln!(out, "{}", look.paint(notice).yellow())?;
    }
    writeln!(out, "{}", look.dim(look.wrap(DISCLAIMER, "")))
}

/// Where the result went, and, when saving failed, where the answers wait and how to save
/// them later.
pub fn where_kept(out: &mut dyn Write, kept: &Kept, look: Look) -> io::Result<()> {
    let text = match kept {
        Kept::Saved(path) => format!(
            "Saved to {}; `balance report` shows this report again.",
            path.display()
        ),
        Kept::NotSaved => "Not saved (--no-save).".to_string(),
        Kept::Failed { reason, waiting } => {
            let later = match waiting {
                Waiting::Progress(path) => format!(
                    "Your answers are kept in {}; once the problem is fixed, `balance quiz --resume` saves them.",
                    path.display()
                ),
                Waiting::ResultFile(path) => format!(
                    "The result is written to {}; once the problem is fixed, `balance import {}` saves it.",
                    path.display(),
                    path.display()
                ),
                Waiting::Nowhere => "It could not be written anywhere else either: keep this report, or run again with --json to copy the result.".to_string(),
            };
            format!("Not saved: {reason}\n{later}")
        }
    };
    // Paths come from the environment and reasons from the file system: shown escaped.
    for line in crate::text::safe(&text).lines() {
        writeln!(out, "{}", look.wrap(line, ""))?;
    }
    Ok(())
}

#[cfg(test)]
mod map_tests {
    use super::*;

    fn drawn(points: &[(f64, f64)]) -> Vec<String> {
        let mut out = Vec::new();
        map(&mut out, Look::PLAIN, points).unwrap();
        String::from_utf8(out)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Markers at the scale's ends and midpoint land inside a quadrant: every other
    /// character, frame and names alike, is as the empty map has it.
    #[test]
    fn markers_never_cover_the_frame_or_a_name() {
        let empty = drawn(&[]);
        let ends = [0.0, 50.0, 100.0];
        let points: Vec<(f64, f64)> = ends
            .iter()
            .flat_map(|a| ends.iter().map(move |v| (*a, *v)))
            .collect();
        let marked = drawn(&points);
        assert_eq!(empty.len(), marked.len());
        let mut markers = 0;
        // The legend's last line names the trail only when there is one.
        let frame = empty.len() - 1;
        for (e, m) in empty[..frame].iter().zip(&marked[..frame]) {
            for (a, b) in e.chars().zip(m.chars()) {
                if a != b {
                    assert_eq!(a, ' ', "a marker covered {a:?}:\n{}", marked.join("\n"));
                    assert!(b == 'o' || b == '@', "{b:?}");
                    markers += 1;
                }
            }
        }
        assert_eq!(markers, 9, "{}", marked.join("\n"));
        for name in ["anxious", "fearful", "secure", "avoidant"] {
            assert!(marked.iter().any(|l| l.contains(name)), "{name}");
        }
    }
}
