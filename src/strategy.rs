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

/// Which way a practice moves the balance between closeness and independence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Toward {
    Closeness,
    Independence,
}

impl std::str::FromStr for Toward {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "closeness" => Ok(Toward::Closeness),
            "independence" => Ok(Toward::Independence),
            _ => Err(()),
        }
    }
}

/// Something concrete to start this week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Practice {
    pub text: String,
    /// Set when the practice clearly moves one way, so that advice can fit the direction a
    /// person needs; `None` for practices that help either way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toward: Option<Toward>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Strategy {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub practices: Vec<Practice>,
    pub sources: Vec<Source>,
    pub when: Vec<Condition>,
    pub weight: f64,
    /// Suits anyone whatever their scores: offered when answers are too sparse or too
    /// inconsistent to personalise advice.
    pub general: bool,
    #[serde(skip)]
    pub origin: Origin,
}

impl Strategy {
    /// The strategy with every text a person reads made safe for a terminal.
    pub fn made_safe(mut self) -> Self {
        use crate::text::make_safe;
        make_safe(&mut self.title);
        make_safe(&mut self.summary);
        self.practices
            .iter_mut()
            .for_each(|p| make_safe(&mut p.text));
        for source in &mut self.sources {
            make_safe(&mut source.title);
            make_safe(&mut source.section);
        }
        self
    }
}
