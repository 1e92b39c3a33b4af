//! The simulation that chose the response-quality thresholds (`src/quality.rs`): how many
//! attentive and careless respondents each check flags, on the built-in questionnaires, in
//! the full form and the short check-in. A MODEL, not data from real people.
//!
//! Usage: cargo run --release --example simulate -- [RESPONDENTS_PER_GROUP] [SEED]
//! (`benches/quality.sh` runs it.)
//!
//! Attentive respondents follow a latent-trait model: each has a trait level per dimension
//! (standard normal; clinginess correlates 0.5 with attachment anxiety and
//! hyper-independence 0.5 with avoidance, through shared closeness and distance factors).
//! An answer is `4 + LOADING × trait (sign flipped for reverse-keyed items) + the item's own
//! offset (uniform ±0.5, fixed per item) + noise (normal, SD 0.9)`, then a mild response
//! style: a personal lean to agreeing (normal, SD 0.25 points) and a personal tendency to the
//! ends or the middle (the distance from 4 scaled by a normal factor, mean 1, SD 0.15); then
//! rounded and kept within 1-7. Statements are asked in a random order, as the quiz does.
//!
//! Careless respondents: uniform random answers; the same answer throughout (each of 1-7);
//! alternating extremes (1, 7, 1, 7, ... in the order asked); and attentive respondents with
//! a strong lean to agreeing (+1.5 to +2.5 points on every raw answer).

use balance::catalog::Catalog;
use balance::quality::{self, FlagKind};
use balance::questionnaire::Form;
use balance::scoring::Scorer;
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;

const LOADING: f64 = 1.3;
const NOISE: f64 = 0.9;
const ACQUIESCENCE_SD: f64 = 0.25;
const EXTREMITY_SD: f64 = 0.15;

#[derive(Clone, Copy)]
enum Group {
    Attentive,
    Random,
    Constant(i64),
    Alternating,
    YesSaying,
}

impl Group {
    fn name(self) -> String {
        match self {
            Group::Attentive => "attentive".to_string(),
            Group::Random => "uniform random".to_string(),
            Group::Constant(c) => format!("all {c}"),
            Group::Alternating => "alternating 1/7".to_string(),
            Group::YesSaying => "attentive + yes-saying".to_string(),
        }
    }
}

/// One simulated person's answers in item order, and the order they were asked in.
struct Sheet {
    answers: Vec<Option<i64>>,
    order: Vec<usize>,
}

struct Model<'s> {
    scorer: &'s Scorer,
    /// Each item's own offset from the trait's prediction.
    offsets: Vec<f64>,
    /// The index of each dimension's trait: 0 clinginess, 1 hyper-independence, 2 anxiety,
    /// 3 avoidance (others: an independent trait).
    traits: Vec<usize>,
}

impl<'s> Model<'s> {
    fn new(scorer: &'s Scorer, rng: &mut SmallRng) -> Self {
        let offsets = scorer
            .items()
            .iter()
            .map(|_| rng.random_range(-0.5..0.5))
            .collect();
        let traits = scorer
            .dimensions()
            .iter()
            .map(|d| match d.id.as_str() {
                "clinginess" => 0,
                "hyper_independence" => 1,
                "anxiety" => 2,
                "avoidance" => 3,
                _ => 4,
            })
            .collect();
        Model {
            scorer,
            offsets,
            traits,
        }
    }

    fn normal(rng: &mut SmallRng) -> f64 {
        rng.sample::<f64, _>(StandardNormal)
    }

    fn person(&self, group: Group, rng: &mut SmallRng) -> Sheet {
        let n = self.scorer.items().len();
        let mut order: Vec<usize> = (0..n).collect();
        order.shuffle(rng);
        let answers = match group {
            Group::Attentive => self.attentive(0.0, rng),
            Group::YesSaying => {
                let lean = rng.random_range(1.5..2.5);
                self.attentive(lean, rng)
            }
            Group::Random => (0..n).map(|_| Some(rng.random_range(1..=7))).collect(),
            Group::Constant(c) => vec![Some(c); n],
            Group::Alternating => {
                let mut answers = vec![None; n];
                for (k, &position) in order.iter().enumerate() {
                    answers[position] = Some(if k % 2 == 0 { 1 } else { 7 });
                }
                answers
            }
        };
        Sheet { answers, order }
    }

    fn attentive(&self, extra_lean: f64, rng: &mut SmallRng) -> Vec<Option<i64>> {
        let closeness = Self::normal(rng);
        let distance = Self::normal(rng);
        let half = 0.5f64.sqrt();
        let traits = [
            half * closeness + half * Self::normal(rng),
            half * distance + half * Self::normal(rng),
            half * closeness + half * Self::normal(rng),
            half * distance + half * Self::normal(rng),
            Self::normal(rng),
        ];
        let lean = ACQUIESCENCE_SD * Self::normal(rng) + extra_lean;
        let extremity = 1.0 + EXTREMITY_SD * Self::normal(rng);
        self.scorer
            .items()
            .iter()
            .zip(&self.offsets)
            .map(|(item, offset)| {
                let trait_level = traits[self.traits[item.dimension]];
                let keyed = if item.reverse { -1.0 } else { 1.0 };
                let raw = LOADING * keyed * trait_level + offset + NOISE * Self::normal(rng);
                let answer = 4.0 + extremity * raw + lean;
                Some((answer.round() as i64).clamp(1, 7))
            })
            .collect()
    }
}

/// Share flagged, and share by each kind.
#[derive(Default)]
struct Tally {
    people: u64,
    flagged: u64,
    kinds: [u64; 4],
}

impl Tally {
    fn add(&mut self, flags: &[FlagKind]) {
        self.people += 1;
        self.flagged += u64::from(!flags.is_empty());
        for kind in flags {
            let at = FlagKind::ALL.iter().position(|k| k == kind).unwrap_or(0);
            self.kinds[at] += 1;
        }
    }

    fn percent(&self, count: u64) -> f64 {
        100.0 * count as f64 / self.people.max(1) as f64
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let people: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let seed: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(7);
    let catalog = Catalog::builtin().expect("the built-in questionnaires load");
    let mut groups = vec![Group::Attentive, Group::Random];
    groups.extend((1..=7).map(Group::Constant));
    groups.extend([Group::Alternating, Group::YesSaying]);
    println!("Response-quality checks on simulated respondents ({people} per group, seed {seed}).");
    println!("A model, not data from real people: see examples/simulate.rs for its description.\n");
    for form in [Form::Full, Form::Short] {
        let scorer = Scorer::new(&catalog.questionnaires, form);
        let mut rng = SmallRng::seed_from_u64(seed);
        let model = Model::new(&scorer, &mut rng);
        println!(
            "{} form ({} statements, {} opposite pairs)",
            match form {
                Form::Full => "Full",
                Form::Short => "Short",
            },
            scorer.items().len(),
            scorer.pairs().len()
        );
        println!(
            "| group | flagged | inconsistent | acquiescence | straight_line |\n|---|---|---|---|---|"
        );
        for &group in &groups {
            let mut tally = Tally::default();
            for _ in 0..people {
                let sheet = model.person(group, &mut rng);
                let indices = quality::indices(&scorer, &sheet.answers, &sheet.order, None);
                tally.add(&indices.flags());
            }
            println!(
                "| {} | {:.1} % | {:.1} % | {:.1} % | {:.1} % |",
                group.name(),
                tally.percent(tally.flagged),
                tally.percent(tally.kinds[0]),
                tally.percent(tally.kinds[1]),
                tally.percent(tally.kinds[2]),
            );
        }
        println!();
    }
}
