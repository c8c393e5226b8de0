"""Reads a Marginalia CoNLL export with seqeval and checks every chunk.

    python tests/readers/conll.py OUT_FILE EXPECTED_JSON

The file: `# columns: token LABEL...`, then per document `-DOCSTART- ID`,
sentences of `TOKEN<tab>TAG...` lines separated by blank lines. For each
theme column and each sentence, seqeval's get_entities gives the chunks.

Tokens carry no offsets, so the script places them itself: each token must
be the next non-white-space text of the document (and together they must
be all of it). From the expected spans it then predicts each column's
chunks by the export's documented rules, independently of the exporter:
a span tags the tokens it overlaps, spans of one theme sharing a token
become one chunk, and a chunk is split where a sentence ends. seqeval's
chunks must be exactly the predicted ones, and every span that fits token
boundaries and was not merged must be a chunk whose tokens are its text
without white space (a split one: its pieces, in order). Tags must also be
strict IOB2 (seqeval itself lets an I- after O start a chunk).
"""

import json
import sys

from seqeval.metrics.sequence_labeling import get_entities


def fail(msg):
    print(f"conll: {msg}")
    sys.exit(1)


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    header = lines[0]
    if not header.startswith("# columns: token "):
        fail(f"first line is {header!r}")
    columns = header[len("# columns: token ") :].split(" ")
    docs, sentence = [], []
    for n, line in enumerate(lines[1:], start=2):
        if line.startswith("-DOCSTART- "):
            if sentence:
                fail(f"line {n}: document starts inside a sentence")
            docs.append((line[len("-DOCSTART- ") :], []))
        elif line == "":
            if sentence:
                docs[-1][1].append(sentence)
                sentence = []
        else:
            fields = line.split("\t")
            if len(fields) != len(columns) + 1:
                fail(f"line {n}: {len(fields)} fields, expected {len(columns) + 1}")
            sentence.append(fields)
    if sentence:
        fail("the last sentence has no blank line after it")
    return columns, docs


def place(text, tokens):
    """Code-point offsets of each token, in order, skipping white space."""
    pos, out = 0, []
    for tok in tokens:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith(tok, pos):
            fail(f"token {tok!r} is not the next text at {pos}: {text[pos:pos + 20]!r}")
        out.append((pos, pos + len(tok)))
        pos += len(tok)
    if text[pos:].strip():
        fail(f"text left after the last token: {text[pos:]!r}")
    return out


def predict(spans, offsets, sentence_of):
    """Chunks (first, last+1 token) the rules give, and what befell each span."""
    ranges = []
    for s in spans:
        idx = [i for i, (a, b) in enumerate(offsets) if a < s["end"] and s["start"] < b]
        if idx:
            ranges.append((idx[0], idx[-1] + 1, s))
    ranges.sort(key=lambda r: (r[0], r[1]))
    chunks, fate = set(), {}
    k = 0
    while k < len(ranges):
        lo, hi = ranges[k][0], ranges[k][1]
        j = k + 1
        while j < len(ranges) and ranges[j][0] < hi:
            hi = max(hi, ranges[j][1])
            j += 1
        start = lo
        for t in range(lo + 1, hi + 1):
            if t == hi or sentence_of[t] != sentence_of[t - 1]:
                chunks.add((start, t))
                start = t
        for a, b, s in ranges[k:j]:
            fate[id(s)] = (a, b, j - k > 1)
        k = j
    return chunks, fate


def main(out, expected_path):
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    columns, docs = read(out)
    labels = [t["label"] for t in expected["themes"]]
    names = ["_".join(l.split()) if l.split() else l for l in labels]
    if columns[: len(names)] != names:
        fail(f"columns {columns}, expected {names}")
    if [d for d, _ in docs] != ["_".join(d["id"].split()) for d in expected["documents"]]:
        fail(f"documents {[d for d, _ in docs]}")

    n_chunks = exact = split = merged = widened = 0
    for (doc_id, sentences), doc in zip(docs, expected["documents"]):
        tokens = [f[0] for s in sentences for f in s]
        offsets = place(doc["text"], tokens)
        sentence_of = [i for i, s in enumerate(sentences) for _ in s]
        first = [sum(len(s) for s in sentences[:i]) for i in range(len(sentences))]
        for c, (label, name) in enumerate(zip(labels, names)):
            got = set()
            for i, s in enumerate(sentences):
                # seqeval is lenient (an I- after O starts a chunk); IOB2 is not.
                prev = "O"
                for f in s:
                    tag = f[c + 1]
                    if tag not in ("O", f"B-{name}", f"I-{name}"):
                        fail(f"{doc_id}: tag {tag!r} in column {name!r}")
                    if tag.startswith("I-") and prev == "O":
                        fail(f"{doc_id} {name}: {f[0]!r} is I- after O (not IOB2)")
                    prev = tag
                for typ, a, b in get_entities([f[c + 1] for f in s]):
                    if typ != name:
                        fail(f"{doc_id}: chunk of type {typ!r} in column {name!r}")
                    got.add((first[i] + a, first[i] + b + 1))
            spans = [s for s in doc["spans"] if s["label"] == label]
            want, fate = predict(spans, offsets, sentence_of)
            if got != want:
                fail(f"{doc_id} {name}: seqeval chunks {sorted(got)}, the rules give {sorted(want)}")
            n_chunks += len(got)
            for s in spans:
                if id(s) not in fate:
                    continue  # only white space: no token
                a, b, was_merged = fate[id(s)]
                fits = offsets[a][0] == s["start"] and offsets[b - 1][1] == s["end"]
                if was_merged:
                    merged += 1
                    continue
                if not fits:
                    widened += 1
                    continue
                pieces = sorted(ch for ch in got if a <= ch[0] and ch[1] <= b)
                if (pieces[0][0], pieces[-1][1]) != (a, b):
                    fail(f"{doc_id} {name}: span {s['text']!r} is not covered by chunks {pieces}")
                texts = ["".join(tokens[x:y]) for x, y in pieces]
                if "".join(texts) != "".join(s["text"].split()):
                    fail(f"{doc_id} {name}: chunks {texts} are not the span {s['text']!r}")
                if len(pieces) == 1:
                    exact += 1
                else:
                    split += 1
    print(
        f"seqeval read {n_chunks} chunks in {len(columns)} columns of {len(docs)} documents; "
        f"{exact} spans exact, {split} split at sentence ends, {merged} merged, "
        f"{widened} widened to tokens, as the rules predict"
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
