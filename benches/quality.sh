#!/usr/bin/env bash
# The simulation behind the response-quality thresholds: how many simulated attentive and
# careless respondents each check flags, in the full form and the short check-in.
# A model, not data from real people (examples/simulate.rs describes it).
#
#   benches/quality.sh                # 10,000 respondents per group, seed 7
#   benches/quality.sh 50000 11       # more respondents, another seed
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --locked --quiet --example simulate -- "${1:-10000}" "${2:-7}"
