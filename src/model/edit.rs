//! Edits: the one door through which a project changes.
//!
//! Applying an [`Edit`] validates it, changes the project and returns the
//! edit that undoes it. [`History`] keeps those inverses for undo/redo and
//! tracks whether the project differs from the last saved state.

use thiserror::Error;

use super::project::{AnnotatorState, Document, Project, Span, Suggestion, Theme, check_attribute};
use super::rules::{self, ThemeProblem};

/// A change to a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Add a span to a document.
    AddSpan { doc: String, span: Span },
    /// Remove the span with the same key (start, end, theme, annotator).
    RemoveSpan { doc: String, span: Span },
    /// Add many spans to a document at once (an import, an undone theme
    /// deletion): one merge into the span index instead of one insert per
    /// span. All or nothing, refused exactly when adding the spans one by
    /// one, in this order, would refuse one of them.
    AddSpans { doc: String, spans: Vec<Span> },
    /// Remove many spans (by key) from a document at once; the inverse of
    /// [`AddSpans`](Edit::AddSpans). All or nothing, refused exactly when
    /// removing them one by one would refuse one (a missing or repeated
    /// key).
    RemoveSpans { doc: String, spans: Vec<Span> },
    /// Replace a span (retag, move, change the note or annotator).
    ReplaceSpan { doc: String, old: Span, new: Span },
    /// Add a theme at `index` (clamped to the end).
    AddTheme { index: usize, theme: Theme },
    /// Change a theme's label, colour, key, description, parent or rules
    /// (not its id). Refused when the new parent is missing or lies under
    /// the theme, or a rule cannot be used.
    UpdateTheme { theme: Theme },
    /// Delete a theme with every span and suggestion that uses it; the
    /// themes under it move up to its parent.
    RemoveTheme { id: String },
    /// Recode every span of theme `from` as `into` and remove `from`
    /// (a span `into` already has is kept once); the themes under `from`
    /// move under `into`, its suggestions go. Refused into itself or into
    /// a theme under it.
    MergeTheme { from: String, into: String },
    /// Propose spans (rules' suggestions) in a document.
    AddSuggestions {
        doc: String,
        suggestions: Vec<Suggestion>,
    },
    /// Withdraw suggestions (the inverse of [`AddSuggestions`](Edit::AddSuggestions)).
    RemoveSuggestions {
        doc: String,
        suggestions: Vec<Suggestion>,
    },
    /// Remember suggestions as rejected.
    AddRejections {
        doc: String,
        suggestions: Vec<Suggestion>,
    },
    /// Forget rejections (the inverse of [`AddRejections`](Edit::AddRejections)).
    RemoveRejections {
        doc: String,
        suggestions: Vec<Suggestion>,
    },
    /// Turn suggestions into spans by `annotator` (a span that is already
    /// there is kept as it is).
    AcceptSuggestions {
        doc: String,
        suggestions: Vec<Suggestion>,
        annotator: String,
    },
    /// Withdraw suggestions and remember them as rejected.
    RejectSuggestions {
        doc: String,
        suggestions: Vec<Suggestion>,
    },
    /// Add a document at `index` (clamped to the end).
    AddDocument {
        index: usize,
        document: Box<Document>,
    },
    /// Remove a document and its spans.
    RemoveDocument { id: String },
    /// Rename the project.
    RenameProject { name: String },
    /// Mark a document done (or back in progress) for one annotator.
    SetState {
        doc: String,
        annotator: String,
        state: AnnotatorState,
    },
    /// Set a document attribute to a value (`Some`) or remove it (`None`).
    SetAttribute {
        doc: String,
        name: String,
        value: Option<String>,
    },
    /// Several edits applied as one step, all or nothing.
    Batch(Vec<Edit>),
}

/// Why an edit could not be applied. The project is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EditError {
    #[error("there is no document with id {0:?}")]
    NoSuchDocument(String),
    #[error("there is no theme with id {0:?}")]
    NoSuchTheme(String),
    #[error("a document with id {0:?} already exists")]
    DuplicateDocument(String),
    /// The theme breaks a rule of the codebook (see [`rules`]).
    #[error(transparent)]
    Theme(#[from] ThemeProblem),
    #[error("an id cannot be empty")]
    EmptyId,
    #[error("an annotator name cannot be empty")]
    EmptyAnnotator,
    #[error(
        "document {doc:?} already has this span ({start}..{end}, theme {theme:?}, annotator {annotator:?})"
    )]
    DuplicateSpan {
        doc: String,
        start: usize,
        end: usize,
        theme: String,
        annotator: String,
    },
    #[error("document {doc:?} has no span {start}..{end} with theme {theme:?} by {annotator:?}")]
    NoSuchSpan {
        doc: String,
        start: usize,
        end: usize,
        theme: String,
        annotator: String,
    },
    #[error("document {doc:?}: {reason}")]
    BadSpan { doc: String, reason: String },
    #[error("document {doc:?}: {reason}")]
    BadAttribute { doc: String, reason: String },
    #[error("the project is open read-only; use Save As to keep changes in another file")]
    ReadOnly,
    #[error("theme {0:?} cannot be merged into itself")]
    MergeIntoItself(String),
    #[error("theme {from:?} cannot be merged into {into:?}, which lies under it")]
    MergeIntoDescendant { from: String, into: String },
    #[error("theme {theme:?} cannot move under {parent:?}, which lies under it")]
    ParentUnderTheme { theme: String, parent: String },
    #[error("document {doc:?} already has the suggestion {start}..{end} of theme {theme:?}")]
    DuplicateSuggestion {
        doc: String,
        start: usize,
        end: usize,
        theme: String,
    },
    #[error("document {doc:?} has no suggestion {start}..{end} of theme {theme:?}")]
    NoSuchSuggestion {
        doc: String,
        start: usize,
        end: usize,
        theme: String,
    },
}

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
    fn restore(self, project: &mut Project) -> Result<Edit, EditError> {
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
                Ok(Edit::AddSpan { doc, span: removed })
            }
            Edit::AddSpans { doc, spans } => {
                let added = add_spans(project, &doc, spans)?;
                Ok(Edit::RemoveSpans { doc, spans: added })
            }
            Edit::RemoveSpans { doc, spans } => {
                let removed = remove_spans(project, &doc, &spans)?;
                Ok(Edit::AddSpans {
                    doc,
                    spans: removed,
                })
            }
            Edit::ReplaceSpan { doc, old, new } => {
                let removed = remove_span(project, &doc, &old)?;
                if let Err(e) = add_span(project, &doc, new.clone()) {
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
                let theme = project.themes.remove(index);
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
                Ok(Edit::AddDocument { index, document })
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

    /// What the edit does in the user's words, naming the passage and the
    /// themes where it touches one span (`retag ‘WTO rules’ from Trade to
    /// ICT`,
    /// `tag ‘the pandemic’ as Health`); other edits as [`describe`].
    /// `project` is the project before the edit.
    ///
    /// [`describe`]: Edit::describe
    pub fn describe_in(&self, project: &Project) -> String {
        let passage = |doc: &str, s: &Span| {
            let text = project
                .document(doc)
                .and_then(|d| d.text().slice(s.start, s.end))
                .unwrap_or("");
            quote(text)
        };
        let label = |id: &str| {
            project
                .theme(id)
                .map_or_else(|| id.to_owned(), |t| t.label.clone())
        };
        match self {
            Edit::AddSpan { doc, span } => {
                format!("tag {} as {}", passage(doc, span), label(&span.theme))
            }
            Edit::RemoveSpan { doc, span } => {
                format!("untag {} ({})", passage(doc, span), label(&span.theme))
            }
            Edit::ReplaceSpan { doc, old, new } if old.theme != new.theme => format!(
                "retag {} from {} to {}",
                passage(doc, old),
                label(&old.theme),
                label(&new.theme)
            ),
            Edit::ReplaceSpan { doc, old, new } if old.note != new.note && old.same_key(new) => {
                format!("edit the note of {}", passage(doc, old))
            }
            Edit::ReplaceSpan { doc, old, new } => {
                format!("change {} to {}..{}", passage(doc, old), new.start, new.end)
            }
            _ => self.describe(),
        }
    }

    /// A short description for menus ("Undo add span").
    pub fn describe(&self) -> String {
        match self {
            Edit::AddSpan { .. } => "add span".into(),
            Edit::RemoveSpan { .. } => "remove span".into(),
            Edit::AddSpans { spans, .. } => counted(spans.len(), "add", "span", "spans"),
            Edit::RemoveSpans { spans, .. } => counted(spans.len(), "remove", "span", "spans"),
            Edit::ReplaceSpan { old, new, .. } if old.note != new.note && old.same_key(new) => {
                "edit note".into()
            }
            Edit::ReplaceSpan { .. } => "change span".into(),
            Edit::AddTheme { .. } => "add theme".into(),
            Edit::UpdateTheme { .. } => "change theme".into(),
            Edit::RemoveTheme { .. } => "delete theme".into(),
            Edit::MergeTheme { .. } => "merge themes".into(),
            Edit::AddSuggestions { suggestions, .. } => {
                counted(suggestions.len(), "suggest", "span", "spans")
            }
            Edit::RemoveSuggestions { suggestions, .. } => {
                counted(suggestions.len(), "withdraw", "suggestion", "suggestions")
            }
            Edit::AddRejections { suggestions, .. } => {
                counted(suggestions.len(), "reject", "suggestion", "suggestions")
            }
            Edit::RemoveRejections { suggestions, .. } => {
                counted(suggestions.len(), "forget", "rejection", "rejections")
            }
            Edit::AcceptSuggestions { suggestions, .. } => {
                counted(suggestions.len(), "accept", "suggestion", "suggestions")
            }
            Edit::RejectSuggestions { suggestions, .. } => {
                counted(suggestions.len(), "reject", "suggestion", "suggestions")
            }
            Edit::AddDocument { .. } => "add document".into(),
            Edit::RemoveDocument { .. } => "remove document".into(),
            Edit::RenameProject { .. } => "rename project".into(),
            Edit::SetState {
                state: AnnotatorState::Done,
                ..
            } => "mark done".into(),
            Edit::SetState { .. } => "mark in progress".into(),
            Edit::SetAttribute { value: Some(_), .. } => "set attribute".into(),
            Edit::SetAttribute { .. } => "remove attribute".into(),
            Edit::Batch(edits) if edits.len() == 1 => edits[0].describe(),
            Edit::Batch(edits) => super::plural(edits.len(), "change", "changes"),
        }
    }
}

/// A passage in quotes, on one line, cut to 32 characters (‘WTO rules’).
fn quote(text: &str) -> String {
    const MAX: usize = 32;
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = one_line.chars().count();
    if n > MAX {
        let cut: String = one_line.chars().take(MAX - 1).collect();
        format!("‘{}…’", cut.trim_end())
    } else {
        format!("‘{one_line}’")
    }
}

/// "accept suggestion", "accept 3 suggestions": a menu's words, with the
/// count only when there is more than one.
fn counted(n: usize, verb: &str, one: &str, many: &str) -> String {
    match n {
        1 => format!("{verb} {one}"),
        n => format!("{verb} {}", super::plural(n, one, many)),
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
/// under `from` move under `into`, the spans of `from` are added as
/// `into` (those `into` has already skipped), then `from` goes with its
/// spans and suggestions.
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

/// One step of the history: the edit that reverses (or re-does) it.
#[derive(Clone, Debug)]
struct Step {
    serial: u64,
    /// What the user did ("add span"), for "Undo add span" and "Redo add
    /// span": the edit kept here is its inverse on the undo stack.
    what: String,
    edit: Edit,
}

/// Undo/redo stacks and dirty tracking for one project.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    next_serial: u64,
    /// Serial of the top undo step when last saved (0: the initial state).
    saved: Option<u64>,
}

impl History {
    /// A history whose current state counts as saved.
    pub fn new() -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            next_serial: 1,
            saved: Some(0),
        }
    }

    /// Applies an edit as a new undoable step; clears the redo stack.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<(), EditError> {
        let what = edit.describe_in(project);
        let inverse = edit.apply(project)?;
        self.redo.clear();
        let serial = self.next_serial.max(1);
        self.next_serial = serial + 1;
        self.undo.push(Step {
            serial,
            what,
            edit: inverse,
        });
        Ok(())
    }

    /// Undoes the last step; returns what it undid, or `None` if nothing.
    pub fn undo(&mut self, project: &mut Project) -> Option<String> {
        let step = self.undo.pop()?;
        let forward = step
            .edit
            .restore(project)
            .expect("an inverse recorded in the history applies");
        self.redo.push(Step {
            serial: step.serial,
            what: step.what.clone(),
            edit: forward,
        });
        Some(step.what)
    }

    /// Redoes the last undone step; returns what it redid, or `None`.
    pub fn redo(&mut self, project: &mut Project) -> Option<String> {
        let step = self.redo.pop()?;
        let inverse = step
            .edit
            .restore(project)
            .expect("a forward edit recorded in the history applies");
        self.undo.push(Step {
            serial: step.serial,
            what: step.what.clone(),
            edit: inverse,
        });
        Some(step.what)
    }

    /// What undo would undo, as the user did it ("add span").
    pub fn undo_description(&self) -> Option<String> {
        self.undo.last().map(|s| s.what.clone())
    }

    /// What redo would redo ("add span").
    pub fn redo_description(&self) -> Option<String> {
        self.redo.last().map(|s| s.what.clone())
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Whether the project differs from its last saved state.
    pub fn is_dirty(&self) -> bool {
        let current = self.undo.last().map_or(0, |s| s.serial);
        self.saved != Some(current)
    }

    /// Records that the current state has been saved.
    pub fn mark_saved(&mut self) {
        self.saved = Some(self.undo.last().map_or(0, |s| s.serial));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::project::{Color, default_codebook};
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
}

#[cfg(test)]
#[path = "edit_tree_tests.rs"]
mod tree_tests;

#[cfg(test)]
mod describe_tests {
    use super::*;

    #[test]
    fn undo_names_the_passage_and_the_themes_in_plain_words() {
        let mut p = Project::with_default_codebook("P");
        let text = "WTO rules 🌍 matter\r\nand a very long passage that goes on and on";
        Edit::AddDocument {
            index: 0,
            document: Box::new(Document::new("d", "D", text.replace("\r\n", "\n"))),
        }
        .apply(&mut p)
        .unwrap();
        // Code points: the emoji is one, so "rules 🌍" is 4..11.
        let span = Span::new(4, 11, "trade", "ana");
        let add = Edit::AddSpan {
            doc: "d".into(),
            span: span.clone(),
        };
        assert_eq!(add.describe_in(&p), "tag ‘rules 🌍’ as Trade");
        let mut h = History::new();
        h.apply(&mut p, add).unwrap();
        assert_eq!(h.undo_description().unwrap(), "tag ‘rules 🌍’ as Trade");
        let mut ict = span.clone();
        ict.theme = "ict".into();
        let retag = Edit::ReplaceSpan {
            doc: "d".into(),
            old: span.clone(),
            new: ict,
        };
        assert_eq!(retag.describe_in(&p), "retag ‘rules 🌍’ from Trade to ICT");
        // A long passage across a line break: one line, cut with an ellipsis.
        let long = Span::new(12, 60, "health", "ana");
        let what = Edit::AddSpan {
            doc: "d".into(),
            span: long,
        }
        .describe_in(&p);
        assert_eq!(what, "tag ‘matter and a very long passage…’ as Health");
    }
}
