//! The practice loop read back over time: what was chosen each time, whether it was tried,
//! the notes, and which scores changed reliably while a practice was tried. Says what
//! happened alongside a practice, never that the practice caused it.

use serde::Serialize;

use super::{ChosenPractice, Tried};
use crate::change::{Change, Direction};
use crate::result::ResultDoc;

/// One result in the loop: the practice chosen then, whether it was tried (as said at the
/// next result), and the note written then.
#[derive(Debug, Serialize)]
pub struct Entry<'a> {
    pub taken_at: jiff::Timestamp,
    pub id: &'a str,
    pub practice: Option<&'a ChosenPractice>,
    pub tried: Option<Tried>,
    pub note: Option<&'a str>,
    /// A later result exists, which could have said whether the practice was tried.
    #[serde(skip)]
    pub followed: bool,
}

impl Entry<'_> {
    /// Anything to show beside the date.
    pub fn is_empty(&self) -> bool {
        self.practice.is_none() && self.note.is_none()
    }

    /// Whether the practice was tried, in words; the next result may not have said.
    pub fn tried_words(&self) -> &'static str {
        match (self.tried, self.followed) {
            (Some(tried), _) => tried.words(),
            (None, true) => "not said",
            (None, false) => "not said yet",
        }
    }
}

/// Every result, oldest first, with its part of the loop.
pub fn timeline(results: &[ResultDoc]) -> Vec<Entry<'_>> {
    results
        .iter()
        .enumerate()
        .map(|(k, r)| Entry {
            taken_at: r.taken_at,
            id: &r.id,
            practice: r.practice.as_ref(),
            tried: r
                .practice
                .as_ref()
                .and_then(|chosen| tried_after(results.get(k + 1), chosen)),
            note: r.note.as_deref(),
            followed: k + 1 < results.len(),
        })
        .collect()
}

/// What the result after said about `chosen`.
fn tried_after(next: Option<&ResultDoc>, chosen: &ChosenPractice) -> Option<Tried> {
    next?
        .previous_practice
        .as_ref()
        .filter(|p| p.is_about(chosen))?
        .tried
}

/// A stretch of consecutive results over which one practice was tried (yes or partly), and
/// the scores that changed reliably from its first result to its last.
#[derive(Debug, Serialize)]
pub struct Practised<'a> {
    pub practice: &'a ChosenPractice,
    /// The result at which it was chosen: the scores before.
    pub from: jiff::Timestamp,
    /// The last result that said it was tried: the scores after.
    pub to: jiff::Timestamp,
    /// Why the scores at either end were not compared; null when they were.
    pub not_compared: Option<NotCompared>,
    pub reliable_changes: Vec<PractisedChange>,
}

crate::scoring::named_enum! {
    /// Why the scores at the two ends of a stretch cannot be compared.
    NotCompared {
        /// A full assessment and a check-in ask different statements.
        DifferentForms => "different forms",
        /// The answers at one end could not be read as a considered view.
        NotInterpretable => "not interpretable",
        /// A questionnaire was taken in another version at one end: its statements changed.
        DifferentVersions => "different versions",
    }
}

#[derive(Debug, Serialize)]
pub struct PractisedChange {
    pub dimension: String,
    pub title: String,
    pub from: f64,
    pub to: f64,
    pub direction: Direction,
}

/// Each stretch over which a practice was tried. Scores are compared only like with like
/// (the same form at both ends) and only between results whose answers can be read as a
/// considered view.
pub fn practised(results: &[ResultDoc]) -> Vec<Practised<'_>> {
    let mut stretches: Vec<(usize, usize, &ChosenPractice)> = Vec::new();
    for k in 0..results.len().saturating_sub(1) {
        let Some(chosen) = results[k].practice.as_ref() else {
            continue;
        };
        if !tried_after(results.get(k + 1), chosen).is_some_and(Tried::practised) {
            continue;
        }
        match stretches.last_mut() {
            // The same practice chosen again and tried again: one longer stretch.
            Some((_, end, practice)) if *end == k && *practice == chosen => *end = k + 1,
            _ => stretches.push((k, k + 1, chosen)),
        }
    }
    stretches
        .into_iter()
        .map(|(start, end, practice)| {
            let (before, after) = (&results[start], &results[end]);
            let not_compared = if before.form != after.form {
                Some(NotCompared::DifferentForms)
            } else if !before.interpretable() || !after.interpretable() {
                Some(NotCompared::NotInterpretable)
            } else if versions(before) != versions(after) {
                Some(NotCompared::DifferentVersions)
            } else {
                None
            };
            Practised {
                practice,
                from: before.taken_at,
                to: after.taken_at,
                not_compared,
                reliable_changes: match not_compared {
                    None => reliable_changes(before, after),
                    Some(_) => Vec::new(),
                },
            }
        })
        .collect()
}

/// Each questionnaire taken, with its version.
fn versions(result: &ResultDoc) -> Vec<(&str, &str)> {
    let mut taken: Vec<(&str, &str)> = result
        .questionnaires
        .iter()
        .map(|q| (q.id.as_str(), q.version.as_str()))
        .collect();
    taken.sort_unstable();
    taken
}

fn reliable_changes(before: &ResultDoc, after: &ResultDoc) -> Vec<PractisedChange> {
    after
        .dimensions
        .iter()
        .filter_map(|(id, now)| {
            let then = before.dimensions.get(id)?;
            let change = Change::between((then.score?, then.se), (now.score?, now.se));
            change.reliable.then(|| PractisedChange {
                dimension: id.clone(),
                title: now.title.clone(),
                from: then.score.unwrap_or_default(),
                to: now.score.unwrap_or_default(),
                direction: change.direction(),
            })
        })
        .collect()
}
