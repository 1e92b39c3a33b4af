#!/usr/bin/env bash
# balance against polars doing the same work (benches/polars_stats.py: reverse keys, the
# two-thirds rule, alpha and corrected item-total r per dimension) on the same file, in the
# same run: wall time from hyperfine, CPU time and peak memory from GNU time, and the ratios.
# The two programs' alphas are checked against each other first.
#
#   benches/compare.sh                 # 1,000,000 respondents
#   ROWS=100000 RUNS=3 benches/compare.sh
#   ITEMS=50 benches/compare.sh        # the first 50 items only: the shape of the goal
#
# Needs python3 with venv, network for `pip install polars` (once, into the bench folder),
# hyperfine and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${ROWS:-1000000}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/balance-bench}
mkdir -p "$dir"
[ -x "$dir/venv/bin/python" ] || python3 -m venv "$dir/venv"
"$dir/venv/bin/python" -c 'import polars' 2>/dev/null || "$dir/venv/bin/pip" install --quiet polars
cargo build --release --locked --quiet --bin balance --example generate
input="$dir/$n${ITEMS:+x$ITEMS}.csv"
[ -s "$input" ] || ./target/release/examples/generate "$n" 42 0.02 ${ITEMS:-} > "$input"
balance="./target/release/balance score $input --stats"
polars="$dir/venv/bin/python benches/polars_stats.py $input"
echo "machine: $(nproc) cores, $(uname -sr); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "polars $("$dir/venv/bin/python" -c 'import polars; print(polars.__version__)'); $n respondents ($(du -h "$input" | cut -f1) of CSV)"
$balance --json | python3 -c '
import json, subprocess, sys
# A dimension with a column missing (ITEMS cuts one) has no complete case, and no alpha.
ours = {d["id"]: d["reliability"]["alpha"] for d in json.load(sys.stdin)["dimensions"] if d["reliability"]}
theirs = json.loads(subprocess.run(sys.argv[1:], capture_output=True, check=True, text=True).stdout)
gap = max(abs(ours[k] - theirs[k]) for k in ours)
print(f"alphas of {len(ours)} dimensions agree to {gap:.1e}")
assert gap < 1e-9, (ours, theirs)
' $polars
hyperfine --warmup 1 --runs "${RUNS:-5}" --style basic --export-json "$dir/compare.json" \
  -n balance "$balance" -n polars "$polars"
for name in balance polars; do
  command=$([ "$name" = balance ] && echo "$balance" || echo "$polars")
  /usr/bin/time -f "$name: %U s user + %S s system CPU, peak memory %M KB" $command > /dev/null
done 2> "$dir/compare.time"
cat "$dir/compare.time"
python3 - "$dir/compare.json" "$dir/compare.time" <<'PY'
import json, re, sys
means = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
cpu = {m[0]: float(m[1]) + float(m[2]) for m in re.findall(r"(\w+): ([\d.]+) s user \+ ([\d.]+) s system", open(sys.argv[2]).read())}
print(f"polars / balance: {means['polars'] / means['balance']:.2f}x the wall time, "
      f"{cpu['polars'] / cpu['balance']:.2f}x the CPU time")
PY
