//! Applying, undoing and redoing edits: tests that span the module's parts.

use super::*;
use crate::model::{Color, Project, default_codebook};
use proptest::prelude::*;

fn project() -> Project {
    let mut p = Project::with_default_codebook("test");
    p.documents.push(Document::new(
        "d1",
        "One",
        "Здравствуй, мир 😀\nsecond line",
    ));
    p.documents.push(Document::new("d2", "Two", "short"));
    p
}

#[test]
fn setting_and_removing_attributes_is_undone_like_any_edit() {
    let mut p = project();
    let mut h = History::new();
    let set = |name: &str, value: Option<&str>| Edit::SetAttribute {
        doc: "d1".into(),
        name: name.into(),
        value: value.map(Into::into),
    };
    h.apply(&mut p, set("année", Some("2020 😀"))).unwrap();
    h.apply(&mut p, set("country", Some("CN"))).unwrap();
    h.apply(&mut p, set("country", Some("RU"))).unwrap();
    assert_eq!(p.documents[0].attribute("country"), Some("RU"));
    assert_eq!(h.undo_description().as_deref(), Some("set attribute"));
    h.undo(&mut p);
    assert_eq!(p.documents[0].attribute("country"), Some("CN"));
    h.apply(&mut p, set("année", None)).unwrap();
    assert_eq!(h.undo_description().as_deref(), Some("remove attribute"));
    assert_eq!(p.documents[0].attribute("année"), None);
    h.undo(&mut p);
    assert_eq!(p.documents[0].attribute("année"), Some("2020 😀"));
    let names: Vec<_> = p.documents[0].attributes().keys().collect();
    assert_eq!(names, ["année", "country"]);
    let before = p.clone();
    for bad in [
        set("", Some("x")),
        set("a=b", Some("x")),
        set(" date", Some("x")),
        set("date", Some("")),
        set("date", Some("bell \u{7}")),
    ] {
        let err = bad.clone().apply(&mut p).unwrap_err();
        assert!(
            matches!(err, EditError::BadAttribute { .. }),
            "{bad:?}: {err}"
        );
    }
    let missing = Edit::SetAttribute {
        doc: "nope".into(),
        name: "a".into(),
        value: Some("b".into()),
    };
    assert_eq!(
        missing.apply(&mut p),
        Err(EditError::NoSuchDocument("nope".into()))
    );
    assert_eq!(p, before);
}

#[test]
fn marking_done_is_undone_and_redone_like_any_edit() {
    let mut p = project();
    let mut h = History::new();
    let done = |annotator: &str, state| Edit::SetState {
        doc: "d1".into(),
        annotator: annotator.into(),
        state,
    };
    h.apply(&mut p, done("Zoë", AnnotatorState::Done)).unwrap();
    assert_eq!(p.documents[0].state("Zoë"), AnnotatorState::Done);
    assert_eq!(h.undo_description().as_deref(), Some("mark done"));
    assert!(h.is_dirty());
    h.undo(&mut p);
    assert_eq!(p.documents[0].state("Zoë"), AnnotatorState::InProgress);
    assert!(!h.is_dirty());
    h.redo(&mut p);
    assert_eq!(p.documents[0].state("Zoë"), AnnotatorState::Done);
    let before = p.clone();
    assert_eq!(
        h.apply(&mut p, done("", AnnotatorState::Done)),
        Err(EditError::EmptyAnnotator)
    );
    let missing = Edit::SetState {
        doc: "nope".into(),
        annotator: "a".into(),
        state: AnnotatorState::Done,
    };
    assert_eq!(
        h.apply(&mut p, missing),
        Err(EditError::NoSuchDocument("nope".into()))
    );
    assert_eq!(p, before);
}

#[test]
fn tag_undo_redo_and_dirty_flag() {
    let mut p = project();
    let original = p.clone();
    let mut h = History::new();
    assert!(!h.is_dirty());
    let span = Span::new(0, 10, "health", "ana");
    h.apply(
        &mut p,
        Edit::AddSpan {
            doc: "d1".into(),
            span: span.clone(),
        },
    )
    .unwrap();
    assert!(h.is_dirty());
    assert_eq!(
        p.document("d1").unwrap().span_text(&span),
        Some("Здравствуй")
    );
    h.mark_saved();
    assert!(!h.is_dirty());
    assert_eq!(
        h.undo(&mut p).as_deref(),
        Some("tag ‘Здравствуй’ as Health")
    );
    assert_eq!(p, original);
    assert!(h.is_dirty());
    h.redo(&mut p);
    assert!(!h.is_dirty());
}

#[test]
fn invalid_edits_change_nothing() {
    let mut p = project();
    let before = p.clone();
    let bad = [
        Edit::AddSpan {
            doc: "d1".into(),
            span: Span::new(5, 5, "health", "a"),
        },
        Edit::AddSpan {
            doc: "d1".into(),
            span: Span::new(0, 99, "health", "a"),
        },
        Edit::AddSpan {
            doc: "nope".into(),
            span: Span::new(0, 1, "health", "a"),
        },
        Edit::AddSpan {
            doc: "d1".into(),
            span: Span::new(0, 1, "sport", "a"),
        },
        Edit::RemoveTheme { id: "sport".into() },
        Edit::AddTheme {
            index: 0,
            theme: Theme {
                id: "x".into(),
                label: "health".into(),
                color: Color::rgb(0, 0, 0),
                key: None,
                description: String::new(),
                parent: None,
                rules: Vec::new(),
            },
        },
        Edit::Batch(vec![
            Edit::AddSpan {
                doc: "d1".into(),
                span: Span::new(0, 1, "health", "a"),
            },
            Edit::AddSpan {
                doc: "d1".into(),
                span: Span::new(0, 1, "health", "a"),
            },
        ]),
    ];
    for edit in bad {
        assert!(edit.clone().apply(&mut p).is_err(), "{edit:?} should fail");
        assert_eq!(p, before, "{edit:?} changed the project");
    }
}

#[test]
fn deleting_a_theme_removes_its_spans_and_undo_restores_them() {
    let mut p = project();
    let mut h = History::new();
    for (doc, s, e, t) in [
        ("d1", 0, 3, "ict"),
        ("d1", 1, 4, "trade"),
        ("d2", 0, 5, "ict"),
    ] {
        h.apply(
            &mut p,
            Edit::AddSpan {
                doc: doc.into(),
                span: Span::new(s, e, t, "a"),
            },
        )
        .unwrap();
    }
    let before = p.clone();
    h.apply(&mut p, Edit::RemoveTheme { id: "ict".into() })
        .unwrap();
    assert_eq!(p.span_count(), 1);
    assert!(p.theme("ict").is_none());
    h.undo(&mut p);
    assert_eq!(p, before);
}

fn add_spans(doc: &str, spans: &[(usize, usize, &str)]) -> Edit {
    Edit::AddSpans {
        doc: doc.into(),
        spans: spans
            .iter()
            .map(|&(s, e, t)| Span::new(s, e, t, "a"))
            .collect(),
    }
}

#[test]
fn add_spans_at_once_and_undo_removes_them_at_once() {
    let mut p = project();
    let original = p.clone();
    let mut h = History::new();
    let edit = add_spans("d1", &[(5, 9, "ict"), (0, 10, "health"), (1, 2, "ict")]);
    assert_eq!(edit.describe(), "add 3 spans");
    h.apply(&mut p, edit).unwrap();
    let d = p.document("d1").unwrap();
    let got: Vec<_> = d.spans().spans().iter().map(|s| (s.start, s.end)).collect();
    assert_eq!(got, [(0, 10), (1, 2), (5, 9)]);
    assert_eq!(d.spans().count_with_theme("ict"), 2);
    // Undo and redo name what the user did, not the inverse kept.
    assert_eq!(h.undo_description().as_deref(), Some("add 3 spans"));
    assert_eq!(h.undo(&mut p).as_deref(), Some("add 3 spans"));
    assert_eq!(p, original);
    assert_eq!(h.redo_description().as_deref(), Some("add 3 spans"));
    assert_eq!(h.redo(&mut p).as_deref(), Some("add 3 spans"));
    assert_eq!(p.span_count(), 3);
    assert_eq!(add_spans("d1", &[(0, 1, "ict")]).describe(), "add span");
}

#[test]
fn remove_spans_by_key_keeps_the_notes_for_undo() {
    let mut p = project();
    Edit::AddSpans {
        doc: "d2".into(),
        spans: vec![
            Span::new(0, 5, "trade", "a").with_note("whole word"),
            Span::new(1, 3, "trade", "b"),
        ],
    }
    .apply(&mut p)
    .unwrap();
    let before = p.clone();
    let undo = Edit::RemoveSpans {
        doc: "d2".into(),
        spans: vec![Span::new(0, 5, "trade", "a")],
    }
    .apply(&mut p)
    .unwrap();
    assert_eq!(p.span_count(), 1);
    assert_eq!(
        undo,
        Edit::AddSpans {
            doc: "d2".into(),
            spans: vec![Span::new(0, 5, "trade", "a").with_note("whole word")],
        }
    );
    undo.apply(&mut p).unwrap();
    assert_eq!(p, before);
}

#[test]
fn refused_bulk_edits_give_the_one_by_one_error_and_change_nothing() {
    let mut p = project();
    add_spans("d1", &[(0, 3, "ict")]).apply(&mut p).unwrap();
    let before = p.clone();
    let dup = |s, e, t: &str| EditError::DuplicateSpan {
        doc: "d1".into(),
        start: s,
        end: e,
        theme: t.into(),
        annotator: "a".into(),
    };
    let cases = [
        (
            add_spans("d1", &[(1, 2, "ict"), (0, 3, "ict")]),
            dup(0, 3, "ict"),
        ),
        (
            add_spans("d1", &[(4, 6, "trade"), (1, 2, "ict"), (4, 6, "trade")]),
            dup(4, 6, "trade"),
        ),
        // A duplicate before a bad span is what one by one reports...
        (
            add_spans("d1", &[(1, 2, "ict"), (1, 2, "ict"), (0, 99, "ict")]),
            dup(1, 2, "ict"),
        ),
        // ... and a bad span before a duplicate.
        (
            add_spans("d1", &[(1, 2, "ict"), (0, 1, "sport"), (1, 2, "ict")]),
            EditError::NoSuchTheme("sport".into()),
        ),
        (
            add_spans("d1", &[(1, 2, "ict"), (3, 3, "ict")]),
            EditError::BadSpan {
                doc: "d1".into(),
                reason: "span start 3 is not before its end 3".into(),
            },
        ),
        (
            add_spans("nope", &[(0, 1, "sport"), (0, 1, "ict")]),
            EditError::NoSuchTheme("sport".into()),
        ),
        (
            add_spans("nope", &[(0, 1, "ict")]),
            EditError::NoSuchDocument("nope".into()),
        ),
        (
            add_spans("nope", &[]),
            EditError::NoSuchDocument("nope".into()),
        ),
        (
            Edit::RemoveSpans {
                doc: "d1".into(),
                spans: vec![Span::new(0, 3, "ict", "a"), Span::new(0, 3, "ict", "a")],
            },
            EditError::NoSuchSpan {
                doc: "d1".into(),
                start: 0,
                end: 3,
                theme: "ict".into(),
                annotator: "a".into(),
            },
        ),
        (
            Edit::RemoveSpans {
                doc: "d3".into(),
                spans: vec![],
            },
            EditError::NoSuchDocument("d3".into()),
        ),
    ];
    for (edit, error) in cases {
        let one_by_one = Edit::Batch(match edit.clone() {
            Edit::AddSpans { doc, spans } => spans
                .into_iter()
                .map(|span| Edit::AddSpan {
                    doc: doc.clone(),
                    span,
                })
                .collect(),
            Edit::RemoveSpans { doc, spans } => spans
                .into_iter()
                .map(|span| Edit::RemoveSpan {
                    doc: doc.clone(),
                    span,
                })
                .collect(),
            _ => unreachable!(),
        });
        assert_eq!(edit.clone().apply(&mut p), Err(error.clone()), "{edit:?}");
        assert_eq!(p, before, "{edit:?} changed the project");
        if let Edit::Batch(edits) = &one_by_one
            && !edits.is_empty()
        {
            assert_eq!(one_by_one.apply(&mut p), Err(error), "{edit:?} one by one");
        }
    }
}

#[test]
fn deleting_a_theme_is_undone_with_one_bulk_add_per_document() {
    let mut p = project();
    add_spans("d1", &[(0, 3, "ict"), (1, 4, "trade"), (2, 9, "ict")])
        .apply(&mut p)
        .unwrap();
    add_spans("d2", &[(0, 5, "ict")]).apply(&mut p).unwrap();
    let undo = Edit::RemoveTheme { id: "ict".into() }
        .apply(&mut p)
        .unwrap();
    let Edit::Batch(edits) = &undo else {
        panic!("{undo:?}")
    };
    let kinds: Vec<_> = edits.iter().map(Edit::describe).collect();
    assert_eq!(kinds, ["add theme", "add 2 spans", "add span"]);
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    let theme_ids = prop::sample::select(vec!["health", "security", "ict", "trade", "new"]);
    let docs = prop::sample::select(vec!["d1", "d2", "d3"]);
    prop_oneof![
        4 => (docs.clone(), 0usize..30, 1usize..10, theme_ids.clone(), "[ab]", "[a-zé😀 ]{0,4}")
            .prop_map(|(d, s, l, t, a, n)| Edit::AddSpan {
                doc: d.into(),
                span: Span::new(s, s + l, t, &a).with_note(n),
            }),
        2 => (docs.clone(), 0usize..30, 1usize..10, theme_ids.clone(), "[ab]")
            .prop_map(|(d, s, l, t, a)| Edit::RemoveSpan {
                doc: d.into(),
                span: Span::new(s, s + l, t, &a),
            }),
        2 => (docs.clone(), proptest::collection::vec(
                (0usize..30, 1usize..10, theme_ids.clone(), "[ab]", "[a-z]{0,2}"), 0..6))
            .prop_map(|(d, spans)| Edit::AddSpans {
                doc: d.into(),
                spans: spans.into_iter()
                    .map(|(s, l, t, a, n)| Span::new(s, s + l, t, &a).with_note(n))
                    .collect(),
            }),
        1 => (docs.clone(), proptest::collection::vec(
                (0usize..30, 1usize..10, theme_ids.clone(), "[ab]"), 0..4))
            .prop_map(|(d, spans)| Edit::RemoveSpans {
                doc: d.into(),
                spans: spans.into_iter().map(|(s, l, t, a)| Span::new(s, s + l, t, &a)).collect(),
            }),
        1 => theme_ids.clone().prop_map(|t| Edit::RemoveTheme { id: t.into() }),
        1 => (theme_ids.clone(), "[A-Z][a-z]{0,5}", 0u8..255).prop_map(|(t, label, c)| {
            let mut theme = default_codebook()[0].clone();
            theme.id = t.into();
            theme.label = label;
            theme.color = Color::rgb(c, c, c);
            theme.key = None;
            Edit::AddTheme { index: c as usize % 5, theme }
        }),
        1 => docs.clone().prop_map(|d| Edit::RemoveDocument { id: d.into() }),
        1 => (docs, "\\PC{1,40}").prop_map(|(d, text)| Edit::AddDocument {
            index: 1,
            document: Box::new(Document::new(d, d, text)),
        }),
        1 => "\\PC{0,8}".prop_map(|name| Edit::RenameProject { name }),
    ]
}

/// The same spans as one `AddSpan` or `RemoveSpan` each, in a batch.
fn one_by_one(edit: &Edit) -> Edit {
    let (doc, spans, add) = match edit {
        Edit::AddSpans { doc, spans } => (doc, spans, true),
        Edit::RemoveSpans { doc, spans } => (doc, spans, false),
        other => return other.clone(),
    };
    Edit::Batch(
        spans
            .iter()
            .map(|span| {
                let (doc, span) = (doc.clone(), span.clone());
                if add {
                    Edit::AddSpan { doc, span }
                } else {
                    Edit::RemoveSpan { doc, span }
                }
            })
            .collect(),
    )
}

proptest! {
    #[test]
    fn bulk_span_edits_do_what_one_by_one_does(
        setup in proptest::collection::vec(arb_edit(), 0..12),
        add in any::<bool>(),
        doc in prop::sample::select(vec!["d1", "d2", "d3"]),
        picks in proptest::collection::vec(
            (any::<bool>(), any::<prop::sample::Index>(), 0usize..30, 1usize..10,
             prop::sample::select(vec!["health", "ict", "new"]), "[ab]", "[a-z]{0,2}"),
            0..12),
    ) {
        let mut p = project();
        for edit in setup {
            let _ = edit.apply(&mut p);
        }
        // Half the spans are (keys of) spans already in the document.
        let existing = p.document(doc).map(|d| d.spans().spans().to_vec()).unwrap_or_default();
        let spans: Vec<Span> = picks
            .into_iter()
            .map(|(old, i, s, l, t, a, n)| match existing.get(i.index(existing.len().max(1))) {
                Some(e) if old => Span::new(e.start, e.end, &e.theme, &e.annotator).with_note(n),
                _ => Span::new(s, s + l, t, &a).with_note(n),
            })
            .collect();
        let bulk = if add {
            Edit::AddSpans { doc: doc.into(), spans }
        } else {
            Edit::RemoveSpans { doc: doc.into(), spans }
        };
        let before = p.clone();
        let mut q = p.clone();
        let bulk_result = bulk.clone().apply(&mut p);
        let one_result = one_by_one(&bulk).apply(&mut q);
        match (bulk_result, one_result) {
            (Ok(inverse), Ok(_)) => {
                prop_assert_eq!(&p, &q);
                let forward = inverse.apply(&mut p).expect("the inverse applies");
                prop_assert_eq!(&p, &before);
                forward.apply(&mut p).expect("the redo applies");
                prop_assert_eq!(&p, &q);
            }
            (Err(a), Err(b)) => {
                prop_assert_eq!(a, b);
                prop_assert_eq!(&p, &before);
            }
            // An empty bulk edit still names a document that must exist.
            (Err(EditError::NoSuchDocument(_)), Ok(_))
                if before.document(doc).is_none() && one_by_one(&bulk) == Edit::Batch(vec![]) =>
            {
                prop_assert_eq!(&p, &before);
            }
            (a, b) => prop_assert!(false, "bulk {:?} but one by one {:?}", a, b),
        }
    }

    #[test]
    fn undo_all_restores_original_and_redo_all_the_edited(
        edits in proptest::collection::vec(arb_edit(), 0..40)
    ) {
        let original = project();
        let mut p = original.clone();
        let mut h = History::new();
        let mut applied = 0;
        for edit in edits {
            let before = p.clone();
            match h.apply(&mut p, edit) {
                Ok(()) => applied += 1,
                Err(_) => prop_assert_eq!(&p, &before),
            }
        }
        let edited = p.clone();
        let mut undone = 0;
        while h.undo(&mut p).is_some() { undone += 1; }
        prop_assert_eq!(undone, applied);
        prop_assert_eq!(&p, &original);
        prop_assert!(!h.is_dirty());
        while h.redo(&mut p).is_some() {}
        prop_assert_eq!(&p, &edited);
        prop_assert_eq!(h.is_dirty(), applied > 0);
    }
}

fn with_key(id: &str, label: &str, key: char) -> Theme {
    Theme {
        id: id.into(),
        label: label.into(),
        color: Color::rgb(9, 9, 9),
        key: Some(key),
        description: String::new(),
        parent: None,
        rules: Vec::new(),
    }
}

#[test]
fn a_theme_key_that_cannot_fire_is_refused_with_the_reason() {
    let mut p = project();
    let before = p.clone();
    let refused = |p: &mut Project, edit: Edit| match edit.apply(p) {
        Err(EditError::Theme(problem)) => problem.to_string(),
        other => panic!("accepted or other error: {other:?}"),
    };
    let add = |key| Edit::AddTheme {
        index: 9,
        theme: with_key("env", "Environment", key),
    };
    assert!(refused(&mut p, add('n')).contains("taken by Next Span"));
    assert!(refused(&mut p, add('P')).contains("taken by Previous Span"));
    assert!(refused(&mut p, add('é')).contains("cannot be pressed"));
    let mut clash = default_codebook()[0].clone();
    clash.key = Some('2');
    assert!(refused(&mut p, Edit::UpdateTheme { theme: clash }).contains("\"security\""));
    assert_eq!(p, before);
    // `e` is free: added, then `E` for another theme is the same key.
    add('e').apply(&mut p).unwrap();
    let message = refused(
        &mut p,
        Edit::AddTheme {
            index: 9,
            theme: with_key("edu", "Education", 'E'),
        },
    );
    assert!(
        message.contains("\"env\" already uses the shortcut key 'e'"),
        "{message}"
    );
}

#[test]
fn a_dead_key_from_an_old_file_survives_undo_but_not_a_new_edit() {
    // As an older version wrote it: Health on `n`, Trade on `T` and
    // Security on `t`.
    let mut themes = default_codebook();
    themes[0].key = Some('n');
    themes[1].key = Some('t');
    themes[3].key = Some('T');
    let mut p = Project::new("old", themes);
    p.documents
        .push(Document::new("d", "D", "health and trade"));
    let original = p.clone();
    let mut h = History::new();
    h.apply(
        &mut p,
        Edit::AddSpan {
            doc: "d".into(),
            span: Span::new(0, 6, "health", "a"),
        },
    )
    .unwrap();
    // Deleting the themes and undoing brings them back as they were.
    h.apply(
        &mut p,
        Edit::RemoveTheme {
            id: "health".into(),
        },
    )
    .unwrap();
    h.apply(&mut p, Edit::RemoveTheme { id: "trade".into() })
        .unwrap();
    assert_eq!(h.undo(&mut p).as_deref(), Some("delete theme"));
    assert_eq!(h.undo(&mut p).as_deref(), Some("delete theme"));
    assert_eq!(p.theme("health").unwrap().key, Some('n'));
    assert_eq!(p.theme("trade").unwrap().key, Some('T'));
    // A new change must leave Health with a key that works...
    let mut recoloured = p.theme("health").unwrap().clone();
    recoloured.color = Color::rgb(0, 0, 0);
    assert!(matches!(
        h.apply(
            &mut p,
            Edit::UpdateTheme {
                theme: recoloured.clone()
            }
        ),
        Err(EditError::Theme(ThemeProblem::ReservedKey { key: 'n', .. }))
    ));
    recoloured.key = Some('h');
    h.apply(&mut p, Edit::UpdateTheme { theme: recoloured })
        .unwrap();
    // ...and undo puts the old key back, redo the new one.
    h.undo(&mut p).unwrap();
    assert_eq!(p.theme("health").unwrap().key, Some('n'));
    h.redo(&mut p).unwrap();
    assert_eq!(p.theme("health").unwrap().key, Some('h'));
    while h.undo(&mut p).is_some() {}
    assert_eq!(p, original);
}

#[test]
fn a_batch_that_fails_rolls_back_a_dead_key_it_had_changed() {
    let mut themes = default_codebook();
    themes[0].key = Some('n');
    let mut p = Project::new("old", themes);
    let before = p.clone();
    let mut fixed = p.themes()[0].clone();
    fixed.key = Some('h');
    let batch = Edit::Batch(vec![
        Edit::UpdateTheme { theme: fixed },
        Edit::RemoveTheme { id: "sport".into() },
    ]);
    assert_eq!(
        batch.apply(&mut p),
        Err(EditError::NoSuchTheme("sport".into()))
    );
    assert_eq!(p, before);
}
