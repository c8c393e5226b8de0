"""Loads a Marginalia UIMA CAS XMI export with dkpro-cassis, the CAS library
of the INCEpTION team, and checks it against the expected spans.

    python tests/readers/xmi.py OUT_FOLDER EXPECTED_JSON

cassis reads TypeSystem.xml and each DOC.xmi, turns the UTF-16 offsets of the
file into Python string indices, and slices the covered text itself. Every
document must come back with exactly its text (which checks that line feeds,
carriage returns and tabs in the sofa string survive XML attribute
normalisation), its id and title, and exactly the expected spans: the same
code-point offsets, covered text, theme label, note and annotator.
"""

import json
import sys
from collections import Counter
from pathlib import Path

from cassis import load_cas_from_xmi, load_typesystem

THEME = "webanno.custom.Theme"
RELATION = "webanno.custom.Relation"
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"


def main(out, expected_path):
    out = Path(out)
    expected = json.loads(Path(expected_path).read_text(encoding="utf-8"))
    with open(out / "TypeSystem.xml", "rb") as f:
        typesystem = load_typesystem(f)

    problems = []
    by_id = {}
    for path in sorted(out.glob("*.xmi")):
        with open(path, "rb") as f:
            cas = load_cas_from_xmi(f, typesystem=typesystem)
        metas = list(cas.select(METADATA))
        if len(metas) != 1:
            problems.append(f"{path.name}: {len(metas)} DocumentMetaData, expected 1")
            continue
        by_id[metas[0].documentId] = (path.name, cas, metas[0])

    spans = relations = 0
    for doc in expected["documents"]:
        if doc["id"] not in by_id:
            problems.append(f"document {doc['id']!r}: no .xmi has this documentId")
            continue
        name, cas, meta = by_id.pop(doc["id"])
        if cas.sofa_string != doc["text"]:
            problems.append(
                f"{name}: sofa string differs: {cas.sofa_string!r} != {doc['text']!r}"
            )
        if meta.documentTitle != doc["title"]:
            problems.append(f"{name}: title {meta.documentTitle!r} != {doc['title']!r}")
        got = Counter(
            (
                a.begin,
                a.end,
                a.get_covered_text(),
                a.value,
                a.note or "",
                a.annotator or "",
            )
            for a in cas.select(THEME)
        )
        want = Counter(
            (s["start"], s["end"], s["text"], s["label"], s["note"], s["annotator"])
            for s in doc["spans"]
        )
        for key in (want - got).elements():
            problems.append(f"{name}: expected span not found: {key}")
        for key in (got - want).elements():
            problems.append(f"{name}: unexpected span: {key}")
        spans += sum(want.values())
        relations += check_relations(name, cas, doc, problems)
    for doc_id, (name, _, _) in by_id.items():
        problems.append(f"{name}: unexpected document {doc_id!r}")

    if problems:
        print("\n".join(problems))
        return 1
    print(
        f"cassis loaded {len(expected['documents'])} documents and {spans} "
        f"{THEME} spans with the same text, offsets, labels, notes and annotators; "
        f"{relations} {RELATION} relations whose Governor and Dependent cover the same spans"
    )
    return 0


def check_relations(name, cas, doc, problems):
    """Every relation annotation: its Governor and Dependent are Theme
    annotations whose covered text, offsets and labels are the expected
    relation's from and to; it covers its Dependent; type label, note and
    annotator match."""
    expected = doc.get("relations", [])
    if not expected:
        return 0
    got = Counter()
    for r in cas.select(RELATION):
        gov, dep = r.Governor, r.Dependent
        if (r.begin, r.end) != (dep.begin, dep.end):
            problems.append(f"{name}: relation {r.xmiID} does not cover its Dependent")
        got[
            (
                (gov.begin, gov.end, gov.get_covered_text(), gov.value),
                (dep.begin, dep.end, dep.get_covered_text(), dep.value),
                r.value,
                r.note or "",
                r.annotator or "",
            )
        ] += 1
    want = Counter(
        (
            (r["from"]["start"], r["from"]["end"], r["from"]["text"], r["from"]["label"]),
            (r["to"]["start"], r["to"]["end"], r["to"]["text"], r["to"]["label"]),
            r["type"],
            r["note"],
            r["annotator"],
        )
        for r in expected
    )
    for key in (want - got).elements():
        problems.append(f"{name}: expected relation not found: {key}")
    for key in (got - want).elements():
        problems.append(f"{name}: unexpected relation: {key}")
    return sum(got.values())


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
