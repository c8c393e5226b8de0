//! Applying an edit: the one match over [`Edit`] that changes a project
//! and returns the inverse, with the checks and steps it shares.

use super::super::document::{AnnotatorState, Document, check_attribute};
use super::super::project::Project;
use super::super::rules::{self, ThemeProblem};
use super::super::span::{Span, Suggestion};
use super::super::theme::Theme;
use super::cascade::{self, Gone};
use super::{Edit, EditError, memos, relations};

/// How strictly an edit is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Check {
    /// A new change: every rule of [`rules`] holds afterwards.
    New,
    /// Undo, redo or a rollback: the state it returns to held before (or
    /// came from a file that opened with warnings), so only what the file
    /// format itself forbids is refused. A theme with a key that no longer
    /// passes the rules comes back exactly as it was.
    Restore,
}

impl Edit {
    /// Applies the edit and returns its inverse, or an error and leaves the
    /// project exactly as it was.
    pub fn apply(self, project: &mut Project) -> Result<Edit, EditError> {
        self.apply_with(project, Check::New)
    }

    /// Applies an inverse that [`apply`](Edit::apply) returned (undo,
    /// redo): it returns the project to a state it was in, so the rules
    /// that files written by older versions may break
    /// ([`ThemeProblem::is_warning`]) are not checked again.
    pub(super) fn restore(self, project: &mut Project) -> Result<Edit, EditError> {
        self.apply_with(project, Check::Restore)
    }

    fn apply_with(self, project: &mut Project, check: Check) -> Result<Edit, EditError> {
        match self {
            Edit::AddSpan { doc, span } => {
                add_span(project, &doc, span.clone())?;
                Ok(Edit::RemoveSpan { doc, span })
            }
            Edit::RemoveSpan { doc, span } => {
                let removed = remove_span(project, &doc, &span)?;
                let cascade = cascade::detach(project, Gone::spans(&doc, [&removed]));
                let inverse = Edit::AddSpan { doc, span: removed };
                Ok(cascade::with_cascade(inverse, cascade))
            }
            Edit::AddSpans { doc, spans } => {
                let added = add_spans(project, &doc, spans)?;
                Ok(Edit::RemoveSpans { doc, spans: added })
            }
            Edit::RemoveSpans { doc, spans } => {
                let removed = remove_spans(project, &doc, &spans)?;
                let cascade = cascade::detach(project, Gone::spans(&doc, &removed));
                let inverse = Edit::AddSpans {
                    doc,
                    spans: removed,
                };
                Ok(cascade::with_cascade(inverse, cascade))
            }
            Edit::ReplaceSpan { doc, old, new } => {
                let removed = remove_span(project, &doc, &old)?;
                let moved = add_span(project, &doc, new.clone()).and_then(|()| {
                    let (from, to) = ((&removed).into(), (&new).into());
                    cascade::follow_span(project, &doc, &from, &to).inspect_err(|_| {
                        remove_span(project, &doc, &new).expect("just added");
                    })
                });
                if let Err(e) = moved {
                    add_span(project, &doc, removed).expect("re-adding a removed span");
                    return Err(e);
                }
                Ok(Edit::ReplaceSpan {
                    doc,
                    old: new,
                    new: removed,
                })
            }
            Edit::AddTheme { index, theme } => {
                check_theme(project.themes.iter(), &theme, check)?;
                check_parent(project, &theme)?;
                let id = theme.id.clone();
                let index = index.min(project.themes.len());
                project.themes.insert(index, theme);
                Ok(Edit::RemoveTheme { id })
            }
            Edit::UpdateTheme { theme } => {
                let i = theme_position(project, &theme.id)?;
                let others = project.themes.iter().filter(|t| t.id != theme.id);
                check_theme(others, &theme, check)?;
                check_parent(project, &theme)?;
                let old = std::mem::replace(&mut project.themes[i], theme);
                Ok(Edit::UpdateTheme { theme: old })
            }
            Edit::RemoveTheme { id } => {
                let index = theme_position(project, &id)?;
                if let Some(t) = project.relation_types.iter().find(|t| t.names_theme(&id)) {
                    return Err(EditError::ThemeAtRelationEnd {
                        theme: id,
                        relation_type: t.id.clone(),
                    });
                }
                let theme = project.themes.remove(index);
                let mut gone = Gone {
                    theme: Some(id.clone()),
                    ..Gone::default()
                };
                let mut restore = Vec::new();
                for child in project.themes.iter_mut() {
                    if child.parent.as_deref() == Some(id.as_str()) {
                        restore.push(Edit::UpdateTheme {
                            theme: child.clone(),
                        });
                        child.parent.clone_from(&theme.parent);
                    }
                }
                restore.insert(0, Edit::AddTheme { index, theme });
                for doc in &mut project.documents {
                    let spans = doc.spans.remove_where(|s| s.theme == id);
                    gone.spans.extend(Gone::spans(&doc.id, &spans).spans);
                    if !spans.is_empty() {
                        restore.push(Edit::AddSpans {
                            doc: doc.id.clone(),
                            spans,
                        });
                    }
                    let (gone, kept) = take_theme(&doc.suggestions, &id);
                    if !gone.is_empty() {
                        doc.suggestions = kept;
                        restore.push(Edit::AddSuggestions {
                            doc: doc.id.clone(),
                            suggestions: gone,
                        });
                    }
                    let (gone, kept) = take_theme(&doc.rejected, &id);
                    if !gone.is_empty() {
                        doc.rejected = kept;
                        restore.push(Edit::AddRejections {
                            doc: doc.id.clone(),
                            suggestions: gone,
                        });
                    }
                }
                restore.extend(cascade::detach(project, gone));
                Ok(Edit::Batch(restore))
            }
            Edit::MergeTheme { from, into } => {
                let steps = merge_steps(project, &from, &into)?;
                Edit::Batch(steps).apply_with(project, check)
            }
            Edit::AddSuggestions { doc, suggestions } => {
                add_suggestions(project, &doc, &suggestions, List::Proposed)?;
                Ok(Edit::RemoveSuggestions { doc, suggestions })
            }
            Edit::RemoveSuggestions { doc, suggestions } => {
                remove_suggestions(project, &doc, &suggestions, List::Proposed)?;
                Ok(Edit::AddSuggestions { doc, suggestions })
            }
            Edit::AddRejections { doc, suggestions } => {
                add_suggestions(project, &doc, &suggestions, List::Rejected)?;
                Ok(Edit::RemoveRejections { doc, suggestions })
            }
            Edit::RemoveRejections { doc, suggestions } => {
                remove_suggestions(project, &doc, &suggestions, List::Rejected)?;
                Ok(Edit::AddRejections { doc, suggestions })
            }
            Edit::AcceptSuggestions {
                doc,
                suggestions,
                annotator,
            } => {
                if annotator.is_empty() {
                    return Err(EditError::EmptyAnnotator);
                }
                let document = project
                    .document(&doc)
                    .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?;
                let spans: Vec<Span> = suggestions
                    .iter()
                    .map(|s| s.to_span(&annotator))
                    .filter(|s| document.spans.position(s).is_none())
                    .collect();
                let mut steps = vec![Edit::RemoveSuggestions {
                    doc: doc.clone(),
                    suggestions,
                }];
                if !spans.is_empty() {
                    steps.push(Edit::AddSpans { doc, spans });
                }
                Edit::Batch(steps).apply_with(project, check)
            }
            Edit::RejectSuggestions { doc, suggestions } => Edit::Batch(vec![
                Edit::RemoveSuggestions {
                    doc: doc.clone(),
                    suggestions: suggestions.clone(),
                },
                Edit::AddRejections { doc, suggestions },
            ])
            .apply_with(project, check),
            Edit::AddDocument { index, document } => {
                if document.id.is_empty() {
                    return Err(EditError::EmptyId);
                }
                if project.document(&document.id).is_some() {
                    return Err(EditError::DuplicateDocument(document.id));
                }
                for span in document.spans.spans() {
                    document
                        .check_span(span)
                        .map_err(|reason| EditError::BadSpan {
                            doc: document.id.clone(),
                            reason,
                        })?;
                    if project.theme(&span.theme).is_none() {
                        return Err(EditError::NoSuchTheme(span.theme.clone()));
                    }
                }
                for (name, value) in &document.attributes {
                    check_attribute(name, value).map_err(|reason| EditError::BadAttribute {
                        doc: document.id.clone(),
                        reason,
                    })?;
                }
                for s in document.suggestions.iter().chain(&document.rejected) {
                    document
                        .check_suggestion(s)
                        .map_err(|reason| EditError::BadSpan {
                            doc: document.id.clone(),
                            reason,
                        })?;
                    if project.theme(&s.theme).is_none() {
                        return Err(EditError::NoSuchTheme(s.theme.clone()));
                    }
                }
                relations::check_document(project, &document)?;
                let id = document.id.clone();
                let index = index.min(project.documents.len());
                project.documents.insert(index, *document);
                Ok(Edit::RemoveDocument { id })
            }
            Edit::RemoveDocument { id } => {
                let index = project
                    .documents
                    .iter()
                    .position(|d| d.id == id)
                    .ok_or(EditError::NoSuchDocument(id))?;
                let document = Box::new(project.documents.remove(index));
                let gone = Gone {
                    document: Some(document.id.clone()),
                    ..Gone::default()
                };
                let cascade = cascade::detach(project, gone);
                let inverse = Edit::AddDocument { index, document };
                Ok(cascade::with_cascade(inverse, cascade))
            }
            Edit::RenameProject { name } => {
                let old = std::mem::replace(&mut project.name, name);
                Ok(Edit::RenameProject { name: old })
            }
            Edit::SetState {
                doc,
                annotator,
                state,
            } => {
                if annotator.is_empty() {
                    return Err(EditError::EmptyAnnotator);
                }
                let document = project
                    .document_mut(&doc)
                    .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?;
                let old = document.state(&annotator);
                match state {
                    AnnotatorState::Done => document.done.insert(annotator.clone()),
                    AnnotatorState::InProgress => document.done.remove(&annotator),
                };
                Ok(Edit::SetState {
                    doc,
                    annotator,
                    state: old,
                })
            }
            Edit::SetAttribute { doc, name, value } => {
                if let Some(value) = &value {
                    check_attribute(&name, value).map_err(|reason| EditError::BadAttribute {
                        doc: doc.clone(),
                        reason,
                    })?;
                }
                let document = project
                    .document_mut(&doc)
                    .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?;
                let old = match value {
                    Some(value) => document.attributes.insert(name.clone(), value),
                    None => document.attributes.remove(&name),
                };
                Ok(Edit::SetAttribute {
                    doc,
                    name,
                    value: old,
                })
            }
            Edit::AddRelationType {
                index,
                relation_type,
            } => relations::add_type(project, index, relation_type),
            Edit::UpdateRelationType { relation_type } => {
                relations::update_type(project, relation_type)
            }
            Edit::RemoveRelationType { id } => relations::remove_type(project, &id),
            Edit::AddRelation { doc, relation } => relations::add(project, doc, *relation),
            Edit::RemoveRelation { doc, relation } => relations::remove(project, doc, &relation),
            Edit::ReplaceRelation { doc, old, new } => relations::replace(project, doc, &old, *new),
            Edit::AddMemo { index, memo } => memos::add(project, index, memo),
            Edit::UpdateMemo { memo } => memos::update(project, memo),
            Edit::RemoveMemo { id } => memos::remove(project, &id),
            Edit::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply_with(project, check) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            for inverse in inverses.into_iter().rev() {
                                inverse
                                    .restore(project)
                                    .expect("the inverse of an applied edit applies");
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }
}

/// The parent of `theme` is in the codebook and does not lie under it.
fn check_parent(project: &Project, theme: &Theme) -> Result<(), EditError> {
    let Some(parent) = theme.parent.as_deref() else {
        return Ok(());
    };
    if parent == theme.id {
        return Err(ThemeProblem::OwnParent.into());
    }
    if project.theme(parent).is_none() {
        return Err(ThemeProblem::NoSuchParent(parent.to_owned()).into());
    }
    if project.is_within(parent, &theme.id) {
        return Err(EditError::ParentUnderTheme {
            theme: theme.id.clone(),
            parent: parent.to_owned(),
        });
    }
    Ok(())
}

/// The edits that merge theme `from` into `into`, in order: the themes
/// under `from` move under `into`, relation types naming `from` name
/// `into`, the spans of `from` are added as `into` (those `into` has
/// already skipped), their relations and memo links follow, then `from`
/// goes with its spans and suggestions (and what could not follow).
fn merge_steps(project: &Project, from: &str, into: &str) -> Result<Vec<Edit>, EditError> {
    theme_position(project, from)?;
    theme_position(project, into)?;
    if from == into {
        return Err(EditError::MergeIntoItself(from.to_owned()));
    }
    if project.is_within(into, from) {
        return Err(EditError::MergeIntoDescendant {
            from: from.to_owned(),
            into: into.to_owned(),
        });
    }
    let mut steps: Vec<Edit> = project
        .children(from)
        .map(|child| {
            let mut moved = child.clone();
            moved.parent = Some(into.to_owned());
            Edit::UpdateTheme { theme: moved }
        })
        .collect();
    let (widened, narrowed) = relations::retheme_types(project, from, into);
    let update = |relation_type| Edit::UpdateRelationType { relation_type };
    let mut types = project.relation_types.clone();
    for t in &narrowed {
        if let Some(old) = types.iter_mut().find(|old| old.id == t.id) {
            old.clone_from(t);
        }
    }
    steps.extend(widened.into_iter().map(update));
    for doc in &project.documents {
        let mut recoded: Vec<Span> = Vec::new();
        for span in doc.spans.spans().iter().filter(|s| s.theme == from) {
            let mut new = span.clone();
            new.theme = into.to_owned();
            if doc.spans.position(&new).is_none() {
                recoded.push(new);
            }
        }
        if !recoded.is_empty() {
            steps.push(Edit::AddSpans {
                doc: doc.id.clone(),
                spans: recoded,
            });
        }
    }
    steps.extend(cascade::follow_merge(project, &types, from, into));
    steps.extend(narrowed.into_iter().map(update));
    steps.push(Edit::RemoveTheme {
        id: from.to_owned(),
    });
    Ok(steps)
}

/// Which of a document's two suggestion lists an edit changes.
#[derive(Clone, Copy)]
enum List {
    Proposed,
    Rejected,
}

fn list_mut(document: &mut Document, list: List) -> &mut std::collections::BTreeSet<Suggestion> {
    match list {
        List::Proposed => &mut document.suggestions,
        List::Rejected => &mut document.rejected,
    }
}

/// The suggestions of theme `id` and the rest, apart.
fn take_theme(
    set: &std::collections::BTreeSet<Suggestion>,
    id: &str,
) -> (Vec<Suggestion>, std::collections::BTreeSet<Suggestion>) {
    let (gone, kept): (Vec<_>, Vec<_>) = set.iter().cloned().partition(|s| s.theme == id);
    (gone, kept.into_iter().collect())
}

/// Adds `suggestions` to one list of `doc`, all or nothing.
fn add_suggestions(
    project: &mut Project,
    doc: &str,
    suggestions: &[Suggestion],
    list: List,
) -> Result<(), EditError> {
    let document = project
        .document(doc)
        .ok_or_else(|| EditError::NoSuchDocument(doc.to_owned()))?;
    let mut seen = std::collections::HashSet::new();
    for s in suggestions {
        if project.theme(&s.theme).is_none() {
            return Err(EditError::NoSuchTheme(s.theme.clone()));
        }
        document
            .check_suggestion(s)
            .map_err(|reason| EditError::BadSpan {
                doc: doc.to_owned(),
                reason,
            })?;
        let present = match list {
            List::Proposed => document.suggestions.contains(s),
            List::Rejected => document.rejected.contains(s),
        };
        if present || !seen.insert(s) {
            return Err(EditError::DuplicateSuggestion {
                doc: doc.to_owned(),
                start: s.start,
                end: s.end,
                theme: s.theme.clone(),
            });
        }
    }
    let document = project
        .document_mut(doc)
        .ok_or_else(|| EditError::NoSuchDocument(doc.to_owned()))?;
    list_mut(document, list).extend(suggestions.iter().cloned());
    Ok(())
}

/// Removes `suggestions` from one list of `doc`, all or nothing.
fn remove_suggestions(
    project: &mut Project,
    doc: &str,
    suggestions: &[Suggestion],
    list: List,
) -> Result<(), EditError> {
    let document = project
        .document_mut(doc)
        .ok_or_else(|| EditError::NoSuchDocument(doc.to_owned()))?;
    let set = list_mut(document, list);
    let mut seen = std::collections::HashSet::new();
    if let Some(s) = suggestions
        .iter()
        .find(|s| !set.contains(*s) || !seen.insert(*s))
    {
        return Err(EditError::NoSuchSuggestion {
            doc: doc.to_owned(),
            start: s.start,
            end: s.end,
            theme: s.theme.clone(),
        });
    }
    for s in suggestions {
        set.remove(s);
    }
    Ok(())
}

fn add_span(project: &mut Project, doc: &str, span: Span) -> Result<(), EditError> {
    if project.theme(&span.theme).is_none() {
        return Err(EditError::NoSuchTheme(span.theme));
    }
    let document = project
        .document_mut(doc)
        .ok_or_else(|| EditError::NoSuchDocument(doc.to_owned()))?;
    document
        .check_span(&span)
        .map_err(|reason| EditError::BadSpan {
            doc: doc.to_owned(),
            reason,
        })?;
    let err = EditError::DuplicateSpan {
        doc: doc.to_owned(),
        start: span.start,
        end: span.end,
        theme: span.theme.clone(),
        annotator: span.annotator.clone(),
    };
    document.spans.insert(span).map(|_| ()).ok_or(err)
}

/// Adds `spans` to `doc` in one merge; returns them for the inverse. The
/// error is the one adding them one by one would give: for the first span,
/// in the given order, with an unknown theme, bad offsets or a key already
/// present (in the document or earlier in `spans`).
fn add_spans(project: &mut Project, doc: &str, spans: Vec<Span>) -> Result<Vec<Span>, EditError> {
    let document = project.document(doc);
    // One by one, a span is checked for its theme, then the document, then
    // its offsets; the duplicate check comes last.
    let mut known_theme: Option<&str> = None;
    let mut invalid = None;
    for (i, span) in spans.iter().enumerate() {
        if known_theme != Some(span.theme.as_str()) {
            if project.theme(&span.theme).is_none() {
                invalid = Some((i, EditError::NoSuchTheme(span.theme.clone())));
                break;
            }
            known_theme = Some(&span.theme);
        }
        let Some(document) = document else {
            invalid = Some((i, EditError::NoSuchDocument(doc.to_owned())));
            break;
        };
        if let Err(reason) = document.check_span(span) {
            let reason = EditError::BadSpan {
                doc: doc.to_owned(),
                reason,
            };
            invalid = Some((i, reason));
            break;
        }
    }
    let Some(document) = document else {
        return Err(invalid
            .map(|(_, e)| e)
            .unwrap_or_else(|| EditError::NoSuchDocument(doc.to_owned())));
    };
    if let Some((i, error)) = invalid {
        // A duplicate before the invalid span would have been refused first.
        let fresh = document.spans.would_insert(&spans[..i]);
        return Err(match fresh.iter().position(|&f| !f) {
            Some(d) => duplicate_span(doc, &spans[d]),
            None => error,
        });
    }
    let document = project
        .document_mut(doc)
        .ok_or_else(|| EditError::NoSuchDocument(doc.to_owned()))?;
    let added = spans.clone();
    document
        .spans
        .insert_many(spans)
        .map_err(|span| duplicate_span(doc, &span))?;
    Ok(added)
}

/// Removes the spans with the keys of `spans` from `doc` in one sweep;
/// returns them as they were (with their notes). The error is the one
/// removing them one by one would give.
fn remove_spans(project: &mut Project, doc: &str, spans: &[Span]) -> Result<Vec<Span>, EditError> {
    let document = project
        .document_mut(doc)
        .ok_or_else(|| EditError::NoSuchDocument(doc.to_owned()))?;
    document
        .spans
        .remove_many(spans)
        .map_err(|span| EditError::NoSuchSpan {
            doc: doc.to_owned(),
            start: span.start,
            end: span.end,
            theme: span.theme,
            annotator: span.annotator,
        })
}

fn duplicate_span(doc: &str, span: &Span) -> EditError {
    EditError::DuplicateSpan {
        doc: doc.to_owned(),
        start: span.start,
        end: span.end,
        theme: span.theme.clone(),
        annotator: span.annotator.clone(),
    }
}

fn remove_span(project: &mut Project, doc: &str, span: &Span) -> Result<Span, EditError> {
    let document = project
        .document_mut(doc)
        .ok_or_else(|| EditError::NoSuchDocument(doc.to_owned()))?;
    document
        .spans
        .remove(span)
        .ok_or_else(|| EditError::NoSuchSpan {
            doc: doc.to_owned(),
            start: span.start,
            end: span.end,
            theme: span.theme.clone(),
            annotator: span.annotator.clone(),
        })
}

fn theme_position(project: &Project, id: &str) -> Result<usize, EditError> {
    project
        .themes
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(|| EditError::NoSuchTheme(id.to_owned()))
}

/// The first rule of [`rules::check_theme`] that `theme` breaks next to
/// `others`; when restoring, only the ones no project file may break.
fn check_theme<'a>(
    others: impl IntoIterator<Item = &'a Theme>,
    theme: &Theme,
    check: Check,
) -> Result<(), EditError> {
    match rules::check_theme(theme, others)
        .into_iter()
        .find(|p| check == Check::New || !p.is_warning())
    {
        Some(problem) => Err(EditError::Theme(problem)),
        None => Ok(()),
    }
}
