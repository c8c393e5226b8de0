"""Reads a Marginalia doccano export the way doccano's editor counts, and
checks every span.

    python tests/readers/doccano.py OUT_FILE EXPECTED_JSON

doccano is a web application, not a library: its importer keeps `text` and
`label` of each JSON line (other keys become the example's metadata), and
its editor, written in JavaScript, slices the text in UTF-16 code units.
So this script is the reader, with the standard library only: each
`[start, end, label]` triple is sliced as
`text.encode('utf-16-le')[2*start:2*end].decode('utf-16-le')` (a slice that
splits a surrogate pair fails to decode, as it would draw half a glyph),
and must give exactly the expected span's text, which is `text[s:e]` in
code points. The triples must be exactly the expected spans (one per range
and label), and the offsets must differ from the code points wherever an
astral character (emoji) comes before them, so the check is not vacuous.
"""

import json
import sys


def fail(msg):
    print(f"doccano: {msg}")
    sys.exit(1)


def utf16_slice(text, start, end):
    data = text.encode("utf-16-le")
    if not (0 <= start < end <= len(data) // 2):
        fail(f"{start}..{end} is outside the text ({len(data) // 2} UTF-16 units)")
    try:
        return data[2 * start : 2 * end].decode("utf-16-le")
    except UnicodeDecodeError as e:
        fail(f"{start}..{end} splits a surrogate pair: {e}")


def main(out, expected_path):
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    with open(out, encoding="utf-8", newline="") as f:
        raw = f.read()
    if "\r" in raw.replace("\\r", ""):
        fail("the file has a raw carriage return")
    lines = [json.loads(line) for line in raw.split("\n") if line.strip()]
    by_id = {line["id"]: line for line in lines}
    if sorted(by_id) != sorted(d["id"] for d in expected["documents"]):
        fail(f"documents {sorted(by_id)} != expected {[d['id'] for d in expected['documents']]}")

    spans = shifted = relations = 0
    for want in expected["documents"]:
        line = by_id[want["id"]]
        text = line["text"]
        if text != want["text"]:
            fail(f"{want['id']}: text differs")
        got = {}
        # A relation project's line has entities with ids (and relations)
        # in place of label triples.
        if "entities" in line:
            triples = [
                (e["start_offset"], e["end_offset"], e["label"]) for e in line["entities"]
            ]
        else:
            triples = line["label"]
        for triple in triples:
            if len(triple) != 3:
                fail(f"{want['id']}: {triple!r} is not [start, end, label]")
            start, end, label = triple
            got[(start, end, label)] = utf16_slice(text, start, end)
        wanted = {}
        for s in want["spans"]:
            if text[s["start"] : s["end"]] != s["text"]:
                fail(f"{want['id']}: expected span {s['start']}..{s['end']} does not slice its text")
            start = len(text[: s["start"]].encode("utf-16-le")) // 2
            end = len(text[: s["end"]].encode("utf-16-le")) // 2
            wanted[(start, end, s["label"])] = s["text"]
            if (start, end) != (s["start"], s["end"]):
                shifted += 1
        if got != wanted:
            fail(f"{want['id']}: spans {sorted(got.items())} != expected {sorted(wanted.items())}")
        spans += len(got)
        relations += check_relations(want, line)
    if shifted == 0:
        fail("no span follows an astral character; the check proves nothing")
    print(
        f"{len(lines)} docs, {spans} spans slice back in UTF-16 units "
        f"({shifted} of them at offsets that differ from code points); "
        f"{relations} relations join entities that slice back to the same spans"
    )


def check_relations(want, line):
    """Each relation's from_id and to_id name entities of its line, which
    slice (in UTF-16 units) to the texts of the expected relation's ends,
    under the type's label. doccano's relations all have a direction: an
    undirected one goes from the earlier span, as the project stores it."""
    entities = {e["id"]: e for e in line.get("entities", [])}
    got = []
    for r in line.get("relations", []):
        ends = []
        for key in ("from_id", "to_id"):
            e = entities.get(r[key])
            if e is None:
                fail(f"{want['id']}: relation {r['id']}: {key} {r[key]} is no entity of the line")
            ends.append((utf16_slice(line["text"], e["start_offset"], e["end_offset"]), e["label"]))
        got.append((ends[0], ends[1], r["type"]))
    wanted = [
        ((r["from"]["text"], r["from"]["label"]), (r["to"]["text"], r["to"]["label"]), r["type"])
        for r in want.get("relations", [])
    ]
    if sorted(got) != sorted(wanted):
        fail(f"{want['id']}: relations {sorted(got)} != expected {sorted(wanted)}")
    return len(got)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
