#!/usr/bin/env bash
# `balance import`: 10,000 results into an empty history, and 10 results into a history of
# 100,000. The results are one scripted quiz result with its id and date rewritten.
#
#   benches/import.sh
#   RUNS=3 benches/import.sh
#
# Uses hyperfine when it is installed, otherwise bash's `time`.
set -euo pipefail
cd "$(dirname "$0")/.."
# $bin, $work and $work/result.json
source benches/results.sh

# results.py N OFFSET: an export of N results with distinct ids and dates.
cat > "$work/results.py" <<'PY'
import json, sys
n, offset = int(sys.argv[1]), int(sys.argv[2])
doc = json.load(open(sys.argv[3]))
out = []
for k in range(offset, offset + n):
    d = dict(doc)
    d["id"] = "01900000-0000-7000-8000-%012x" % k
    d["taken_at"] = "2020-01-01T00:00:00Z" if k < 0 else \
        "20%02d-%02d-%02dT%02d:%02d:00Z" % (20 + k // 400000 % 5, 1 + k // 28 % 12, 1 + k % 28, k // 60 % 24, k % 60)
    out.append(d)
if sys.argv[4] == "export":
    json.dump({"schema": "balance.export/v1", "tool_version": "0.1.0",
               "exported_at": "2025-01-01T00:00:00Z", "results": out}, sys.stdout)
else:
    for d in out:
        print(json.dumps(d, separators=(",", ":")))
PY
python3 "$work/results.py" 10000 0 "$work/result.json" export > "$work/10k.json"
python3 "$work/results.py" 100000 0 "$work/result.json" lines > "$work/100k.jsonl"
python3 "$work/results.py" 10 200000 "$work/result.json" export > "$work/10.json"
echo "10,000-result export: $(du -h "$work/10k.json" | cut -f1); 100,000-result history: $(du -h "$work/100k.jsonl" | cut -f1)"

empty="rm -rf $work/a && BALANCE_HOME=$work/a $bin import $work/10k.json"
large="cp $work/100k.jsonl $work/b/history.jsonl && BALANCE_HOME=$work/b $bin import $work/10.json"
mkdir -m 700 -p "$work/b"
if command -v hyperfine >/dev/null; then
  hyperfine --runs "${RUNS:-5}" --style basic \
    -n "10,000 into an empty history" "$empty" \
    -n "10 into 100,000 (includes copying the history)" "$large" \
    -n "copying the 100,000-line history alone" "cp $work/100k.jsonl $work/b/history.jsonl"
else
  for command in "$empty" "$large"; do
    echo "== $command"
    time bash -c "$command" > /dev/null
  done
fi
BALANCE_HOME="$work/b" "$bin" history --json | python3 -c 'import json,sys; print("results after the last run:", len(json.load(sys.stdin)))'
