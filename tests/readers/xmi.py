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

    spans = 0
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
    for doc_id, (name, _, _) in by_id.items():
        problems.append(f"{name}: unexpected document {doc_id!r}")

    if problems:
        print("\n".join(problems))
        return 1
    print(
        f"cassis loaded {len(expected['documents'])} documents and {spans} "
        f"{THEME} spans with the same text, offsets, labels, notes and annotators"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
