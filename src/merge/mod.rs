//! Combining projects edited apart: the union of two projects
//! ([`union`]), the three-way merge a git merge driver needs
//! ([`three_way`]) and a list of changes in words ([`diff`]).
//!
//! Things are matched by what identifies them: documents and themes by
//! id, spans by (document, start, end, theme, annotator), done states by
//! (document, annotator).

mod diff;

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use thiserror::Error;

use crate::model::rules;
use crate::model::{Document, Project, Span, SpanIndex, Theme};
pub use diff::diff;

/// Why two projects cannot be combined.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MergeError {
    #[error(
        "document {0:?} has a different text in the two projects; a document's text never changes, so these are two different documents under one id. Rename one of them (re-import it under another id) and merge again"
    )]
    DifferentText(String),
    #[error(
        "theme {id:?} differs between the two projects: {what}. Make the two codebooks agree on it (or give one theme another id) and merge again"
    )]
    DifferentTheme { id: String, what: String },
}

/// Union of two projects: everything in either. Refused when the same
/// document id holds two texts, or the same theme id two labels or
/// colours. Where a span's note differs, OURS's is kept (THEIRS's when
/// ours is empty); a theme's other fields come from OURS.
pub fn union(ours: &Project, theirs: &Project) -> Result<Project, MergeError> {
    let mut themes = ours.themes.clone();
    for t in &theirs.themes {
        match ours.theme(&t.id) {
            Some(o) if o.label != t.label => {
                return Err(MergeError::DifferentTheme {
                    id: t.id.clone(),
                    what: format!("label {:?} in one, {:?} in the other", o.label, t.label),
                });
            }
            Some(o) if o.color != t.color => {
                return Err(MergeError::DifferentTheme {
                    id: t.id.clone(),
                    what: format!("colour {} in one, {} in the other", o.color, t.color),
                });
            }
            Some(_) => {}
            None => themes.push(t.clone()),
        }
    }
    let mut documents = Vec::with_capacity(ours.documents.len());
    for o in &ours.documents {
        let Some(t) = theirs.document(&o.id) else {
            documents.push(o.clone());
            continue;
        };
        if o.text != t.text {
            return Err(MergeError::DifferentText(o.id.clone()));
        }
        let mut spans: HashMap<(usize, usize, &str, &str), &Span> =
            o.spans.spans().iter().map(|s| (key(s), s)).collect();
        for s in t.spans.spans() {
            spans
                .entry(key(s))
                .and_modify(|kept| {
                    if kept.note.is_empty() {
                        *kept = s;
                    }
                })
                .or_insert(s);
        }
        let mut doc = o.clone();
        doc.spans = SpanIndex::from_spans(spans.into_values().cloned().collect());
        doc.done.extend(t.done.iter().cloned());
        for (name, value) in &t.attributes {
            doc.attributes
                .entry(name.clone())
                .or_insert_with(|| value.clone());
        }
        documents.push(doc);
    }
    for t in &theirs.documents {
        if ours.document(&t.id).is_none() {
            documents.push(t.clone());
        }
    }
    let mut project = Project {
        name: ours.name.clone(),
        themes,
        documents,
    };
    let mut dropped = Vec::new();
    clear_clashing_keys(&mut project, &mut dropped);
    Ok(project)
}

/// Why a merged project could not be written as a file that loads: the
/// checks of the loader that a merge could break (codebook rules, unique
/// ids, spans on known themes within their text), without writing and
/// reading the file.
pub fn check(project: &Project) -> Result<(), String> {
    for (i, theme) in project.themes.iter().enumerate() {
        if let Some(p) = rules::check_theme(theme, &project.themes[..i])
            .into_iter()
            .find(|p| !p.is_warning())
        {
            return Err(format!("theme {:?}: {p}", theme.id));
        }
    }
    let mut ids = BTreeSet::new();
    for d in &project.documents {
        if !ids.insert(d.id.as_str()) {
            return Err(format!("document id {:?} appears twice", d.id));
        }
        for s in d.spans.spans() {
            d.check_span(s)
                .map_err(|reason| format!("document {:?}: {reason}", d.id))?;
            if project.theme(&s.theme).is_none() {
                return Err(format!(
                    "document {:?}: a span uses theme {:?}, which is in neither codebook",
                    d.id, s.theme
                ));
            }
        }
    }
    Ok(())
}

fn key(s: &Span) -> (usize, usize, &str, &str) {
    (s.start, s.end, &s.theme, &s.annotator)
}

/// One thing both sides changed differently. The merge kept OURS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict(pub String);

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The result of a three-way merge: a project that loads, and the
/// conflicts resolved to OURS (empty for a clean merge).
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub project: Project,
    pub conflicts: Vec<Conflict>,
}

/// The outcome of merging one value three ways.
enum Pick<T> {
    Agreed(T),
    /// Both sides changed it differently; OURS's value.
    Conflict(T),
}

/// Standard three-way merge of one value: a change on one side wins; the
/// same change on both is fine; different changes conflict (ours kept).
fn pick<T: PartialEq + Clone>(
    base: Option<&T>,
    ours: Option<&T>,
    theirs: Option<&T>,
) -> Pick<Option<T>> {
    if ours == theirs || theirs == base {
        Pick::Agreed(ours.cloned())
    } else if ours == base {
        Pick::Agreed(theirs.cloned())
    } else {
        Pick::Conflict(ours.cloned())
    }
}

/// Three-way merge of projects: the changes made on each side since
/// `base` are applied together. Where both sides changed the same thing
/// differently, OURS's version is kept and the conflict listed.
pub fn three_way(base: &Project, ours: &Project, theirs: &Project) -> Merged {
    let mut conflicts = Vec::new();
    let mut conflict = |what: String| conflicts.push(Conflict(what));

    let name = match pick(Some(&base.name), Some(&ours.name), Some(&theirs.name)) {
        Pick::Agreed(n) => n,
        Pick::Conflict(n) => {
            conflict(format!(
                "project name: renamed to {:?} on ours and to {:?} on theirs; kept ours",
                ours.name, theirs.name
            ));
            n
        }
    }
    .unwrap_or_default();

    // Themes: ours's order, then those only theirs has, in theirs's order.
    let theme_ids = ours_then_theirs(
        ours.themes.iter().map(|t| t.id.as_str()),
        theirs.themes.iter().map(|t| t.id.as_str()),
    );
    let mut themes = Vec::new();
    for id in theme_ids {
        let (b, o, t) = (base.theme(id), ours.theme(id), theirs.theme(id));
        match (o, t) {
            (Some(o), Some(t)) => themes.push(merge_theme(b, o, t, &mut conflict)),
            _ => match pick(b, o, t) {
                Pick::Agreed(theme) => themes.extend(theme),
                Pick::Conflict(theme) => {
                    conflict(format!(
                        "theme {id:?}: changed on one side and deleted on the other; kept {}",
                        if theme.is_some() { "it" } else { "it deleted" }
                    ));
                    themes.extend(theme);
                }
            },
        }
    }

    // Documents: same order rule as themes.
    let doc_ids = ours_then_theirs(
        ours.documents.iter().map(|d| d.id.as_str()),
        theirs.documents.iter().map(|d| d.id.as_str()),
    );
    let mut documents = Vec::new();
    for id in doc_ids {
        let (b, o, t) = (base.document(id), ours.document(id), theirs.document(id));
        match (o, t) {
            (Some(o), Some(t)) if o.text == t.text => {
                let b = b.filter(|b| b.text == o.text);
                documents.push(merge_document(b, o, t, &mut conflict));
            }
            (Some(o), Some(_)) => {
                conflict(format!(
                    "document {id:?}: ours and theirs hold different texts under this id; kept ours"
                ));
                documents.push(o.clone());
            }
            (Some(o), None) => {
                // Theirs deleted it (or never had it).
                match b {
                    Some(b) if b != o => {
                        conflict(format!(
                            "document {id:?}: deleted on theirs but changed on ours; kept it"
                        ));
                        documents.push(o.clone());
                    }
                    Some(_) => {}
                    None => documents.push(o.clone()),
                }
            }
            (None, Some(t)) => match b {
                Some(b) if b != t => {
                    conflict(format!(
                        "document {id:?}: deleted on ours but changed on theirs; kept it deleted"
                    ));
                }
                Some(_) => {}
                None => documents.push(t.clone()),
            },
            (None, None) => {}
        }
    }

    let mut project = Project {
        name,
        themes,
        documents,
    };
    // A theme one side deleted while the other tagged with it comes back.
    let used: BTreeSet<String> = project
        .documents
        .iter()
        .flat_map(|d| d.spans.spans().iter().map(|s| s.theme.clone()))
        .collect();
    for id in used {
        if project.theme(&id).is_none()
            && let Some(theme) = ours.theme(&id).or_else(|| theirs.theme(&id))
        {
            conflict(format!(
                "theme {id:?}: deleted on one side while the other tagged spans with it; kept the theme"
            ));
            project.themes.push(theme.clone());
        }
    }
    let mut cleared = Vec::new();
    clear_clashing_keys(&mut project, &mut cleared);
    for id in cleared {
        conflict(format!(
            "theme {id:?}: its shortcut key clashes with another theme's after the merge; its key was cleared"
        ));
    }
    Merged { project, conflicts }
}

fn merge_theme(
    base: Option<&Theme>,
    ours: &Theme,
    theirs: &Theme,
    conflict: &mut impl FnMut(String),
) -> Theme {
    let mut out = ours.clone();
    let mut field = |name: &str, b: Option<String>, o: String, t: String| -> Option<String> {
        match pick(b.as_ref(), Some(&o), Some(&t)) {
            Pick::Agreed(v) => v,
            Pick::Conflict(v) => {
                conflict(format!(
                    "theme {:?}: {name} changed to {o} on ours and to {t} on theirs; kept ours",
                    ours.id
                ));
                v
            }
        }
    };
    let label = field(
        "label",
        base.map(|b| format!("{:?}", b.label)),
        format!("{:?}", ours.label),
        format!("{:?}", theirs.label),
    );
    if label.as_deref() != Some(&format!("{:?}", ours.label)) {
        out.label = theirs.label.clone();
    }
    let color = field(
        "colour",
        base.map(|b| b.color.to_string()),
        ours.color.to_string(),
        theirs.color.to_string(),
    );
    if color != Some(ours.color.to_string()) {
        out.color = theirs.color;
    }
    let show_key = |k: Option<char>| k.map_or_else(|| "no key".to_owned(), |k| format!("{k:?}"));
    let key = field(
        "key",
        base.map(|b| show_key(b.key)),
        show_key(ours.key),
        show_key(theirs.key),
    );
    if key != Some(show_key(ours.key)) {
        out.key = theirs.key;
    }
    let description = field(
        "description",
        base.map(|b| format!("{:?}", b.description)),
        format!("{:?}", ours.description),
        format!("{:?}", theirs.description),
    );
    if description != Some(format!("{:?}", ours.description)) {
        out.description = theirs.description.clone();
    }
    out
}

fn merge_document(
    base: Option<&Document>,
    ours: &Document,
    theirs: &Document,
    conflict: &mut impl FnMut(String),
) -> Document {
    let id = &ours.id;
    let mut out = Document::new(ours.id.clone(), ours.title.clone(), ours.text.clone());
    out.source = ours.source.clone();
    match pick(
        base.map(|b| &b.title),
        Some(&ours.title),
        Some(&theirs.title),
    ) {
        Pick::Agreed(Some(t)) => out.title = t,
        Pick::Agreed(None) => {}
        Pick::Conflict(_) => conflict(format!(
            "document {id:?}: title changed to {:?} on ours and to {:?} on theirs; kept ours",
            ours.title, theirs.title
        )),
    }
    if let Pick::Agreed(Some(s)) = pick(
        base.map(|b| &b.source),
        Some(&ours.source),
        Some(&theirs.source),
    ) {
        out.source = s;
    }

    // The three span lists are sorted by key: walk them side by side.
    let empty: &[Span] = &[];
    let lists = [
        base.map_or(empty, |b| b.spans.spans()),
        ours.spans.spans(),
        theirs.spans.spans(),
    ];
    let mut at = [0usize; 3];
    let mut spans = Vec::with_capacity(lists[1].len().max(lists[2].len()));
    loop {
        let heads: [Option<&Span>; 3] = std::array::from_fn(|i| lists[i].get(at[i]));
        let Some(k) = heads.iter().flatten().map(|s| s.key()).min() else {
            break;
        };
        let [b, o, t]: [Option<&str>; 3] = std::array::from_fn(|i| {
            let head = heads[i].filter(|s| s.key() == k)?;
            at[i] += 1;
            Some(head.note.as_str())
        });
        let note = match pick(b.as_ref(), o.as_ref(), t.as_ref()) {
            Pick::Agreed(n) => n,
            Pick::Conflict(n) => {
                let (start, end, theme, annotator) = k;
                let quoted = ours.text.slice(start, end).unwrap_or_default();
                conflict(format!(
                    "document {id:?}: span {start}..{end} {quoted:?} (theme {theme:?}, by {annotator:?}): note {} on ours and {} on theirs; kept ours",
                    describe_note(b.as_ref(), o.as_ref()),
                    describe_note(b.as_ref(), t.as_ref()),
                ));
                n
            }
        };
        if let Some(note) = note {
            let (start, end, theme, annotator) = k;
            spans.push(Span::new(start, end, theme, annotator).with_note(note));
        }
    }
    out.spans = SpanIndex::from_spans(spans);

    let mut annotators: BTreeSet<&String> = ours.done.iter().collect();
    annotators.extend(theirs.done.iter());
    if let Some(b) = base {
        annotators.extend(b.done.iter());
    }
    out.done = annotators
        .into_iter()
        .filter(|a| {
            let was = base.is_some_and(|b| b.done.contains(*a));
            let (o, t) = (ours.done.contains(*a), theirs.done.contains(*a));
            if o == t {
                o
            } else if o == was {
                t
            } else {
                o
            }
        })
        .cloned()
        .collect();
    merge_attributes(base, ours, theirs, &mut out, conflict);
    out
}

/// Each attribute merged three ways: a change (or removal) on one side
/// wins; two different changes keep ours and are listed as a conflict.
fn merge_attributes(
    base: Option<&Document>,
    ours: &Document,
    theirs: &Document,
    out: &mut Document,
    conflict: &mut impl FnMut(String),
) {
    let mut names: BTreeSet<&String> = ours.attributes.keys().collect();
    names.extend(theirs.attributes.keys());
    if let Some(b) = base {
        names.extend(b.attributes.keys());
    }
    for name in names {
        let was = base.and_then(|b| b.attributes.get(name));
        let (o, t) = (ours.attributes.get(name), theirs.attributes.get(name));
        let value = match pick(was, o, t) {
            Pick::Agreed(v) => v,
            Pick::Conflict(v) => {
                conflict(format!(
                    "document {:?}: attribute {name:?} set to {o:?} on ours and to {t:?} on theirs; kept ours",
                    ours.id
                ));
                v
            }
        };
        if let Some(v) = value {
            out.attributes.insert(name.clone(), v);
        }
    }
}

fn describe_note(base: Option<&&str>, side: Option<&&str>) -> String {
    match (base, side) {
        (_, None) => "removed with its span".into(),
        (None, Some(n)) => format!("added as {n:?}"),
        (Some(_), Some(n)) => format!("changed to {n:?}"),
    }
}

/// Clears the shortcut key of any theme whose key a theme before it
/// already uses (or that otherwise breaks a codebook rule), so the
/// merged project loads; the ids whose key was cleared are pushed.
fn clear_clashing_keys(project: &mut Project, cleared: &mut Vec<String>) {
    for i in 0..project.themes.len() {
        let (before, rest) = project.themes.split_at_mut(i);
        let theme = &mut rest[0];
        if theme.key.is_some()
            && rules::check_theme(theme, before.iter())
                .iter()
                .any(|p| !p.is_warning())
        {
            theme.key = None;
            cleared.push(theme.id.clone());
        }
    }
}

/// Ids in ours's order, then those only theirs has, in theirs's order.
fn ours_then_theirs<'a>(
    ours: impl Iterator<Item = &'a str>,
    theirs: impl Iterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut ids: Vec<&str> = ours.collect();
    let seen: BTreeSet<&str> = ids.iter().copied().collect();
    ids.extend(theirs.filter(|id| !seen.contains(id)));
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fixture;
    use crate::model::{AnnotatorState, Edit};

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
}
