#!/usr/bin/env python3
"""Prints the medians of the last `cargo bench --bench store` run as a
Markdown table (one row per benchmark, one column per size), from the
estimates criterion keeps under target/criterion."""

import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
SIZES = ["10kb", "1mb", "10mb"]
TARGETS = {
    "file/load": "≤ 1 s",
    "file/save": "≤ 1 s",
    "file/export_jsonl": "≤ 1 s",
    "file/cli_validate": "≤ 1 s",
    "file/cli_export_jsonl": "≤ 1 s",
    "index/tag_untag": "(≤ 4 ms with the frame)",
}


def show(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


medians = {}
for bench in root.glob("*/*/new/benchmark.json"):
    info = json.loads(bench.read_text())
    estimates = json.loads((bench.parent / "estimates.json").read_text())
    size, _, name = info["full_id"].partition("/")
    medians.setdefault(name, {})[size] = estimates["median"]["point_estimate"]

if not medians:
    sys.exit(f"no criterion results under {root}: run `cargo bench --bench store` first")
print("| benchmark | " + " | ".join(SIZES) + " | target (10 MB) |")
print("|---|" + "---:|" * len(SIZES) + "---|")
for name in sorted(medians):
    cells = [show(medians[name][s]) if s in medians[name] else "–" for s in SIZES]
    print(f"| {name} | " + " | ".join(cells) + f" | {TARGETS.get(name, '')} |")
