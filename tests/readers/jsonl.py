"""Loads a Marginalia JSON Lines export with spaCy and checks every span.

    python tests/readers/jsonl.py OUT_FILE EXPECTED_JSON

Each line becomes a spaCy `Doc` of a blank multi-language pipeline
(`spacy.blank("xx")`: a tokenizer only, no model to download). For each
expected span, `Doc.char_span(start, end, label=..., alignment_mode="expand")`
must give a span covering the offsets, and `doc.text[start:end]` (code
points, as spaCy indexes) must be the span's text. Where both ends fall on
token boundaries, `alignment_mode="strict"` must give exactly those
characters back. The line's `spans` (label, annotator, note, text) and
doccano's `label` array must be exactly the expected spans.
"""

import json
import sys

import spacy


def fail(msg):
    print(f"jsonl: {msg}")
    sys.exit(1)


def main(out, expected_path):
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    with open(out, encoding="utf-8", newline="") as f:
        lines = [json.loads(line) for line in f.read().split("\n") if line.strip()]
    by_id = {line["id"]: line for line in lines}
    if sorted(by_id) != sorted(d["id"] for d in expected["documents"]):
        fail(f"documents {sorted(by_id)} != expected {[d['id'] for d in expected['documents']]}")

    nlp = spacy.blank("xx")
    spans = strict = 0
    for want in expected["documents"]:
        line = by_id[want["id"]]
        doc = nlp(line["text"])
        if doc.text != want["text"]:
            fail(f"{want['id']}: text differs")
        got = sorted(
            (s["start"], s["end"], s["label"], s.get("annotator", ""), s.get("note", ""), s["text"])
            for s in line["spans"]
        )
        wanted = sorted(
            (s["start"], s["end"], s["label"], s["annotator"], s["note"], s["text"])
            for s in want["spans"]
        )
        if got != wanted:
            fail(f"{want['id']}: spans {got} != expected {wanted}")
        doccano = sorted(tuple(x) for x in line["label"])
        if doccano != sorted((s[0], s[1], s[2]) for s in wanted):
            fail(f"{want['id']}: doccano label {doccano} does not match the spans")
        starts = {t.idx for t in doc}
        ends = {t.idx + len(t.text) for t in doc}
        for s in want["spans"]:
            start, end, label, text = s["start"], s["end"], s["label"], s["text"]
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None:
                fail(f"{want['id']} {start}..{end}: spaCy gives no span")
            if not (span.start_char <= start and span.end_char >= end):
                fail(f"{want['id']} {start}..{end}: spaCy's span {span.start_char}..{span.end_char} does not cover it")
            if doc.text[start:end] != text:
                fail(f"{want['id']} {start}..{end}: {doc.text[start:end]!r} != {text!r}")
            if span.label_ != label:
                fail(f"{want['id']} {start}..{end}: label {span.label_!r} != {label!r}")
            exact = doc.char_span(start, end, label=label, alignment_mode="strict")
            if start in starts and end in ends:
                if exact is None or (exact.start_char, exact.end_char, exact.text) != (start, end, text):
                    fail(f"{want['id']} {start}..{end}: on token boundaries but strict alignment gives {exact!r}")
                strict += 1
            elif exact is not None:
                fail(f"{want['id']} {start}..{end}: not on token boundaries but strict alignment gives {exact!r}")
            spans += 1
    print(
        f"spaCy {spacy.__version__}: {len(lines)} docs, {spans} spans match "
        f"({strict} on token boundaries, exact in strict alignment)"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
