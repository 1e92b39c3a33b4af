//! The rules a set of questionnaire and strategy files must follow beyond their TOML shape.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::diagnostic::shorten;
use super::raw::{
    ConditionDef, MarkedPractice, PracticeDef, QuestionnaireFile, StrategyDef, StrategyFile,
};
use super::{Diagnostic, Located, SourceFile};
use crate::scoring::Style;
use crate::strategy::{Toward, BALANCE};

pub const MIN_ITEMS_PER_DIMENSION: usize = 3;
/// At most this many items and dimensions in a questionnaire, and strategies in a library:
/// far beyond any real file, and small enough that checking stays quick for hostile ones.
pub const MAX_ITEMS: usize = 500;
pub const MAX_DIMENSIONS: usize = 50;
pub const MAX_STRATEGIES: usize = 500;
const MAX_SCALE_POINTS: i64 = 11;
/// Scale ends stay small so that sums of answers can never overflow.
pub const SCALE_LIMIT: i64 = 1000;

/// Where an id was first seen: its file and span.
type Seen<'a> = HashMap<&'a str, (usize, Range<usize>)>;

pub(super) fn questionnaires(
    sources: &[SourceFile],
    list: &[Located<QuestionnaireFile>],
    out: &mut Vec<Diagnostic>,
) {
    let mut items: Seen = HashMap::new();
    let mut dimensions: Seen = HashMap::new();
    for Located { file, def } in list {
        let source = &sources[*file];
        check_id(
            source,
            def.id.get_ref(),
            def.id.span(),
            "questionnaire",
            out,
        );
        check_scale(source, def, out);
        if def.items.len() > MAX_ITEMS || def.dimensions.len() > MAX_DIMENSIONS {
            out.push(source.at(
                def.id.span(),
                format!(
                    "questionnaire `{}` has {} items in {} dimensions, more than balance reads ({MAX_ITEMS} items, {MAX_DIMENSIONS} dimensions)",
                    shorten(def.id.get_ref()),
                    def.items.len(),
                    def.dimensions.len()
                ),
                "split it into several questionnaires",
            ));
            continue;
        }
        for dimension in &def.dimensions {
            let (id, span) = (dimension.id.get_ref(), dimension.id.span());
            check_id(source, id, span.clone(), "dimension", out);
            unique(
                sources,
                &mut dimensions,
                (*file, span),
                id,
                "dimension",
                out,
            );
        }
        for item in &def.items {
            let (id, span) = (item.id.get_ref(), item.id.span());
            check_id(source, id, span.clone(), "item", out);
            unique(sources, &mut items, (*file, span), id, "item", out);
            check_item(source, def, item, out);
        }
        check_dimension_sizes(source, def, out);
        check_opposites(source, def, out);
    }
}

fn check_id(
    source: &SourceFile,
    id: &str,
    span: Range<usize>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !valid {
        out.push(source.at(
            span,
            format!("{what} id `{id}` is not a valid id"),
            "use lowercase letters, digits, `_` or `-`",
        ));
    }
}

fn unique<'a>(
    sources: &[SourceFile],
    seen: &mut Seen<'a>,
    (file, span): (usize, Range<usize>),
    id: &'a str,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    if let Some((first_file, first_span)) = seen.get(id) {
        let first = sources[*first_file].at(first_span.clone(), "", "");
        out.push(sources[file].at(
            span,
            format!(
                "duplicate {what} id `{id}` (first used at {}:{}:{})",
                first.file, first.line, first.column
            ),
            &format!("give each {what} an id used nowhere else"),
        ));
    } else {
        seen.insert(id, (file, span));
    }
}

fn check_scale(source: &SourceFile, def: &QuestionnaireFile, out: &mut Vec<Diagnostic>) {
    let (min, max) = (*def.scale.min.get_ref(), def.scale.max);
    let in_bounds =
        (-SCALE_LIMIT..=SCALE_LIMIT).contains(&min) && (-SCALE_LIMIT..=SCALE_LIMIT).contains(&max);
    if !in_bounds || min >= max || max - min + 1 > MAX_SCALE_POINTS {
        out.push(source.at(
            def.scale.min.span(),
            format!("scale runs from {min} to {max}"),
            "set `min` below `max`, both within -1000 and 1000, with at most 11 points",
        ));
        return;
    }
    let points = max - min + 1;
    let labels = def.scale.labels.get_ref().len();
    if i64::try_from(labels) != Ok(points) {
        out.push(source.at(
            def.scale.labels.span(),
            format!("the scale has {points} points ({min} to {max}) but {labels} labels"),
            "give exactly one label per point, from min to max",
        ));
    }
}

fn check_item(
    source: &SourceFile,
    def: &QuestionnaireFile,
    item: &super::raw::ItemDef,
    out: &mut Vec<Diagnostic>,
) {
    let dimension = item.dimension.get_ref();
    if !def.dimensions.iter().any(|d| d.id.get_ref() == dimension) {
        out.push(source.at(
            item.dimension.span(),
            format!(
                "item `{}` names dimension `{dimension}`, which this questionnaire does not declare",
                item.id.get_ref()
            ),
            &format!("use one of: {}", dimension_list(def)),
        ));
    }
    if item.text.get_ref().trim().is_empty() {
        out.push(source.at(
            item.text.span(),
            format!("item `{}` has no text", item.id.get_ref()),
            "write the statement in the first person",
        ));
    }
}

fn dimension_list(def: &QuestionnaireFile) -> String {
    let ids: Vec<&str> = def
        .dimensions
        .iter()
        .map(|d| d.id.get_ref().as_str())
        .collect();
    if ids.is_empty() {
        "(none declared: add a [[dimensions]] table)".to_string()
    } else {
        ids.join(", ")
    }
}

fn check_dimension_sizes(source: &SourceFile, def: &QuestionnaireFile, out: &mut Vec<Diagnostic>) {
    for dimension in &def.dimensions {
        let id = dimension.id.get_ref();
        let count = def
            .items
            .iter()
            .filter(|i| i.dimension.get_ref() == id)
            .count();
        if count < MIN_ITEMS_PER_DIMENSION {
            out.push(source.at(
                dimension.id.span(),
                format!("dimension `{id}` has {count} items, fewer than {MIN_ITEMS_PER_DIMENSION}"),
                "add items to it so that its score means something, or remove it",
            ));
        }
    }
}

/// Checks every `opposite`: a valid pair is two items of one dimension with opposite keying,
/// and an item belongs to one pair at most (naming each other from both sides is one pair).
fn check_opposites(source: &SourceFile, def: &QuestionnaireFile, out: &mut Vec<Diagnostic>) {
    // Each paired item, with its partner and where the pair was first declared.
    let mut paired: HashMap<&str, (&str, Range<usize>)> = HashMap::new();
    for item in &def.items {
        let Some(opposite) = &item.opposite else {
            continue;
        };
        if let Some(problem) = opposite_problem(def, item, opposite.get_ref()) {
            out.push(source.at(opposite.span(), problem, OPPOSITE_HINT));
            continue;
        }
        let pair = [item.id.get_ref().as_str(), opposite.get_ref().as_str()];
        let taken = pair.iter().zip(pair.iter().rev()).find_map(|(end, other)| {
            let (partner, span) = paired.get(end)?;
            (partner != other).then(|| (*end, *partner, span.clone()))
        });
        match taken {
            Some((end, partner, span)) => {
                let line = source.at(span, "", "").line;
                out.push(source.at(
                    opposite.span(),
                    format!("item `{end}` is already paired with `{partner}` (on line {line})"),
                    "an item has one opposite at most: remove one of the two pairs",
                ));
            }
            None => {
                paired.insert(pair[0], (pair[1], opposite.span()));
                paired.insert(pair[1], (pair[0], opposite.span()));
            }
        }
    }
}

const OPPOSITE_HINT: &str =
    "name an item of the same dimension, with the other keying, that says the opposite";

/// What is wrong with `item` naming `named` as its opposite, looking at that pair alone.
fn opposite_problem(
    def: &QuestionnaireFile,
    item: &super::raw::ItemDef,
    named: &str,
) -> Option<String> {
    let id = item.id.get_ref();
    if named == id {
        return Some(format!("item `{id}` names itself as its opposite"));
    }
    let Some(other) = def.items.iter().find(|i| i.id.get_ref() == named) else {
        return Some(format!(
            "item `{id}` names opposite `{named}`, which this questionnaire does not declare"
        ));
    };
    if other.dimension.get_ref() != item.dimension.get_ref() {
        return Some(format!(
            "item `{id}` (dimension `{}`) names opposite `{named}` of dimension `{}`",
            item.dimension.get_ref(),
            other.dimension.get_ref()
        ));
    }
    if other.reverse == item.reverse {
        let keying = if item.reverse {
            "both are reverse-keyed"
        } else {
            "neither is reverse-keyed"
        };
        return Some(format!(
            "item `{id}` and its opposite `{named}` are keyed the same way ({keying})"
        ));
    }
    None
}

pub(super) fn strategies(
    sources: &[SourceFile],
    list: &[Located<StrategyDef>],
    questionnaires: &[Located<QuestionnaireFile>],
    out: &mut Vec<Diagnostic>,
) {
    let known = Known::from(questionnaires);
    for Located { file, def } in list {
        let source = &sources[*file];
        check_id(source, def.id.get_ref(), def.id.span(), "strategy", out);
        check_strategy_text(source, def, out);
        if def.when.get_ref().is_empty() {
            out.push(source.at(
                def.when.span(),
                format!("strategy `{}` has no conditions", def.id.get_ref()),
                "add at least one condition to `when`",
            ));
        }
        for condition in def.when.get_ref() {
            check_condition(source, condition.span(), condition.get_ref(), &known, out);
        }
    }
}

fn check_strategy_text(source: &SourceFile, def: &StrategyDef, out: &mut Vec<Diagnostic>) {
    let id = def.id.get_ref();
    let practices = def.practices.get_ref().len();
    if !(2..=4).contains(&practices) {
        out.push(source.at(
            def.practices.span(),
            format!("strategy `{id}` has {practices} practices"),
            "give 2 to 4 concrete practices a person can start this week",
        ));
    }
    let sources_ok = !def.sources.get_ref().is_empty()
        && def
            .sources
            .get_ref()
            .iter()
            .all(|s| !s.title.trim().is_empty() && !s.section.trim().is_empty());
    if !sources_ok {
        out.push(source.at(
            def.sources.span(),
            format!("strategy `{id}` does not cite its sources"),
            "list each source article's title and section heading",
        ));
    }
    if def.summary.get_ref().trim().is_empty() {
        out.push(source.at(
            def.summary.span(),
            format!("strategy `{id}` has no summary"),
            "write a two-sentence summary",
        ));
    }
    for practice in def.practices.get_ref() {
        check_toward(source, practice, out);
    }
    if let Some(weight) = &def.weight {
        if !(weight.get_ref().is_finite() && *weight.get_ref() > 0.0) {
            out.push(source.at(
                weight.span(),
                "`weight` must be a positive number",
                "use a number such as 1.0 or 2.0",
            ));
        }
    }
}

fn check_toward(source: &SourceFile, practice: &PracticeDef, out: &mut Vec<Diagnostic>) {
    let PracticeDef::Marked(MarkedPractice {
        toward: Some(toward),
        ..
    }) = practice
    else {
        return;
    };
    if toward.get_ref().parse::<Toward>().is_err() {
        out.push(source.at(
            toward.span(),
            format!("unknown direction `{}`", shorten(toward.get_ref())),
            "use `toward = \"closeness\"` or `toward = \"independence\"`, or leave it out",
        ));
    }
}

/// A strategy library with more strategies than balance reads.
pub(super) fn too_many_strategies(source: &SourceFile, library: &StrategyFile) -> Diagnostic {
    let span = library.strategies.first().map_or(0..0, |s| s.id.span());
    source.at(
        span,
        format!(
            "{} strategies, more than balance reads from one file ({MAX_STRATEGIES})",
            library.strategies.len()
        ),
        "split the library into several files",
    )
}

/// The dimension and item ids that conditions may name, for lookups in constant time.
struct Known<'a> {
    dimensions: HashSet<&'a str>,
    /// The dimension ids in file order, for a message.
    dimension_order: Vec<&'a str>,
    items: HashSet<&'a str>,
}

impl<'a> Known<'a> {
    fn dimension_list(&self) -> String {
        self.dimension_order.join(", ")
    }

    fn from(questionnaires: &'a [Located<QuestionnaireFile>]) -> Self {
        let defs = questionnaires.iter().map(|q| &q.def);
        let dimension_order: Vec<&str> = defs
            .clone()
            .flat_map(|d| d.dimensions.iter().map(|x| x.id.get_ref().as_str()))
            .collect();
        Known {
            dimensions: dimension_order.iter().copied().collect(),
            dimension_order,
            items: defs
                .flat_map(|d| d.items.iter().map(|x| x.id.get_ref().as_str()))
                .collect(),
        }
    }
}

fn check_condition(
    source: &SourceFile,
    span: Range<usize>,
    condition: &ConditionDef,
    known: &Known,
    out: &mut Vec<Diagnostic>,
) {
    let subjects = [
        condition.score.is_some(),
        condition.item.is_some(),
        condition.leaning.is_some(),
    ];
    if subjects.iter().filter(|named| **named).count() != 1 {
        out.push(source.at(
            span,
            "a condition must name exactly one of `score`, `item` or `leaning`",
            "split it into one condition per subject",
        ));
        return;
    }
    let has_threshold = condition.at_least.is_some() || condition.at_most.is_some();
    if let Some(score) = &condition.score {
        let name = score.get_ref().as_str();
        if name != BALANCE && !known.dimensions.contains(&name) {
            out.push(source.at(
                score.span(),
                format!("condition names unknown dimension `{name}`"),
                &format!("use `{BALANCE}` or one of: {}", known.dimension_list()),
            ));
        }
    }
    if let Some(item) = &condition.item {
        let name = item.get_ref().as_str();
        if !known.items.contains(&name) {
            out.push(source.at(
                item.span(),
                format!("condition names unknown item `{name}`"),
                "use the id of an item in a loaded questionnaire (`balance show ID` lists them)",
            ));
        }
    }
    if let Some(leaning) = &condition.leaning {
        if leaning.get_ref().parse::<Style>().is_err() {
            out.push(source.at(
                leaning.span(),
                format!("unknown leaning `{}`", leaning.get_ref()),
                "use secure, anxious, avoidant or fearful",
            ));
        }
        if has_threshold {
            out.push(source.at(
                span.clone(),
                "a `leaning` condition takes no threshold",
                "remove `at_least` and `at_most`",
            ));
        }
    } else if !has_threshold {
        out.push(source.at(
            span.clone(),
            "this condition has no threshold",
            "add `at_least`, `at_most` or both",
        ));
    }
    if let (Some(low), Some(high)) = (condition.at_least, condition.at_most) {
        if low > high {
            out.push(source.at(
                span,
                format!("`at_least` ({low}) is above `at_most` ({high})"),
                "swap or correct the bounds",
            ));
        }
    }
}
