"""Reads a Marginalia WebAnno TSV 3.3 export with an independent parser
written from the format's specification (the "WebAnno TSV 3.3" appendix of
the INCEpTION user guide), and checks it against the expected spans.

    python tests/readers/webanno-tsv.py OUT_FOLDER EXPECTED_JSON

No maintained Python reader of TSV 3.3 exists on PyPI, so this script is the
reader. Like INCEpTION's, it rebuilds each document's text from the `#Text=`
lines (a line break after each sentence, padded with spaces up to the next
sentence's first offset), and each span from the rows that carry it: a value
without disambiguation id is a span of its own row; rows sharing an id `[n]`
make one span from the first row's begin to the last row's end. Offsets are
UTF-16 code units.

Every expected span must come back with the same offsets, text (sliced from
the rebuilt text), label, note and annotator, except what the export reports
and this script expects the same way: a span that starts or ends in white
space is narrowed to its non-white-space part, and one in white space only is
left out. Sentence texts and token columns must slice the expected text at
their own offsets.
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

LAYER = "webanno.custom.Theme"
FEATURES = ["value", "note", "annotator"]
RELATION_LAYER = "webanno.custom.Relation"

TEXT_ESCAPES = {"t": "\t", "n": "\n", "f": "\f", "r": "\r", "b": "\b", "\\": "\\"}


def unescape_text(s):
    """`#Text=` escapes: \\t \\n \\f \\r \\b \\\\, and a backslash before a
    raw control character."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            out.append(TEXT_ESCAPES.get(nxt, nxt if ord(nxt) < 32 else "\\" + nxt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def unescape_value(s):
    """Feature-value escapes: a backslash before \\ [ ] | _ ; * and ->, and
    \\t \\n."""
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            if nxt == "-" and s[i + 2 : i + 3] == ">":
                out.append("->")
                i += 3
                continue
            out.append({"t": "\t", "n": "\n"}.get(nxt, nxt))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def split_stack(cell):
    """Splits a column at `|` not escaped by a backslash."""
    parts, cur, escaped = [], [], False
    for c in cell:
        if c == "|" and not escaped:
            parts.append("".join(cur))
            cur = []
            continue
        escaped = c == "\\" and not escaped
        cur.append(c)
    parts.append("".join(cur))
    return parts


ID_RE = re.compile(r"^(.*)\[(\d+)\]$", re.S)


def parse(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines[0] != "#FORMAT=WebAnno TSV 3.3":
        raise ValueError(f"{path.name}: line 1 is {lines[0]!r}")
    layers = []
    i = 1
    while lines[i].startswith("#T_"):
        layers.append(lines[i])
        i += 1
    want = f"#T_SP={LAYER}|" + "|".join(FEATURES)
    relation_layer = f"#T_RL={RELATION_LAYER}|" + "|".join(FEATURES) + f"|BT_{LAYER}"
    if layers not in ([want], [want, relation_layer]):
        raise ValueError(f"{path.name}: layers {layers!r}, expected [{want!r}] (and the relation layer)")
    with_relations = len(layers) == 2
    if lines[i : i + 2] != ["", ""]:
        raise ValueError(f"{path.name}: expected two empty lines after the header")

    sentences = []  # (first token begin, sentence text)
    tokens = []  # (begin, end, token text) of tokens and sub-tokens
    spans = []  # [begin, end, value, note, annotator]
    by_id = {}
    text_lines = []
    on_row = {}  # row address -> the spans on that row
    raw_relations = []  # (line, target row, cells)
    for n, line in enumerate(lines[i + 2 :], start=i + 3):
        if line == "":
            continue
        if line.startswith("#Text="):
            text_lines.append(unescape_text(line[len("#Text=") :]))
            continue
        fields = line.split("\t")
        if len(fields) < 3 + len(FEATURES) or not re.fullmatch(
            r"\d+-\d+(\.\d+)?", fields[0]
        ):
            raise ValueError(f"{path.name}: line {n}: not a token row: {line!r}")
        begin, end = (int(x) for x in fields[1].split("-"))
        if text_lines:
            sentences.append((begin, "\n".join(text_lines)))
            text_lines = []
        tokens.append((begin, end, fields[2]))
        on_row[fields[0]] = []
        if with_relations:
            cells = [split_stack(c) for c in fields[3 + len(FEATURES) : 4 + 2 * len(FEATURES)]]
            if len(cells) != len(FEATURES) + 1:
                raise ValueError(f"{path.name}: line {n}: no relation columns")
            if cells[0] != ["_"]:
                raw_relations.append((n, fields[0], cells))
        columns = [split_stack(c) for c in fields[3 : 3 + len(FEATURES)]]
        if columns[0] == ["_"]:
            if any(c != ["_"] for c in columns):
                raise ValueError(f"{path.name}: line {n}: `_` in some columns only")
            continue
        if len({len(c) for c in columns}) != 1:
            raise ValueError(f"{path.name}: line {n}: stacks of different heights")
        for k in range(len(columns[0])):
            ident, values = None, []
            for col in columns:
                v = col[k]
                m = ID_RE.match(v)
                trailing = len(m.group(1)) - len(m.group(1).rstrip("\\")) if m else 0
                if m and trailing % 2 == 0:  # an odd count escapes the `[`
                    v, ident = m.group(1), int(m.group(2))
                values.append("" if v == "*" else unescape_value(v))
            if ident is not None and ident in by_id:
                span = by_id[ident]
                if span[2:] != values:
                    raise ValueError(f"{path.name}: line {n}: [{ident}] changes values")
                span[1] = end
            else:
                span = [begin, end, *values]
                spans.append(span)
                if ident is not None:
                    by_id[ident] = span
            on_row[fields[0]].append(span)
    relations = resolve_relations(path, raw_relations, on_row, by_id)
    return sentences, tokens, spans, relations


ADDRESS_RE = re.compile(r"^(\d+-\d+(?:\.\d+)?)(?:\[(\d+)_(\d+)\])?$")


def resolve_relations(path, raw, on_row, by_id):
    """Each relation cell stack on a row: the target is the span on that row
    (by its id, when the address says `[SRC_TGT]` with TGT not 0), the
    source the span on the addressed row (by SRC likewise); a span without
    id is the only one on its row. Returns (source, target, value, note,
    annotator) with the spans as parsed."""
    first_row = {}
    for row_id, spans in on_row.items():  # rows in file order
        for span in spans:
            first_row.setdefault(id(span), row_id)
    out = []
    for n, row, cells in raw:
        if len({len(c) for c in cells}) != 1:
            raise ValueError(f"{path.name}: line {n}: relation stacks of different heights")
        for k in range(len(cells[0])):
            m = ADDRESS_RE.match(cells[-1][k])
            if not m:
                raise ValueError(f"{path.name}: line {n}: bad source address {cells[-1][k]!r}")
            source_row, src, tgt = m.group(1), int(m.group(2) or 0), int(m.group(3) or 0)

            def end(row_id, ident, what):
                if ident:
                    if ident not in by_id:
                        raise ValueError(f"{path.name}: line {n}: {what} [{ident}] is no span")
                    return by_id[ident]
                spans = on_row.get(row_id)
                if spans is None or len(spans) != 1:
                    raise ValueError(
                        f"{path.name}: line {n}: {what} on row {row_id} is ambiguous "
                        f"without an id ({0 if spans is None else len(spans)} spans there)"
                    )
                return spans[0]

            source, target = end(source_row, src, "source"), end(row, tgt, "target")
            if on_row[row][0] is not target and target not in on_row[row]:
                raise ValueError(f"{path.name}: line {n}: relation is not on a row of its target")
            if first_row.get(id(target)) != row:
                raise ValueError(f"{path.name}: line {n}: relation is not on its target's first row")
            values = ["" if c[k] == "*" else unescape_value(c[k]) for c in cells[:-1]]
            out.append((source, target, *values))
    return out



def rebuild(sentences):
    """The document text as INCEpTION's reader rebuilds it, in UTF-16 units."""
    units = []
    for begin, text in sentences:
        if len(units) > begin:
            units.pop()  # no room for the line break after the previous one
        units.extend([ord(" ")] * (begin - len(units)))
        units.extend(utf16(text + "\n"))
    return units


def utf16(s):
    b = s.encode("utf-16-le")
    return [int.from_bytes(b[i : i + 2], "little") for i in range(0, len(b), 2)]


def from_utf16(units):
    return b"".join(u.to_bytes(2, "little") for u in units).decode("utf-16-le")


def is_ws(c):
    # Unicode White_Space (Python's isspace also counts U+001C..U+001F).
    return c.isspace() and c not in "\x1c\x1d\x1e\x1f"


def file_stem(doc_id):
    s = "".join(
        "_"
        if c in '/\\:*?"<>|' or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F
        else c
        for c in doc_id
    )
    return "_" + s if s in ("", ".", "..") else s


def stems(ids):
    used, out = set(), []
    for doc_id in ids:
        base = stem = file_stem(doc_id)
        n = 1
        while stem.lower() in used:
            n += 1
            stem = f"{base}-{n}"
        used.add(stem.lower())
        out.append(stem)
    return out


def main(out, expected_path):
    out = Path(out)
    expected = json.loads(Path(expected_path).read_text(encoding="utf-8"))
    docs = expected["documents"]
    problems, notes = [], []
    checked = narrowed = left_out = relation_count = 0
    names = [s + ".tsv" for s in stems(d["id"] for d in docs)]
    unexpected = {p.name for p in out.glob("*.tsv")} - set(names)
    if unexpected:
        problems.append(f"unexpected files: {sorted(unexpected)}")
    for doc, name in zip(docs, names):
        path = out / name
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        try:
            sentences, tokens, spans, relations = parse(path)
        except ValueError as e:
            problems.append(str(e))
            continue
        text = doc["text"]
        units = utf16(text)
        for begin, s in sentences:
            if from_utf16(units[begin : begin + len(utf16(s))]) != s:
                problems.append(f"{name}: sentence at {begin} is not the text there: {s!r}")
        for begin, end, tok in tokens:
            if from_utf16(units[begin:end]) != tok:
                problems.append(f"{name}: token {begin}-{end} {tok!r} is not the text there")
        rebuilt = rebuild(sentences)
        rebuilt_text = from_utf16(rebuilt)
        same_text = rebuilt_text in (text, text + "\n")
        if not same_text:
            notes.append(f"{name}: white space between sentences differs")

        def norm(s):
            return s if same_text else " ".join(s.split())

        got = Counter(
            (b, e, norm(from_utf16(rebuilt[b:e])), v, note, who)
            for b, e, v, note, who in spans
        )
        want = Counter()
        for s in doc["spans"]:
            start, end = s["start"], s["end"]
            while start < end and is_ws(text[start]):
                start += 1
            while end > start and is_ws(text[end - 1]):
                end -= 1
            if start == end:
                left_out += 1
                continue
            if (start, end) != (s["start"], s["end"]):
                narrowed += 1
            b = len(utf16(text[:start]))
            e = b + len(utf16(text[start:end]))
            want[(b, e, norm(text[start:end]), s["label"], s["note"], s["annotator"])] += 1
        for key in (want - got).elements():
            problems.append(f"{name}: expected span not found: {key}")
        for key in (got - want).elements():
            problems.append(f"{name}: unexpected span: {key}")
        checked += sum(want.values())

        def key(span):
            return (span[0], span[1], span[2])

        def expected_end(end):
            b = len(utf16(text[: end["start"]]))
            return (b, b + len(utf16(end["text"])), end["label"])

        got_rel = Counter((key(a), key(b), v, note, who) for a, b, v, note, who in relations)
        want_rel = Counter(
            (expected_end(r["from"]), expected_end(r["to"]), r["type"], r["note"], r["annotator"])
            for r in doc.get("relations", [])
        )
        if got_rel != want_rel:
            problems.append(f"{name}: relations {sorted(got_rel)} != expected {sorted(want_rel)}")
        relation_count += sum(got_rel.values())

    if problems:
        print("\n".join(problems))
        return 1
    extra = "".join(f"; {n}" for n in notes)
    if narrowed or left_out:
        extra += f"; {narrowed} narrowed and {left_out} left out, as reported"
    print(
        f"TSV 3.3 parser read {len(docs)} documents and {checked} spans with the same "
        f"UTF-16 offsets, text, labels, notes and annotators{extra}; "
        f"{relation_count} relations join the same spans"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
