//! Recommending: which strategies a result calls for, how strongly, and why.

use crate::catalog::Catalog;
use crate::scoring::{Answers, Profile, Scorer};
use crate::strategy::{Condition, Strategy, Subject, BALANCE};

pub const DEFAULT_LIMIT: usize = 5;
/// Added to a strategy's strength for each condition beyond its strongest that holds.
const FURTHER_CONDITION_BONUS: f64 = 0.1;

#[derive(Debug, Clone)]
pub struct Recommendation<'a> {
    pub strategy: &'a Strategy,
    pub strength: f64,
    /// One plain sentence per condition that held, strongest first.
    pub why: Vec<String>,
}

/// What a result offers for conditions to look at.
pub struct Evidence<'c, 'e> {
    pub catalog: &'c Catalog,
    pub scorer: &'e Scorer,
    pub profile: &'e Profile,
    pub answers: &'e Answers,
}

/// The strategies whose conditions hold, strongest first, at most `limit` of them.
pub fn recommend<'a>(evidence: &Evidence<'a, '_>, limit: usize) -> Vec<Recommendation<'a>> {
    let catalog: &'a Catalog = evidence.catalog;
    let mut found: Vec<Recommendation<'a>> = catalog
        .strategies
        .iter()
        .filter_map(|strategy| assess(strategy, evidence))
        .collect();
    found.sort_by(|a, b| {
        b.strength
            .total_cmp(&a.strength)
            .then_with(|| a.strategy.id.cmp(&b.strategy.id))
    });
    found.truncate(limit);
    found
}

fn assess<'s>(strategy: &'s Strategy, evidence: &Evidence<'_, '_>) -> Option<Recommendation<'s>> {
    let mut held: Vec<(f64, String)> = strategy
        .when
        .iter()
        .filter_map(|condition| evaluate(condition, evidence))
        .collect();
    if held.is_empty() {
        return None;
    }
    held.sort_by(|a, b| b.0.total_cmp(&a.0));
    let strongest = held[0].0;
    let further = (held.len() - 1) as f64 * FURTHER_CONDITION_BONUS;
    Some(Recommendation {
        strategy,
        strength: (strongest + further) * strategy.weight,
        why: held.into_iter().map(|(_, why)| why).collect(),
    })
}

/// The strength of a condition that holds (0.5 to 1), and why it holds.
fn evaluate(condition: &Condition, evidence: &Evidence) -> Option<(f64, String)> {
    match &condition.subject {
        Subject::Leaning(style) => {
            let leaning = evidence.profile.leaning.filter(|l| l.style == *style)?;
            let why = format!("your answers lean {style} ({})", leaning.clarity());
            Some((0.5 + 0.5 * leaning.strength, why))
        }
        Subject::Score(name) if name == BALANCE => {
            let balance = evidence.profile.balance?;
            let strength = threshold_strength(condition, balance.index, (-100.0, 100.0))?;
            let why = format!(
                "your balance index is {:+.0} ({})",
                balance.index, balance.label
            );
            Some((strength, why))
        }
        Subject::Score(name) => {
            let position = evidence.scorer.dimension_position(name)?;
            let score = evidence.profile.dimensions[position].score?;
            let strength = threshold_strength(condition, score, (0.0, 100.0))?;
            let title = &evidence.scorer.dimensions()[position].title;
            let why = format!("your {title} score is {score:.0}{}", bound_words(condition));
            Some((strength, why))
        }
        Subject::Item(id) => {
            let answer = *evidence.answers.get(id)?;
            let (questionnaire, item) = evidence.catalog.item(id)?;
            let scale = &questionnaire.scale;
            let range = (scale.min as f64, scale.max as f64);
            let strength = threshold_strength(condition, answer as f64, range)?;
            let why = format!(
                "you answered {answer} ({}) to \"{}\"",
                scale.label(answer),
                item.text
            );
            Some((strength, why))
        }
    }
}

fn bound_words(condition: &Condition) -> String {
    match (condition.at_least, condition.at_most) {
        (Some(low), Some(high)) => format!(", between {low} and {high}"),
        (Some(low), None) => format!(", at or above {low}"),
        (None, Some(high)) => format!(", at or below {high}"),
        (None, None) => String::new(),
    }
}

/// 0.5 at the threshold, rising to 1 at the end of the range; `None` when the value misses.
fn threshold_strength(condition: &Condition, value: f64, (low, high): (f64, f64)) -> Option<f64> {
    let past = |distance: f64, room: f64| {
        if room > 0.0 {
            0.5 + 0.5 * (distance / room).clamp(0.0, 1.0)
        } else {
            1.0
        }
    };
    match (condition.at_least, condition.at_most) {
        (Some(min), Some(max)) => (min..=max).contains(&value).then_some(0.5),
        (Some(min), None) => (value >= min).then(|| past(value - min, high - min)),
        (None, Some(max)) => (value <= max).then(|| past(max - value, max - low)),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_least(value: f64) -> Condition {
        Condition {
            subject: Subject::Score("x".to_string()),
            at_least: Some(value),
            at_most: None,
        }
    }

    #[test]
    fn strength_is_one_half_at_the_threshold_and_one_at_the_end() {
        let c = at_least(60.0);
        assert_eq!(threshold_strength(&c, 59.9, (0.0, 100.0)), None);
        assert_eq!(threshold_strength(&c, 60.0, (0.0, 100.0)), Some(0.5));
        assert_eq!(threshold_strength(&c, 80.0, (0.0, 100.0)), Some(0.75));
        assert_eq!(threshold_strength(&c, 100.0, (0.0, 100.0)), Some(1.0));
    }

    #[test]
    fn at_most_counts_downward_and_both_bounds_make_a_band() {
        let c = Condition {
            subject: Subject::Score(BALANCE.to_string()),
            at_least: None,
            at_most: Some(-20.0),
        };
        assert_eq!(threshold_strength(&c, -60.0, (-100.0, 100.0)), Some(0.75));
        assert_eq!(threshold_strength(&c, 0.0, (-100.0, 100.0)), None);
        let band = Condition {
            at_least: Some(-30.0),
            ..c
        };
        assert_eq!(threshold_strength(&band, -25.0, (-100.0, 100.0)), Some(0.5));
        assert_eq!(threshold_strength(&band, -31.0, (-100.0, 100.0)), None);
    }

    #[test]
    fn recommendations_rank_by_strength_and_say_why() {
        use crate::questionnaire::Form;
        let catalog = Catalog::builtin().unwrap();
        let q = catalog.questionnaire("clinginess").unwrap();
        // Agree with every sign of clinginess, disagree with every reverse-keyed item.
        let answers: Answers = q
            .items
            .iter()
            .map(|i| (i.id.clone(), if i.reverse { 1 } else { 7 }))
            .collect();
        let scorer = Scorer::new([q], Form::Full);
        let profile = scorer.score(&scorer.arrange(&answers));
        let evidence = Evidence {
            catalog: &catalog,
            scorer: &scorer,
            profile: &profile,
            answers: &answers,
        };
        let found = recommend(&evidence, 5);
        assert_eq!(found.len(), 5);
        assert_eq!(found[0].strategy.id, "professional-support");
        assert!(found.windows(2).all(|w| w[0].strength >= w[1].strength));
        assert!(
            found[0].why[0].contains("score is 100, at or above 80"),
            "{:?}",
            found[0].why
        );
    }
}
