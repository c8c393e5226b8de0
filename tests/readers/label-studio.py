"""Loads a Marginalia Label Studio export with Label Studio's own SDK.

    python tests/readers/label-studio.py OUT_FOLDER EXPECTED_JSON

label-studio-sdk is what Label Studio uses to parse labelling configs and
convert its exports. The script parses label_config.xml with its
`LabelInterface` (and `validate()`s it): the Labels control must offer
exactly the project's theme labels, each with the theme's colour as its
background, over a Text object fed from `$text`. Every result of
tasks.json must pass `LabelInterface.validate_region` (from/to names, type,
start/end/labels, labels known to the config). Then the SDK's `Converter`
reads tasks.json as it reads a Label Studio export (`iter_from_json_file`,
one item per annotation): each region's `text` must be the task's
`data.text[start:end]`, sliced as Python slices it, in code points, the
unit Label Studio's Text tag counts in; and the regions must be exactly the
expected spans. Annotators (`marginalia_annotator`) and notes (the region's
`meta.text`) are not read by the SDK's converter, so they are checked on
the raw JSON.
"""

import json
import os
import sys
from collections import Counter

import label_studio_sdk
from label_studio_sdk.converter import Converter
from label_studio_sdk.label_interface import LabelInterface


def fail(msg):
    print(f"label-studio: {msg}")
    sys.exit(1)


def main(out, expected_path):
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    with open(os.path.join(out, "label_config.xml"), encoding="utf-8") as f:
        config = f.read()
    tasks_path = os.path.join(out, "tasks.json")
    with open(tasks_path, encoding="utf-8") as f:
        tasks = json.load(f)

    li = LabelInterface(config)
    li.validate()
    control = li.get_control("label")
    labels = [(k, a.attr.get("background")) for k, a in control.labels_attrs.items()]
    themes = [(t["label"], t["color"]) for t in expected["themes"]]
    if labels != themes:
        fail(f"config labels {labels} != themes {themes}")
    text_tag = li.get_object("text")
    if text_tag.tag != "Text" or text_tag.value != "$text":
        fail(f"object {text_tag.tag} value {text_tag.value}")

    raw = Counter()
    for t, task in enumerate(tasks):
        for a in task["annotations"]:
            for r, region in enumerate(a["result"]):
                errors = li.validate_region(region, return_errors=True, region_index=r)
                if errors:
                    fail(f"task {t + 1}: {errors}")
                v = region["value"]
                note = "\n".join(region.get("meta", {}).get("text", []))
                for label in v["labels"]:
                    raw[(task["data"]["doc_id"], v["start"], v["end"], label,
                         a.get("marginalia_annotator", ""), note)] += 1

    converted = Counter()
    items = 0
    for item in Converter(config=config, project_dir=None).iter_from_json_file(tasks_path):
        items += 1
        text = item["input"]["text"]
        doc = item["input"]["doc_id"]
        for region in item["output"]["label"]:
            start, end = region["start"], region["end"]
            if text[start:end] != region["text"]:
                fail(f"{doc} {start}..{end}: text[start:end] = {text[start:end]!r} but the region says {region['text']!r}")
            for label in region["labels"]:
                converted[(doc, start, end, label, text[start:end])] += 1

    want = Counter()
    want_full = Counter()
    texts = {task["data"]["doc_id"]: task["data"]["text"] for task in tasks}
    for d in expected["documents"]:
        if texts.get(d["id"]) != d["text"]:
            fail(f"{d['id']}: data.text differs from the document")
        for s in d["spans"]:
            want[(d["id"], s["start"], s["end"], s["label"], s["text"])] += 1
            want_full[(d["id"], s["start"], s["end"], s["label"], s["annotator"], s["note"])] += 1
    if converted != want:
        fail(f"the SDK read {sorted(converted.elements())}, expected {sorted(want.elements())}")
    if raw != want_full:
        fail(f"annotators/notes {sorted(raw.elements())} != expected {sorted(want_full.elements())}")
    print(
        f"label-studio-sdk {label_studio_sdk.__version__}: config valid with {len(labels)} labels; "
        f"{items} annotations, {sum(converted.values())} regions match in code points"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
