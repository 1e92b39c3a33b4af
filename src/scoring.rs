//! Scoring: reverse keys, dimension means and 0-100 scores, the attachment leaning and the
//! balance index. One code path serves `quiz`, `checkin` and batch `score`.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::questionnaire::{Form, Pole, Questionnaire};

/// The dimensions that place a person on the attachment map.
pub const ANXIETY: &str = "anxiety";
pub const AVOIDANCE: &str = "avoidance";
/// The score (0-100) from which a dimension is "very high" and calls for professional
/// support: one threshold for both, so that the words and the advice never disagree.
pub const EXTREME: f64 = 80.0;
/// The scale midpoint on the 0-100 score.
pub const MIDPOINT: f64 = 50.0;
/// The z value of a two-sided 90 % interval: the level of every interval and of the
/// reliable-change test.
pub const Z90: f64 = 1.645;

/// Answers by item id, as people and scripts give them.
pub type Answers = BTreeMap<String, i64>;

/// Declares a fieldless enum whose JSON form and words are the given strings, so that the
/// typed value and what scripts read can never drift apart.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl std::str::FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                Self::ALL.iter().copied().find(|v| v.name() == s).ok_or(())
            }
        }
    };
}

pub(crate) use named_enum;

named_enum! {
    /// The four patterns of the attachment map.
    Style {
        Secure => "secure",
        Anxious => "anxious",
        Avoidant => "avoidant",
        Fearful => "fearful",
    }
}

named_enum! {
    /// A 0-100 score in words: a position on the answer scale, not a comparison with other
    /// people (no norms exist for these items).
    Band {
        VeryLow => "very low",
        Low => "low",
        Moderate => "moderate",
        High => "high",
        VeryHigh => "very high",
    }
}

named_enum! {
    /// Where the balance index places a person.
    BalanceLabel {
        Merged => "merged",
        LeaningMerged => "leaning merged",
        Interdependent => "interdependent",
        PulledBothWays => "pulled both ways",
        LeaningDetached => "leaning detached",
        Detached => "detached",
    }
}

named_enum! {
    /// How firmly a leaning is supported by the scores.
    Clarity {
        Clear => "clear",
        Moderate => "moderate",
        Borderline => "borderline",
    }
}

impl Band {
    pub fn of(score: f64) -> Band {
        match score {
            s if s < 20.0 => Band::VeryLow,
            s if s < 40.0 => Band::Low,
            s if s < 60.0 => Band::Moderate,
            s if s < EXTREME => Band::High,
            _ => Band::VeryHigh,
        }
    }

    /// The bands an interval reaches, in words: "moderate", or "moderate to high".
    pub fn range_words(interval: Interval) -> String {
        let (low, high) = (Band::of(interval.low), Band::of(interval.high));
        if low == high {
            low.to_string()
        } else {
            format!("{low} to {high}")
        }
    }
}

/// A 90 % interval on the 0-100 scale, written `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(from = "[f64; 2]", into = "[f64; 2]")]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl From<[f64; 2]> for Interval {
    fn from([low, high]: [f64; 2]) -> Self {
        Interval { low, high }
    }
}

impl From<Interval> for [f64; 2] {
    fn from(i: Interval) -> Self {
        [i.low, i.high]
    }
}

impl Interval {
    /// `value ± 1.645 se`, kept within `range`.
    pub fn around(value: f64, se: f64, (floor, ceiling): (f64, f64)) -> Interval {
        Interval {
            low: (value - Z90 * se).max(floor),
            high: (value + Z90 * se).min(ceiling),
        }
    }
}

/// One dimension's answered items after reverse keying, counted and summed with each keying
/// apart: its score and the response-quality indices are both worked out from these.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Forward-keyed items answered, and their keyed sum.
    pub forward: (usize, i64),
    /// Reverse-keyed items answered, and their keyed sum.
    pub reverse: (usize, i64),
    /// The keyed answers squared, summed.
    pub squares: i64,
}

impl Tally {
    pub fn answered(&self) -> usize {
        self.forward.0 + self.reverse.0
    }

    /// The keyed answers, summed.
    pub fn sum(&self) -> i64 {
        self.forward.1 + self.reverse.1
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

impl ScoredItem {
    /// The answer with reverse keying applied: high always means more of the dimension.
    pub fn keyed(&self, answer: i64) -> i64 {
        if self.reverse {
            self.min + self.max - answer
        } else {
            answer
        }
    }
}

#[derive(Debug, Clone)]
pub struct ScoredDimension {
    pub id: String,
    pub title: String,
    pub pole: Option<Pole>,
    pub min: i64,
    pub max: i64,
    /// Positions in [`Scorer::items`] of the items that score this dimension: consecutive,
    /// so that a row's answers to a dimension are one slice.
    pub members: Range<usize>,
}

/// The items and dimensions of a set of questionnaires in one form, ready to score answers.
#[derive(Debug, Clone)]
pub struct Scorer {
    items: Vec<ScoredItem>,
    dimensions: Vec<ScoredDimension>,
    /// Opposite pairs of items (positions in `items`), as the questionnaires declare them.
    pairs: Vec<(usize, usize)>,
    anxiety: Option<usize>,
    avoidance: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DimensionScore {
    /// Mean of the answered items after reverse keying, on the questionnaire's scale.
    pub mean: Option<f64>,
    /// The mean mapped to 0-100.
    pub score: Option<f64>,
    /// The standard error of `score` (0-100), from the person's own keyed answers.
    pub se: Option<f64>,
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

    /// The 90 % interval around the score.
    pub fn interval(&self) -> Option<Interval> {
        Some(Interval::around(self.score?, self.se?, (0.0, 100.0)))
    }
}

/// A dimension is scored when at least two thirds of its items are answered.
pub fn required_answers(items: usize) -> usize {
    (2 * items).div_ceil(3)
}

/// The standard error of a mean of `n` answers with the given sum and sum of squares, on
/// the answer scale: the sample SD over the square root of `n` (the domain-sampling model),
/// with the SD taken as at least one scale point so that identical answers never claim
/// perfect precision.
pub fn standard_error(n: usize, sum: i64, sum_of_squares: i64) -> f64 {
    let n_f = n as f64;
    let variance = if n > 1 {
        // Exact in integers up to the last step: n·Σx² - (Σx)² is never negative.
        let spread = (n as i64 * sum_of_squares - sum * sum) as f64;
        spread / (n_f * (n_f - 1.0))
    } else {
        0.0
    };
    variance.sqrt().max(1.0) / n_f.sqrt()
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leaning {
    pub style: Style,
    pub anxiety: f64,
    pub avoidance: f64,
    /// The scores' standard errors, where known: the leaning's clarity comes from their
    /// intervals.
    pub anxiety_se: Option<f64>,
    pub avoidance_se: Option<f64>,
    /// 0 on a quadrant border, 1 at the far corner: the distance from the midpoint on the
    /// nearer axis.
    pub strength: f64,
}

impl Leaning {
    /// The leaning at a point of the map, each axis a score and its standard error.
    pub fn at(anxiety: (f64, Option<f64>), avoidance: (f64, Option<f64>)) -> Leaning {
        let style = Style::at(anxiety.0 > MIDPOINT, avoidance.0 > MIDPOINT);
        let nearer = (anxiety.0 - MIDPOINT)
            .abs()
            .min((avoidance.0 - MIDPOINT).abs());
        Leaning {
            style,
            anxiety: anxiety.0,
            avoidance: avoidance.0,
            anxiety_se: anxiety.1,
            avoidance_se: avoidance.1,
            strength: nearer / MIDPOINT,
        }
    }

    /// Which sides of the midpoint (low, high) an axis's interval reaches.
    fn sides(score: f64, se: Option<f64>) -> (bool, bool) {
        match se {
            Some(se) => {
                let i = Interval::around(score, se, (0.0, 100.0));
                (i.low <= MIDPOINT, i.high > MIDPOINT)
            }
            None => (score <= MIDPOINT, score > MIDPOINT),
        }
    }

    /// `clear` when both intervals sit on one side of the midpoint, `moderate` when one
    /// crosses it, `borderline` when both do. Without standard errors (results from before
    /// they existed, read without their questionnaires), the distance from the borders
    /// decides as it used to.
    pub fn clarity(&self) -> Clarity {
        if self.anxiety_se.is_none() || self.avoidance_se.is_none() {
            return match self.strength {
                s if s < 0.1 => Clarity::Borderline,
                s if s < 0.3 => Clarity::Moderate,
                _ => Clarity::Clear,
            };
        }
        let crosses = |(low, high): (bool, bool)| low && high;
        let anxiety = crosses(Self::sides(self.anxiety, self.anxiety_se));
        let avoidance = crosses(Self::sides(self.avoidance, self.avoidance_se));
        match (anxiety, avoidance) {
            (false, false) => Clarity::Clear,
            (true, true) => Clarity::Borderline,
            _ => Clarity::Moderate,
        }
    }

    /// The other patterns the intervals reach, in the map's order.
    pub fn near(&self) -> Vec<Style> {
        let anxiety = Self::sides(self.anxiety, self.anxiety_se);
        let avoidance = Self::sides(self.avoidance, self.avoidance_se);
        Style::ALL
            .iter()
            .copied()
            .filter(|&style| style != self.style)
            .filter(|style| {
                let (anxious, avoidant) = style.sides();
                (if anxious { anxiety.1 } else { anxiety.0 })
                    && (if avoidant { avoidance.1 } else { avoidance.0 })
            })
            .collect()
    }
}

impl Style {
    /// The pattern of a quadrant: high anxiety or not, high avoidance or not.
    pub fn at(anxious: bool, avoidant: bool) -> Style {
        match (anxious, avoidant) {
            (false, false) => Style::Secure,
            (true, false) => Style::Anxious,
            (false, true) => Style::Avoidant,
            (true, true) => Style::Fearful,
        }
    }

    /// Whether the pattern lies on the high side of anxiety and of avoidance.
    pub fn sides(self) -> (bool, bool) {
        match self {
            Style::Secure => (false, false),
            Style::Anxious => (true, false),
            Style::Avoidant => (false, true),
            Style::Fearful => (true, true),
        }
    }
}

/// One side of the balance: the mean score of its dimensions, with its standard error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pull {
    pub score: f64,
    pub se: Option<f64>,
}

impl Pull {
    /// The mean of the scored dimensions of a pole, each as (score, standard error), with
    /// its standard error (the root of the summed squared errors over the count) when every
    /// one has an error; none when no dimension of the pole is scored.
    pub fn mean<I>(scored: I) -> Option<Pull>
    where
        I: IntoIterator<Item = (f64, Option<f64>), IntoIter: Clone>,
    {
        // Walked three times rather than collected: batch scoring takes a mean per row, and
        // the sums come out exactly as from a collected list.
        let scored = scored.into_iter();
        let count = scored.clone().count();
        if count == 0 {
            return None;
        }
        let count = count as f64;
        let score = scored.clone().map(|(score, _)| score).sum::<f64>() / count;
        let squares: Option<f64> = scored.map(|(_, se)| se.map(|e| e * e)).sum();
        Some(Pull {
            score,
            se: squares.map(|s| s.sqrt() / count),
        })
    }

    pub fn interval(&self) -> Option<Interval> {
        self.se
            .map(|se| Interval::around(self.score, se, (0.0, 100.0)))
    }

    /// Clearly above the scale's midpoint: its whole interval is (or, without one, its
    /// score is).
    pub fn is_strong(&self) -> bool {
        match self.interval() {
            Some(i) => i.low > MIDPOINT,
            None => self.score > MIDPOINT,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Balance {
    /// -100 (merged) through 0 (interdependent) to +100 (detached).
    pub index: f64,
    pub label: BalanceLabel,
    /// The standard error of the index, from the dimensions' own.
    pub se: Option<f64>,
    /// The pull toward closeness (clinginess, anxiety) and toward distance
    /// (hyper-independence, avoidance).
    pub closeness: Pull,
    pub distance: Pull,
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
            pairs: Vec::new(),
            anxiety: None,
            avoidance: None,
        };
        let mut opposites = Vec::new();
        for q in questionnaires {
            scorer.add(q, form, &mut opposites);
        }
        scorer.pairs = opposites
            .iter()
            .filter_map(|(a, b)| Some((scorer.item_position(a)?, scorer.item_position(b)?)))
            .collect();
        scorer.anxiety = scorer.dimension_position(ANXIETY);
        scorer.avoidance = scorer.dimension_position(AVOIDANCE);
        scorer
    }

    fn add(&mut self, q: &Questionnaire, form: Form, opposites: &mut Vec<(String, String)>) {
        // Each pair once, also when both items name each other; a pair with an item outside
        // the form is dropped when positions are looked up.
        opposites.extend(
            q.opposite_pairs()
                .into_iter()
                .map(|(a, b)| (a.id.clone(), b.id.clone())),
        );
        for dimension in &q.dimensions {
            let position = self.dimensions.len();
            let first = self.items.len();
            for item in q.items_in(form).filter(|i| i.dimension == dimension.id) {
                self.items.push(ScoredItem {
                    id: item.id.clone(),
                    dimension: position,
                    reverse: item.reverse,
                    min: q.scale.min,
                    max: q.scale.max,
                });
            }
            let members = first..self.items.len();
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

    /// Opposite pairs whose both items are asked in this form.
    pub fn pairs(&self) -> &[(usize, usize)] {
        &self.pairs
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
        let mut tallies = Vec::with_capacity(self.dimensions.len());
        self.tallies_into(answers, &mut tallies);
        let mut dimensions = Vec::with_capacity(self.dimensions.len());
        self.score_tallies_into(&tallies, &mut dimensions);
        Profile {
            leaning: self.leaning(&dimensions),
            balance: self.balance(&dimensions),
            dimensions,
        }
    }

    /// Each dimension's tally of answers laid out in item order.
    pub fn tallies_into(&self, answers: &[Option<i64>], out: &mut Vec<Tally>) {
        out.clear();
        out.extend(self.dimensions.iter().map(|d| self.tally(d, answers)));
    }

    /// The dimension scores from the dimensions' tallies: batch scoring tallies a row once
    /// (`batch::keys`) for its scores and its response-quality indices.
    pub fn score_tallies_into(&self, tallies: &[Tally], out: &mut Vec<DimensionScore>) {
        out.clear();
        out.extend(
            self.dimensions
                .iter()
                .zip(tallies)
                .map(|(d, tally)| self.score_tally(d, tally)),
        );
    }

    /// One dimension's answered items, keyed and summed.
    pub fn tally(&self, dimension: &ScoredDimension, answers: &[Option<i64>]) -> Tally {
        let mut tally = Tally::default();
        for position in dimension.members.clone() {
            let Some(Some(answer)) = answers.get(position).copied() else {
                continue;
            };
            let item = &self.items[position];
            let keyed = item.keyed(answer);
            let side = if item.reverse {
                &mut tally.reverse
            } else {
                &mut tally.forward
            };
            *side = (side.0 + 1, side.1 + keyed);
            tally.squares += keyed * keyed;
        }
        tally
    }

    fn score_tally(&self, dimension: &ScoredDimension, tally: &Tally) -> DimensionScore {
        let (sum, sum_of_squares, answered) = (tally.sum(), tally.squares, tally.answered());
        let items = dimension.members.len();
        let scored = answered > 0 && answered >= required_answers(items);
        let range = (dimension.max - dimension.min) as f64;
        let mean = scored.then(|| sum as f64 / answered as f64);
        DimensionScore {
            mean,
            score: mean.map(|m| (m - dimension.min as f64) / range * 100.0),
            se: scored.then(|| standard_error(answered, sum, sum_of_squares) / range * 100.0),
            answered,
            items,
        }
    }

    pub fn leaning(&self, scores: &[DimensionScore]) -> Option<Leaning> {
        let anxiety = scores.get(self.anxiety?)?;
        let avoidance = scores.get(self.avoidance?)?;
        Some(Leaning::at(
            (anxiety.score?, anxiety.se),
            (avoidance.score?, avoidance.se),
        ))
    }

    pub fn balance(&self, scores: &[DimensionScore]) -> Option<Balance> {
        let pole = |wanted: Pole| {
            Pull::mean(
                self.dimensions
                    .iter()
                    .zip(scores)
                    .filter(|(d, _)| d.pole == Some(wanted))
                    .filter_map(|(_, s)| Some((s.score?, s.se))),
            )
        };
        Some(Balance::of(pole(Pole::Closeness)?, pole(Pole::Distance)?))
    }
}

impl Balance {
    /// The balance of two pulls: the index is distance minus closeness.
    pub fn of(closeness: Pull, distance: Pull) -> Balance {
        let index = distance.score - closeness.score;
        Balance {
            index,
            label: balance_label(index, closeness, distance),
            se: closeness
                .se
                .zip(distance.se)
                .map(|(c, d)| (c * c + d * d).sqrt()),
            closeness,
            distance,
        }
    }
}

/// Words for the balance, from the index as it is shown (rounded to a whole number, so that
/// the words and the number never disagree) and the two pulls: near 0, `interdependent` only
/// when neither pull is clearly above the midpoint by its interval and `pulled both ways`
/// when both are; otherwise the index's side and size decide.
pub fn balance_label(index: f64, closeness: Pull, distance: Pull) -> BalanceLabel {
    let shown = index.round();
    match shown {
        i if i <= -50.0 => BalanceLabel::Merged,
        i if i <= -20.0 => BalanceLabel::LeaningMerged,
        i if i >= 50.0 => BalanceLabel::Detached,
        i if i >= 20.0 => BalanceLabel::LeaningDetached,
        _ => match (closeness.is_strong(), distance.is_strong()) {
            (false, false) => BalanceLabel::Interdependent,
            (true, true) => BalanceLabel::PulledBothWays,
            (true, false) => BalanceLabel::LeaningMerged,
            (false, true) => BalanceLabel::LeaningDetached,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::testing::{self, questionnaire};
    use crate::questionnaire::{Dimension, Item};

    /// An item whose number 1 makes it part of the short form.
    fn item(id: &str, dimension: &str, reverse: bool) -> Item {
        Item {
            short: id.ends_with('1'),
            ..testing::item(id, dimension, reverse)
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
    fn two_pole_questionnaire() -> Questionnaire {
        let dims = [("anxiety", Pole::Closeness), ("avoidance", Pole::Distance)];
        questionnaire(
            7,
            dims.iter().map(|(d, p)| dimension(d, *p)).collect(),
            dims.iter()
                .flat_map(|(d, _)| (1..=3).map(move |n| item(&format!("{d}{n}"), d, n == 2)))
                .collect(),
        )
    }

    fn profile(answers: &[(&str, i64)]) -> Profile {
        let q = two_pole_questionnaire();
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
        assert_eq!(balance.label, BalanceLabel::Merged);
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
        assert_eq!(leaning.clarity(), Clarity::Clear);
        // All at the midpoint: secure, but borderline.
        let mid = profile(&[
            ("anxiety1", 4),
            ("anxiety2", 4),
            ("avoidance1", 4),
            ("avoidance2", 4),
        ]);
        assert_eq!(mid.leaning.unwrap().style, Style::Secure);
        assert_eq!(mid.leaning.unwrap().clarity(), Clarity::Borderline);
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
        let pull = |score: f64| Pull {
            score,
            se: Some(5.0),
        };
        let label = |index: f64, c: f64, d: f64| balance_label(index, pull(c), pull(d)).name();
        assert_eq!(label(-50.0, 60.0, 10.0), "merged");
        // The index as shown decides: -49.6 is shown as -50.
        assert_eq!(label(-49.6, 60.0, 10.4), "merged");
        assert_eq!(label(-49.4, 60.0, 10.6), "leaning merged");
        assert_eq!(label(-20.0, 40.0, 20.0), "leaning merged");
        assert_eq!(label(0.0, 30.0, 30.0), "interdependent");
        // 67 and 67 (± 8) are both clearly strong pulls: not interdependent.
        assert_eq!(label(0.0, 67.0, 67.0), "pulled both ways");
        assert_eq!(label(-10.0, 65.0, 55.0), "leaning merged");
        assert_eq!(label(10.0, 45.0, 65.0), "leaning detached");
        // 55 is not clearly above the midpoint with an error of 5.
        assert_eq!(label(-10.0, 55.0, 45.0), "interdependent");
        assert_eq!(label(20.0, 10.0, 30.0), "leaning detached");
        assert_eq!(label(50.0, 10.0, 60.0), "detached");
    }

    #[test]
    fn the_short_form_scores_only_short_items() {
        let q = two_pole_questionnaire();
        let scorer = Scorer::new([&q], Form::Short);
        assert_eq!(scorer.items().len(), 2);
        assert_eq!(scorer.dimensions()[0].members.len(), 1);
    }

    #[test]
    fn bands_in_words() {
        assert_eq!(Band::of(0.0).name(), "very low");
        assert_eq!(Band::of(39.9).name(), "low");
        assert_eq!(Band::of(40.0).name(), "moderate");
        assert_eq!(Band::of(79.9).name(), "high");
        assert_eq!(Band::of(100.0).name(), "very high");
    }
}
