//! Scale statistics accumulated in one pass: Cronbach's alpha, standardized alpha, average
//! inter-item correlation, and per item the mean, SD, corrected item-total correlation and
//! alpha if dropped.
//!
//! Answers are whole numbers, so the sums and cross-products are kept exactly in integers and
//! the (co)variances come out of exact differences at the end: no rounding builds up however
//! many rows stream past, and no more than a block of 1,024 rows is kept. Items are taken
//! after reverse keying, over the people who answered every item of the dimension (listwise
//! deletion, as SPSS and `psych::alpha` on complete data do).

use serde::Serialize;

/// Complete rows held before their cross-products are added to the totals.
const BLOCK_ROWS: usize = 1024;

/// Running totals for one dimension's items over complete rows.
#[derive(Debug, Clone)]
pub struct ItemMoments {
    n: u64,
    sums: Vec<i64>,
    /// Upper triangle, row by row: cross[i][j] for j >= i.
    cross: Vec<i64>,
    /// The latest rows' keyed answers, item after item (`block` answers each): every
    /// cross-product of a block is then the dot product of two columns of 16-bit numbers,
    /// which vectorizes well (SSE2 multiplies and adds them eight at a time), where adding
    /// each row's products into the triangle one by one does not.
    columns: Vec<i16>,
    buffered: usize,
    /// Rows in a block: few enough that a column's dot product fits in 32 bits.
    block: usize,
    k: usize,
}

impl ItemMoments {
    /// Totals for `k` items whose keyed answers lie within ±`largest` (at most 1000).
    pub fn new(k: usize, largest: i64) -> Self {
        let product = largest.saturating_mul(largest).max(1);
        let block = usize::try_from(i64::from(i32::MAX) / product)
            .unwrap_or(BLOCK_ROWS)
            .clamp(1, BLOCK_ROWS);
        ItemMoments {
            n: 0,
            sums: vec![0; k],
            cross: vec![0; k * (k + 1) / 2],
            columns: vec![0; k * block],
            buffered: 0,
            block,
            k,
        }
    }

    /// Adds one person's keyed answers (all present, one per item).
    pub fn add(&mut self, values: &[i16]) {
        self.n += 1;
        for (column, &value) in self.columns.chunks_exact_mut(self.block).zip(values) {
            column[self.buffered] = value;
        }
        self.buffered += 1;
        if self.buffered == self.block {
            self.add_block();
        }
    }

    /// Moves the rows held into the exact totals.
    fn add_block(&mut self) {
        let (rows, block) = (self.buffered, self.block);
        let column = |i: usize| &self.columns[i * block..i * block + rows];
        let mut at = 0;
        for i in 0..self.k {
            self.sums[i] += column(i).iter().map(|&v| i64::from(v)).sum::<i64>();
            for j in i..self.k {
                self.cross[at] += i64::from(dot(column(i), column(j)));
                at += 1;
            }
        }
        self.buffered = 0;
    }

    /// Sample covariance of items `i` and `j` from the exact sums.
    fn covariance(&self, i: usize, j: usize) -> f64 {
        let (i, j) = if i <= j { (i, j) } else { (j, i) };
        let at = i * self.k - i * (i + 1) / 2 + j;
        let n = i128::from(self.n as i64);
        let cross = i128::from(self.cross[at]);
        let exact = n * cross - i128::from(self.sums[i]) * i128::from(self.sums[j]);
        exact as f64 / (n * (n - 1)) as f64
    }

    pub fn statistics(&self, item_ids: &[String]) -> Option<Reliability> {
        let k = self.k;
        if self.n < 2 || k < 2 {
            return None;
        }
        let mut totals = self.clone();
        totals.add_block();
        totals.reliability(item_ids)
    }

    /// The statistics from totals with no rows held back.
    fn reliability(&self, item_ids: &[String]) -> Option<Reliability> {
        let k = self.k;
        let cov: Vec<Vec<f64>> = (0..k)
            .map(|i| (0..k).map(|j| self.covariance(i, j)).collect())
            .collect();
        let variances: Vec<f64> = (0..k).map(|i| cov[i][i]).collect();
        let total_variance: f64 = cov.iter().flatten().sum();
        let item_total: Vec<f64> = cov.iter().map(|row| row.iter().sum()).collect();
        let sum_variances: f64 = variances.iter().sum();
        let alpha = cronbach(k, sum_variances, total_variance);
        let mean_r = mean_correlation(&cov);
        let items = (0..k)
            .map(|i| {
                let rest_variance = total_variance - 2.0 * item_total[i] + variances[i];
                let corrected =
                    (item_total[i] - variances[i]) / (variances[i] * rest_variance).sqrt();
                ItemStatistics {
                    id: item_ids[i].clone(),
                    mean: self.sums[i] as f64 / self.n as f64,
                    sd: variances[i].sqrt(),
                    corrected_item_total: corrected,
                    alpha_if_dropped: cronbach(k - 1, sum_variances - variances[i], rest_variance),
                }
            })
            .collect();
        Some(Reliability {
            complete_cases: self.n,
            alpha,
            standardized_alpha: k as f64 * mean_r / (1.0 + (k as f64 - 1.0) * mean_r),
            average_inter_item_r: mean_r,
            items,
        })
    }
}

/// The sum of the products of two columns: exact in 32 bits for a block's rows.
fn dot(x: &[i16], y: &[i16]) -> i32 {
    // Sixteen at a time, each group summed whole: the shape the compiler turns into SSE2's
    // multiply-and-add of 16-bit numbers.
    const LANES: usize = 16;
    let products = |(x, y): (&[i16], &[i16])| -> i32 {
        x.iter()
            .zip(y)
            .map(|(&a, &b)| i32::from(a) * i32::from(b))
            .sum()
    };
    let (xs, ys) = (x.chunks_exact(LANES), y.chunks_exact(LANES));
    let rest = products((xs.remainder(), ys.remainder()));
    xs.zip(ys).map(products).sum::<i32>() + rest
}

fn cronbach(k: usize, sum_variances: f64, total_variance: f64) -> f64 {
    if k < 2 {
        return f64::NAN;
    }
    k as f64 / (k as f64 - 1.0) * (1.0 - sum_variances / total_variance)
}

fn mean_correlation(cov: &[Vec<f64>]) -> f64 {
    let k = cov.len();
    let mut sum = 0.0;
    for i in 0..k {
        for j in (i + 1)..k {
            sum += cov[i][j] / (cov[i][i] * cov[j][j]).sqrt();
        }
    }
    sum / (k * (k - 1) / 2) as f64
}

/// Count, mean and variance of a stream of scores (Welford's update).
#[derive(Debug, Clone, Copy, Default)]
pub struct Running {
    pub n: u64,
    mean: f64,
    m2: f64,
}

impl Running {
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then_some(self.mean)
    }

    pub fn sd(&self) -> Option<f64> {
        (self.n > 1).then(|| (self.m2 / (self.n - 1) as f64).sqrt())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Reliability {
    /// People who answered every item of the dimension: the base of these statistics.
    pub complete_cases: u64,
    pub alpha: f64,
    pub standardized_alpha: f64,
    pub average_inter_item_r: f64,
    pub items: Vec<ItemStatistics>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemStatistics {
    pub id: String,
    pub mean: f64,
    pub sd: f64,
    pub corrected_item_total: f64,
    pub alpha_if_dropped: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_of_a_hand_computed_example() {
        // Three identical items over four people: every correlation is 1, and so is alpha.
        let rows = [[1, 1, 1], [2, 2, 2], [3, 3, 3], [4, 4, 4]];
        let mut m = ItemMoments::new(3, 7);
        for row in rows {
            m.add(&row);
        }
        let ids = ["a", "b", "c"].map(String::from);
        let r = m.statistics(&ids).unwrap();
        assert!((r.alpha - 1.0).abs() < 1e-12, "{}", r.alpha);
        assert!((r.average_inter_item_r - 1.0).abs() < 1e-12);
        assert!((r.items[0].sd - (5.0f64 / 3.0).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn a_reversed_item_shows_a_negative_item_total_correlation() {
        let rows = [[1, 1, 7], [2, 3, 5], [4, 4, 4], [6, 5, 2], [7, 7, 1]];
        let mut m = ItemMoments::new(3, 7);
        for row in rows {
            m.add(&row);
        }
        let ids = ["a", "b", "c"].map(String::from);
        let r = m.statistics(&ids).unwrap();
        assert!(r.items[2].corrected_item_total < 0.0);
        assert!(r.items[2].alpha_if_dropped > r.alpha);
    }

    #[test]
    fn welford_matches_two_pass() {
        let xs = [10.0, 20.0, 35.5, 99.0, 0.0];
        let mut r = Running::default();
        xs.iter().for_each(|x| r.add(*x));
        let mean = xs.iter().sum::<f64>() / 5.0;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 4.0;
        assert!((r.mean().unwrap() - mean).abs() < 1e-12);
        assert!((r.sd().unwrap() - var.sqrt()).abs() < 1e-12);
    }
}

#[cfg(test)]
mod blocks {
    use super::*;

    #[test]
    fn totals_are_exact_across_many_blocks_of_large_answers() {
        // ±1000 answers: ten blocks and a part, each of products near the 32-bit limit.
        let rows: Vec<[i16; 2]> = (0..10_000)
            .map(|r| [1000 - (r % 7) * 300, -1000 + (r % 5) * 400])
            .collect();
        let mut m = ItemMoments::new(2, 1000);
        rows.iter().for_each(|row| m.add(row));
        m.add_block();
        let exact: i64 = rows.iter().map(|r| i64::from(r[0]) * i64::from(r[1])).sum();
        assert_eq!(m.cross[1], exact);
        let squares: i64 = rows.iter().map(|r| i64::from(r[0]).pow(2)).sum();
        assert_eq!(m.cross[0], squares);
        let sums: i64 = rows.iter().map(|r| i64::from(r[1])).sum();
        assert_eq!(m.sums[1], sums);
    }
}
