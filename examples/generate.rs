//! Synthetic answers for benchmarking `balance score`: N respondents answering every built-in
//! item, drawn from a latent-trait model so that scale statistics come out realistic.
//!
//! Usage: cargo run --release --example generate -- ROWS [SEED] [SKIP_RATE] [ITEMS] > answers.csv
//!
//! ITEMS keeps the first that many items in catalog order (all of them by default): the
//! speed goal of batch scoring is stated for 50 items, which the catalog had then.

use std::io::{self, BufWriter, Write};

use balance::catalog::Catalog;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;

/// How strongly an item reflects its dimension's latent trait (the rest is noise).
const LOADING: f64 = 0.75;
/// Spread of answers around the scale midpoint, in scale points per unit of latent trait.
const SPREAD: f64 = 1.4;

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let rows: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let seed: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(42);
    let skip_rate: f64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(0.02);
    let most_items: usize = args
        .get(4)
        .and_then(|a| a.parse().ok())
        .unwrap_or(usize::MAX);
    let catalog = Catalog::builtin().expect("the built-in questionnaires load");
    let items: Vec<_> = catalog
        .questionnaires
        .iter()
        .flat_map(|q| q.items.iter().map(move |i| (q, i)))
        .take(most_items)
        .collect();
    let dimensions: Vec<&str> = catalog
        .questionnaires
        .iter()
        .flat_map(|q| q.dimensions.iter().map(|d| d.id.as_str()))
        .collect();
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let header: Vec<&str> = items.iter().map(|(_, i)| i.id.as_str()).collect();
    writeln!(out, "respondent,{}", header.join(","))?;
    let mut traits = vec![0.0; dimensions.len()];
    let mut line = Vec::with_capacity(256);
    for row in 1..=rows {
        // Closeness and distance pull against each other a little.
        let closeness: f64 = rng.sample(StandardNormal);
        let own: f64 = rng.sample(StandardNormal);
        let distance = -0.3 * closeness + 0.954 * own;
        for (t, id) in traits.iter_mut().zip(&dimensions) {
            let pole = if matches!(*id, "clinginess" | "anxiety") {
                closeness
            } else {
                distance
            };
            let noise: f64 = rng.sample(StandardNormal);
            *t = 0.8 * pole + 0.6 * noise;
        }
        line.clear();
        write!(line, "r{row}")?;
        for (q, item) in &items {
            line.push(b',');
            if rng.random::<f64>() < skip_rate {
                continue;
            }
            let d = dimensions
                .iter()
                .position(|d| *d == item.dimension)
                .unwrap_or(0);
            let noise: f64 = rng.sample(StandardNormal);
            let latent = LOADING * traits[d] + (1.0 - LOADING * LOADING).sqrt() * noise;
            let mid = (q.scale.min + q.scale.max) as f64 / 2.0;
            let mut answer = (mid + SPREAD * latent)
                .round()
                .clamp(q.scale.min as f64, q.scale.max as f64) as i64;
            if item.reverse {
                answer = q.scale.min + q.scale.max - answer;
            }
            write!(line, "{answer}")?;
        }
        line.push(b'\n');
        out.write_all(&line)?;
    }
    out.flush()
}
