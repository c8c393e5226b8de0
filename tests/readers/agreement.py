"""Reference agreement figures for tests/agreement.rs, per code point.

Reads a JSON list of project summaries (themes, documents with text, spans and done
annotators, an optional selection) and prints, as a JSON list, the report
`marginalia agree --format json` prints, computed the slow, obvious way:
one item per code point (Python str indices) and theme, with
scikit-learn's cohen_kappa_score, statsmodels' fleiss_kappa and the
krippendorff package's alpha(level_of_measurement="nominal"). Span F1
uses sets for exact matching and scipy's maximum_bipartite_matching for
overlap matching.
"""

import itertools
import json
import math
import sys
import warnings

import krippendorff
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

warnings.filterwarnings("ignore")


def finite(x):
    x = float(x)
    return x if math.isfinite(x) else None


def select(project):
    sel_ann = project.get("annotators") or []
    sel_docs = project.get("documents") or []
    docs = [d for d in project["docs"] if not sel_docs or d["id"] in sel_docs]
    if sel_ann:
        annotators = sorted(set(sel_ann))
    else:
        annotators = sorted({s["annotator"] for d in docs for s in d["spans"]})
    if not sel_docs:
        docs = [
            d
            for d in docs
            if all(
                any(s["annotator"] == a for s in d["spans"]) or a in d["done"]
                for a in annotators
            )
        ]
    return annotators, docs


def vectors(annotators, docs, theme):
    """Per annotator, the 0/1 value of every code point of every document."""
    out = {}
    for a in annotators:
        values = []
        for d in docs:
            v = [0] * len(d["text"])
            for s in d["spans"]:
                if s["annotator"] == a and s["theme"] == theme:
                    for i in range(s["start"], s["end"]):
                        v[i] = 1
            values.extend(v)
        out[a] = values
    return out


def spans_of(a, docs, themes):
    return {
        (d["id"], s["start"], s["end"], s["theme"])
        for d in docs
        for s in d["spans"]
        if s["annotator"] == a and s["theme"] in themes
    }


def overlap_matches(sa, sb):
    sa, sb = sorted(sa), sorted(sb)
    if not sa or not sb:
        return 0
    rows, cols = [], []
    for i, (d, s, e, t) in enumerate(sa):
        for j, (d2, s2, e2, t2) in enumerate(sb):
            if d == d2 and t == t2 and s < e2 and s2 < e:
                rows.append(i)
                cols.append(j)
    if not rows:
        return 0
    graph = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sa), len(sb)))
    match = maximum_bipartite_matching(graph, perm_type="column")
    return int((match >= 0).sum())


def measures(annotators, vecs, docs, themes):
    pairs = list(itertools.combinations(annotators, 2))
    key = lambda a, b: f"{a}|{b}"
    m = {"cohen_kappa": {}, "f1_exact": {}, "f1_overlap": {}}
    for a, b in pairs:
        m["cohen_kappa"][key(a, b)] = (
            finite(cohen_kappa_score(vecs[a], vecs[b])) if vecs[a] else None
        )
        sa, sb = spans_of(a, docs, themes), spans_of(b, docs, themes)
        total = len(sa) + len(sb)
        m["f1_exact"][key(a, b)] = 2 * len(sa & sb) / total if total else None
        m["f1_overlap"][key(a, b)] = (
            2 * overlap_matches(sa, sb) / total if total else None
        )
    n = len(annotators)
    items = len(vecs[annotators[0]]) if annotators else 0
    if n >= 2 and items:
        data = np.array([vecs[a] for a in annotators])  # coders x units
        ones = data.sum(axis=0)
        table = np.stack([n - ones, ones], axis=1)
        m["fleiss_kappa"] = finite(fleiss_kappa(table, method="fleiss"))
        try:
            m["krippendorff_alpha"] = finite(
                krippendorff.alpha(
                    reliability_data=data, level_of_measurement="nominal"
                )
            )
        except ValueError:
            m["krippendorff_alpha"] = None
    else:
        m["fleiss_kappa"] = None
        m["krippendorff_alpha"] = None
    return m


def report_of(project):
    annotators, docs = select(project)
    report = {
        "annotators": annotators,
        "documents": [d["id"] for d in docs],
        "themes": {},
    }
    pooled = {a: [] for a in annotators}
    for theme in project["themes"]:
        vecs = vectors(annotators, docs, theme)
        for a in annotators:
            pooled[a].extend(vecs[a])
        report["themes"][theme] = measures(annotators, vecs, docs, {theme})
    report["overall"] = measures(annotators, pooled, docs, set(project["themes"]))
    return report


def main():
    """The argument is a JSON list of projects; prints a list of reports."""
    with open(sys.argv[1], encoding="utf-8") as f:
        projects = json.load(f)
    json.dump([report_of(p) for p in projects], sys.stdout)


if __name__ == "__main__":
    main()
