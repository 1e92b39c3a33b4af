//! The rules the shipped questionnaires and strategy library must follow.

use std::collections::HashSet;

use balance::catalog::Catalog;
use balance::questionnaire::Form;
use balance::result::{Asked, ResultDoc, Stamp};
use balance::scoring::Answers;

/// The titles to cite, as the seeds README lists them.
const TITLES: [&str; 5] = [
    "Embrace Independence: Strategies to Overcome Clinginess and Nurture Healthy Relationships",
    "Cultivating Independence Without Compromising Closeness",
    "Balancing Independence and Togetherness in Relationships",
    "Psychology Explains How to Balance Independence in Relationships",
    "How to Foster Emotional Independence Without Losing Connection or Mutual Support in Relationships",
];
const SEED_FILES: [&str; 5] = [
    "000_aa4235f20fc6084a.txt",
    "001_98039ee73189089d.txt",
    "002_55a581edc1d885d2.txt",
    "003_d8bbe08bfbe009c9.txt",
    "004_4e9dd87d1b126f36.txt",
];

fn catalog() -> Catalog {
    Catalog::builtin().expect("the built-ins load")
}

fn items_of<'c>(catalog: &'c Catalog, dimension: &str) -> Vec<&'c balance::questionnaire::Item> {
    catalog
        .questionnaires
        .iter()
        .flat_map(|q| q.items.iter())
        .filter(|i| i.dimension == dimension)
        .collect()
}

const DIMENSIONS: [&str; 4] = ["clinginess", "hyper_independence", "anxiety", "avoidance"];

#[test]
fn each_dimension_has_at_least_twelve_items() {
    let catalog = catalog();
    for dimension in DIMENSIONS {
        let count = items_of(&catalog, dimension).len();
        assert!(count >= 12, "{dimension} has {count} items, fewer than 12");
    }
    let attachment = catalog.questionnaire("attachment").unwrap();
    let dims: Vec<&str> = attachment
        .dimensions
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(dims, ["anxiety", "avoidance"]);
}

#[test]
fn forty_to_fifty_percent_of_each_dimension_is_reverse_keyed() {
    let catalog = catalog();
    for q in &catalog.questionnaires {
        for d in &q.dimensions {
            let items = items_of(&catalog, &d.id);
            let reversed = items.iter().filter(|i| i.reverse).count();
            assert!(
                reversed * 5 >= items.len() * 2 && reversed * 2 <= items.len(),
                "{}: {reversed} of {} reverse-keyed",
                d.id,
                items.len()
            );
        }
    }
}

#[test]
fn short_form_has_four_per_dimension_two_of_them_reverse_keyed() {
    let catalog = catalog();
    let mut total = 0;
    for dimension in DIMENSIONS {
        let items = items_of(&catalog, dimension);
        let short: Vec<_> = items.iter().filter(|i| i.short).collect();
        let reversed = short.iter().filter(|i| i.reverse).count();
        assert_eq!(
            short.len(),
            4,
            "{dimension}: {} short-form items",
            short.len()
        );
        assert_eq!(
            reversed, 2,
            "{dimension}: {reversed} reverse-keyed in the short form"
        );
        total += short.len();
    }
    let all: usize = catalog
        .questionnaires
        .iter()
        .map(|q| q.items_in(Form::Short).count())
        .sum();
    assert_eq!((total, all), (16, 16));
}

#[test]
fn each_dimension_has_three_opposite_pairs_and_one_in_the_short_form() {
    let catalog = catalog();
    let pairs: Vec<_> = catalog
        .questionnaires
        .iter()
        .flat_map(|q| q.opposite_pairs())
        .collect();
    for (agree, reverse) in &pairs {
        assert!(
            !agree.reverse && reverse.reverse,
            "{} {}",
            agree.id,
            reverse.id
        );
        assert_eq!(
            agree.dimension, reverse.dimension,
            "{} {}",
            agree.id, reverse.id
        );
    }
    for dimension in DIMENSIONS {
        let here: Vec<_> = pairs
            .iter()
            .filter(|(a, _)| a.dimension == dimension)
            .collect();
        assert!(here.len() >= 3, "{dimension}: {} pairs", here.len());
        assert!(
            here.iter().any(|(a, b)| a.short && b.short),
            "{dimension}: no pair in the short form"
        );
    }
}

#[test]
fn the_builtins_use_the_seven_point_agreement_scale() {
    for q in &catalog().questionnaires {
        assert_eq!((q.scale.min, q.scale.max), (1, 7), "{}", q.id);
        assert_eq!(q.scale.labels.first().unwrap(), "Strongly disagree");
        assert_eq!(q.scale.labels.last().unwrap(), "Strongly agree");
    }
}

#[test]
fn item_ids_are_unique_and_dimensions_exist() {
    let catalog = catalog();
    let mut seen = HashSet::new();
    for q in &catalog.questionnaires {
        for item in &q.items {
            assert!(seen.insert(&item.id), "duplicate item {}", item.id);
            assert!(
                q.dimensions.iter().any(|d| d.id == item.dimension),
                "{} names {}",
                item.id,
                item.dimension
            );
        }
    }
}

#[test]
fn every_strategy_cites_a_known_article_and_a_section() {
    for s in &catalog().strategies {
        assert!(!s.sources.is_empty(), "{} cites nothing", s.id);
        for source in &s.sources {
            assert!(
                TITLES.contains(&source.title.as_str()),
                "{}: unknown title {:?}",
                s.id,
                source.title
            );
            assert!(!source.section.trim().is_empty(), "{}: empty section", s.id);
        }
    }
}

/// Where the seed articles sit beside the repository, the cited headings must be in them.
#[test]
fn cited_sections_appear_in_the_articles() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: the seed articles are not at {}", seeds.display());
        return;
    }
    let articles: Vec<String> = SEED_FILES
        .iter()
        .map(|f| std::fs::read_to_string(seeds.join(f)).expect("seed article"))
        .collect();
    for s in &catalog().strategies {
        for source in &s.sources {
            let index = TITLES.iter().position(|t| *t == source.title).unwrap();
            assert!(
                articles[index].contains(&source.section),
                "{}: section {:?} is not in {}",
                s.id,
                source.section,
                SEED_FILES[index]
            );
        }
    }
}

#[test]
fn strategies_have_a_two_sentence_summary_and_two_to_four_practices() {
    for s in &catalog().strategies {
        let sentences = s.summary.matches(". ").count() + usize::from(s.summary.ends_with('.'));
        assert_eq!(sentences, 2, "{}: {:?}", s.id, s.summary);
        assert!((2..=4).contains(&s.practices.len()), "{}", s.id);
    }
}

#[test]
fn two_to_four_strategies_are_general_but_not_professional_support() {
    let catalog = catalog();
    let general = catalog.strategies.iter().filter(|s| s.general).count();
    assert!((2..=4).contains(&general), "{general} general strategies");
    let professional = catalog
        .strategies
        .iter()
        .find(|s| s.id == "professional-support")
        .expect("professional-support");
    assert!(!professional.general);
}

/// The call for professional support starts where the "very high" band does.
#[test]
fn professional_support_is_called_for_from_eighty() {
    let catalog = catalog();
    let professional = catalog
        .strategies
        .iter()
        .find(|s| s.id == "professional-support")
        .expect("professional-support");
    for condition in &professional.when {
        assert_eq!(condition.at_least, Some(80.0), "{condition:?}");
    }
}

#[test]
fn every_article_is_cited() {
    let cited: HashSet<String> = catalog()
        .strategies
        .iter()
        .flat_map(|s| s.sources.iter().map(|x| x.title.clone()))
        .collect();
    for title in TITLES {
        assert!(cited.contains(title), "{title} is never cited");
    }
}

/// Answers that put every dimension at one end: `high` agrees with each sign.
fn answers_all(catalog: &Catalog, dimension_high: &[&str]) -> Answers {
    catalog
        .questionnaires
        .iter()
        .flat_map(|q| q.items.iter())
        .map(|i| {
            let high = dimension_high.contains(&i.dimension.as_str());
            let agree = high != i.reverse;
            (i.id.clone(), if agree { 7 } else { 1 })
        })
        .collect()
}

fn recommended(catalog: &Catalog, answers: &Answers) -> Vec<String> {
    let taken: Vec<_> = catalog.questionnaires.iter().collect();
    ResultDoc::assess(
        catalog,
        &taken,
        Form::Full,
        &Asked::answers(answers.clone()),
        5,
        Stamp::fixed(),
    )
    .recommendations
    .into_iter()
    .map(|r| r.id)
    .collect()
}

#[test]
fn an_extreme_score_puts_professional_support_first() {
    let catalog = catalog();
    for dimension in ["clinginess", "hyper_independence", "anxiety", "avoidance"] {
        let ids = recommended(&catalog, &answers_all(&catalog, &[dimension]));
        assert_eq!(
            ids.first().map(String::as_str),
            Some("professional-support"),
            "{dimension}: {ids:?}"
        );
    }
    let calm = recommended(&catalog, &answers_all(&catalog, &[]));
    assert!(
        !calm.contains(&"professional-support".to_string()),
        "{calm:?}"
    );
}

#[test]
fn every_profile_gets_at_least_three_strategies() {
    let catalog = catalog();
    let dims = ["clinginess", "hyper_independence", "anxiety", "avoidance"];
    for mask in 0..16u32 {
        let high: Vec<&str> = dims
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, d)| *d)
            .collect();
        let ids = recommended(&catalog, &answers_all(&catalog, &high));
        assert!(ids.len() >= 3, "{high:?}: {ids:?}");
    }
}

/// The same answer to every statement cannot be read as a view of oneself: it gets the
/// general strategies (and professional support only where a score is very high), never
/// advice chosen for a profile it does not show.
#[test]
fn uniform_answers_get_only_general_strategies() {
    let catalog = catalog();
    let general: Vec<&str> = catalog
        .strategies
        .iter()
        .filter(|s| s.general)
        .map(|s| s.id.as_str())
        .collect();
    assert!(general.len() >= 2, "mark two or more strategies `general`");
    for answer in 1..=7 {
        let uniform: Answers = catalog
            .questionnaires
            .iter()
            .flat_map(|q| q.items.iter())
            .map(|i| (i.id.clone(), answer))
            .collect();
        let ids = recommended(&catalog, &uniform);
        assert!(ids.len() >= 2, "all {answer}: {ids:?}");
        assert!(
            ids.iter().all(|id| general.contains(&id.as_str())),
            "all {answer}: {ids:?}"
        );
    }
}
