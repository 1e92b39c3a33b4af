//! The strategy library model: advice traced to the article and section it comes from.

use serde::{Deserialize, Serialize};

use crate::questionnaire::Origin;
use crate::scoring::Style;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The article's title, as listed in the seeds README.
    pub title: String,
    /// The section heading of the article the advice comes from.
    pub section: String,
}

/// What a condition looks at.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    /// A dimension's 0-100 score, or the balance index when the name is [`BALANCE`].
    Score(String),
    /// The raw answer to one item.
    Item(String),
    Leaning(Style),
}

/// The reserved `score` subject that names the balance index.
pub const BALANCE: &str = "balance";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    pub subject: Subject,
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Strategy {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub practices: Vec<String>,
    pub sources: Vec<Source>,
    pub when: Vec<Condition>,
    pub weight: f64,
    /// Suits anyone: offered when answers are too unreliable for personal advice.
    pub general: bool,
    #[serde(skip)]
    pub origin: Origin,
}
