//! The files as written: serde shapes with spans, so that problems can name a line and column.

use serde::Deserialize;
use toml::Spanned;

use crate::questionnaire::Pole;
use crate::strategy::Source;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireFile {
    pub id: Spanned<String>,
    pub title: String,
    pub version: String,
    pub description: String,
    pub scale: ScaleDef,
    pub dimensions: Vec<DimensionDef>,
    pub items: Vec<ItemDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleDef {
    pub min: Spanned<i64>,
    pub max: i64,
    pub labels: Spanned<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionDef {
    pub id: Spanned<String>,
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub pole: Option<Pole>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    pub id: Spanned<String>,
    pub text: Spanned<String>,
    pub dimension: Spanned<String>,
    #[serde(default)]
    pub reverse: bool,
    #[serde(default)]
    pub short: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyFile {
    pub strategies: Vec<StrategyDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyDef {
    pub id: Spanned<String>,
    pub title: String,
    pub summary: Spanned<String>,
    pub practices: Spanned<Vec<String>>,
    pub sources: Spanned<Vec<Source>>,
    pub when: Spanned<Vec<Spanned<ConditionDef>>>,
    #[serde(default)]
    pub weight: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionDef {
    pub score: Option<Spanned<String>>,
    pub item: Option<Spanned<String>>,
    pub leaning: Option<Spanned<String>>,
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
}
