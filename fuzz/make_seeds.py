#!/usr/bin/env python3
"""Copies the test fixtures into fuzz/seeds/<target>/, the committed seed corpora.

Run from anywhere: `python3 fuzz/make_seeds.py`. The `answers` target reads its first byte as
a selector (file name and form, see fuzz_targets/answers.rs), so its seeds get one prepended.
"""
import csv
import json
import pathlib
import shutil

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
FIXTURES = ROOT / "tests" / "fixtures"
BAD = FIXTURES / "bad"
SEEDS = FUZZ / "seeds"

# answers.rs: NAMES = ["answers.json", "answers.toml", "answers", "<stdin>"]; 0x80 = short form.
JSON_FULL, TOML_FULL, GUESS_FULL, JSON_SHORT = 0x00, 0x01, 0x02, 0x80


def put(target, name, data):
    folder = SEEDS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def main():
    if SEEDS.exists():
        shutil.rmtree(SEEDS)

    for path in sorted((ROOT / "questionnaires").glob("*.toml")):
        put("questionnaire", path.name, path.read_bytes())
    for path in sorted(BAD.glob("questionnaire_*.toml")):
        put("questionnaire", path.name, path.read_bytes())

    toml_answers = (FIXTURES / "answers.toml").read_bytes()
    put("answers", "answers.toml", bytes([TOML_FULL]) + toml_answers)
    put("answers", "answers-guessed.toml", bytes([GUESS_FULL]) + toml_answers)
    put("answers", "short.json", bytes([JSON_SHORT]) + b'{"cl01": 5, "cl02": 3, "hi01": null}')
    for path in sorted(BAD.glob("answers_*")):
        selector = TOML_FULL if path.suffix == ".toml" else JSON_FULL
        put("answers", path.name, bytes([selector]) + path.read_bytes())

    result = json.loads((FIXTURES / "result.json").read_text())
    line = json.dumps(result, separators=(",", ":")).encode()
    put("history", "one.jsonl", line + b"\n")
    put("history", "two.jsonl", line + b"\n" + line + b"\n")
    for path in sorted(BAD.glob("history_*.jsonl")):
        put("history", path.name, path.read_bytes())

    put("result_file", "result.json", (FIXTURES / "result.json").read_bytes())
    for path in sorted(BAD.glob("result_*.json")) + sorted(BAD.glob("export_*.json")):
        put("result_file", path.name, path.read_bytes())

    rows = list(csv.DictReader((FIXTURES / "score" / "answers.csv").open()))
    put("batch_csv", "answers.csv", (FIXTURES / "score" / "answers.csv").read_bytes())
    for path in sorted(BAD.glob("batch_*.csv")):
        put("batch_csv", path.name, path.read_bytes())

    jsonl = []
    for row in rows[:40]:
        doc = {k: (int(v) if v and k != "respondent" else (v or None)) for k, v in row.items()}
        jsonl.append(json.dumps(doc))
    put("batch_jsonl", "answers.jsonl", ("\n".join(jsonl) + "\n").encode())
    for path in sorted(BAD.glob("batch_*.jsonl")):
        put("batch_jsonl", path.name, path.read_bytes())

    for folder in sorted(SEEDS.iterdir()):
        print(f"{folder.name}: {len(list(folder.iterdir()))} seeds")


main()
