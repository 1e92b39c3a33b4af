//! One pass over a row's answers, where batch scoring spends most of its time: each answer
//! is keyed and added to its dimension's tally, and the keyed answers are kept for the item
//! statistics. The tallies are the scorer's own ([`Scorer::tally`] makes the same for the
//! quiz): whole numbers, so they come out the same whichever way they are added up.

use std::ops::Range;

use super::intake::{Answer, SKIPPED};
use crate::catalog::check::{MAX_ITEMS, SCALE_LIMIT};
use crate::quality;
use crate::scoring::{Scorer, Tally};

/// The scorer's items, in its order, as a row pass needs them.
pub struct Keys {
    /// Per item, how to key an answer: `base + sign * answer` (`sign` is -1 and `base` the
    /// scale's `min + max` for a reverse-keyed item), with no branch to mispredict.
    signs: Vec<Answer>,
    bases: Vec<Answer>,
    /// Per item, all ones if it is reverse-keyed, else zero: a mask.
    reverse: Vec<Answer>,
    /// Per dimension, its items' positions: consecutive.
    dimensions: Vec<Range<usize>>,
}

impl Keys {
    pub fn new(scorer: &Scorer) -> Keys {
        let items = scorer.items();
        Keys {
            signs: items
                .iter()
                .map(|item| if item.reverse { -1 } else { 1 })
                .collect(),
            // Scales lie within ±1000, so their ends' sum fits in an answer.
            bases: items
                .iter()
                .map(|item| match item.reverse {
                    true => Answer::try_from(item.min + item.max).unwrap_or(0),
                    false => 0,
                })
                .collect(),
            reverse: items
                .iter()
                .map(|item| -Answer::from(item.reverse))
                .collect(),
            dimensions: scorer
                .dimensions()
                .iter()
                .map(|dimension| dimension.members.clone())
                .collect(),
        }
    }

    /// Tallies a row's answers (in scorer order, [`SKIPPED`] where skipped) by dimension,
    /// and keeps each keyed answer in `keyed` ([`SKIPPED`] where skipped).
    ///
    /// The answers are keyed in one pass, then each dimension's counts and sums are added up
    /// over its slice in registers, with no branch: adding each answer into its dimension's
    /// tally in memory, as they came, made every answer wait for the one before.
    pub fn tally(&self, answers: &[Answer], tallies: &mut Vec<Tally>, keyed: &mut Vec<Answer>) {
        keyed.clear();
        keyed.resize(answers.len(), SKIPPED);
        let keys = self.signs.iter().zip(&self.bases);
        for ((keyed, &answer), (&sign, &base)) in keyed.iter_mut().zip(answers).zip(keys) {
            let value = base.wrapping_add(sign.wrapping_mul(answer));
            *keyed = if answer == SKIPPED { SKIPPED } else { value };
        }
        tallies.clear();
        tallies.extend(self.dimensions.iter().map(|members| {
            let keyed = keyed.get(members.clone()).unwrap_or_default();
            let reverse = self.reverse.get(members.clone()).unwrap_or_default();
            sums(keyed, reverse)
        }));
    }
}

/// The longest run of one answer in a row, in the items' order; a skipped item ends a run.
/// The same as [`quality::longest_run`], which went one answer at a time, each waiting for
/// the one before: here the neighbours are compared all at once, and the run is read from a
/// bit mask of them, in as many steps as the run is long.
pub fn longest_run(answers: &[Answer]) -> usize {
    const PAIRS: usize = u64::BITS as usize;
    if answers.len() > PAIRS + 1 {
        return quality::longest_run(answers.iter().map(|&a| (a != SKIPPED).then_some(a)));
    }
    // `same[i]` is 1 when answer `i + 1` repeats answer `i`.
    let mut same = [0u8; PAIRS];
    let pairs = answers.iter().zip(answers.iter().skip(1));
    for (same, (&this, &next)) in same.iter_mut().zip(pairs) {
        *same = u8::from((this == next) & (this != SKIPPED));
    }
    // Eight 0-or-1 bytes to eight bits, in order, with one multiplication.
    let mut repeats = same
        .chunks_exact(8)
        .enumerate()
        .fold(0, |bits, (k, eight)| {
            let mut word = [0; 8];
            word.copy_from_slice(eight);
            let packed = u64::from_le_bytes(word).wrapping_mul(0x0102_0408_1020_4080) >> 56;
            bits | packed << (8 * k)
        });
    if !answers.iter().any(|&a| a != SKIPPED) {
        return 0;
    }
    // Each step shortens every run of repeats by one, so it takes as many as the longest.
    let mut run = 1;
    while repeats != 0 {
        repeats &= repeats >> 1;
        run += 1;
    }
    run
}

/// A dimension's sums fit in 32 bits: at most `MAX_ITEMS` keyed answers within ±`SCALE_LIMIT`.
const _: () = assert!((MAX_ITEMS as i64) * SCALE_LIMIT * SCALE_LIMIT < i32::MAX as i64);

/// The tally of one dimension's keyed answers, with all ones in `reverse` for a
/// reverse-keyed item. Masks in place of branches, and 16-bit answers summed in 32 bits:
/// the loop the compiler turns into SSE2's multiply-and-add, eight answers at a time.
#[inline]
fn sums(keyed: &[Answer], reverse: &[Answer]) -> Tally {
    let (mut count, mut reversed, mut sum, mut reversed_sum, mut squares) = (0, 0, 0, 0, 0);
    for (&value, &reverse) in keyed.iter().zip(reverse) {
        let answered = -Answer::from(value != SKIPPED);
        let value = value & answered;
        count -= i32::from(answered);
        reversed -= i32::from(answered & reverse);
        sum += i32::from(value);
        reversed_sum += i32::from(value & reverse);
        squares += i32::from(value) * i32::from(value);
    }
    let whole = |n: i32| usize::try_from(n).unwrap_or(0);
    Tally {
        forward: (whole(count - reversed), i64::from(sum - reversed_sum)),
        reverse: (whole(reversed), i64::from(reversed_sum)),
        squares: i64::from(squares),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::questionnaire::Form;

    /// The row pass and the quiz's scorer tally any answers alike.
    #[test]
    fn tallies_match_the_scorers() {
        let catalog = Catalog::builtin().unwrap();
        let scorer = Scorer::new(&catalog.questionnaires, Form::Full);
        let keys = Keys::new(&scorer);
        let mut random = fastrand::Rng::with_seed(7);
        let (mut tallies, mut keyed) = (Vec::new(), Vec::new());
        for _ in 0..500 {
            let answers: Vec<Option<i64>> = scorer
                .items()
                .iter()
                .map(|item| (random.u8(..5) > 0).then(|| random.i64(item.min..=item.max)))
                .collect();
            let compact: Vec<Answer> = answers
                .iter()
                .map(|a| a.map_or(SKIPPED, |a| Answer::try_from(a).unwrap()))
                .collect();
            keys.tally(&compact, &mut tallies, &mut keyed);
            for (dimension, tally) in scorer.dimensions().iter().zip(&tallies) {
                assert_eq!(*tally, scorer.tally(dimension, answers.as_slice()));
            }
            for ((item, answer), keyed) in scorer.items().iter().zip(&answers).zip(&keyed) {
                let expected = answer.map_or(SKIPPED, |a| item.keyed(a) as Answer);
                assert_eq!(*keyed, expected);
            }
        }
    }

    /// The bit-mask run finder and the quality module's, one answer at a time, agree on any
    /// row: short and long, few values and many, with skips.
    #[test]
    fn longest_runs_match_the_quality_modules() {
        let mut random = fastrand::Rng::with_seed(11);
        for _ in 0..20_000 {
            let len = random.usize(..=140);
            let values = random.i16(1..=7);
            let skips = random.u8(..4);
            let answers: Vec<Answer> = (0..len)
                .map(|_| match random.u8(..10) < skips {
                    true => SKIPPED,
                    false => random.i16(0..values),
                })
                .collect();
            let expected =
                quality::longest_run(answers.iter().map(|&a| (a != SKIPPED).then_some(a)));
            assert_eq!(longest_run(&answers), expected, "{answers:?}");
        }
        assert_eq!(longest_run(&[]), 0);
        assert_eq!(longest_run(&[SKIPPED, SKIPPED]), 0);
        assert_eq!(longest_run(&[4; 65]), 65);
        assert_eq!(longest_run(&[4; 66]), 66);
    }
}
