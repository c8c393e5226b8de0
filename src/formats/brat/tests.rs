//! Tests of the brat export and import.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::*;
use crate::formats::{ExportFile, Imported, fixture, import};
use crate::model::{Color, Edit, Project, Span, Theme};

/// Spans by document and offsets: (label, note).
fn by_label(imported: &Imported) -> BTreeMap<(String, usize, usize), (String, String)> {
    imported
        .documents
        .iter()
        .flat_map(|d| {
            d.spans.iter().map(move |s| {
                (
                    (d.id.clone(), s.start, s.end),
                    (s.label.clone(), s.note.clone()),
                )
            })
        })
        .collect()
}

fn export_fixture(p: &Project) -> (Vec<ExportFile>, crate::formats::ExportReport) {
    fixture::export_default(p, crate::formats::Format::Brat)
}

fn file<'a>(files: &'a [ExportFile], name: &str) -> &'a str {
    let f = files
        .iter()
        .find(|f| f.path == Path::new(name))
        .unwrap_or_else(|| panic!("no {name}"));
    std::str::from_utf8(&f.bytes).unwrap()
}

fn write(dir: &Path, files: &[ExportFile]) {
    crate::formats::write_export(files, dir, true).unwrap();
}

/// Every T line, parsed independently: (type, fragments, text column).
/// (type, fragments, text column) of a `T` line.
type TLine = (String, Vec<(usize, usize)>, String);

fn t_lines(ann: &str) -> Vec<TLine> {
    ann.lines()
        .filter(|l| l.starts_with('T'))
        .map(|l| {
            let cols: Vec<&str> = l.splitn(3, '\t').collect();
            let mut head = cols[1].splitn(2, ' ');
            let ty = head.next().unwrap().to_owned();
            let frags = head
                .next()
                .unwrap()
                .split(';')
                .map(|f| {
                    let (a, b) = f.split_once(' ').unwrap();
                    (a.parse().unwrap(), b.parse().unwrap())
                })
                .collect();
            (ty, frags, cols[2].to_owned())
        })
        .collect()
}

#[test]
fn offsets_are_code_points_and_fragments_stop_at_line_breaks() {
    let p = fixture::project();
    let (files, _) = export_fixture(&p);
    for d in p.documents() {
        let txt = file(&files, &format!("{}.txt", d.id));
        assert_eq!(txt, d.text().as_str());
        let chars: Vec<char> = txt.chars().collect();
        let lines = t_lines(file(&files, &format!("{}.ann", d.id)));
        assert_eq!(lines.len(), d.spans().len());
        for ((_, frags, column), s) in lines.iter().zip(d.spans().spans()) {
            let pieces: Vec<String> = frags
                .iter()
                .map(|&(a, b)| chars[a..b].iter().collect())
                .collect();
            assert_eq!(&pieces.join(" "), column);
            assert!(pieces.iter().all(|p| !p.is_empty() && !p.contains('\n')));
            assert_eq!(frags[0].0, s.start);
            assert_eq!(frags[frags.len() - 1].1, s.end);
            let joined: String = chars[s.start..s.end].iter().collect();
            assert_eq!(joined.replace('\n', " "), *column);
        }
    }
    let ann = file(&files, "statement.ann");
    assert!(ann.contains("T2\tHealth 22 36;37 43\tministers met. Health\n"));
    assert!(ann.contains("#1\tAnnotatorNotes T2\tcrosses a \"line\" break\\nand has two lines\n"));
    assert!(file(&files, "visual.conf").contains("Health\tbgColor:#2ea043\n"));
}

#[test]
fn only_annotators_are_reported_for_the_fixture() {
    let (_, report) = export_fixture(&fixture::project());
    let kinds: HashSet<_> = report.losses.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, HashSet::from(["annotator names are not carried"]));
    assert_eq!(report.losses.len(), 10);
}

#[test]
fn notes_escape_and_unescape() {
    for note in ["a\nb", "C:\\new\\n", "\\", "x\r\ny", "tab\there", ""] {
        let e = escape_note(note);
        assert!(!e.contains('\n') && !e.contains('\r'));
        assert_eq!(unescape_note(&e), note);
    }
    assert_eq!(unescape_note("C:\\temp\\"), "C:\\temp\\");
}

/// A project with awkward labels, spans that start or end on line
/// breaks, and a span of only a line break.
fn awkward() -> Project {
    let mut themes = crate::model::default_codebook();
    for (id, label) in [("kt", "Köln Trade"), ("kt2", "Köln-Trade"), ("k3", "Kö|ln")] {
        themes.push(Theme {
            id: id.into(),
            label: label.into(),
            color: Color::rgb(1, 2, 3),
            key: None,
            description: String::new(),
            parent: None,
            rules: Vec::new(),
        });
    }
    themes.push(Theme {
        id: "k4".into(),
        label: "K_ln_Trade".into(),
        color: Color::rgb(4, 5, 6),
        key: None,
        description: String::new(),
        parent: None,
        rules: Vec::new(),
    });
    let mut p = Project::new("a", themes);
    Edit::AddDocument {
        index: 0,
        document: Box::new(crate::model::Document::new("a/b", "A", "ab\n\ncd\nef")),
    }
    .apply(&mut p)
    .unwrap();
    for span in [
        Span::new(0, 2, "kt", "x"),
        Span::new(0, 6, "k4", "x"),
        Span::new(1, 3, "kt2", "x"),
        Span::new(3, 4, "k3", "x"),
        Span::new(6, 9, "health", "").with_note("\\n is not a newline"),
    ] {
        Edit::AddSpan {
            doc: "a/b".into(),
            span,
        }
        .apply(&mut p)
        .unwrap();
    }
    p
}

#[test]
fn labels_become_unique_types_and_edge_line_breaks_are_reported() {
    let p = awkward();
    let (files, report) = export_fixture(&p);
    let conf = file(&files, "annotation.conf");
    assert!(conf.contains("[entities]\nHealth\nSecurity\nICT\nTrade\nK_ln_Trade\nK_ln-Trade\nK__ln\nK_ln_Trade_2\n"), "{conf}");
    let visual = file(&files, "visual.conf");
    assert!(visual.contains("K_ln_Trade | Köln Trade\n"), "{visual}");
    assert!(visual.contains("K_ln_Trade_2 | K_ln_Trade\n"), "{visual}");
    assert!(visual.contains("K__ln | Kö/ln\n"), "{visual}");
    assert_eq!(
        file(&files, "a_b.ann"),
        "T1\tK_ln_Trade 0 2\tab\n\
         T2\tK_ln_Trade_2 0 2;4 6\tab cd\n\
         T3\tK_ln-Trade 1 2\tb\n\
         T4\tHealth 7 9\tef\n\
         #1\tAnnotatorNotes T4\t\\\\n is not a newline\n"
    );
    let kinds: Vec<_> = report
        .losses
        .iter()
        .filter(|l| l.kind != "annotator names are not carried")
        .map(|l| (l.kind, l.span.as_ref().unwrap().0))
        .collect();
    assert_eq!(
        kinds,
        [
            ("line breaks at the ends of a span are left out", 1),
            ("spans of only line breaks are not carried", 3),
            ("line breaks at the ends of a span are left out", 6),
            (
                "theme labels with \"|\" or control characters are changed",
                3
            ),
        ]
    );
    // Labels come back through visual.conf, "|" aside.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &files);
    let back = import(dir.path()).unwrap();
    let labels: Vec<_> = back.documents[0]
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str(), s.note.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            (0, 2, "Köln Trade", ""),
            (0, 6, "K_ln_Trade", ""),
            (1, 2, "Köln-Trade", ""),
            (7, 9, "Health", "\\n is not a newline"),
        ]
    );
    let themes: Vec<_> = back.themes.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(
        themes,
        [
            "Health",
            "Security",
            "ICT",
            "Trade",
            "Köln Trade",
            "Köln-Trade",
            "Kö/ln",
            "K_ln_Trade"
        ]
    );
    assert_eq!(back.themes[7].color, Some(Color::rgb(4, 5, 6)));
}

#[test]
fn round_trip_gives_back_spans_labels_notes_and_colours() {
    let p = fixture::project();
    let (files, _) = export_fixture(&p);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &files);
    let (imported, ignored) = import_counting(dir.path()).unwrap();
    assert!(ignored.is_empty());
    let mut back = Project::new("x", vec![]);
    let (edit, summary) = import::plan(&back, &[(dir.path().to_owned(), imported)], "me").unwrap();
    edit.apply(&mut back).unwrap();
    assert_eq!(summary.spans_added, 10);
    let key = |p: &Project| {
        let mut v: Vec<_> = p
            .documents()
            .iter()
            .flat_map(|d| {
                d.spans().spans().iter().map(|s| {
                    (
                        d.id.clone(),
                        d.text().as_str().to_owned(),
                        s.start,
                        s.end,
                        p.theme(&s.theme).unwrap().label.clone(),
                        s.note.clone(),
                    )
                })
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(key(&p), key(&back));
    for t in p.themes() {
        let u = back.find_theme(&t.label).unwrap();
        assert_eq!((u.color, &u.label), (t.color, &t.label));
    }
    // A single .ann or .txt reads its sibling.
    let one = import(&dir.path().join("second.txt")).unwrap();
    assert_eq!(one.documents.len(), 1);
    assert_eq!(one.documents[0].spans.len(), 2);
    assert_eq!(one, import(&dir.path().join("second.ann")).unwrap());
}

fn folder(txt: &str, ann: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.txt"), txt).unwrap();
    std::fs::write(dir.path().join("d.ann"), ann).unwrap();
    dir
}

#[test]
fn discontinuous_spans_join_over_white_space_and_split_otherwise() {
    let dir = folder(
        "ab\r\ncd ef gh",
        "T1\tX 0 2;4 6\tab cd\n\
         T2\tX 0 2;7 9\tab ef\n\
         #1\tAnnotatorNotes T2\tsee\n\
         R1\tRel Arg1:T1 Arg2:E1\n\
         E1\tEv:T1\n\
         A1\tNeg E1\n\
         N1\tReference T1 Wiki:1\tab\n\
         *\tEquiv T1 T2\n\
         #2\tAnnotatorNotes E1\tx\n",
    );
    let (imported, ignored) = import_counting(dir.path()).unwrap();
    assert_eq!(
        ignored,
        Ignored {
            relations: 1,
            events: 1,
            attributes: 1,
            normalizations: 1,
            equivalences: 1,
            other_notes: 1
        }
    );
    assert_eq!(
        ignored.to_string(),
        "1 relation, 1 event, 1 attribute, 1 normalisation, \
         1 equivalence, 1 other note not imported"
    );
    let got = by_label(&imported);
    let want: BTreeMap<_, _> = [
        ((0, 6), ""),
        ((0, 2), "see\n[brat T2: discontinuous, fragment 1 of 2]"),
        ((7, 9), "see\n[brat T2: discontinuous, fragment 2 of 2]"),
    ]
    .into_iter()
    .map(|((a, b), n)| (("d".to_owned(), a, b), ("X".to_owned(), n.to_owned())))
    .collect();
    assert_eq!(got, want);
    // The \r\n stays; the plan normalises it and moves the offsets.
    assert_eq!(imported.documents[0].text, "ab\r\ncd ef gh");
    let mut p = Project::new("x", vec![]);
    let (edit, _) = import::plan(&p, &[(dir.path().to_owned(), imported)], "me").unwrap();
    edit.apply(&mut p).unwrap();
    let d = &p.documents()[0];
    let texts = fixture::span_texts(d);
    assert_eq!(texts, ["ab", "ab\ncd", "ef"]);
}

#[test]
fn malformed_files_are_refused_with_the_line() {
    let cases = [
        (
            "hello",
            "T1\tX 0 5\thello\nT2 X 0 5 hello\n",
            "line 2",
            "tab",
        ),
        ("hello", "T1\tX 0 5 hello\n", "line 1", "no text column"),
        (
            "hello",
            "T1\tX 0 x\thello\n",
            "line 1",
            "\"x\" is not a whole number",
        ),
        (
            "hello",
            "T1\tX 0 9\thello\n",
            "line 1",
            "past the end of d.txt (5 code points)",
        ),
        (
            "hello",
            "T1\tX 3 1\thello\n",
            "line 1",
            "not before its end",
        ),
        (
            "hello",
            "T1\tX 0 5;\thello\n",
            "line 1",
            "expected START END",
        ),
        (
            "😀 hi!",
            "\n\nT1\tX 3 5\thi\n",
            "line 3",
            "select \"i!\" in d.txt but the line says \"hi\"",
        ),
        (
            "hello",
            "T1\tX 0 5\thello\nT1\tX 0 1\th\n",
            "line 2",
            "defined twice",
        ),
        ("hello", "#1\tAnnotatorNotes T7\tx\n", "line 1", "T7"),
        (
            "hello",
            "Q1\tX 0 5\thello\n",
            "line 1",
            "unknown annotation",
        ),
    ];
    for (txt, ann, line, says) in cases {
        let dir = folder(txt, ann);
        let e = import(dir.path()).unwrap_err();
        assert_eq!(e.position.as_deref(), Some(line), "{e}");
        assert!(e.file.ends_with("d.ann"), "{e}");
        assert!(e.message.contains(says), "{e}");
    }
    // Invalid UTF-8 in the text, with its byte.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.txt"), b"ok\r\n\xc3\xa9\xff").unwrap();
    std::fs::write(dir.path().join("d.ann"), "").unwrap();
    let e = import(dir.path()).unwrap_err();
    assert!(e.file.ends_with("d.txt"));
    assert_eq!(e.position.as_deref(), Some("line 2, column 2"));
    assert!(e.message.contains("offset 6"), "{e}");
    // A missing .txt, an empty folder, a wrong file.
    std::fs::remove_file(dir.path().join("d.txt")).unwrap();
    assert!(
        import(dir.path())
            .unwrap_err()
            .message
            .contains("no d.txt next to it")
    );
    std::fs::remove_file(dir.path().join("d.ann")).unwrap();
    assert!(import(dir.path()).unwrap_err().message.contains("no .ann"));
}

#[test]
fn conf_without_visual_labels_uses_types_and_short_colours() {
    // Also: a BOM and CRLF line ends in the .ann are fine.
    let dir = folder("hello", "\u{feff}T1\tPerson 0 5\thello\r\n\r\n");
    std::fs::write(
        dir.path().join("annotation.conf"),
        "[entities]\n!Abstract\n\tPerson\nPlace\n[relations]\nRel Arg1:Person, Arg2:Place\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("visual.conf"),
        "[labels]\nPlace | Geo place | GP\n[drawing]\nSPAN_DEFAULT\tfgColor:black, bgColor:lightgreen\n\
         Person\tfgColor:white, bgColor:#a0b\nPlace\tbgColor:yellow\n",
    )
    .unwrap();
    let got = import(dir.path()).unwrap();
    let themes: Vec<_> = got
        .themes
        .iter()
        .map(|t| (t.label.as_str(), t.color))
        .collect();
    assert_eq!(
        themes,
        [
            ("Person", Some(Color::rgb(0xaa, 0x00, 0xbb))),
            ("Geo place", None)
        ]
    );
    assert_eq!(got.documents[0].spans[0].label, "Person");
    assert_eq!(got.documents[0].spans[0].position, "d.ann, line 1");
}

/// (document, from text, to text, type label, note) of every relation.
fn relation_rows(p: &Project) -> Vec<(String, String, String, String, String)> {
    let mut rows: Vec<_> = p
        .documents()
        .iter()
        .flat_map(|d| {
            d.relations().iter().map(move |r| {
                let text =
                    |s: &crate::model::SpanRef| d.span_text(&s.to_span()).unwrap().to_owned();
                (
                    d.id.clone(),
                    text(&r.from),
                    text(&r.to),
                    p.relation_type(&r.kind).unwrap().label.clone(),
                    r.note.clone(),
                )
            })
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn relations_go_out_as_r_lines_with_their_types_and_come_back_between_the_same_spans() {
    let p = crate::formats::relations_fixture::project();
    let (files, report) = export_fixture(&p);
    let ann = file(&files, "statement.ann");
    assert!(
        ann.ends_with(
            "R1\tsame_topic Arg1:T1 Arg2:T8\n\
             R2\tcauses Arg1:T2 Arg2:T5\n\
             #4\tAnnotatorNotes R2\ta \"quoted\" note\\non two lines\n\
             R3\tcauses Arg1:T3 Arg2:T4\n"
        ),
        "{ann}"
    );
    // The span memo is a note of its own after the span's note.
    assert!(
        ann.contains(
            "AnnotatorNotes T6\tMemo \"Only part of a word\" (ana): Why \"e-com\" and not the whole word?\\nAsk bo.\n"
        ),
        "{ann}"
    );
    let conf = file(&files, "annotation.conf");
    assert!(
        conf.contains(
            "[relations]\ncauses\tArg1:<ENTITY>, Arg2:<ENTITY>\n\
             same_topic\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric\n"
        ),
        "{conf}"
    );
    assert!(file(&files, "visual.conf").contains("same_topic | same topic\n"));
    assert!(
        report
            .losses
            .iter()
            .filter(|l| l.kind.contains("relation"))
            .all(|l| l.kind == "relation annotators are not carried"),
        "{:?}",
        report.losses
    );

    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &files);
    let mut back = Project::new("back", Vec::new());
    let imported = import(dir.path()).unwrap();
    let (edit, summary) =
        crate::formats::import::plan(&back, &[(dir.path().to_owned(), imported)], "me").unwrap();
    edit.apply(&mut back).unwrap();
    assert_eq!(summary.relations_added, 4);
    assert_eq!(relation_rows(&back), relation_rows(&p));
    assert!(!back.relation_type("same-topic").unwrap().directed);
    assert!(back.relation_type("causes").unwrap().directed);
}

#[test]
fn a_malformed_r_line_or_one_to_a_missing_t_is_skipped_naming_its_line() {
    let dir = folder(
        "Paris is in France.",
        "T1\tPlace 0 5\tParis\n\
         T2\tPlace 12 18\tFrance\n\
         R1\tin Arg1:T1 Arg2:T2\n\
         R2\tin Arg1:T1\n\
         R3\tin Arg1:T1 Arg2:T9\n\
         R4\tin T1 T2\n\
         #1\tAnnotatorNotes R1\tcapital\n",
    );
    let (imported, ignored) = import_counting(dir.path()).unwrap();
    assert_eq!(ignored.relations, 3);
    assert_eq!(
        imported.warnings,
        [
            "d.ann, line 4: R2: expected TYPE Arg1:T… Arg2:T…, found \"in Arg1:T1\"; relation not imported",
            "d.ann, line 6: R4: expected TYPE Arg1:T… Arg2:T…, found \"in T1 T2\"; relation not imported",
            "d.ann, line 5: R3: T9 is not a T line of this file; relation not imported",
        ]
    );
    let d = &imported.documents[0];
    assert_eq!(d.spans.len(), 2);
    assert_eq!(d.relations.len(), 1);
    let r = &d.relations[0];
    assert_eq!(
        (r.from, r.to, r.label.as_str(), r.note.as_str()),
        (0, 1, "in", "capital")
    );
    assert_eq!(r.position, "d.ann, line 3");
}
