"""Reference reader check for the refi-qda export.

    python tests/readers/refi-qda.py OUT EXPECTED_JSON

OUT is a .qdpx project or (with --codebook-only) a .qdc codebook. The XML is
validated and decoded by xmlschema against the REFI-QDA standard's own
schemas (Project.xsd / Codebook.xsd, next to this script). For a project,
every expected span must be a PlainTextSelection whose startPosition and
endPosition (code points, Python str indices) slice the source's plain text
file, read from the archive, to the span's text, coded with the theme's code,
created by the annotator's User and described by the note. Every theme must
be a code with the theme's colour. Prints one summary line; exits 1 on any
mismatch.
"""

import json
import os
import sys
import zipfile

import xmlschema

HERE = os.path.dirname(os.path.abspath(__file__))


def as_list(value):
    """xmlschema decodes a single child as a dict and repeated ones as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def local(d, name):
    """The value of child `name` whatever prefix xmlschema gave it."""
    for key, value in d.items():
        if key == name or key.split(":")[-1] == name:
            return value
    return None


def check_codes(codes, themes, problems):
    by_name = {}

    def walk(code):
        by_name[code["@name"]] = code
        for child in as_list(local(code, "Code")):
            walk(child)

    for code in as_list(local(codes, "Code")):
        walk(code)
    for theme in themes:
        code = by_name.get(theme["label"])
        if code is None:
            problems.append(f"theme {theme['label']!r} is not a code")
        elif code.get("@color", "").lower() != theme["color"].lower():
            problems.append(
                f"code {theme['label']!r} has colour {code.get('@color')!r}, "
                f"not {theme['color']!r}"
            )
    return by_name


def check_codebook(path, expected, problems):
    schema = xmlschema.XMLSchema(os.path.join(HERE, "Codebook.xsd"))
    schema.validate(path)
    book = schema.to_dict(path)
    by_name = check_codes(local(book, "Codes"), expected["themes"], problems)
    return f"{len(by_name)} codes valid against Codebook.xsd"


def check_project(path, expected, problems):
    schema = xmlschema.XMLSchema(os.path.join(HERE, "Project.xsd"))
    with zipfile.ZipFile(path) as z:
        qde = z.read("project.qde").decode("utf-8")
        schema.validate(qde)
        project = schema.to_dict(qde)
        users = {
            u["@guid"]: u.get("@name")
            for u in as_list(local(local(project, "Users") or {}, "User"))
        }
        codes = check_codes(
            local(local(project, "CodeBook"), "Codes"), expected["themes"], problems
        )
        code_names = {c["@guid"]: name for name, c in codes.items()}
        sources = as_list(local(local(project, "Sources"), "TextSource"))
        by_name = {s["@name"]: s for s in sources}
        spans = 0
        for doc in expected["documents"]:
            source = by_name.get(doc["title"])
            if source is None:
                problems.append(f"no TextSource named {doc['title']!r}")
                continue
            entry = source["@plainTextPath"]
            if not entry.startswith("internal://"):
                problems.append(f"{doc['id']}: plainTextPath {entry!r} is not internal")
                continue
            text = z.read("sources/" + entry[len("internal://"):]).decode("utf-8")
            if text != doc["text"]:
                problems.append(f"{doc['id']}: the source text differs")
                continue
            selections = as_list(local(source, "PlainTextSelection"))
            found = []
            for sel in selections:
                start, end = int(sel["@startPosition"]), int(sel["@endPosition"])
                for coding in as_list(local(sel, "Coding")):
                    found.append(
                        (
                            start,
                            end,
                            text[start:end],
                            code_names.get(local(coding, "CodeRef")["@targetGUID"]),
                            users.get(sel.get("@creatingUser"), ""),
                            local(sel, "Description") or "",
                        )
                    )
            for span in doc["spans"]:
                want = (
                    span["start"],
                    span["end"],
                    span["text"],
                    span["label"],
                    span["annotator"],
                    span["note"],
                )
                if want in found:
                    found.remove(want)
                    spans += 1
                else:
                    problems.append(f"{doc['id']}: no selection {want!r}")
            for extra in found:
                problems.append(f"{doc['id']}: unexpected selection {extra!r}")
    return (
        f"{spans} selections in {len(sources)} sources slice their text; "
        f"project.qde valid against Project.xsd"
    )


def main():
    out, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    problems = []
    try:
        if out.lower().endswith(".qdc"):
            summary = check_codebook(out, expected, problems)
        else:
            summary = check_project(out, expected, problems)
    except (xmlschema.XMLSchemaException, KeyError, zipfile.BadZipFile) as e:
        reason = getattr(e, "reason", None) or e
        where = getattr(e, "path", None) or ""
        print(f"refi-qda: {type(e).__name__} {where}: {reason}")
        return 1
    if problems:
        for p in problems:
            print(p)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
