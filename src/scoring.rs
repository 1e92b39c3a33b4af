//! Scoring: reverse keys, dimension means and 0-100 scores, the attachment leaning and the
//! balance index. One code path serves `quiz`, `checkin` and batch `score`.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::questionnaire::{Form, Pole, Questionnaire};

/// The dimensions that place a person on the attachment map.
pub const ANXIETY: &str = "anxiety";
pub const AVOIDANCE: &str = "avoidance";
/// The score (0-100) from which a dimension counts as extreme.
pub const EXTREME: f64 = 85.0;
/// The scale midpoint on the 0-100 score.
pub const MIDPOINT: f64 = 50.0;

/// Answers by item id, as people and scripts give them.
pub type Answers = BTreeMap<String, i64>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    Secure,
    Anxious,
    Avoidant,
    Fearful,
}

impl Style {
    pub const ALL: [Style; 4] = [
        Style::Secure,
        Style::Anxious,
        Style::Avoidant,
        Style::Fearful,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Style::Secure => "secure",
            Style::Anxious => "anxious",
            Style::Avoidant => "avoidant",
            Style::Fearful => "fearful",
        }
    }
}

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Style {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Style::ALL
            .into_iter()
            .find(|style| style.name() == s)
            .ok_or(())
    }
}

/// One item as the scorer sees it.
#[derive(Debug, Clone)]
pub struct ScoredItem {
    pub id: String,
    pub dimension: usize,
    pub reverse: bool,
    pub min: i64,
    pub max: i64,
}

#[derive(Debug, Clone)]
pub struct ScoredDimension {
    pub id: String,
    pub title: String,
    pub pole: Option<Pole>,
    pub min: i64,
    pub max: i64,
    /// Positions in [`Scorer::items`] of the items that score this dimension.
    pub members: Vec<usize>,
}

/// The items and dimensions of a set of questionnaires in one form, ready to score answers.
#[derive(Debug, Clone)]
pub struct Scorer {
    items: Vec<ScoredItem>,
    dimensions: Vec<ScoredDimension>,
    anxiety: Option<usize>,
    avoidance: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DimensionScore {
    /// Mean of the answered items after reverse keying, on the questionnaire's scale.
    pub mean: Option<f64>,
    /// The mean mapped to 0-100.
    pub score: Option<f64>,
    pub answered: usize,
    pub items: usize,
}

impl DimensionScore {
    /// Why the dimension was not scored, if it was not.
    pub fn reason(&self) -> Option<String> {
        self.score.is_none().then(|| {
            format!(
                "only {} of {} items answered; at least {} are needed",
                self.answered,
                self.items,
                required_answers(self.items)
            )
        })
    }
}

/// A dimension is scored when at least two thirds of its items are answered.
pub fn required_answers(items: usize) -> usize {
    (2 * items).div_ceil(3)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leaning {
    pub style: Style,
    pub anxiety: f64,
    pub avoidance: f64,
    /// 0 on a quadrant border, 1 at the far corner: the distance from the midpoint on the
    /// nearer axis.
    pub strength: f64,
}

impl Leaning {
    pub fn clarity(&self) -> &'static str {
        match self.strength {
            s if s < 0.1 => "borderline",
            s if s < 0.3 => "moderate",
            _ => "clear",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Balance {
    /// -100 (merged) through 0 (interdependent) to +100 (detached).
    pub index: f64,
    pub label: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// In the order of [`Scorer::dimensions`].
    pub dimensions: Vec<DimensionScore>,
    pub leaning: Option<Leaning>,
    pub balance: Option<Balance>,
}

impl Scorer {
    pub fn new<'a>(
        questionnaires: impl IntoIterator<Item = &'a Questionnaire>,
        form: Form,
    ) -> Self {
        let mut scorer = Scorer {
            items: Vec::new(),
            dimensions: Vec::new(),
            anxiety: None,
            avoidance: None,
        };
        for q in questionnaires {
            scorer.add(q, form);
        }
        scorer.anxiety = scorer.dimension_position(ANXIETY);
        scorer.avoidance = scorer.dimension_position(AVOIDANCE);
        scorer
    }

    fn add(&mut self, q: &Questionnaire, form: Form) {
        for dimension in &q.dimensions {
            let position = self.dimensions.len();
            let mut members = Vec::new();
            for item in q.items_in(form).filter(|i| i.dimension == dimension.id) {
                members.push(self.items.len());
                self.items.push(ScoredItem {
                    id: item.id.clone(),
                    dimension: position,
                    reverse: item.reverse,
                    min: q.scale.min,
                    max: q.scale.max,
                });
            }
            if members.is_empty() {
                continue;
            }
            self.dimensions.push(ScoredDimension {
                id: dimension.id.clone(),
                title: dimension.title.clone(),
                pole: dimension.pole,
                min: q.scale.min,
                max: q.scale.max,
                members,
            });
        }
    }

    pub fn items(&self) -> &[ScoredItem] {
        &self.items
    }

    pub fn dimensions(&self) -> &[ScoredDimension] {
        &self.dimensions
    }

    pub fn item_position(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|item| item.id == id)
    }

    pub fn dimension_position(&self, id: &str) -> Option<usize> {
        self.dimensions.iter().position(|d| d.id == id)
    }

    /// Lays answers given by item id out in item order; ids not scored here are ignored.
    pub fn arrange(&self, answers: &Answers) -> Vec<Option<i64>> {
        self.items
            .iter()
            .map(|item| answers.get(&item.id).copied())
            .collect()
    }

    /// Scores answers laid out in item order (`None`: skipped).
    pub fn score(&self, answers: &[Option<i64>]) -> Profile {
        let mut dimensions = Vec::with_capacity(self.dimensions.len());
        self.score_into(answers, &mut dimensions);
        Profile {
            leaning: self.leaning(&dimensions),
            balance: self.balance(&dimensions),
            dimensions,
        }
    }

    /// The dimension scores alone, into a buffer that batch scoring reuses row after row.
    pub fn score_into(&self, answers: &[Option<i64>], out: &mut Vec<DimensionScore>) {
        out.clear();
        out.extend(
            self.dimensions
                .iter()
                .map(|d| self.score_dimension(d, answers)),
        );
    }

    fn score_dimension(
        &self,
        dimension: &ScoredDimension,
        answers: &[Option<i64>],
    ) -> DimensionScore {
        let (mut sum, mut answered) = (0i64, 0usize);
        for &position in &dimension.members {
            if let Some(Some(answer)) = answers.get(position) {
                let item = &self.items[position];
                sum += if item.reverse {
                    item.min + item.max - answer
                } else {
                    *answer
                };
                answered += 1;
            }
        }
        let items = dimension.members.len();
        let scored = answered > 0 && answered >= required_answers(items);
        let mean = scored.then(|| sum as f64 / answered as f64);
        let range = (dimension.max - dimension.min) as f64;
        DimensionScore {
            mean,
            score: mean.map(|m| (m - dimension.min as f64) / range * 100.0),
            answered,
            items,
        }
    }

    pub fn leaning(&self, scores: &[DimensionScore]) -> Option<Leaning> {
        let anxiety = scores.get(self.anxiety?)?.score?;
        let avoidance = scores.get(self.avoidance?)?.score?;
        let style = match (anxiety > MIDPOINT, avoidance > MIDPOINT) {
            (false, false) => Style::Secure,
            (true, false) => Style::Anxious,
            (false, true) => Style::Avoidant,
            (true, true) => Style::Fearful,
        };
        let nearer = (anxiety - MIDPOINT).abs().min((avoidance - MIDPOINT).abs());
        Some(Leaning {
            style,
            anxiety,
            avoidance,
            strength: nearer / MIDPOINT,
        })
    }

    pub fn balance(&self, scores: &[DimensionScore]) -> Option<Balance> {
        let closeness = self.pole_mean(scores, Pole::Closeness)?;
        let distance = self.pole_mean(scores, Pole::Distance)?;
        let index = distance - closeness;
        Some(Balance {
            index,
            label: balance_label(index, closeness.min(distance)),
        })
    }

    fn pole_mean(&self, scores: &[DimensionScore], pole: Pole) -> Option<f64> {
        let values: Vec<f64> = self
            .dimensions
            .iter()
            .zip(scores)
            .filter(|(d, _)| d.pole == Some(pole))
            .filter_map(|(_, s)| s.score)
            .collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    }
}

/// Words for the balance index; `weaker_pull` is the lower of the two sides' means, which
/// tells a person pulled hard both ways apart from one who is truly interdependent.
pub fn balance_label(index: f64, weaker_pull: f64) -> &'static str {
    match index {
        i if i <= -50.0 => "merged",
        i if i <= -20.0 => "leaning merged",
        i if i >= 50.0 => "detached",
        i if i >= 20.0 => "leaning detached",
        _ if weaker_pull >= 60.0 => "pulled both ways",
        _ => "interdependent",
    }
}

/// A score in words.
pub fn band(score: f64) -> &'static str {
    match score {
        s if s < 20.0 => "very low",
        s if s < 40.0 => "low",
        s if s < 60.0 => "moderate",
        s if s < 80.0 => "high",
        _ => "very high",
    }
}
