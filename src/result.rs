//! The `balance.result/v1` document: one finished quiz or check-in, as scripts and the history
//! store see it. Field names are a contract; add, never rename.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::questionnaire::{Form, Questionnaire};
use crate::recommend::{recommend, Evidence, Recommendation};
use crate::scoring::{band, Answers, Balance, DimensionScore, Leaning, Scorer, Style};
use crate::strategy::Source;

pub const SCHEMA: &str = "balance.result/v1";
const SCHEMA_PREFIX: &str = "balance.result/v";
/// The strongest reasons a recommendation gives; more would bury the point.
const WHY_SHOWN: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ResultDoc {
    /// Always `balance.result/v1` for this version of the document.
    pub schema: String,
    pub tool_version: String,
    /// Unique per result; time-ordered (UUIDv7).
    pub id: String,
    /// When the answers were scored, RFC 3339 in UTC.
    #[schemars(with = "String", regex(pattern = r"^\d{4}-\d{2}-\d{2}T"))]
    pub taken_at: jiff::Timestamp,
    pub form: Form,
    pub questionnaires: Vec<TakenQuestionnaire>,
    pub dimensions: IndexMap<String, DimensionResult>,
    pub leaning: Option<LeaningResult>,
    pub balance: Option<BalanceResult>,
    pub recommendations: Vec<RecommendationResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TakenQuestionnaire {
    pub id: String,
    pub version: String,
    /// Answers by item id; skipped items are absent.
    pub answers: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DimensionResult {
    /// The dimension's title, for people.
    pub title: String,
    /// Mean answer after reverse keying, on the questionnaire's scale; null when not scored.
    pub mean: Option<f64>,
    /// 0-100; null when not scored.
    pub score: Option<f64>,
    pub answered: usize,
    pub items: usize,
    /// The score in words: very low, low, moderate, high, very high.
    pub band: Option<String>,
    /// Why the dimension was not scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LeaningResult {
    pub style: Style,
    /// The anxiety score, 0-100.
    pub anxiety: f64,
    /// The avoidance score, 0-100.
    pub avoidance: f64,
    /// 0 (borderline) to 1 (clear): distance from the midpoint on the nearer axis.
    pub strength: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BalanceResult {
    /// -100 (merged) through 0 (interdependent) to +100 (detached).
    pub index: f64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecommendationResult {
    pub id: String,
    pub title: String,
    /// Which scores or answers called for it.
    pub why: String,
    pub practices: Vec<String>,
    pub sources: Vec<Source>,
}

/// What a scored set of answers is, before it gets an id and a time.
pub struct Assessment<'a> {
    pub scorer: Scorer,
    pub profile: crate::scoring::Profile,
    pub recommendations: Vec<Recommendation<'a>>,
}

/// Scores answers to the given questionnaires and picks the strategies they call for.
pub fn assess<'a>(
    catalog: &'a Catalog,
    taken: &[&Questionnaire],
    form: Form,
    answers: &Answers,
    limit: usize,
) -> Assessment<'a> {
    let scorer = Scorer::new(taken.iter().copied(), form);
    let profile = scorer.score(&scorer.arrange(answers));
    let evidence = Evidence {
        catalog,
        scorer: &scorer,
        profile: &profile,
        answers,
    };
    let recommendations = recommend(&evidence, limit);
    Assessment {
        scorer,
        profile,
        recommendations,
    }
}

impl ResultDoc {
    /// A new result, stamped now, for answers to the given questionnaires.
    pub fn new(
        catalog: &Catalog,
        taken: &[&Questionnaire],
        form: Form,
        answers: &Answers,
        limit: usize,
    ) -> ResultDoc {
        let assessment = assess(catalog, taken, form, answers, limit);
        ResultDoc {
            schema: SCHEMA.to_string(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            id: uuid::Uuid::now_v7().to_string(),
            taken_at: jiff::Timestamp::now(),
            form,
            questionnaires: taken
                .iter()
                .map(|q| taken_answers(q, form, answers))
                .collect(),
            dimensions: dimension_results(&assessment),
            leaning: assessment.profile.leaning.map(LeaningResult::from),
            balance: assessment.profile.balance.map(BalanceResult::from),
            recommendations: assessment
                .recommendations
                .iter()
                .map(RecommendationResult::from)
                .collect(),
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
}

/// Refuses documents from a newer `balance` rather than misreading them.
pub fn check_schema(schema: &str) -> Result<(), String> {
    if schema == SCHEMA {
        return Ok(());
    }
    match schema
        .strip_prefix(SCHEMA_PREFIX)
        .and_then(|v| v.parse::<u32>().ok())
    {
        Some(version) if version > 1 => Err(format!(
            "it was written by a newer balance (schema {schema}); upgrade balance to read it"
        )),
        _ => Err(format!("unknown schema `{schema}` (expected {SCHEMA})")),
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
            answered: score.answered,
            items: score.items,
            band: score.score.map(|s| band(s).to_string()),
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
        }
    }
}

impl LeaningResult {
    pub fn clarity(&self) -> &'static str {
        Leaning {
            style: self.style,
            anxiety: self.anxiety,
            avoidance: self.avoidance,
            strength: self.strength,
        }
        .clarity()
    }
}

impl From<Balance> for BalanceResult {
    fn from(b: Balance) -> Self {
        BalanceResult {
            index: b.index,
            label: b.label.to_string(),
        }
    }
}

impl From<&Recommendation<'_>> for RecommendationResult {
    fn from(r: &Recommendation) -> Self {
        RecommendationResult {
            id: r.strategy.id.clone(),
            title: r.strategy.title.clone(),
            why: r
                .why
                .iter()
                .take(WHY_SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join("; "),
            practices: r
                .strategy
                .practices
                .iter()
                .map(|p| p.text.clone())
                .collect(),
            sources: r.strategy.sources.clone(),
        }
    }
}

/// The JSON Schema of [`ResultDoc`], as `balance schema` prints it.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ResultDoc);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
