#!/usr/bin/env python3
"""The work of `balance score FILE --stats`, done with polars, for benches/compare.sh: reverse
keys, the two-thirds rule for each person's dimension score (with its mean and SD over
people), and per dimension over complete cases Cronbach's alpha and each item's corrected
item-total correlation. Prints the alphas as JSON, so that the two can be checked against
each other.

    python3 benches/polars_stats.py answers.csv
"""
import json
import math
import os
import sys
import tomllib

import polars as pl

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def dimensions(columns):
    """The built-in dimensions, each with those of its items the file has (as balance scores
    them), leaving out a dimension with none."""
    dims = []
    for name in ["clinginess", "hyper_independence", "attachment"]:
        with open(os.path.join(ROOT, "questionnaires", name + ".toml"), "rb") as f:
            q = tomllib.load(f)
        lo, hi = q["scale"]["min"], q["scale"]["max"]
        for d in q["dimensions"]:
            items = [
                (i["id"], i.get("reverse", False))
                for i in q["items"]
                if i["dimension"] == d["id"] and i["id"] in columns
            ]
            if items:
                dims.append({"id": d["id"], "min": lo, "max": hi, "items": items})
    return dims


def keyed(d):
    return [
        (pl.lit(d["min"] + d["max"]) - pl.col(item) if reverse else pl.col(item)).alias(item)
        for item, reverse in d["items"]
    ]


def main():
    frame = pl.scan_csv(sys.argv[1])
    dims = dimensions(set(frame.collect_schema().names()))
    frame = frame.with_columns([e for d in dims for e in keyed(d)])
    exprs = []
    for d in dims:
        ids = [item for item, _ in d["items"]]
        k = len(ids)
        answered = pl.sum_horizontal([pl.col(i).is_not_null() for i in ids])
        mean = pl.sum_horizontal([pl.col(i) for i in ids]) / answered
        score = pl.when(answered >= math.ceil(2 * k / 3)).then(
            (mean - d["min"]) / (d["max"] - d["min"]) * 100
        )
        exprs += [score.mean().alias(d["id"] + ":mean"), score.std().alias(d["id"] + ":sd")]
        complete = pl.all_horizontal([pl.col(i).is_not_null() for i in ids])
        total = pl.sum_horizontal([pl.col(i) for i in ids])
        exprs.append(total.filter(complete).var().alias(d["id"] + ":total_var"))
        for i in ids:
            item = pl.col(i).filter(complete)
            exprs.append(item.var().alias(d["id"] + ":var:" + i))
            rest = (total - pl.col(i)).filter(complete)
            exprs.append(pl.corr(item, rest).alias(d["id"] + ":r:" + i))
    row = frame.select(exprs).collect().row(0, named=True)
    alphas = {}
    for d in dims:
        k = len(d["items"])
        item_vars = sum(row[d["id"] + ":var:" + i] for i, _ in d["items"])
        alphas[d["id"]] = k / (k - 1) * (1 - item_vars / row[d["id"] + ":total_var"])
    print(json.dumps(alphas))


if __name__ == "__main__":
    main()
