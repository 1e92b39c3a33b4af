#!/usr/bin/env bash
# `balance due --every 7d` on histories of 10, 1,000 and 10,000 results: its time should not
# grow with the history (a shell prompt may run it on every prompt).
#
#   benches/due.sh
#   RUNS=50 benches/due.sh
#
# Three cases per size, all due (the results are from 2020):
#   due          the steady state: the summary of the last full read is true of the file
#   due, cold    the summary removed before each run: the whole file is read (once after
#                the file changed behind balance's back, then the summary is kept again)
#   not due      one recent result last, no summary: read from the end, stops at once
# Needs hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
# $bin, $work and $work/result.json
source benches/results.sh

# lines.py N: a history of N results (one quiz result, restamped) from 2020 with distinct ids, one per line.
cat > "$work/lines.py" <<'PY'
import json, sys
n = int(sys.argv[1])
doc = json.load(open(sys.argv[2]))
for k in range(n):
    d = dict(doc)
    d["id"] = "01900000-0000-7000-8000-%012x" % k
    d["taken_at"] = "2020-%02d-%02dT%02d:%02d:00Z" % (1 + k // 28 % 12, 1 + k % 28, k // 60 % 24, k % 60)
    print(json.dumps(d, separators=(",", ":")))
PY
args=()
for n in 10 1000 10000; do
  home=$work/h$n
  mkdir -m 700 -p "$home" "$home-recent"
  python3 "$work/lines.py" "$n" "$work/result.json" > "$home/history.jsonl"
  cp "$home/history.jsonl" "$home-recent/history.jsonl"
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["id"]="01900000-0000-7000-8000-ffffffffffff"; d["taken_at"]=sys.argv[2]; print(json.dumps(d, separators=(",", ":")))' \
    "$work/result.json" "$now" >> "$home-recent/history.jsonl"
  echo "$n results: $(du -h "$home/history.jsonl" | cut -f1)"
  # The exit codes, checked once: hyperfine runs without a shell and ignores them (-i).
  BALANCE_HOME=$home "$bin" due --every 7d || { echo "expected due"; exit 1; }
  code=0; BALANCE_HOME=$home-recent "$bin" due --every 7d || code=$?
  [ "$code" = 1 ] || { echo "expected not due, got exit $code"; exit 1; }
  args+=(-n "$n results, due" --prepare true "env BALANCE_HOME=$home $bin due --every 7d")
  args+=(-n "$n results, due, cold" --prepare "rm -f $home/history.summary"
    "env BALANCE_HOME=$home $bin due --every 7d")
  args+=(-n "$n results, not due" --prepare "rm -f $home-recent/history.summary"
    "env BALANCE_HOME=$home-recent $bin due --every 7d")
done
hyperfine -N -i --warmup 3 --runs "${RUNS:-30}" --style basic "${args[@]}"
