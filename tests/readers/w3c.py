"""Checks a Marginalia W3C Web Annotation export against the data model.

    python tests/readers/w3c.py OUT_FILE EXPECTED_JSON

Read with the standard library's json: a JSON-LD processor (pyld) would
have to fetch the remote context http://www.w3.org/ns/anno.jsonld, so the
script checks the compacted form the model specifies instead. The file
must be an AnnotationCollection (context, label, total) whose first page
holds the annotations. For each expected span there must be exactly one
annotation whose target source is the document (urn:marginalia:doc: and
the percent-encoded id, labelled with the title) and whose
TextPositionSelector has the span's offsets, which are code points: the
document's text[start:end] (a Python str slice) must equal the
TextQuoteSelector's exact, and its prefix and suffix the 32 code points
around it. The tagging body holds the label, a commenting body the note,
the creator the annotator.
"""

import json
import sys
from urllib.parse import quote

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def fail(msg):
    print(f"w3c: {msg}")
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def main(out, expected_path):
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    with open(out, encoding="utf-8") as f:
        coll = json.load(f)
    check(coll.get("@context") == CONTEXT, f"@context is {coll.get('@context')!r}")
    check(coll.get("type") == "AnnotationCollection", f"type is {coll.get('type')!r}")
    check(isinstance(coll.get("label"), str) and coll["label"], "the collection has no label")
    page = coll["first"]
    check(page.get("type") == "AnnotationPage", f"first page type is {page.get('type')!r}")
    items = page["items"]
    check(coll.get("total") == len(items), f"total {coll.get('total')} != {len(items)} items")
    ids = [a["id"] for a in items] + [coll["id"], page["id"]]
    check(len(set(ids)) == len(ids), "ids are not unique")

    found = 0
    for doc in expected["documents"]:
        text = doc["text"]
        iri = "urn:marginalia:doc:" + quote(doc["id"], safe="-._~")
        mine = [a for a in items if a["target"]["source"]["id"] == iri]
        check(len(mine) == len(doc["spans"]), f"{doc['id']}: {len(mine)} annotations, {len(doc['spans'])} spans")
        for a in mine:
            src = a["target"]["source"]
            check(src.get("label") == doc["title"], f"{doc['id']}: source label {src.get('label')!r}")
            check(src.get("type") == "Text" and src.get("format") == "text/plain", f"{doc['id']}: source {src}")
        for s in doc["spans"]:
            start, end = s["start"], s["end"]

            def matches(a):
                pos = [x for x in a["target"]["selector"] if x["type"] == "TextPositionSelector"]
                tags = [b["value"] for b in a["body"] if b.get("purpose") == "tagging"]
                who = a.get("creator", {}).get("name", "")
                return pos and (pos[0]["start"], pos[0]["end"]) == (start, end) and tags == [s["label"]] and who == s["annotator"]

            hits = [a for a in mine if matches(a)]
            where = f"{doc['id']} {start}..{end} {s['label']}"
            check(len(hits) == 1, f"{where}: {len(hits)} annotations match")
            a = hits[0]
            check(a["type"] == "Annotation" and a["motivation"] == "tagging", f"{where}: {a['type']} {a['motivation']}")
            check(a["id"].startswith("urn:uuid:"), f"{where}: id {a['id']}")
            quotes = [x for x in a["target"]["selector"] if x["type"] == "TextQuoteSelector"]
            check(len(quotes) == 1, f"{where}: {len(quotes)} quote selectors")
            q = quotes[0]
            check(text[start:end] == q["exact"] == s["text"], f"{where}: {text[start:end]!r} / {q['exact']!r} / {s['text']!r}")
            check(q.get("prefix", "") == text[max(0, start - 32):start], f"{where}: prefix {q.get('prefix')!r}")
            check(q.get("suffix", "") == text[end:end + 32], f"{where}: suffix {q.get('suffix')!r}")
            for b in a["body"]:
                check(b["type"] == "TextualBody", f"{where}: body type {b['type']}")
            notes = [b["value"] for b in a["body"] if b.get("purpose") == "commenting"]
            check(notes == ([s["note"]] if s["note"] else []), f"{where}: notes {notes!r}")
            if s["annotator"]:
                check(a["creator"]["type"] == "Person", f"{where}: creator {a['creator']}")
            found += 1
    check(found == len(items), f"{len(items) - found} annotations match no expected span")
    print(f"json (stdlib): {len(items)} annotations in {len(expected['documents'])} documents match, selectors in code points")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
