"""Loads a Marginalia brat export with pybrat and checks every span.

    python tests/readers/brat.py OUT_FOLDER EXPECTED_JSON

pybrat (BratParser) reads the .txt/.ann pairs: entities with their
fragments, in code points. For each expected span the script finds the
entity of that document whose fragments run from the span's start to its
end, checks that every fragment is exactly the span's part of one line
(text[start:end] as pybrat read the .txt, never holding a line break), and
that the fragments are the whole span apart from its line breaks.

pybrat knows nothing of annotation.conf / visual.conf and skips `#` notes,
so two small stdlib parses (documented below) check what pybrat cannot:
visual.conf maps each brat type back to the theme label and colour, and
each span's AnnotatorNotes line (escaped: \\\\ \\n \\r) gives back its note.
"""

import json
import os
import sys

from pybrat.parser import BratParser


def fail(msg):
    print(f"brat: {msg}")
    sys.exit(1)


def read_visual(folder):
    """[labels] `TYPE | LABEL | ...` and [drawing] `TYPE<tab>bgColor:#...`."""
    labels, colors, section = {}, {}, None
    with open(os.path.join(folder, "visual.conf"), encoding="utf-8") as f:
        for line in f.read().split("\n"):
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            if s.startswith("[") and s.endswith("]"):
                section = s[1:-1]
            elif section == "labels":
                parts = [p.strip() for p in s.split("|")]
                labels[parts[0]] = parts[1]
            elif section == "drawing":
                t, rest = s.split(None, 1)
                for kv in rest.split(","):
                    k, _, v = kv.partition(":")
                    if k.strip() == "bgColor":
                        colors[t] = v.strip()
    return labels, colors


def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in "nr\\":
            out.append({"n": "\n", "r": "\r", "\\": "\\"}[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def read_notes(path):
    """`#N<tab>AnnotatorNotes ID<tab>NOTE` lines, by ID (T or R). A span memo
    is a note of its own reading `Memo "TITLE" (AUTHOR): TEXT`: those are
    kept apart, by TID, as (title, author, text)."""
    notes, memos = {}, {}
    with open(path, encoding="utf-8", newline="") as f:
        for line in f.read().split("\n"):
            if not line.startswith("#"):
                continue
            _, head, body = line.split("\t", 2)
            kind, target = head.split(" ", 1)
            if kind != "AnnotatorNotes":
                continue
            body = unescape(body)
            if body.startswith('Memo "'):
                title, _, rest = body[len('Memo "'):].partition('" (')
                author, _, text = rest.partition("): ")
                memos.setdefault(target, []).append((title, author, text))
            else:
                notes.setdefault(target, []).append(body)
    return {k: "\n".join(v) for k, v in notes.items()}, memos


def read_relation_types(folder):
    """annotation.conf [relations]: TYPE -> whether it is undirected
    (`<REL-TYPE>:symmetric`)."""
    types, section = {}, None
    with open(os.path.join(folder, "annotation.conf"), encoding="utf-8") as f:
        for line in f.read().split("\n"):
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            if s.startswith("[") and s.endswith("]"):
                section = s[1:-1]
            elif section == "relations":
                name, args = s.split(None, 1)
                types[name] = "<REL-TYPE>:symmetric" in args
    return types


def main(out, expected_path):
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    examples = {ex.id: ex for ex in BratParser(error="raise").parse(out)}
    labels, colors = read_visual(out)
    for theme in expected["themes"]:
        types = [t for t, l in labels.items() if l == theme["label"]]
        if len(types) != 1:
            fail(f"theme {theme['label']!r}: visual.conf has types {types}")
        if colors.get(types[0]) != theme["color"]:
            fail(f"theme {theme['label']!r}: colour {colors.get(types[0])} not {theme['color']}")

    checked = fragments = relation_count = memo_count = 0
    relation_types = read_relation_types(out)
    for doc in expected["documents"]:
        ex = examples.get(doc["id"])
        if ex is None:
            fail(f"pybrat found no document {doc['id']!r} (it found {sorted(examples)})")
        text = ex.text
        if text != doc["text"]:
            fail(f"{doc['id']}: pybrat read a different text")
        notes, memos = read_notes(os.path.join(out, doc["id"] + ".ann"))
        span_ids = {}
        entities = list(ex.entities)
        if len(entities) != len(doc["spans"]):
            fail(f"{doc['id']}: pybrat read {len(entities)} entities, expected {len(doc['spans'])}")
        for span in doc["spans"]:
            match = None
            for e in entities:
                if (
                    labels.get(e.type, e.type) == span["label"]
                    and e.spans[0].start == span["start"]
                    and e.spans[-1].end == span["end"]
                ):
                    match = e
                    break
            if match is None:
                fail(f"{doc['id']}: no entity {span['start']}..{span['end']} {span['label']!r}")
            entities.remove(match)
            pieces = [text[s.start : s.end] for s in match.spans]
            if any(not p or "\n" in p for p in pieces):
                fail(f"{doc['id']} {match.id}: a fragment is empty or holds a line break: {pieces}")
            whole = text[span["start"] : span["end"]]
            if whole != span["text"]:
                fail(f"{doc['id']} {match.id}: text[{span['start']}:{span['end']}] is {whole!r}, expected {span['text']!r}")
            if [p for p in whole.split("\n") if p] != pieces:
                fail(f"{doc['id']} {match.id}: fragments {pieces} are not the span {whole!r} cut at line breaks")
            if match.mention != " ".join(pieces).rstrip():
                fail(f"{doc['id']} {match.id}: mention {match.mention!r} is not the fragments {pieces}")
            if notes.get(match.id, "") != span["note"]:
                fail(f"{doc['id']} {match.id}: note {notes.get(match.id, '')!r}, expected {span['note']!r}")
            span_ids[(span["start"], span["end"], span["label"])] = match.id
            checked += 1
            fragments += len(match.spans)
        relation_count += check_relations(doc, ex, labels, span_ids, notes, relation_types)
        for memo in doc.get("span_memos", []):
            tid = next(
                (t for (s, e, _), t in span_ids.items() if (s, e) == (memo["start"], memo["end"])),
                None,
            )
            if (memo["title"], memo["author"], memo["text"]) not in memos.get(tid, []):
                fail(f"{doc['id']}: no memo {memo['title']!r} on {tid} (found {memos.get(tid)})")
            memo_count += 1
    print(
        f"pybrat read {len(examples)} documents; {checked} spans ({fragments} fragments) "
        f"slice back to their text; labels, colours and notes match; "
        f"{relation_count} relations join the same spans; {memo_count} span memos found"
    )


def check_relations(doc, ex, labels, span_ids, notes, relation_types):
    """pybrat's relations of the document, each Arg1 -> Arg2 between the
    entities of the expected spans, typed by the label visual.conf gives
    the relation type, undirected exactly when annotation.conf says so, and
    with the relation's note on its R."""
    want = []
    for r in doc.get("relations", []):
        key = lambda end: span_ids[(end["start"], end["end"], end["label"])]
        want.append((key(r["from"]), key(r["to"]), r["type"], not r["directed"], r["note"]))
    got = [
        (
            rel.arg1.id,
            rel.arg2.id,
            labels.get(rel.type, rel.type),
            relation_types.get(rel.type),
            notes.get(rel.id, ""),
        )
        for rel in ex.relations
    ]
    if sorted(got) != sorted(want):
        fail(f"{doc['id']}: relations {sorted(got)} != expected {sorted(want)}")
    for rel in ex.relations:
        for arg in (rel.arg1, rel.arg2):
            if arg.mention != " ".join(ex.text[s.start : s.end] for s in arg.spans).rstrip():
                fail(f"{doc['id']} {rel.id}: argument {arg.id} does not slice back")
    return len(got)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
