#!/usr/bin/env bash
# Benchmark of `balance score --stats`: the whole process, release build, on synthetic answers
# from examples/generate.rs (every built-in item, latent-trait model, 2% skipped cells).
#
#   benches/score.sh            # 1,000,000 and 10,000,000 respondents
#   ROWS="100000 1000000" benches/score.sh
#   ITEMS=50 ROWS=1000000 benches/score.sh   # the first 50 items only: the shape of the goal
#
# Needs hyperfine (apt-get install hyperfine) for timings and GNU time for peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-"1000000 10000000"}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/balance-bench}
mkdir -p "$dir"
cargo build --release --locked --quiet --bin balance --example generate
bin=./target/release/balance
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {print int($2/1024) " MiB"}' /proc/meminfo), $(uname -sr)"
for n in $rows; do
  input="$dir/$n${ITEMS:+x$ITEMS}.csv"
  [ -s "$input" ] || ./target/release/examples/generate "$n" 42 0.02 ${ITEMS:-} > "$input"
  echo "== $n respondents ($(du -h "$input" | cut -f1) of CSV)"
  stats="$bin score $input --stats"
  rows="$bin score $input --stats --output $dir/scores.csv"
  if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs "${RUNS:-5}" --style basic "$stats" "$rows"
  fi
  for command in "$stats" "$rows"; do
    /usr/bin/time -f "peak memory: %M KB, elapsed %e s: $command" $command > /dev/null
  done
done
