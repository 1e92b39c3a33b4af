//! The practice loop: one practice chosen to try before the next check-in, whether the last
//! one was tried, and a note on anything that might explain a change. Pure: choosing at the
//! terminal is in [`ask`], reading the loop back over time in [`timeline`].

pub mod ask;
pub mod timeline;

use serde::{Deserialize, Serialize};

use crate::result::{RecommendationResult, ResultDoc};
use crate::scoring::named_enum;
use crate::strategy::Strategy;

/// The longest note kept, in characters: a line, not a diary.
pub const MAX_NOTE_CHARS: usize = 280;
/// The longest practice text a result may hold; the built-in ones are far shorter.
pub const MAX_PRACTICE_CHARS: usize = 1000;

/// A practice chosen to try before the next check-in: the strategy it belongs to and its
/// text as it was shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ChosenPractice {
    pub strategy: String,
    pub text: String,
}

named_enum! {
    /// Whether the practice chosen last time was tried.
    Tried {
        Yes => "yes",
        Partly => "partly",
        No => "no",
    }
}

impl Tried {
    /// The answer as the question offers it.
    pub fn words(self) -> &'static str {
        match self {
            Tried::Yes => "yes",
            Tried::Partly => "partly",
            Tried::No => "not yet",
        }
    }

    /// Tried at least in part: the weeks that count as practised.
    pub fn practised(self) -> bool {
        matches!(self, Tried::Yes | Tried::Partly)
    }
}

/// The practice chosen at the result before, and whether it was tried (null: not said).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct PreviousPractice {
    pub strategy: String,
    pub text: String,
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    pub tried: Option<Tried>,
}

impl PreviousPractice {
    /// Whether this is the report on `chosen`.
    pub fn is_about(&self, chosen: &ChosenPractice) -> bool {
        self.strategy == chosen.strategy && self.text == chosen.text
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PracticeError {
    #[error("--practice {given}: no strategy `{strategy}`\n  help: `balance strategies` lists them with their ids")]
    UnknownStrategy { given: String, strategy: String },
    #[error("--practice {given}: `{strategy}` has {count} practices, numbered from 1\n  help: `balance strategies` lists them in order")]
    NoSuchPractice {
        given: String,
        strategy: String,
        count: usize,
    },
    #[error("--practice {0}: expected STRATEGY_ID:N, a strategy's id and the number of one of its practices (from 1)\n  help: `balance strategies` lists them in order")]
    Malformed(String),
    #[error("the note has {0} characters; a note holds at most {MAX_NOTE_CHARS}\n  help: keep it to a line about what might explain a change")]
    NoteTooLong(usize),
}

/// `STRATEGY_ID:N` from the command line, checked against the strategies: the practice's
/// text is the strategy's N-th practice, in the order `balance strategies` lists them.
pub fn resolve(given: &str, strategies: &[Strategy]) -> Result<ChosenPractice, PracticeError> {
    let malformed = || PracticeError::Malformed(given.to_string());
    let (id, number) = given.rsplit_once(':').ok_or_else(malformed)?;
    let number = number.trim();
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    let number: usize = number.parse().map_err(|_| malformed())?;
    let strategy = strategies
        .iter()
        .find(|s| s.id == id.trim())
        .ok_or_else(|| PracticeError::UnknownStrategy {
            given: given.to_string(),
            strategy: id.to_string(),
        })?;
    let practice = number
        .checked_sub(1)
        .and_then(|i| strategy.practices.get(i))
        .ok_or_else(|| PracticeError::NoSuchPractice {
            given: given.to_string(),
            strategy: strategy.id.clone(),
            count: strategy.practices.len(),
        })?;
    Ok(ChosenPractice {
        strategy: strategy.id.clone(),
        text: practice.text.clone(),
    })
}

/// The report on the practice chosen at the last result, if one was chosen then.
pub fn previous(last: Option<&ResultDoc>, tried: Option<Tried>) -> Option<PreviousPractice> {
    let chosen = last?.practice.as_ref()?;
    Some(PreviousPractice {
        strategy: chosen.strategy.clone(),
        text: chosen.text.clone(),
        tried,
    })
}

/// A note as kept: one line with its spaces collapsed; nothing when it is empty.
pub fn note(text: &str) -> Result<Option<String>, PracticeError> {
    let line = crate::text::one_line(text);
    let chars = line.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(PracticeError::NoteTooLong(chars));
    }
    Ok((!line.is_empty()).then_some(line))
}

/// The practices a person may choose from: those the report showed (the first
/// `per_strategy` of each strategy shown), in its order, each once; and which to offer
/// first: the first practice of `suggested` (the strategy the report suggests), else the
/// first one.
pub fn offered(
    shown: &[&RecommendationResult],
    per_strategy: usize,
    suggested: Option<&str>,
) -> (Vec<ChosenPractice>, usize) {
    let mut choices: Vec<ChosenPractice> = Vec::new();
    for r in shown {
        for text in r.practices.iter().take(per_strategy) {
            if !choices.iter().any(|c| &c.text == text) {
                choices.push(ChosenPractice {
                    strategy: r.id.clone(),
                    text: text.clone(),
                });
            }
        }
    }
    let default = suggested
        .and_then(|id| choices.iter().position(|c| c.strategy == id))
        .unwrap_or(0);
    (choices, default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::Practice;

    fn strategy(id: &str, practices: &[&str]) -> Strategy {
        let catalog = crate::catalog::Catalog::builtin().unwrap();
        let mut s = catalog.strategies[0].clone();
        s.id = id.to_string();
        s.practices = practices
            .iter()
            .map(|t| Practice {
                text: t.to_string(),
                toward: None,
            })
            .collect();
        s
    }

    #[test]
    fn a_practice_is_named_by_its_strategy_and_number_from_one() {
        let strategies = [strategy("talk", &["Say one need.", "Ask one question."])];
        let chosen = resolve("talk:2", &strategies).unwrap();
        assert_eq!(chosen.strategy, "talk");
        assert_eq!(chosen.text, "Ask one question.");
        assert!(matches!(
            resolve("talk:0", &strategies),
            Err(PracticeError::NoSuchPractice { count: 2, .. })
        ));
        assert!(matches!(
            resolve("talk:3", &strategies),
            Err(PracticeError::NoSuchPractice { .. })
        ));
        assert!(matches!(
            resolve("walk:1", &strategies),
            Err(PracticeError::UnknownStrategy { .. })
        ));
        for malformed in ["talk", "talk:x", "talk:-1", "talk:+2", "talk:", ""] {
            assert!(
                matches!(
                    resolve(malformed, &strategies),
                    Err(PracticeError::Malformed(_))
                ),
                "{malformed}"
            );
        }
    }

    #[test]
    fn a_note_is_one_line_and_empty_is_none() {
        assert_eq!(note("  \n\t ").unwrap(), None);
        assert_eq!(
            note(" a hard\nweek\t at work ").unwrap().as_deref(),
            Some("a hard week at work")
        );
        let long = "x".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            note(&long),
            Err(PracticeError::NoteTooLong(MAX_NOTE_CHARS + 1))
        );
        assert!(note(&"é".repeat(MAX_NOTE_CHARS)).unwrap().is_some());
    }

    fn recommendation(id: &str, practices: &[&str]) -> RecommendationResult {
        RecommendationResult {
            id: id.to_string(),
            title: id.to_string(),
            why: vec![],
            practices: practices.iter().map(|p| p.to_string()).collect(),
            sources: vec![],
        }
    }

    #[test]
    fn the_suggested_strategy_s_first_practice_is_offered_first() {
        let support = recommendation("support", &["See a counsellor."]);
        let talk = recommendation("talk", &["Say one need.", "See a counsellor.", "Listen."]);
        let shown = [&support, &talk];
        let (choices, default) = offered(&shown, 2, Some("talk"));
        let texts: Vec<&str> = choices.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            ["See a counsellor.", "Say one need."],
            "shown, each once"
        );
        assert_eq!(choices[default].text, "Say one need.");
        assert_eq!(offered(&shown, 2, None).1, 0);
        assert_eq!(offered(&shown, 2, Some("gone")).1, 0);
        assert_eq!(offered(&shown, 3, None).0.len(), 3);
    }

    #[test]
    fn the_previous_practice_comes_from_the_last_result_only() {
        let catalog = crate::catalog::Catalog::builtin().unwrap();
        let taken: Vec<_> = catalog.questionnaires.iter().collect();
        let asked = crate::result::Asked::default();
        let form = crate::questionnaire::Form::Short;
        let stamp = crate::result::Stamp::fixed();
        let mut last = ResultDoc::assess(&catalog, &taken, form, &asked, 5, stamp);
        assert_eq!(previous(Some(&last), Some(Tried::Yes)), None);
        assert_eq!(previous(None, Some(Tried::Yes)), None);
        last.practice = Some(ChosenPractice {
            strategy: "talk".into(),
            text: "Say one need.".into(),
        });
        let reported = previous(Some(&last), Some(Tried::Partly)).unwrap();
        assert_eq!(reported.tried, Some(Tried::Partly));
        assert!(reported.is_about(last.practice.as_ref().unwrap()));
    }
}
