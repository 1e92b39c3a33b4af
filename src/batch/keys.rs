//! One pass over a row's answers, where batch scoring spends most of its time: each answer
//! is keyed and added to its dimension's tally, and the keyed answers are kept for the item
//! statistics. The tallies are the scorer's own ([`Scorer::tally`] makes the same for the
//! quiz): whole numbers, so they come out the same whichever way they are added up.

use super::intake::{Answer, SKIPPED};
use crate::scoring::{Scorer, Tally};

/// How to key one item's answer, worked out once.
#[derive(Debug, Clone, Copy)]
struct Key {
    dimension: usize,
    reverse: bool,
    /// The scale's `min + max`: a reverse-keyed answer is keyed as this less the answer.
    ends: Answer,
}

/// The scorer's items, in its order, as a row pass needs them.
pub struct Keys {
    keys: Vec<Key>,
    dimensions: usize,
}

impl Keys {
    pub fn new(scorer: &Scorer) -> Keys {
        let keys = scorer
            .items()
            .iter()
            .map(|item| Key {
                dimension: item.dimension,
                reverse: item.reverse,
                // Scales lie within ±1000, so their ends' sum fits in an answer.
                ends: Answer::try_from(item.min + item.max).unwrap_or(0),
            })
            .collect();
        Keys {
            keys,
            dimensions: scorer.dimensions().len(),
        }
    }

    /// Tallies a row's answers (in scorer order, [`SKIPPED`] where skipped) by dimension,
    /// and keeps each keyed answer in `keyed` ([`SKIPPED`] where skipped).
    pub fn tally(&self, answers: &[Answer], tallies: &mut Vec<Tally>, keyed: &mut Vec<Answer>) {
        tallies.clear();
        tallies.resize(self.dimensions, Tally::default());
        keyed.clear();
        keyed.extend(answers.iter().zip(&self.keys).map(|(&answer, key)| {
            if answer == SKIPPED {
                return SKIPPED;
            }
            let value = if key.reverse {
                key.ends - answer
            } else {
                answer
            };
            let tally = &mut tallies[key.dimension];
            let side = if key.reverse {
                &mut tally.reverse
            } else {
                &mut tally.forward
            };
            let wide = i64::from(value);
            *side = (side.0 + 1, side.1 + wide);
            tally.squares += wide * wide;
            value
        }));
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
}
