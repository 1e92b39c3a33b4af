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
        let (sum, count) = self
            .dimensions
            .iter()
            .zip(scores)
            .filter(|(d, _)| d.pole == Some(pole))
            .filter_map(|(_, s)| s.score)
            .fold((0.0, 0usize), |(sum, count), score| {
                (sum + score, count + 1)
            });
        (count > 0).then(|| sum / count as f64)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::{Dimension, Item, Origin, Scale};

    fn item(id: &str, dimension: &str, reverse: bool) -> Item {
        Item {
            id: id.to_string(),
            text: String::new(),
            dimension: dimension.to_string(),
            reverse,
            short: id.ends_with('1'),
            opposite: None,
        }
    }

    fn dimension(id: &str, pole: Pole) -> Dimension {
        Dimension {
            id: id.to_string(),
            title: id.to_string(),
            description: String::new(),
            pole: Some(pole),
        }
    }

    /// Two dimensions per pole-pair, three items each, the middle one reverse-keyed.
    fn questionnaire() -> Questionnaire {
        let dims = [("anxiety", Pole::Closeness), ("avoidance", Pole::Distance)];
        Questionnaire {
            id: "q".to_string(),
            title: String::new(),
            version: "1".to_string(),
            description: String::new(),
            scale: Scale {
                min: 1,
                max: 7,
                labels: vec![String::new(); 7],
            },
            dimensions: dims.iter().map(|(d, p)| dimension(d, *p)).collect(),
            items: dims
                .iter()
                .flat_map(|(d, _)| (1..=3).map(move |n| item(&format!("{d}{n}"), d, n == 2)))
                .collect(),
            origin: Origin::BuiltIn("test"),
        }
    }

    fn profile(answers: &[(&str, i64)]) -> Profile {
        let q = questionnaire();
        let scorer = Scorer::new([&q], Form::Full);
        let answers: Answers = answers.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        scorer.score(&scorer.arrange(&answers))
    }

    #[test]
    fn reverse_keys_and_skips_score_by_hand() {
        // anxiety1 = 6, anxiety2 = 2 reversed to 1 + 7 - 2 = 6, anxiety3 skipped: mean 6.
        let p = profile(&[("anxiety1", 6), ("anxiety2", 2)]);
        let anxiety = p.dimensions[0];
        assert_eq!(anxiety.mean, Some(6.0));
        assert!((anxiety.score.unwrap() - 500.0 / 6.0).abs() < 1e-12);
        assert_eq!((anxiety.answered, anxiety.items), (2, 3));
    }

    #[test]
    fn a_dimension_needs_two_thirds_of_its_items() {
        let p = profile(&[("anxiety1", 6)]);
        assert_eq!(p.dimensions[0].score, None);
        assert_eq!(
            p.dimensions[0].reason().unwrap(),
            "only 1 of 3 items answered; at least 2 are needed"
        );
        assert_eq!(required_answers(3), 2);
        assert_eq!(required_answers(6), 4);
        assert_eq!(required_answers(16), 11);
        assert_eq!(required_answers(2), 2);
    }

    #[test]
    fn scale_ends_map_to_zero_and_one_hundred() {
        let p = profile(&[
            ("anxiety1", 7),
            ("anxiety2", 1),
            ("anxiety3", 7),
            ("avoidance1", 1),
            ("avoidance2", 7),
            ("avoidance3", 1),
        ]);
        assert_eq!(p.dimensions[0].score, Some(100.0));
        assert_eq!(p.dimensions[1].score, Some(0.0));
        let balance = p.balance.unwrap();
        assert_eq!(balance.index, -100.0);
        assert_eq!(balance.label, "merged");
    }

    #[test]
    fn leaning_splits_at_the_midpoint_with_a_strength() {
        // anxiety: 5, 3 -> 5, 5: mean 5, score 66.67; avoidance: 3, 5 -> 3, 3: mean 3, score 33.33.
        let p = profile(&[
            ("anxiety1", 5),
            ("anxiety2", 3),
            ("anxiety3", 5),
            ("avoidance1", 3),
            ("avoidance2", 5),
            ("avoidance3", 3),
        ]);
        let leaning = p.leaning.unwrap();
        assert_eq!(leaning.style, Style::Anxious);
        assert!((leaning.strength - (50.0 / 3.0) / 50.0).abs() < 1e-12);
        assert_eq!(leaning.clarity(), "clear");
        // All at the midpoint: secure, but borderline.
        let mid = profile(&[
            ("anxiety1", 4),
            ("anxiety2", 4),
            ("avoidance1", 4),
            ("avoidance2", 4),
        ]);
        assert_eq!(mid.leaning.unwrap().style, Style::Secure);
        assert_eq!(mid.leaning.unwrap().clarity(), "borderline");
        assert_eq!(mid.balance.unwrap().index, 0.0);
    }

    #[test]
    fn no_leaning_or_balance_without_both_scores() {
        let p = profile(&[("anxiety1", 5), ("anxiety2", 3)]);
        assert!(p.leaning.is_none());
        assert!(p.balance.is_none());
    }

    #[test]
    fn balance_labels_follow_the_thresholds() {
        assert_eq!(balance_label(-50.0, 0.0), "merged");
        assert_eq!(balance_label(-49.0, 0.0), "leaning merged");
        assert_eq!(balance_label(-20.0, 0.0), "leaning merged");
        assert_eq!(balance_label(0.0, 30.0), "interdependent");
        assert_eq!(balance_label(5.0, 70.0), "pulled both ways");
        assert_eq!(balance_label(20.0, 0.0), "leaning detached");
        assert_eq!(balance_label(50.0, 0.0), "detached");
    }

    #[test]
    fn the_short_form_scores_only_short_items() {
        let q = questionnaire();
        let scorer = Scorer::new([&q], Form::Short);
        assert_eq!(scorer.items().len(), 2);
        assert_eq!(scorer.dimensions()[0].members.len(), 1);
    }

    #[test]
    fn bands_in_words() {
        assert_eq!(band(0.0), "very low");
        assert_eq!(band(39.9), "low");
        assert_eq!(band(40.0), "moderate");
        assert_eq!(band(79.9), "high");
        assert_eq!(band(100.0), "very high");
    }
}
