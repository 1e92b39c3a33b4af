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
    /// An item of the same dimension, with the other keying, that says the opposite.
    #[serde(default)]
    pub opposite: Option<Spanned<String>>,
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
    pub practices: Spanned<Vec<PracticeDef>>,
    pub sources: Spanned<Vec<Source>>,
    pub when: Spanned<Vec<Spanned<ConditionDef>>>,
    #[serde(default)]
    pub weight: Option<Spanned<f64>>,
    #[serde(default)]
    pub general: bool,
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

/// A practice: a plain string, or a table that also says which way it moves the balance.
#[derive(Debug)]
pub enum PracticeDef {
    Plain(String),
    Marked(MarkedPractice),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkedPractice {
    pub text: String,
    /// Checked against [`crate::strategy::Toward`] later, so that a wrong value is reported
    /// with the rest of the file's problems rather than stopping the parse.
    #[serde(default)]
    pub toward: Option<Spanned<String>>,
}

/// Written by hand rather than `#[serde(untagged)]`: an untagged enum buffers its input, which
/// loses the spans of `toward` and turns every mistake into "did not match any variant".
impl<'de> Deserialize<'de> for PracticeDef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PracticeVisitor)
    }
}

struct PracticeVisitor;

impl<'de> serde::de::Visitor<'de> for PracticeVisitor {
    type Value = PracticeDef;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string, or a table with `text` and optionally `toward`")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<PracticeDef, E> {
        Ok(PracticeDef::Plain(text.to_string()))
    }

    fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<PracticeDef, M::Error> {
        let de = serde::de::value::MapAccessDeserializer::new(map);
        MarkedPractice::deserialize(de).map(PracticeDef::Marked)
    }
}
