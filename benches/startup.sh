#!/usr/bin/env bash
# Start-up: `balance list` and a scripted quiz as whole processes, side by side with a
# hello-world Rust binary built with the same toolchain. Needs hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'fn main() { println!("hello"); }\n' > "$work/hello.rs"
rustc -C opt-level=3 -C strip=symbols "$work/hello.rs" -o "$work/hello"
./target/release/balance show clinginess --json \
  | python3 -c 'import json,sys; print(json.dumps({i["id"]: 4 for i in json.load(sys.stdin)["items"]}))' > "$work/answers.json"
echo "binary: $(stat -c %s target/release/balance) bytes"
BALANCE_HOME="$work" hyperfine -N --warmup 30 --runs "${RUNS:-500}" --style basic \
  "$work/hello" \
  "./target/release/balance list" \
  "./target/release/balance quiz clinginess --answers $work/answers.json --json --no-save"
