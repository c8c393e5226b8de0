//! Stories of merging: each side's changes applied together, conflicts
//! resolved to ours and listed, and merges that would not load caught.

use super::*;
use crate::formats::fixture;
use crate::model::{AnnotatorState, Edit, Theme};

fn edited(base: &Project, edits: Vec<Edit>) -> Project {
    let mut p = base.clone();
    Edit::Batch(edits).apply(&mut p).unwrap();
    p
}

/// Attributes merge three ways like any value: one side's change
/// wins, two different changes keep ours and are listed; the git diff
/// names each change.
#[test]
fn attributes_survive_a_three_way_merge() {
    let set = |name: &str, value: Option<&str>| Edit::SetAttribute {
        doc: "statement".into(),
        name: name.into(),
        value: value.map(Into::into),
    };
    let base = edited(
        &fixture::project(),
        vec![set("year", Some("2020")), set("source", Some("mid.ru"))],
    );
    let ours = edited(
        &base,
        vec![
            set("country", Some("RU\u{a0}CN")),
            set("source", Some("kremlin")),
        ],
    );
    let theirs = edited(&base, vec![set("year", None), set("source", Some("fmprc"))]);
    let merged = three_way(&base, &ours, &theirs);
    let attributes = merged.project.document("statement").unwrap().attributes();
    let got: Vec<(&str, &str)> = attributes
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(got, [("country", "RU\u{a0}CN"), ("source", "kremlin")]);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    assert!(merged.conflicts[0].0.contains("attribute \"source\""));
    let lines = diff(&base, &theirs);
    assert!(
        lines.contains(&"document \"statement\": attribute \"year\" removed".to_owned()),
        "{lines:?}"
    );
}

fn first_span(p: &Project) -> Span {
    p.document("statement").unwrap().spans().spans()[0].clone()
}

fn relabel(p: &Project, id: &str, label: &str) -> Edit {
    let mut theme = p.theme(id).unwrap().clone();
    theme.label = label.into();
    Edit::UpdateTheme { theme }
}

#[test]
fn changes_on_either_side_are_applied_together() {
    let base = fixture::project();
    let gone = first_span(&base);
    let ours = edited(
        &base,
        vec![
            Edit::RemoveSpan {
                doc: "statement".into(),
                span: gone.clone(),
            },
            relabel(&base, "ict", "Digital"),
        ],
    );
    let theirs = edited(
        &base,
        vec![
            Edit::AddSpan {
                doc: "second".into(),
                span: Span::new(0, 3, "trade", "Zoë"),
            },
            Edit::SetState {
                doc: "second".into(),
                annotator: "Zoë".into(),
                state: AnnotatorState::Done,
            },
        ],
    );
    let merged = three_way(&base, &ours, &theirs);
    assert_eq!(merged.conflicts, []);
    let p = &merged.project;
    assert_eq!(p.span_count(), base.span_count());
    assert!(
        !p.document("statement")
            .unwrap()
            .spans()
            .spans()
            .contains(&gone)
    );
    assert_eq!(p.theme("ict").unwrap().label, "Digital");
    assert_eq!(
        p.document("second").unwrap().state("Zoë"),
        AnnotatorState::Done
    );
    // Merging is symmetric when nothing conflicts.
    assert_eq!(three_way(&base, &theirs, &ours).project, merged.project);
}

#[test]
fn the_same_label_changed_twice_is_a_conflict_resolved_to_ours() {
    let base = fixture::project();
    let ours = edited(&base, vec![relabel(&base, "trade", "Commerce")]);
    let theirs = edited(&base, vec![relabel(&base, "trade", "Économie")]);
    let merged = three_way(&base, &ours, &theirs);
    assert_eq!(merged.project.theme("trade").unwrap().label, "Commerce");
    assert_eq!(
        merged.conflicts,
        [Conflict(
            "theme \"trade\": label changed to \"Commerce\" on ours and to \"Économie\" on theirs; kept ours"
                .into()
        )]
    );
}

#[test]
fn a_theme_deleted_on_one_side_and_used_on_the_other_comes_back() {
    let base = fixture::project();
    let ours = edited(&base, vec![Edit::RemoveTheme { id: "ict".into() }]);
    let theirs = edited(
        &base,
        vec![Edit::AddSpan {
            doc: "second".into(),
            span: Span::new(0, 3, "ict", "bo"),
        }],
    );
    let merged = three_way(&base, &ours, &theirs);
    assert!(merged.project.theme("ict").is_some());
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    let text = crate::store::to_ron_string(&merged.project).unwrap();
    assert_eq!(crate::store::from_ron_str(&text), Ok(merged.project));
}

#[test]
fn union_refuses_a_theme_with_two_colours() {
    let base = fixture::project();
    let mut theme = base.theme("health").unwrap().clone();
    theme.color = crate::model::Color::rgb(1, 2, 3);
    let theirs = edited(&base, vec![Edit::UpdateTheme { theme }]);
    assert_eq!(
        union(&base, &theirs).unwrap_err().to_string(),
        "theme \"health\" differs between the two projects: colour #2ea043 in one, #010203 in the other. Make the two codebooks agree on it (or give one theme another id) and merge again"
    );
}

#[test]
fn a_merge_that_would_not_load_is_caught_before_writing() {
    let base = fixture::project();
    assert_eq!(check(&three_way(&base, &base, &base).project), Ok(()));
    // Each side adds a theme "Sport" under another id: the labels clash.
    let sport = |id: &str| Edit::AddTheme {
        index: 9,
        theme: crate::model::Theme {
            id: id.into(),
            label: "Sport".into(),
            color: crate::model::Color::rgb(9, 9, 9),
            key: None,
            description: String::new(),
            parent: None,
            rules: Vec::new(),
        },
    };
    let ours = edited(&base, vec![sport("sport")]);
    let theirs = edited(&base, vec![sport("sports")]);
    let merged = three_way(&base, &ours, &theirs);
    let err = check(&merged.project).unwrap_err();
    assert!(err.starts_with("theme \"sports\": "), "{err}");
    let text = crate::store::to_ron_string(&merged.project).unwrap();
    assert!(crate::store::from_ron_str(&text).is_err());
}

fn with_theme(p: &Project, id: &str, change: impl FnOnce(&mut Theme)) -> Edit {
    let mut theme = p.theme(id).unwrap().clone();
    change(&mut theme);
    Edit::UpdateTheme { theme }
}

fn under(p: &Project, id: &str, parent: Option<&str>) -> Edit {
    with_theme(p, id, |t| t.parent = parent.map(Into::into))
}

#[test]
fn a_parent_changed_differently_on_both_sides_is_a_conflict_resolved_to_ours() {
    let base = fixture::project();
    let ours = edited(&base, vec![under(&base, "trade", Some("security"))]);
    let theirs = edited(&base, vec![under(&base, "trade", Some("ict"))]);
    let merged = three_way(&base, &ours, &theirs);
    assert_eq!(
        merged.project.theme("trade").unwrap().parent.as_deref(),
        Some("security")
    );
    assert_eq!(
        merged.conflicts,
        [Conflict(
            "theme \"trade\": parent changed to \"security\" on ours and to \"ict\" on theirs; kept ours"
                .into()
        )]
    );
}

#[test]
fn parents_that_would_loop_after_the_merge_are_a_conflict_resolved_to_ours() {
    let base = fixture::project();
    // Ours puts trade under security, theirs security under trade: each
    // side is a tree, both together a loop.
    let ours = edited(&base, vec![under(&base, "trade", Some("security"))]);
    let theirs = edited(&base, vec![under(&base, "security", Some("trade"))]);
    let merged = three_way(&base, &ours, &theirs);
    let p = &merged.project;
    assert_eq!(
        p.theme("trade").unwrap().parent.as_deref(),
        Some("security")
    );
    assert_eq!(p.theme("security").unwrap().parent, None);
    assert_eq!(
        merged.conflicts,
        [Conflict(
            "theme \"security\": parent changed to \"trade\" on theirs would make a cycle (security → trade → security); kept ours (no parent)"
                .into()
        )]
    );
    assert_eq!(check(p), Ok(()));
}

#[test]
fn rules_added_and_removed_on_either_side_are_all_kept() {
    let mut base = fixture::project();
    let start = with_theme(&base, "trade", |t| {
        t.rules = vec!["tariff".into(), "WTO".into()]
    });
    start.apply(&mut base).unwrap();
    let ours = edited(
        &base,
        vec![with_theme(&base, "trade", |t| {
            t.rules = vec!["WTO".into(), "/export(s|ed)?/".into()]
        })],
    );
    let theirs = edited(
        &base,
        vec![with_theme(&base, "trade", |t| {
            t.rules.push("sanctions".into())
        })],
    );
    let merged = three_way(&base, &ours, &theirs);
    assert_eq!(merged.conflicts, []);
    assert_eq!(
        merged.project.theme("trade").unwrap().rules,
        ["WTO", "/export(s|ed)?/", "sanctions"]
    );
    // One side's new order is kept when the other left the rules alone.
    let reordered = edited(
        &base,
        vec![with_theme(&base, "trade", |t| t.rules.reverse())],
    );
    let merged = three_way(&base, &base, &reordered);
    assert_eq!(
        merged.project.theme("trade").unwrap().rules,
        ["WTO", "tariff"]
    );
}

#[test]
fn suggestions_and_rejections_made_on_either_side_are_kept() {
    use crate::model::Suggestion;
    let s = |start, end, theme| Suggestion::new(start, end, theme);
    let suggest = |suggestions| Edit::AddSuggestions {
        doc: "second".into(),
        suggestions,
    };
    let base = edited(&fixture::project(), vec![suggest(vec![s(0, 8, "health")])]);
    // Ours rejects the suggestion base had; theirs suggests another.
    let ours = edited(
        &base,
        vec![Edit::RejectSuggestions {
            doc: "second".into(),
            suggestions: vec![s(0, 8, "health")],
        }],
    );
    let theirs = edited(&base, vec![suggest(vec![s(15, 27, "ict")])]);
    let merged = three_way(&base, &ours, &theirs);
    assert_eq!(merged.conflicts, []);
    let second = merged.project.document("second").unwrap();
    assert_eq!(
        second.suggestions().iter().collect::<Vec<_>>(),
        [&s(15, 27, "ict")]
    );
    assert_eq!(
        second.rejected().iter().collect::<Vec<_>>(),
        [&s(0, 8, "health")]
    );
    assert_eq!(
        diff(&base, &theirs),
        ["document \"second\": suggestion added 15..27 \"data centres\" (theme \"ict\")"]
    );
}

#[test]
fn a_theme_deleted_on_one_side_while_the_other_put_a_theme_under_it_comes_back() {
    let base = fixture::project();
    let ours = edited(
        &base,
        vec![Edit::RemoveTheme {
            id: "security".into(),
        }],
    );
    let theirs = edited(&base, vec![under(&base, "trade", Some("security"))]);
    let merged = three_way(&base, &ours, &theirs);
    let p = &merged.project;
    assert_eq!(
        p.theme("trade").unwrap().parent.as_deref(),
        Some("security")
    );
    assert!(p.theme("security").is_some());
    assert_eq!(
        merged.conflicts,
        [Conflict(
            "theme \"security\": deleted on one side while the other put a theme under it; kept the theme"
                .into()
        )]
    );
    assert_eq!(check(p), Ok(()));
}

#[test]
fn a_source_changed_differently_on_both_sides_is_listed() {
    let base = fixture::project();
    let with_path = |path: &str| {
        let mut p = base.clone();
        let d = p.document_mut("statement").unwrap();
        d.source.as_mut().unwrap().path = path.into();
        p
    };
    let merged = three_way(&base, &with_path("a.txt"), &with_path("b.txt"));
    let source = merged.project.document("statement").unwrap().source.clone();
    assert_eq!(source.unwrap().path, "a.txt");
    assert_eq!(
        merged.conflicts,
        [Conflict(
            "document \"statement\": source changed to \"a.txt\" (UTF-8, crlf) on ours and to \"b.txt\" (UTF-8, crlf) on theirs; kept ours"
                .into()
        )]
    );
}

#[test]
fn union_takes_a_parent_rules_and_suggestions_only_theirs_has_and_refuses_two_parents() {
    let base = fixture::project();
    let theirs = edited(
        &base,
        vec![
            with_theme(&base, "trade", |t| {
                t.parent = Some("security".into());
                t.rules = vec!["WTO".into()];
            }),
            Edit::AddSuggestions {
                doc: "second".into(),
                suggestions: vec![crate::model::Suggestion::new(15, 27, "trade")],
            },
        ],
    );
    let merged = union(&base, &theirs).unwrap();
    assert_eq!(merged.conflicts, []);
    let trade = merged.project.theme("trade").unwrap();
    assert_eq!(trade.parent.as_deref(), Some("security"));
    assert_eq!(trade.rules, ["WTO"]);
    assert_eq!(
        merged
            .project
            .document("second")
            .unwrap()
            .suggestions()
            .len(),
        1
    );

    let elsewhere = edited(&base, vec![under(&base, "trade", Some("ict"))]);
    assert_eq!(
        union(&elsewhere, &theirs).unwrap_err().to_string(),
        "theme \"trade\" differs between the two projects: parent \"ict\" in one, \"security\" in the other. Make the two codebooks agree on it (or give one theme another id) and merge again"
    );
    let looped = edited(&base, vec![under(&base, "security", Some("trade"))]);
    let err = union(&looped, &theirs).unwrap_err().to_string();
    assert!(err.contains("together form a cycle"), "{err}");
}
