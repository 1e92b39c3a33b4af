//! Asking the statements one by one: the session logic, independent of how a prompt is drawn.

pub mod interrupt;
pub mod progress;
pub mod terminal;

use std::io;

use crate::catalog::Catalog;
use crate::questionnaire::{Form, Item, Questionnaire};

pub use progress::Progress;

/// What a person did at one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    Answer(i64),
    Skip,
    Back,
    Interrupt,
}

/// One statement to ask, with where it stands in the quiz.
pub struct Question<'a> {
    /// 1-based.
    pub number: usize,
    pub total: usize,
    pub questionnaire: &'a Questionnaire,
    pub item: &'a Item,
    /// The answer given before, when the person came back to this statement.
    pub previous: Option<i64>,
}

/// Draws a statement and returns the person's reply; injected so sessions can be tested.
pub trait Prompter {
    fn ask(&mut self, question: &Question) -> io::Result<Reply>;
    /// How long the last answer took, in seconds, where the prompter can tell.
    fn seconds(&self) -> Option<f64> {
        None
    }
    /// Clears whatever the prompter left on the screen.
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Finished,
    Interrupted,
}

/// Asks every remaining statement of `progress`, recording replies as they come. `changed`
/// sees the progress after every reply, so that an interruption can save it.
pub fn ask_all(
    prompter: &mut dyn Prompter,
    catalog: &Catalog,
    progress: &mut Progress,
    changed: &mut dyn FnMut(&Progress),
) -> io::Result<Outcome> {
    let total = progress.items.len();
    while progress.position < total {
        let id = &progress.items[progress.position];
        let Some((questionnaire, item)) = catalog.item(id) else {
            // Resumed progress may name an item a questionnaire file no longer has.
            progress.position += 1;
            continue;
        };
        let question = Question {
            number: progress.position + 1,
            total,
            questionnaire,
            item,
            previous: progress.answers.get(id).copied(),
        };
        match prompter.ask(&question)? {
            Reply::Answer(answer) => {
                progress.answers.insert(id.clone(), answer);
                progress.seconds.extend(prompter.seconds());
                progress.position += 1;
            }
            Reply::Skip => {
                progress.answers.remove(id);
                progress.position += 1;
            }
            Reply::Back => progress.position = progress.position.saturating_sub(1),
            Reply::Interrupt => return Ok(Outcome::Interrupted),
        }
        changed(progress);
    }
    prompter.finish()?;
    Ok(Outcome::Finished)
}

/// The introduction shown before the first statement: what to think of, and over what time.
pub fn intro(form: Form, statements: usize) -> String {
    let minutes = (statements * 8).div_ceil(60).max(1);
    let when = match form {
        Form::Full => "how you usually are",
        Form::Short => "the past two weeks",
    };
    format!(
        "balance asks how you handle closeness and independence in a relationship.\n\
Think of your current relationship, or your most recent one; if you are single, think of how you usually are in relationships. Answer for {when}.\n\
{statements} statements, about {minutes} minute{}. Answer how true each is for you; there are no right answers.\n\
This is a tool for self-reflection, not a diagnosis. Your answers stay on this computer.\n",
        if minutes == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replies from a script, recording the questions it was asked.
    struct Scripted {
        replies: std::vec::IntoIter<Reply>,
        asked: Vec<(String, Option<i64>)>,
    }

    impl Prompter for Scripted {
        fn ask(&mut self, question: &Question) -> io::Result<Reply> {
            self.asked
                .push((question.item.id.clone(), question.previous));
            Ok(self.replies.next().unwrap_or(Reply::Interrupt))
        }
    }

    fn session(replies: Vec<Reply>) -> (Scripted, Progress, Outcome) {
        let catalog = Catalog::builtin().unwrap();
        let items: Vec<String> = ["cl01", "cl02", "cl03"].map(String::from).to_vec();
        let mut progress = Progress::new(
            crate::questionnaire::Form::Full,
            vec!["clinginess".into()],
            items,
        );
        let mut prompter = Scripted {
            replies: replies.into_iter(),
            asked: Vec::new(),
        };
        let mut changes = 0;
        let outcome = ask_all(&mut prompter, &catalog, &mut progress, &mut |_| {
            changes += 1
        })
        .unwrap();
        assert!(changes > 0);
        (prompter, progress, outcome)
    }

    #[test]
    fn back_shows_the_earlier_answer_and_skip_leaves_it_out() {
        use Reply::*;
        let (prompter, progress, outcome) =
            session(vec![Answer(5), Back, Answer(6), Skip, Answer(2)]);
        assert_eq!(outcome, Outcome::Finished);
        let asked: Vec<(&str, Option<i64>)> = prompter
            .asked
            .iter()
            .map(|(i, p)| (i.as_str(), *p))
            .collect();
        assert_eq!(
            asked,
            [
                ("cl01", None),
                ("cl02", None),
                ("cl01", Some(5)),
                ("cl02", None),
                ("cl03", None)
            ]
        );
        let answers: Vec<(&str, i64)> = progress
            .answers
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        assert_eq!(answers, [("cl01", 6), ("cl03", 2)]);
    }

    #[test]
    fn an_interruption_keeps_the_place() {
        let (_, progress, outcome) = session(vec![Reply::Answer(3), Reply::Interrupt]);
        assert_eq!(outcome, Outcome::Interrupted);
        assert_eq!(progress.position, 1);
        assert_eq!(progress.answers.get("cl01"), Some(&3));
    }

    #[test]
    fn back_at_the_first_statement_stays_there() {
        let (prompter, _, _) = session(vec![Reply::Back, Reply::Interrupt]);
        assert_eq!(prompter.asked[1].0, "cl01");
    }
}
