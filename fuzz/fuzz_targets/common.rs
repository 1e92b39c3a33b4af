//! What every target shares: the built-in catalog, loaded once, and the steps that follow a
//! successful parse in `balance` itself (scoring, recommending, rendering the report), so that
//! a parse that accepts something odd is followed to where it would hurt.
#![allow(dead_code)]

use std::sync::OnceLock;

use balance::catalog::Catalog;
use balance::output::Look;
use balance::questionnaire::{Form, Questionnaire};
use balance::report::render;
use balance::result::{Asked, ResultDoc, Stamp};
use balance::scoring::{Answers, Scorer};

pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().expect("the built-ins load"))
}

/// The scorer `balance score` uses: every questionnaire, full form.
pub fn scorer() -> &'static Scorer {
    static SCORER: OnceLock<Scorer> = OnceLock::new();
    SCORER.get_or_init(|| Scorer::new(&catalog().questionnaires, Form::Full))
}

const LOOKS: [Look; 2] = [
    Look::PLAIN,
    Look {
        color: true,
        unicode: true,
        width: Some(60),
    },
];

/// Renders the report of a result as `balance report` does, plain and fancy.
pub fn report(doc: &ResultDoc) {
    for look in LOOKS {
        let mut out = Vec::new();
        render(&mut out, doc, look).expect("rendering into memory");
    }
}

/// Scores, recommends and renders answers to every questionnaire of `catalog`.
pub fn assess(catalog: &Catalog, form: Form, answers: &Answers) {
    let taken: Vec<&Questionnaire> = catalog.questionnaires.iter().collect();
    let doc = ResultDoc::assess(catalog, &taken, form, &Asked::answers(answers.clone()), 5, Stamp::fixed());
    report(&doc);
}

/// Whole answer sheets at the ends and the middle of each scale, and one alternating.
pub fn sheets(catalog: &Catalog, form: Form) -> Vec<Answers> {
    let mut sheets = vec![Answers::new(); 4];
    for q in &catalog.questionnaires {
        let (min, max) = (q.scale.min, q.scale.max);
        for (n, item) in q.items_in(form).enumerate() {
            let mid = min + (max - min) / 2;
            let values = [min, max, mid, if n % 2 == 0 { min } else { max }];
            for (sheet, value) in sheets.iter_mut().zip(values) {
                sheet.insert(item.id.clone(), value);
            }
        }
    }
    sheets
}
