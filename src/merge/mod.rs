//! Combining projects edited apart: the union of two projects
//! ([`union`]), the three-way merge a git merge driver needs
//! ([`three_way`]) and a list of changes in words ([`diff`]).
//!
//! Things are matched by what identifies them: documents, themes,
//! relation types and memos by id, spans by (document, start, end, theme,
//! annotator), relations by (document, from, to, type, annotator),
//! suggestions and rejections by (document, start, end, theme), done
//! states by (document, annotator), rules and memo links by their value.
//!
//! Merge and diff take every model type apart field by field without `..`
//! (`let Theme { id, label, .. every field } = theme`), so a field added
//! to the model does not compile until both say what to do with it. The
//! property test in `property_tests.rs` checks that every change of each
//! side reaches the merge, and that `diff` names it.
//!
//! | module | holds |
//! |---|---|
//! | `mod.rs` | the three-way merge of a project, the value and set merges every field uses, conflicts, [`check`] |
//! | `themes.rs` | a theme merged three ways; parent cycles broken back to ours; themes still referred to brought back |
//! | `documents.rs` | a document merged three ways: title, source, attributes, done states, spans with notes, relations, suggestions, rejections |
//! | `relations.rs` | relation types, relations and memos merged three ways; spans ours relates kept; what the merge no longer allows dropped, listed |
//! | `union.rs` | the two-way union of `marginalia merge` |
//! | `diff.rs` | the changes from one version to another, one line each |
//! | `diff_relations.rs` | the lines of that diff for relation types, relations and memos |

mod diff;
mod diff_relations;
mod documents;
mod relations;
mod themes;
mod union;

use std::collections::BTreeSet;
use std::fmt;

use thiserror::Error;

use crate::model::{Project, Span};
use crate::model::{relation_rules, rules};
pub use diff::diff;
pub use union::union;

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
    #[error(
        "relation type {id:?} differs between the two projects: {what}. Make the two codebooks agree on it (or give one type another id) and merge again"
    )]
    DifferentRelationType { id: String, what: String },
}

/// Why a merged project could not be written as a file that loads: the
/// checks of the loader that a merge could break (codebook rules and
/// tree, unique ids, spans and suggestions on known themes within their
/// text, relation types, relations and memos), without writing and
/// reading the file.
pub fn check(project: &Project) -> Result<(), String> {
    let types = &project.relation_types;
    for (i, rt) in types.iter().enumerate() {
        relation_rules::check_relation_type(rt, &types[..i], |t| project.theme(t).is_some())?;
    }
    let mut memo_ids = BTreeSet::new();
    for memo in &project.memos {
        relation_rules::check_memo(memo, project)?;
        if !memo_ids.insert(memo.id.as_str()) {
            return Err(format!("memo id {:?} is used twice", memo.id));
        }
    }
    for (i, theme) in project.themes.iter().enumerate() {
        if let Some(p) = rules::check_theme(theme, &project.themes[..i])
            .into_iter()
            .find(|p| !p.is_warning())
        {
            return Err(format!("theme {:?}: {p}", theme.id));
        }
    }
    if let Some((i, p)) = rules::check_tree(&project.themes).into_iter().next() {
        return Err(format!("theme {:?}: {p}", project.themes[i].id));
    }
    let mut ids = BTreeSet::new();
    for d in &project.documents {
        if !ids.insert(d.id.as_str()) {
            return Err(format!("document id {:?} appears twice", d.id));
        }
        let suggested = d.suggestions.iter().chain(&d.rejected);
        let themes = d.spans.spans().iter().map(|s| (&s.theme, d.check_span(s)));
        let themes = themes.chain(suggested.map(|s| (&s.theme, d.check_suggestion(s))));
        for (theme, fits) in themes {
            fits.map_err(|reason| format!("document {:?}: {reason}", d.id))?;
            if project.theme(theme).is_none() {
                return Err(format!(
                    "document {:?}: a span or suggestion uses theme {theme:?}, which is in neither codebook",
                    d.id
                ));
            }
        }
        for r in d.relations.iter() {
            relation_rules::check_relation(r, d, |id| project.relation_type(id))
                .map_err(|reason| format!("document {:?}: {reason}", d.id))?;
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

/// The result of a merge: a project that loads, and the conflicts
/// resolved to OURS (empty for a clean merge).
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

/// One field present on both sides merged three ways (`base` is `None`
/// when the thing is new on both sides). Two different changes keep ours
/// and are listed as "SUBJECT: WHAT changed to … on ours and to … on
/// theirs; kept ours", each value written by `show`.
fn field<T: PartialEq + Clone>(
    subject: &str,
    what: &str,
    [base, ours, theirs]: [Option<&T>; 3],
    show: impl Fn(&T) -> String,
    conflict: &mut impl FnMut(String),
) -> Option<T> {
    match pick(base, ours, theirs) {
        Pick::Agreed(v) => v,
        Pick::Conflict(v) => {
            let side = |s: Option<&T>| s.map_or_else(|| "nothing".to_owned(), &show);
            conflict(format!(
                "{subject}: {what} changed to {} on ours and to {} on theirs; kept ours",
                side(ours),
                side(theirs)
            ));
            v
        }
    }
}

/// A set merged three ways, member by member: what one side added or
/// removed is added or removed (membership is yes or no, so two sides
/// never change it differently).
fn merge_set<T: Ord + Clone>(
    base: Option<&BTreeSet<T>>,
    ours: &BTreeSet<T>,
    theirs: &BTreeSet<T>,
) -> BTreeSet<T> {
    let was = |x: &T| base.is_some_and(|b| b.contains(x));
    let mut out: BTreeSet<T> = ours
        .iter()
        .filter(|x| theirs.contains(*x) || !was(x))
        .cloned()
        .collect();
    out.extend(theirs.difference(ours).filter(|x| !was(x)).cloned());
    out
}

/// Three-way merge of projects: the changes made on each side since
/// `base` are applied together. Where both sides changed the same thing
/// differently, OURS's version is kept and the conflict listed.
pub fn three_way(base: &Project, ours: &Project, theirs: &Project) -> Merged {
    // Every field of a project is named here (no `..`): a field added to
    // `Project` does not compile until the merge says how to combine it.
    let Project {
        name,
        themes: ours_themes,
        relation_types: _,
        documents: ours_documents,
        memos: _,
    } = ours;
    let mut conflicts = Vec::new();
    let mut conflict = |what: String| conflicts.push(Conflict(what));

    let name = field(
        "project",
        "name",
        [Some(&base.name), Some(name), Some(&theirs.name)],
        |n| format!("{n:?}"),
        &mut conflict,
    )
    .unwrap_or_default();

    let themes = themes::merge_codebook(base, ours, theirs, &mut conflict);
    let relation_types = relations::merge_relation_types(base, ours, theirs, &mut conflict);

    // Documents: ours's order, then those only theirs has, in theirs's order.
    let doc_ids = ours_then_theirs(
        ours_documents.iter().map(|d| d.id.as_str()),
        theirs.documents.iter().map(|d| d.id.as_str()),
    );
    let mut documents = Vec::new();
    for id in doc_ids {
        let (b, o, t) = (base.document(id), ours.document(id), theirs.document(id));
        documents.extend(documents::merge_document(b, o, t, &mut conflict));
    }

    let memos = relations::merge_memos(base, ours, theirs, &mut conflict);
    let mut project = Project {
        name,
        themes,
        relation_types,
        documents,
        memos,
    };
    relations::restore_used_types(&mut project, ours, theirs, &mut conflict);
    themes::restore_referenced(&mut project, ours, theirs, &mut conflict);
    themes::break_parent_cycles(&mut project.themes, ours_themes, &mut conflict);
    let mut cleared = Vec::new();
    clear_clashing_keys(&mut project, &mut cleared);
    for id in cleared {
        conflict(format!(
            "theme {id:?}: its shortcut key clashes with another theme's after the merge; its key was cleared"
        ));
    }
    relations::make_loadable(&mut project, &mut conflict);
    Merged { project, conflicts }
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
mod property_tests;
#[cfg(test)]
mod relation_tests;
#[cfg(test)]
mod tests;
