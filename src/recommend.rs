//! Recommending: which strategies a result calls for, how strongly, and why.

use crate::catalog::Catalog;
use crate::scoring::{Answers, Profile, Scorer, EXTREME};
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
    support_first_if_needed(evidence, &mut found);
    found.truncate(limit);
    found
}

/// Puts professional support first when the scores call for it: the one rule for personal
/// and general advice alike.
fn support_first_if_needed<'a>(evidence: &Evidence<'a, '_>, found: &mut Vec<Recommendation<'a>>) {
    let profile = evidence.profile;
    let scores = profile.dimensions.iter().filter_map(|d| d.score);
    if needs_support(scores, profile.leaning.map(|l| (l.anxiety, l.avoidance))) {
        put_support_first(evidence.catalog, found, support_reasons(evidence));
    }
}

/// The score from which both attachment dimensions together count as a strong fearful
/// pattern: the start of the "high" band.
const FEARFUL_HIGH: f64 = 60.0;

/// Very high scores, or a strong fearful pattern (anxiety and avoidance both high), always
/// call for professional support.
pub fn needs_support(
    mut scores: impl Iterator<Item = f64>,
    anxiety_avoidance: Option<(f64, f64)>,
) -> bool {
    anxiety_avoidance.is_some_and(|(x, v)| is_fearful(x, v)) || scores.any(|s| s >= EXTREME)
}

fn is_fearful(anxiety: f64, avoidance: f64) -> bool {
    anxiety >= FEARFUL_HIGH && avoidance >= FEARFUL_HIGH
}

/// Why professional support is called for: each very high score, and a strong fearful
/// pattern.
struct SupportReasons {
    very_high: Vec<String>,
    fearful: Option<String>,
}

fn support_reasons(evidence: &Evidence) -> SupportReasons {
    let profile = evidence.profile;
    let very_high: Vec<String> = evidence
        .scorer
        .dimensions()
        .iter()
        .zip(&profile.dimensions)
        .filter_map(|(d, s)| {
            let score = s.score.filter(|v| *v >= EXTREME)?;
            Some(format!("your {} score is {score:.0}, very high", d.title))
        })
        .collect();
    let fearful = profile
        .leaning
        .filter(|l| is_fearful(l.anxiety, l.avoidance))
        .map(|l| {
            format!(
                "your attachment anxiety ({:.0}) and avoidance ({:.0}) are both high: a pull toward closeness and away from it at once",
                l.anxiety, l.avoidance
            )
        });
    SupportReasons { very_high, fearful }
}

/// Moves the support strategies to the front, adding any whose own conditions missed, with
/// the reasons that call for them.
fn put_support_first<'a>(
    catalog: &'a Catalog,
    found: &mut Vec<Recommendation<'a>>,
    reasons: SupportReasons,
) {
    for strategy in catalog.strategies.iter().filter(|s| is_urgent(s)).rev() {
        // A strategy whose own conditions held already says which scores are very high.
        let (mut entry, mut why) = match found.iter().position(|r| r.strategy.id == strategy.id) {
            Some(at) => (found.remove(at), Vec::new()),
            None => {
                let entry = Recommendation {
                    strategy,
                    strength: strategy.weight,
                    why: Vec::new(),
                };
                (entry, reasons.very_high.clone())
            }
        };
        why.extend(reasons.fearful.clone());
        entry.why.extend(why);
        found.insert(0, entry);
    }
}

/// A strategy that answers very high scores: professional support.
pub fn is_urgent(strategy: &Strategy) -> bool {
    strategy.when.iter().any(is_very_high_score)
}

/// The advice for answers too unreliable to personalise: the strategies marked `general`,
/// after professional support when the scores call for it, since very high scores always
/// point to it, whatever else is uncertain.
pub fn recommend_general<'a>(
    catalog: &'a Catalog,
    scorer: &Scorer,
    profile: &Profile,
    limit: usize,
) -> Vec<Recommendation<'a>> {
    let answers = Answers::new();
    let evidence = Evidence {
        catalog,
        scorer,
        profile,
        answers: &answers,
    };
    let mut found: Vec<Recommendation<'a>> = catalog
        .strategies
        .iter()
        .filter(|s| s.general)
        .map(|strategy| Recommendation {
            strategy,
            strength: strategy.weight,
            why: vec![GENERAL_WHY.to_string()],
        })
        .collect();
    support_first_if_needed(&evidence, &mut found);
    found.truncate(limit);
    found
}

/// Why a general strategy is offered.
pub const GENERAL_WHY: &str =
    "it helps whatever your scores, and your answers could not be read reliably enough to choose more personal advice";

fn is_very_high_score(condition: &Condition) -> bool {
    matches!(&condition.subject, Subject::Score(name) if name != BALANCE)
        && condition.at_least.is_some_and(|t| t >= EXTREME)
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
