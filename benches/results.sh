# Sourced by the history benchmarks (import.sh, due.sh): a release build in $bin, a scratch
# folder in $work (removed on exit), and one scripted quiz result in $work/result.json that
# the benchmarks copy with other ids and dates.
cargo build --release --locked --quiet --bin balance
bin=$PWD/target/release/balance
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(uname -sr)"

"$bin" show clinginess --json \
  | python3 -c 'import json,sys; print(json.dumps({i["id"]: 4 for i in json.load(sys.stdin)["items"]}))' \
  > "$work/answers.json"
BALANCE_HOME="$work/none" "$bin" quiz clinginess --answers "$work/answers.json" --json --no-save \
  > "$work/result.json"
