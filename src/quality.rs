//! Response quality: whether a set of answers can be read as a person's considered view.
//!
//! Pure: everything comes from the answers, the order they were asked in and, for the
//! interactive quiz, how long they took. Four signals, each documented with its threshold in
//! the README and chosen with the simulation in `examples/simulate.rs`:
//!
//! - inconsistency: opposite statements (declared in the questionnaires) should get opposite
//!   answers, so after reverse keying the two answers of a pair should be close; and within a
//!   dimension a considered person's keyed answers cluster, while careless ones spread over
//!   the whole scale;
//! - acquiescence: agreeing (or disagreeing) with everything, whatever the keying;
//! - a long run of one identical answer (straight-lining);
//! - answering faster than a statement can be read.

use serde::{Deserialize, Serialize};

use crate::scoring::{named_enum, Scorer, Tally};

/// The mean keyed difference within opposite pairs, in points of a 7-point scale, above
/// which the answers count as inconsistent.
pub const INCONSISTENCY_LIMIT: f64 = 2.0;
/// The pooled within-dimension SD of keyed answers, in points of a 7-point scale, above
/// which the answers count as inconsistent.
pub const SPREAD_LIMIT: f64 = 1.55;
/// How far, in points of a 7-point scale, the raw answers over items of balanced keying may
/// lean to agreeing or disagreeing before it counts as a response style.
pub const ACQUIESCENCE_LIMIT: f64 = 1.0;
/// A run of identical answers this long counts as straight-lining, or this share of the
/// answers when there are few of them.
pub const RUN_LIMIT: usize = 8;
pub const RUN_SHARE: f64 = 0.5;
/// A median time per statement below this (seconds) is faster than a statement can be read.
pub const TOO_FAST_SECONDS: f64 = 1.5;
/// Below these counts a signal says too little to raise a flag. The pairs' mean is noisy
/// with few pairs (the short form has 4), where the spread, which uses every answer, tells
/// careless from considered answers far better (see the simulation).
const MIN_PAIRS: usize = 8;
const MIN_SPREAD_DF: usize = 4;
const MIN_BALANCED: usize = 4;
const MIN_ANSWERS_FOR_RUNS: usize = 6;
/// The scale the limits are written for: 7 points, a range of 6.
const REFERENCE_RANGE: f64 = 6.0;

named_enum! {
    /// What was noticed about a set of answers.
    FlagKind {
        Inconsistent => "inconsistent",
        Acquiescence => "acquiescence",
        StraightLine => "straight_line",
        TooFast => "too_fast",
    }
}

/// The indices computed from one set of answers, before any threshold is applied.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Indices {
    /// Mean absolute difference between the keyed answers of each answered opposite pair.
    pub inconsistency: Option<f64>,
    pub pairs: usize,
    /// Pooled within-dimension standard deviation of the keyed answers.
    pub spread: Option<f64>,
    /// Degrees of freedom behind `spread`: answers less one per dimension.
    pub spread_df: usize,
    /// Mean raw answer minus the scale midpoint over items of balanced keying: positive
    /// leans to agreeing, negative to disagreeing.
    pub acquiescence: Option<f64>,
    pub balanced: usize,
    /// The longest run of one identical answer, in the order asked.
    pub longest_run: usize,
    pub answered: usize,
    /// The median time per statement in the interactive quiz.
    pub median_seconds: Option<f64>,
    /// The mean range of the answered items' scales, to put limits on the same footing.
    pub range: f64,
}

/// A flag raised, with what it means in plain words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Flag {
    #[cfg_attr(test, schemars(with = "String"))]
    pub kind: FlagKind,
    pub message: String,
}

/// The `quality` object of a result document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Quality {
    /// False when any flag is raised: the scores are shown, but no labels or personal advice.
    pub interpretable: bool,
    pub flags: Vec<Flag>,
    /// In scale points; null when no opposite pair was answered.
    pub inconsistency: Option<f64>,
    /// In scale points; null when no items of balanced keying were answered.
    pub acquiescence: Option<f64>,
    pub longest_run: usize,
    pub median_seconds: Option<f64>,
    /// The pooled within-dimension SD of keyed answers, in scale points.
    #[serde(default)]
    pub spread: Option<f64>,
}

/// Computes the indices. `order` lists item positions (in `scorer.items()`) in the order
/// they were asked; items never asked may be missing from it.
pub fn indices(
    scorer: &Scorer,
    answers: &[Option<i64>],
    order: &[usize],
    median_seconds: Option<f64>,
) -> Indices {
    let mut tallies = Vec::with_capacity(scorer.dimensions().len());
    scorer.tallies_into(answers, &mut tallies);
    let answer = |position: usize| answers.get(position).copied().flatten();
    let keyed = |position: usize| Some(scorer.items()[position].keyed(answer(position)?));
    Indices::assemble(
        scorer,
        &tallies,
        pair_differences(scorer.pairs(), keyed),
        longest_run(order.iter().map(|&position| answer(position))),
        median_seconds,
    )
}

impl Indices {
    /// The indices from their parts: the dimensions' tallies, the opposite pairs' mean
    /// difference and count ([`pair_differences`]), and the longest run ([`longest_run`]).
    /// Batch scoring works the parts out from its compact rows, without allocating.
    pub(crate) fn assemble(
        scorer: &Scorer,
        tallies: &[Tally],
        (inconsistency, pairs): (Option<f64>, usize),
        longest_run: usize,
        median_seconds: Option<f64>,
    ) -> Indices {
        let sums = DimensionSums::over(scorer, tallies);
        Indices {
            inconsistency,
            pairs,
            spread: (sums.spread_df > 0).then(|| (sums.squares / sums.spread_df as f64).sqrt()),
            spread_df: sums.spread_df,
            acquiescence: (sums.balanced > 0).then(|| sums.lean / sums.balanced as f64),
            balanced: sums.balanced,
            longest_run,
            answered: sums.answered,
            median_seconds,
            range: match sums.answered {
                0 => REFERENCE_RANGE,
                n => sums.range as f64 / n as f64,
            },
        }
    }
}

/// The mean absolute difference of the keyed answers over the opposite pairs (positions)
/// both answered, and how many were; `keyed` gives an item's keyed answer, if answered.
pub(crate) fn pair_differences(
    pairs: &[(usize, usize)],
    keyed: impl Fn(usize) -> Option<i64>,
) -> (Option<f64>, usize) {
    let (total, count) = pairs
        .iter()
        .filter_map(|&(a, b)| Some((keyed(a)? - keyed(b)?).abs()))
        .fold((0i64, 0usize), |(t, c), d| (t + d, c + 1));
    ((count > 0).then(|| total as f64 / count as f64), count)
}

/// What the spread and the acquiescence need, gathered from the dimensions' tallies.
#[derive(Default)]
struct DimensionSums {
    answered: usize,
    /// The answered items' scale ranges, summed.
    range: i64,
    /// Squared deviations of keyed answers from their dimension's mean, pooled.
    squares: f64,
    spread_df: usize,
    /// The lean to agreeing, weighted by the balanced items of each dimension.
    lean: f64,
    balanced: usize,
}

impl DimensionSums {
    fn over(scorer: &Scorer, tallies: &[Tally]) -> Self {
        let mut sums = DimensionSums::default();
        for (dimension, tally) in scorer.dimensions().iter().zip(tallies) {
            let (n, sum) = (tally.answered() as i64, tally.sum());
            // A dimension's items share its questionnaire's scale.
            let (min, max) = (dimension.min, dimension.max);
            sums.answered += n as usize;
            sums.range += n * (max - min);
            if n > 1 {
                sums.squares += (n * tally.squares - sum * sum) as f64 / n as f64;
                sums.spread_df += n as usize - 1;
            }
            // Raw answers' distance from the midpoint, doubled to stay whole, by keying: a
            // reverse-keyed item's raw answer is `min + max - keyed`.
            let ((nf, forward), (nr, reverse)) = (tally.forward, tally.reverse);
            let forward = 2 * forward - nf as i64 * (min + max);
            let reverse = nr as i64 * (min + max) - 2 * reverse;
            sums.add_lean((nf, forward), (nr, reverse));
        }
        sums
    }

    /// Each keying's mean distance from the midpoint, averaged with equal weight, so that a
    /// person's real standing (which pulls the two keyings apart) cancels out; the dimension
    /// counts as many balanced items as twice its smaller keying.
    fn add_lean(&mut self, (nf, forward): (usize, i64), (nr, reverse): (usize, i64)) {
        let balanced = 2 * nf.min(nr);
        if balanced == 0 {
            return;
        }
        let mean = |n: usize, doubled: i64| doubled as f64 / 2.0 / n as f64;
        self.lean += balanced as f64 * (mean(nf, forward) + mean(nr, reverse)) / 2.0;
        self.balanced += balanced;
    }
}

/// The longest run of one answer in the answers as asked; a skipped statement ends a run.
pub(crate) fn longest_run<T: PartialEq + Copy>(answers: impl Iterator<Item = Option<T>>) -> usize {
    let (mut longest, mut run, mut previous) = (0, 0, None);
    for answer in answers {
        run = match answer {
            Some(a) if Some(a) == previous => run + 1,
            Some(_) => 1,
            None => 0,
        };
        previous = answer;
        longest = longest.max(run);
    }
    longest
}

/// The run length that counts as straight-lining for this many answers.
pub fn run_limit(answered: usize) -> usize {
    RUN_LIMIT.min((answered as f64 * RUN_SHARE).ceil() as usize)
}

impl Indices {
    /// The flags these indices raise, in a fixed order.
    pub fn flags(&self) -> Vec<FlagKind> {
        self.raised().collect()
    }

    /// The flags raised, in the order of [`FlagKind::ALL`], without allocating: batch
    /// scoring asks for every row.
    pub fn raised(&self) -> impl Iterator<Item = FlagKind> + '_ {
        FlagKind::ALL
            .iter()
            .copied()
            .filter(|&kind| self.raises(kind))
    }

    fn raises(&self, kind: FlagKind) -> bool {
        match kind {
            FlagKind::Inconsistent => self.pairs_disagree() || self.answers_scatter(),
            FlagKind::Acquiescence => {
                self.balanced >= MIN_BALANCED
                    && self
                        .acquiescence
                        .is_some_and(|a| a.abs() > ACQUIESCENCE_LIMIT * self.scale())
            }
            FlagKind::StraightLine => {
                self.answered >= MIN_ANSWERS_FOR_RUNS
                    && self.longest_run >= run_limit(self.answered)
            }
            FlagKind::TooFast => self.median_seconds.is_some_and(|s| s < TOO_FAST_SECONDS),
        }
    }

    /// Limits are written for a 7-point scale; other scales stretch them in proportion.
    fn scale(&self) -> f64 {
        self.range / REFERENCE_RANGE
    }

    fn pairs_disagree(&self) -> bool {
        self.pairs >= MIN_PAIRS
            && self
                .inconsistency
                .is_some_and(|i| i > INCONSISTENCY_LIMIT * self.scale())
    }

    fn answers_scatter(&self) -> bool {
        self.spread_df >= MIN_SPREAD_DF
            && self.spread.is_some_and(|s| s > SPREAD_LIMIT * self.scale())
    }

    /// The document's `quality` object, with each flag said in plain words.
    pub fn quality(&self) -> Quality {
        let flags: Vec<Flag> = self
            .flags()
            .into_iter()
            .map(|kind| Flag {
                kind,
                message: self.message(kind),
            })
            .collect();
        Quality {
            interpretable: flags.is_empty(),
            flags,
            inconsistency: self.inconsistency,
            acquiescence: self.acquiescence,
            longest_run: self.longest_run,
            median_seconds: self.median_seconds,
            spread: self.spread,
        }
    }

    fn message(&self, kind: FlagKind) -> String {
        match kind {
            FlagKind::Inconsistent if self.pairs_disagree() => format!(
                "Statements that say opposite things got answers that do not fit together (on average {:.1} points apart where they should be close).",
                self.inconsistency.unwrap_or_default()
            ),
            FlagKind::Inconsistent => format!(
                    "Answers about the same topic were spread over much of the scale (a spread of {:.1} points; considered answers stay closer together).",
                self.spread.unwrap_or_default()
            ),
            FlagKind::Acquiescence => {
                let lean = self.acquiescence.unwrap_or_default();
                let way = if lean > 0.0 { "agree" } else { "disagree" };
                format!(
                    "You tended to {way} with statements whatever they said, including ones that say opposite things ({lean:+.1} points from the middle)."
                )
            }
            FlagKind::StraightLine => format!(
                "The same answer was given to {} statements in a row.",
                self.longest_run
            ),
            FlagKind::TooFast => format!(
                "Statements were answered in {:.1} seconds each (median), faster than they can be read.",
                self.median_seconds.unwrap_or_default()
            ),
        }
    }
}

/// The median of some durations in seconds; `None` for none.
pub fn median(mut seconds: Vec<f64>) -> Option<f64> {
    seconds.retain(|s| s.is_finite());
    seconds.sort_by(f64::total_cmp);
    let n = seconds.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(seconds[n / 2]),
        _ => Some((seconds[n / 2 - 1] + seconds[n / 2]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::testing::{item, questionnaire};
    use crate::questionnaire::{Dimension, Form, Item};

    /// One dimension of six items on a 1-7 scale: a1-a3 forward, r1-r3 reverse-keyed, with
    /// pairs (a1, r1) and (a2, r2). r1 names a1 back: a pair named from both sides is one.
    fn scorer() -> Scorer {
        let paired = |id: &str, reverse: bool, opposite: Option<&str>| Item {
            opposite: opposite.map(str::to_string),
            ..item(id, "d", reverse)
        };
        let dimension = Dimension {
            id: "d".to_string(),
            title: "D".to_string(),
            description: String::new(),
            pole: None,
        };
        let q = questionnaire(
            7,
            vec![dimension],
            vec![
                paired("a1", false, Some("r1")),
                paired("a2", false, Some("r2")),
                paired("a3", false, None),
                paired("r1", true, Some("a1")),
                paired("r2", true, None),
                paired("r3", true, None),
            ],
        );
        Scorer::new([&q], Form::Full)
    }

    fn indices_of(answers: [i64; 6], order: &[usize]) -> Indices {
        let answers: Vec<Option<i64>> = answers.iter().map(|a| Some(*a)).collect();
        indices(&scorer(), &answers, order, None)
    }

    const IN_ORDER: [usize; 6] = [0, 1, 2, 3, 4, 5];

    #[test]
    fn each_index_by_hand() {
        // Raw 6 6 5 / 2 3 1: keyed 6 6 5 / 6 5 7.
        let i = indices_of([6, 6, 5, 2, 3, 1], &IN_ORDER);
        // Pairs: |6 - 6| = 0 and |6 - 5| = 1: mean 0.5.
        assert_eq!(i.inconsistency, Some(0.5));
        assert_eq!(i.pairs, 2);
        // Keyed sum 35, squares 207: squared deviations 207 - 35²/6 = 17/6, over 5 degrees
        // of freedom.
        let spread = i.spread.unwrap();
        assert!(
            (spread - (17.0f64 / 6.0 / 5.0).sqrt()).abs() < 1e-12,
            "{spread}"
        );
        assert_eq!(i.spread_df, 5);
        // Three forward and three reverse: raw deviations from 4 are 2 2 1 -2 -1 -3: sum -1.
        assert!((i.acquiescence.unwrap() - (-1.0 / 6.0)).abs() < 1e-12);
        assert_eq!(i.balanced, 6);
        assert_eq!(i.longest_run, 2);
        assert_eq!(i.answered, 6);
        assert!(i.flags().is_empty(), "{:?}", i.flags());
    }

    #[test]
    fn acquiescence_weighs_both_keyings_alike() {
        // r3 skipped: forward deviations 3 3 -3 (mean 1), reverse 3 3 (mean 3): the lean is
        // their average, 2, over 2 × 2 balanced items.
        let answers = [Some(7), Some(7), Some(1), Some(7), Some(7), None];
        let i = indices(&scorer(), &answers, &IN_ORDER, None);
        assert_eq!(i.balanced, 4);
        assert_eq!(i.acquiescence, Some(2.0));
    }

    #[test]
    fn runs_follow_the_order_asked_and_a_skip_ends_one() {
        let answers = [Some(4), Some(5), Some(4), Some(4), None, Some(4)];
        let i = indices(&scorer(), &answers, &IN_ORDER, None);
        assert_eq!(i.longest_run, 2);
        let i = indices(&scorer(), &answers, &[0, 2, 3, 5, 1, 4], None);
        assert_eq!(i.longest_run, 4);
    }

    #[test]
    fn flags_and_their_words() {
        // All 7: keyed 7 7 7 / 1 1 1, every keyed answer 3 from their mean: a spread of
        // sqrt(54 / 5), far too wide; a lean of +3; one run of six.
        let all_seven = indices_of([7; 6], &IN_ORDER);
        let flags = all_seven.flags();
        assert!(flags.contains(&FlagKind::Acquiescence), "{flags:?}");
        assert!(flags.contains(&FlagKind::StraightLine), "{flags:?}");
        assert!(flags.contains(&FlagKind::Inconsistent), "{flags:?}");
        let quality = all_seven.quality();
        assert!(!quality.interpretable);
        assert_eq!(
            quality.flags[1].message,
            "You tended to agree with statements whatever they said, including ones that say opposite things (+3.0 points from the middle)."
        );
        // All 4: nothing but the run gives it away.
        assert_eq!(
            indices_of([4; 6], &IN_ORDER).flags(),
            [FlagKind::StraightLine]
        );
    }

    #[test]
    fn too_fast_only_with_timings() {
        let answers: Vec<Option<i64>> = [6, 6, 5, 2, 3, 1].iter().map(|a| Some(*a)).collect();
        let slow = indices(&scorer(), &answers, &IN_ORDER, Some(4.2));
        assert!(slow.flags().is_empty());
        let fast = indices(&scorer(), &answers, &IN_ORDER, Some(0.6));
        assert_eq!(fast.flags(), [FlagKind::TooFast]);
        assert_eq!(median(vec![3.0, 1.0, 2.0, 10.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }

    #[test]
    fn the_run_limit_scales_down_for_few_answers() {
        assert_eq!(run_limit(50), RUN_LIMIT);
        assert_eq!(run_limit(10), 5);
        assert_eq!(run_limit(6), 3);
    }
}
