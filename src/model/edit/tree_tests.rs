//! The codebook tree, merging themes and suggestions, as edits.

use super::*;
use crate::model::{Color, Project};

/// Security > Arms control > Nuclear, and Health, with spans of each.
fn project() -> Project {
    let mut arms = Theme::new("arms", "Arms control", Color::rgb(1, 1, 1));
    arms.parent = Some("security".into());
    let mut nuclear = Theme::new("nuclear", "Nuclear", Color::rgb(2, 2, 2));
    nuclear.parent = Some("arms".into());
    let mut p = Project::new(
        "tree",
        vec![
            Theme::new("security", "Security", Color::rgb(3, 3, 3)),
            arms,
            nuclear,
            Theme::new("health", "Health", Color::rgb(4, 4, 4)),
        ],
    );
    p.documents.push(
        Document::new("d", "D", "Договор СНВ 😀 and the NPT\nvaccines").with_spans(vec![
            Span::new(0, 7, "arms", "ann").with_note("treaty"),
            Span::new(0, 7, "security", "ann"),
            Span::new(8, 11, "arms", "bob"),
            Span::new(22, 25, "nuclear", "ann"),
            Span::new(26, 34, "health", "ann"),
        ]),
    );
    p
}

fn with_parent(p: &Project, id: &str, parent: Option<&str>) -> Edit {
    let mut theme = p.theme(id).unwrap().clone();
    theme.parent = parent.map(str::to_owned);
    Edit::UpdateTheme { theme }
}

#[test]
fn a_theme_cannot_move_under_itself_or_a_missing_parent() {
    let mut p = project();
    let before = p.clone();
    let edit = with_parent(&p, "security", Some("nuclear"));
    assert_eq!(
        edit.apply(&mut p).unwrap_err().to_string(),
        "theme \"security\" cannot move under \"nuclear\", which lies under it"
    );
    let edit = with_parent(&p, "health", Some("health"));
    assert!(
        edit.apply(&mut p)
            .unwrap_err()
            .to_string()
            .contains("own parent")
    );
    let edit = with_parent(&p, "health", Some("sport"));
    assert!(
        edit.apply(&mut p)
            .unwrap_err()
            .to_string()
            .contains("\"sport\"")
    );
    assert_eq!(p, before);
    // Moving Nuclear to the top, then under Health, and undoing it.
    let mut h = History::new();
    h.apply(&mut p, with_parent(&before, "nuclear", Some("health")))
        .unwrap();
    assert_eq!(p.theme_path("nuclear").unwrap(), "Health/Nuclear");
    h.undo(&mut p);
    assert_eq!(
        p.theme_path("nuclear").unwrap(),
        "Security/Arms control/Nuclear"
    );
}

#[test]
fn rules_that_cannot_work_are_refused() {
    let mut p = project();
    let mut theme = p.theme("health").unwrap().clone();
    theme.rules = vec!["vaccines".into(), "/(?:)/".into()];
    let err = Edit::UpdateTheme { theme }.apply(&mut p).unwrap_err();
    assert!(
        err.to_string().contains("matches the empty string"),
        "{err}"
    );
}

#[test]
fn merging_recodes_spans_moves_children_and_undoes_in_one_step() {
    let mut p = project();
    let before = p.clone();
    let mut h = History::new();
    h.apply(
        &mut p,
        Edit::MergeTheme {
            from: "arms".into(),
            into: "security".into(),
        },
    )
    .unwrap();
    assert!(p.theme("arms").is_none());
    assert_eq!(
        p.theme("nuclear").unwrap().parent.as_deref(),
        Some("security")
    );
    let spans: Vec<_> = p.documents[0]
        .spans()
        .spans()
        .iter()
        .map(|s| (s.start, s.end, s.theme.as_str(), s.annotator.as_str()))
        .collect();
    // ann's 0..7 was already Security: kept once.
    assert_eq!(
        spans,
        [
            (0, 7, "security", "ann"),
            (8, 11, "security", "bob"),
            (22, 25, "nuclear", "ann"),
            (26, 34, "health", "ann"),
        ]
    );
    assert_eq!(h.undo_description().as_deref(), Some("merge themes"));
    h.undo(&mut p);
    assert_eq!(p, before);
    h.redo(&mut p);
    assert!(p.theme("arms").is_none());
}

#[test]
fn merging_into_itself_or_a_descendant_is_refused() {
    let mut p = project();
    let into_self = Edit::MergeTheme {
        from: "arms".into(),
        into: "arms".into(),
    };
    assert_eq!(
        into_self.apply(&mut p).unwrap_err(),
        EditError::MergeIntoItself("arms".into())
    );
    let into_child = Edit::MergeTheme {
        from: "security".into(),
        into: "nuclear".into(),
    };
    assert_eq!(
        into_child.apply(&mut p).unwrap_err().to_string(),
        "theme \"security\" cannot be merged into \"nuclear\", which lies under it"
    );
    assert_eq!(p, project());
}

#[test]
fn deleting_a_parent_moves_its_children_up_and_undo_puts_them_back() {
    let mut p = project();
    let mut h = History::new();
    h.apply(&mut p, Edit::RemoveTheme { id: "arms".into() })
        .unwrap();
    assert_eq!(
        p.theme("nuclear").unwrap().parent.as_deref(),
        Some("security")
    );
    h.undo(&mut p);
    assert_eq!(p, project());
}

#[test]
fn suggestions_are_accepted_rejected_and_undone() {
    let mut p = project();
    let s1 = Suggestion::new(12, 15, "health");
    let s2 = Suggestion::new(26, 34, "security");
    let mut h = History::new();
    h.apply(
        &mut p,
        Edit::AddSuggestions {
            doc: "d".into(),
            suggestions: vec![s1.clone(), s2.clone()],
        },
    )
    .unwrap();
    let twice = Edit::AddSuggestions {
        doc: "d".into(),
        suggestions: vec![s1.clone()],
    };
    assert!(matches!(
        twice.apply(&mut p),
        Err(EditError::DuplicateSuggestion { .. })
    ));
    h.apply(
        &mut p,
        Edit::AcceptSuggestions {
            doc: "d".into(),
            suggestions: vec![s1.clone()],
            annotator: "ann".into(),
        },
    )
    .unwrap();
    h.apply(
        &mut p,
        Edit::RejectSuggestions {
            doc: "d".into(),
            suggestions: vec![s2.clone()],
        },
    )
    .unwrap();
    let d = &p.documents[0];
    assert!(d.suggestions().is_empty());
    assert_eq!(d.rejected().iter().collect::<Vec<_>>(), [&s2]);
    assert_eq!(d.span_text(&s1.to_span("ann")), Some("😀 a"));
    // Deleting a theme takes its suggestions and rejections with it.
    h.apply(
        &mut p,
        Edit::RemoveTheme {
            id: "security".into(),
        },
    )
    .unwrap();
    assert!(p.documents[0].rejected().is_empty());
    for _ in 0..4 {
        h.undo(&mut p);
    }
    assert_eq!(p, project());
}
