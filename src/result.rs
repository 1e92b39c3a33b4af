//! The `balance.result/v1` document: one finished quiz or check-in, as scripts and the history
//! store see it, and the one typed model every renderer reads. Field names are a contract;
//! add, never rename.
//!
//! Building a document is pure: the command passes in the id and the time ([`Stamp`]).
//! Words derived from numbers (bands, labels, clarity) are recomputed whenever a document is
//! read ([`ResultDoc::complete`]), so a hand-edited file can never make a report say what its
//! numbers do not.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::Catalog;
use crate::practice::{ChosenPractice, PreviousPractice};
use crate::quality::{self, Quality};
use crate::questionnaire::{Form, Pole, Questionnaire};
use crate::recommend::{recommend, recommend_general, Evidence, Recommendation};
use crate::scoring::{
    balance_label, standard_error, Answers, Balance, BalanceLabel, Band, Clarity, DimensionScore,
    Interval, Leaning, Pull, Scorer, Style, ANXIETY, AVOIDANCE,
};
use crate::strategy::{Source, Toward};

pub const SCHEMA: &str = "balance.result/v1";
const SCHEMA_PREFIX: &str = "balance.result/v";
/// The strongest reasons a recommendation gives; more would bury the point.
const WHY_SHOWN: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ResultDoc {
    /// Always `balance.result/v1` for this version of the document.
    pub schema: String,
    pub tool_version: String,
    /// Unique per result; time-ordered (UUIDv7).
    pub id: String,
    /// When the answers were scored, RFC 3339 in UTC.
    #[cfg_attr(
        test,
        schemars(with = "String", regex(pattern = r"^\d{4}-\d{2}-\d{2}T"))
    )]
    pub taken_at: jiff::Timestamp,
    pub form: Form,
    pub questionnaires: Vec<TakenQuestionnaire>,
    /// Item ids in the order they were asked (absent in results saved before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Vec<String>>,
    pub dimensions: IndexMap<String, DimensionResult>,
    pub leaning: Option<LeaningResult>,
    pub balance: Option<BalanceResult>,
    /// Whether the answers can be read as a considered view; computed from the stored
    /// answers when a result saved before it existed is read.
    #[serde(default)]
    pub quality: Option<Quality>,
    pub recommendations: Vec<RecommendationResult>,
    /// The practice chosen to try before the next check-in; null when none was chosen.
    #[serde(default)]
    pub practice: Option<ChosenPractice>,
    /// The practice chosen at the result before, and whether it was tried.
    #[serde(default)]
    pub previous_practice: Option<PreviousPractice>,
    /// A line on anything that might explain a change.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct TakenQuestionnaire {
    pub id: String,
    pub version: String,
    /// Answers by item id; skipped items are absent.
    pub answers: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct DimensionResult {
    /// The dimension's title, for people.
    pub title: String,
    /// Mean answer after reverse keying, on the questionnaire's scale; null when not scored.
    pub mean: Option<f64>,
    /// 0-100; null when not scored.
    pub score: Option<f64>,
    /// Standard error of the score (0-100), from the person's own keyed answers.
    #[serde(default)]
    pub se: Option<f64>,
    /// The 90 % interval `[low, high]` around the score.
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "Option<[f64; 2]>"))]
    pub interval: Option<Interval>,
    pub answered: usize,
    pub items: usize,
    /// The score in words: very low, low, moderate, high, very high.
    #[serde(default, deserialize_with = "lenient")]
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    pub band: Option<Band>,
    /// Why the dimension was not scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct LeaningResult {
    #[cfg_attr(test, schemars(with = "String"))]
    pub style: Style,
    /// The anxiety score, 0-100.
    pub anxiety: f64,
    /// The avoidance score, 0-100.
    pub avoidance: f64,
    /// 0 (borderline) to 1 (clear): distance from the midpoint on the nearer axis.
    pub strength: f64,
    /// clear (both intervals on one side of the midpoint), moderate (one crosses it) or
    /// borderline (both do).
    #[serde(default = "borderline", deserialize_with = "lenient_or_borderline")]
    #[cfg_attr(test, schemars(with = "String"))]
    pub clarity: Clarity,
    /// The other patterns the intervals reach.
    #[serde(default, deserialize_with = "lenient_list")]
    #[cfg_attr(test, schemars(with = "Vec<String>"))]
    pub near: Vec<Style>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct BalanceResult {
    /// -100 (merged) through 0 (interdependent) to +100 (detached).
    pub index: f64,
    #[serde(deserialize_with = "lenient_or_interdependent")]
    #[cfg_attr(test, schemars(with = "String"))]
    pub label: BalanceLabel,
    /// Standard error of the index.
    #[serde(default)]
    pub se: Option<f64>,
    /// The pull toward closeness (clinginess and anxiety), 0-100, with its interval.
    #[serde(default)]
    pub closeness: Option<PullResult>,
    /// The pull toward distance (hyper-independence and avoidance).
    #[serde(default)]
    pub distance: Option<PullResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct PullResult {
    pub score: f64,
    pub se: Option<f64>,
    #[cfg_attr(test, schemars(with = "Option<[f64; 2]>"))]
    pub interval: Option<Interval>,
}

impl From<Pull> for PullResult {
    fn from(p: Pull) -> Self {
        PullResult {
            score: p.score,
            se: p.se,
            interval: p.interval(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RecommendationResult {
    pub id: String,
    pub title: String,
    /// Which scores or answers called for it, strongest first; written as one string joined
    /// with "; ".
    #[serde(serialize_with = "join_why", deserialize_with = "split_why")]
    #[cfg_attr(test, schemars(with = "String"))]
    pub why: Vec<String>,
    pub practices: Vec<String>,
    pub sources: Vec<Source>,
}

/// The id and time a command gives a new result; assessing never reads a clock. Kept with
/// the saved progress once every statement is answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamp {
    pub id: String,
    pub taken_at: jiff::Timestamp,
}

impl Stamp {
    /// A fixed id and time, for tests and examples that need a reproducible document.
    pub fn fixed() -> Stamp {
        Stamp {
            id: "00000000-0000-7000-8000-000000000000".to_string(),
            taken_at: jiff::Timestamp::UNIX_EPOCH,
        }
    }
}

/// How the answers were given: the answers, the order they were asked in (item ids; `None`:
/// the questionnaires' own order) and the median seconds per statement (interactive only).
#[derive(Debug, Clone, Default)]
pub struct Asked {
    pub answers: Answers,
    pub order: Option<Vec<String>>,
    pub median_seconds: Option<f64>,
}

impl Asked {
    pub fn answers(answers: Answers) -> Self {
        Asked {
            answers,
            ..Asked::default()
        }
    }
}

/// What a scored set of answers is, before it gets an id and a time.
pub struct Assessment<'a> {
    pub scorer: Scorer,
    pub profile: crate::scoring::Profile,
    pub quality: Quality,
    pub recommendations: Vec<Recommendation<'a>>,
}

/// Scores answers to the given questionnaires, checks their quality and picks the strategies
/// they call for: personal ones when the answers are interpretable, general ones otherwise.
pub fn assess<'a>(
    catalog: &'a Catalog,
    taken: &[&Questionnaire],
    form: Form,
    asked: &Asked,
    limit: usize,
) -> Assessment<'a> {
    let scorer = Scorer::new(taken.iter().copied(), form);
    let arranged = scorer.arrange(&asked.answers);
    let profile = scorer.score(&arranged);
    let order = order_positions(&scorer, asked.order.as_deref());
    let quality = quality::indices(&scorer, &arranged, &order, asked.median_seconds).quality();
    let recommendations = if quality.interpretable {
        let evidence = Evidence {
            catalog,
            scorer: &scorer,
            profile: &profile,
            answers: &asked.answers,
        };
        recommend(&evidence, limit)
    } else {
        recommend_general(catalog, &scorer, &profile, limit)
    };
    Assessment {
        scorer,
        profile,
        quality,
        recommendations,
    }
}

/// Item positions in the order asked: the given ids first, then any item they miss.
fn order_positions(scorer: &Scorer, order: Option<&[String]>) -> Vec<usize> {
    let mut positions: Vec<usize> = order
        .unwrap_or_default()
        .iter()
        .filter_map(|id| scorer.item_position(id))
        .collect();
    let mut seen = vec![false; scorer.items().len()];
    positions.retain(|&p| !std::mem::replace(&mut seen[p], true));
    positions.extend((0..scorer.items().len()).filter(|&p| !seen[p]));
    positions
}

impl ResultDoc {
    /// A new result for answers to the given questionnaires, with the id and time given.
    pub fn assess(
        catalog: &Catalog,
        taken: &[&Questionnaire],
        form: Form,
        asked: &Asked,
        limit: usize,
        stamp: Stamp,
    ) -> ResultDoc {
        let assessment = assess(catalog, taken, form, asked, limit);
        ResultDoc {
            schema: SCHEMA.to_string(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            id: stamp.id,
            taken_at: stamp.taken_at,
            form,
            questionnaires: taken
                .iter()
                .map(|q| taken_answers(q, form, &asked.answers))
                .collect(),
            order: asked.order.clone(),
            dimensions: dimension_results(&assessment),
            leaning: assessment.profile.leaning.map(LeaningResult::from),
            balance: assessment.profile.balance.map(BalanceResult::from),
            quality: Some(assessment.quality),
            recommendations: assessment
                .recommendations
                .iter()
                .map(|r| RecommendationResult::new(r, needed_direction(assessment.profile.balance)))
                .collect(),
            practice: None,
            previous_practice: None,
            note: None,
        }
    }

    /// All answers of the result, by item id.
    pub fn answers(&self) -> Answers {
        self.questionnaires
            .iter()
            .flat_map(|q| q.answers.iter().map(|(k, v)| (k.clone(), *v)))
            .collect()
    }

    pub fn score(&self, dimension: &str) -> Option<f64> {
        self.dimensions.get(dimension).and_then(|d| d.score)
    }

    /// True unless the quality checks found the answers could not be read reliably.
    pub fn interpretable(&self) -> bool {
        self.quality.as_ref().is_none_or(|q| q.interpretable)
    }

    /// Makes a document read from a file whole: fills in what results saved by an earlier
    /// version lack (quality, standard errors) from their stored answers and the loaded
    /// questionnaires, and recomputes every word derived from a number.
    pub fn complete(&mut self, catalog: &Catalog) {
        self.make_safe();
        let missing = self.quality.is_none() || self.dimensions.values().any(|d| d.se.is_none());
        if missing {
            self.fill_from_answers(catalog);
        }
        let pole = |id: &str| {
            catalog
                .questionnaires
                .iter()
                .flat_map(|q| &q.dimensions)
                .find(|d| d.id == id)
                .and_then(|d| d.pole)
        };
        self.derive_words(&pole);
    }

    /// Quality and standard errors computed from the stored answers, where a result saved
    /// by an earlier version lacks them.
    fn fill_from_answers(&mut self, catalog: &Catalog) {
        let taken: Vec<&Questionnaire> = self
            .questionnaires
            .iter()
            .filter_map(|q| catalog.questionnaire(&q.id))
            .collect();
        let scorer = Scorer::new(taken.iter().copied(), self.form);
        let answers = self.answers();
        let arranged = scorer.arrange(&answers);
        if self.quality.is_none() && !scorer.items().is_empty() {
            let order = order_positions(&scorer, self.order.as_deref());
            self.quality = Some(quality::indices(&scorer, &arranged, &order, None).quality());
        }
        for (id, dimension) in self.dimensions.iter_mut() {
            if dimension.se.is_none() {
                dimension.se = stored_se(&scorer, &arranged, id);
            }
        }
    }

    /// Every text of a document read from a file, made safe for a terminal: a partner's
    /// file or an imported one is untrusted.
    fn make_safe(&mut self) {
        use crate::text::{make_safe, make_safe_line, safe};
        // One line: an id is shown inside other lines (warnings, tables), where a line
        // break in a hand-edited one would start a line that is not balance's.
        make_safe_line(&mut self.id);
        make_safe(&mut self.tool_version);
        for q in &mut self.questionnaires {
            make_safe(&mut q.id);
            make_safe(&mut q.version);
            if q.answers.keys().any(|k| safe(k) != k.as_str()) {
                q.answers = std::mem::take(&mut q.answers)
                    .into_iter()
                    .map(|(k, v)| (safe(&k).into_owned(), v))
                    .collect();
            }
        }
        self.order.iter_mut().flatten().for_each(make_safe);
        if self.dimensions.keys().any(|k| safe(k) != k.as_str()) {
            self.dimensions = std::mem::take(&mut self.dimensions)
                .into_iter()
                .map(|(k, v)| (safe(&k).into_owned(), v))
                .collect();
        }
        for d in self.dimensions.values_mut() {
            make_safe(&mut d.title);
            d.reason.iter_mut().for_each(make_safe);
        }
        for flag in self.quality.iter_mut().flat_map(|q| &mut q.flags) {
            make_safe(&mut flag.message);
        }
        for r in &mut self.recommendations {
            make_safe(&mut r.id);
            make_safe(&mut r.title);
            r.why.iter_mut().for_each(make_safe);
            r.practices.iter_mut().for_each(make_safe);
            for source in &mut r.sources {
                make_safe(&mut source.title);
                make_safe(&mut source.section);
            }
        }
        // One line each, as balance writes them: a file's newlines would break the layout.
        let practices = [
            self.practice
                .as_mut()
                .map(|p| (&mut p.strategy, &mut p.text)),
            self.previous_practice
                .as_mut()
                .map(|p| (&mut p.strategy, &mut p.text)),
        ];
        for (strategy, text) in practices.into_iter().flatten() {
            make_safe_line(strategy);
            make_safe_line(text);
        }
        self.note.iter_mut().for_each(make_safe_line);
    }

    /// Bands, intervals, the leaning's clarity and the balance label, from the numbers.
    fn derive_words(&mut self, pole: &dyn Fn(&str) -> Option<Pole>) {
        for dimension in self.dimensions.values_mut() {
            dimension.band = dimension.score.map(Band::of);
            dimension.interval = dimension
                .score
                .zip(dimension.se)
                .map(|(s, se)| Interval::around(s, se, (0.0, 100.0)));
        }
        let se = |id: &str| self.dimensions.get(id).and_then(|d| d.se);
        let (anxiety_se, avoidance_se) = (se(ANXIETY), se(AVOIDANCE));
        if let Some(leaning) = &mut self.leaning {
            let fresh = Leaning::at(
                (leaning.anxiety, anxiety_se),
                (leaning.avoidance, avoidance_se),
            );
            *leaning = LeaningResult::from(fresh);
        }
        let pulls = self.pulls(pole);
        if let Some(balance) = &mut self.balance {
            match pulls {
                Some((closeness, distance)) => {
                    let fresh = Balance::of(closeness, distance);
                    balance.label = balance_label(balance.index, closeness, distance);
                    balance.se = balance.se.or(fresh.se);
                    balance.closeness = Some(closeness.into());
                    balance.distance = Some(distance.into());
                }
                // Dimensions whose poles are unknown: the index alone decides.
                None => {
                    let unknown = Pull {
                        score: 0.0,
                        se: None,
                    };
                    balance.label = balance_label(balance.index, unknown, unknown);
                }
            }
        }
    }

    /// The closeness and distance pulls, where the dimensions' poles are known.
    fn pulls(&self, pole: &dyn Fn(&str) -> Option<Pole>) -> Option<(Pull, Pull)> {
        let pull = |wanted: Pole| {
            Pull::mean(
                self.dimensions
                    .iter()
                    .filter(|(id, _)| pole(id).or_else(|| default_pole(id)) == Some(wanted))
                    .filter_map(|(_, d)| Some((d.score?, d.se))),
            )
        };
        pull(Pole::Closeness).zip(pull(Pole::Distance))
    }
}

/// The poles of the built-in dimensions, for results whose questionnaires are not loaded.
fn default_pole(id: &str) -> Option<Pole> {
    match id {
        "clinginess" | "anxiety" => Some(Pole::Closeness),
        "hyper_independence" | "avoidance" => Some(Pole::Distance),
        _ => None,
    }
}

/// The standard error of a stored dimension score, from the stored answers.
fn stored_se(scorer: &Scorer, arranged: &[Option<i64>], dimension: &str) -> Option<f64> {
    let d = &scorer.dimensions()[scorer.dimension_position(dimension)?];
    let tally = scorer.tally(d, arranged);
    let answered = tally.answered();
    (answered > 0).then(|| {
        standard_error(answered, tally.sum(), tally.squares) / (d.max - d.min) as f64 * 100.0
    })
}

/// The most a result may hold: far beyond any real one (a few dozen dimensions and
/// recommendations, a few hundred answers), and small enough that a hostile file cannot make
/// a report slow.
pub const MAX_DIMENSIONS: usize = 100;
pub const MAX_RECOMMENDATIONS: usize = 100;
pub const MAX_ANSWERS: usize = 5000;

impl ResultDoc {
    /// Refuses a document larger than any result balance writes.
    pub fn check_size(&self) -> Result<(), String> {
        let answers: usize = self.questionnaires.iter().map(|q| q.answers.len()).sum();
        let (dimensions, recommendations) = (self.dimensions.len(), self.recommendations.len());
        if dimensions > MAX_DIMENSIONS
            || recommendations > MAX_RECOMMENDATIONS
            || answers > MAX_ANSWERS
        {
            return Err(format!(
                "it holds {dimensions} dimensions, {recommendations} recommendations and {answers} answers, more than any result ({MAX_DIMENSIONS}, {MAX_RECOMMENDATIONS} and {MAX_ANSWERS} at most)"
            ));
        }
        self.check_practice_size()
    }

    /// Refuses a note or practice longer than balance keeps: they are shown in every trend.
    fn check_practice_size(&self) -> Result<(), String> {
        use crate::practice::{MAX_NOTE_CHARS, MAX_PRACTICE_CHARS};
        let practices = [
            self.practice.as_ref().map(|p| (&p.strategy, &p.text)),
            self.previous_practice
                .as_ref()
                .map(|p| (&p.strategy, &p.text)),
        ];
        let longest = practices
            .iter()
            .flatten()
            .map(|(s, t)| s.chars().count().max(t.chars().count()))
            .max()
            .unwrap_or(0);
        if longest > MAX_PRACTICE_CHARS {
            return Err(format!(
                "its practice has {longest} characters, more than any practice ({MAX_PRACTICE_CHARS} at most)"
            ));
        }
        let note = self.note.as_ref().map_or(0, |n| n.chars().count());
        if note > MAX_NOTE_CHARS {
            return Err(format!(
                "its note has {note} characters, more than a note holds ({MAX_NOTE_CHARS} at most)"
            ));
        }
        Ok(())
    }
}

/// Whether a document's schema can be read by this version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    #[error("it was written by a newer balance (schema {0}); upgrade balance to read it")]
    Newer(String),
    #[error("unknown schema `{0}` (expected {SCHEMA})")]
    Unknown(String),
}

/// Refuses documents from a newer `balance` rather than misreading them.
pub fn check_schema(schema: &str) -> Result<(), SchemaError> {
    if schema == SCHEMA {
        return Ok(());
    }
    match schema
        .strip_prefix(SCHEMA_PREFIX)
        .and_then(|v| v.parse::<u32>().ok())
    {
        Some(version) if version > 1 => Err(SchemaError::Newer(schema.to_string())),
        _ => Err(SchemaError::Unknown(schema.to_string())),
    }
}

fn taken_answers(q: &Questionnaire, form: Form, answers: &Answers) -> TakenQuestionnaire {
    TakenQuestionnaire {
        id: q.id.clone(),
        version: q.version.clone(),
        answers: q
            .items_in(form)
            .filter_map(|item| answers.get(&item.id).map(|a| (item.id.clone(), *a)))
            .collect(),
    }
}

fn dimension_results(assessment: &Assessment) -> IndexMap<String, DimensionResult> {
    let dimensions = assessment.scorer.dimensions();
    dimensions
        .iter()
        .zip(&assessment.profile.dimensions)
        .map(|(d, s)| (d.id.clone(), DimensionResult::new(&d.title, s)))
        .collect()
}

impl DimensionResult {
    fn new(title: &str, score: &DimensionScore) -> Self {
        DimensionResult {
            title: title.to_string(),
            mean: score.mean,
            score: score.score,
            se: score.se,
            interval: score.interval(),
            answered: score.answered,
            items: score.items,
            band: score.score.map(Band::of),
            reason: score.reason(),
        }
    }
}

impl From<Leaning> for LeaningResult {
    fn from(l: Leaning) -> Self {
        LeaningResult {
            style: l.style,
            anxiety: l.anxiety,
            avoidance: l.avoidance,
            strength: l.strength,
            clarity: l.clarity(),
            near: l.near(),
        }
    }
}

impl From<Balance> for BalanceResult {
    fn from(b: Balance) -> Self {
        BalanceResult {
            index: b.index,
            label: b.label,
            se: b.se,
            closeness: Some(b.closeness.into()),
            distance: Some(b.distance.into()),
        }
    }
}

/// The direction a person's balance asks practices to move: toward closeness for one who
/// leans detached, toward independence for one who leans merged.
fn needed_direction(balance: Option<Balance>) -> Option<Toward> {
    match balance?.label {
        BalanceLabel::Detached | BalanceLabel::LeaningDetached => Some(Toward::Closeness),
        BalanceLabel::Merged | BalanceLabel::LeaningMerged => Some(Toward::Independence),
        _ => None,
    }
}

impl RecommendationResult {
    /// A recommendation as written, its practices that move the way the person needs first
    /// (in the library's order otherwise).
    fn new(r: &Recommendation, needed: Option<Toward>) -> Self {
        let mut practices: Vec<&crate::strategy::Practice> = r.strategy.practices.iter().collect();
        if let Some(direction) = needed {
            practices.sort_by_key(|p| p.toward != Some(direction));
        }
        RecommendationResult {
            id: r.strategy.id.clone(),
            title: r.strategy.title.clone(),
            why: r.why.iter().take(WHY_SHOWN).cloned().collect(),
            practices: practices.iter().map(|p| p.text.clone()).collect(),
            sources: r.strategy.sources.clone(),
        }
    }
}

/// A derived word that does not parse is recomputed from the numbers, not a damaged file.
fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(value).ok())
}

fn lenient_or_borderline<'de, D: Deserializer<'de>>(d: D) -> Result<Clarity, D::Error> {
    Ok(lenient(d)?.unwrap_or(Clarity::Borderline))
}

fn lenient_or_interdependent<'de, D: Deserializer<'de>>(d: D) -> Result<BalanceLabel, D::Error> {
    Ok(lenient(d)?.unwrap_or(BalanceLabel::Interdependent))
}

fn lenient_list<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(lenient(d)?.unwrap_or_default())
}

fn borderline() -> Clarity {
    Clarity::Borderline
}

fn join_why<S: Serializer>(why: &[String], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&why.join("; "))
}

/// An older document's reasons are one string; they stay one reason rather than being split
/// where a reason itself might contain "; ".
fn split_why<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let text = String::deserialize(d)?;
    Ok(if text.is_empty() {
        Vec::new()
    } else {
        vec![text]
    })
}

/// The JSON Schema of [`ResultDoc`], as committed in `schema/` and printed by `balance
/// schema`. It is generated from the types by a test, so the binary carries no generator.
pub const JSON_SCHEMA: &str = include_str!("../schema/balance.result.v1.schema.json");

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed schema is what the types generate (refresh it with
    /// `BALANCE_WRITE_SCHEMA=1 cargo test --lib schema`).
    #[test]
    fn the_committed_schema_is_generated_from_the_types() {
        let generated = serde_json::to_string_pretty(&schemars::schema_for!(ResultDoc))
            .expect("schema serialises")
            + "\n";
        if std::env::var_os("BALANCE_WRITE_SCHEMA").is_some() {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/schema/balance.result.v1.schema.json"
            );
            std::fs::write(path, &generated).expect("write the schema");
            return;
        }
        assert_eq!(
            generated, JSON_SCHEMA,
            "the committed schema is stale: run `BALANCE_WRITE_SCHEMA=1 cargo test --lib schema`"
        );
    }
}
