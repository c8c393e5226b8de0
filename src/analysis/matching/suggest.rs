//! Suggestions: running the rules over documents and diffing what they
//! find against the suggestions already there.

use std::collections::BTreeSet;

use super::query::MatchError;
use super::rules::RuleSet;
use super::tag_all::documents;
use crate::model::{Edit, Project, Span, Suggestion};

/// The part of a span's order that a suggestion has.
pub(super) fn suggestion_key(span: &Span) -> (usize, usize, &str) {
    (span.start, span.end, span.theme.as_str())
}

/// What running the rules over some documents changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suggested {
    /// Per document (in project order): every suggestion the rules make
    /// now, the ones new since the last run among them, and the earlier
    /// ones they no longer make (withdrawn).
    pub documents: Vec<DocumentSuggestions>,
}

/// One document's part of [`Suggested`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentSuggestions {
    pub doc: String,
    pub all: Vec<Suggestion>,
    pub new: Vec<Suggestion>,
    pub withdrawn: Vec<Suggestion>,
}

impl Suggested {
    /// Suggestions the rules make now, over all documents.
    pub fn total(&self) -> usize {
        self.documents.iter().map(|d| d.all.len()).sum()
    }

    /// The one edit that brings the documents' suggestions up to date
    /// (withdraws stale ones, adds new ones); `None` when nothing changes.
    pub fn edit(&self) -> Option<Edit> {
        let mut edits = Vec::new();
        for d in &self.documents {
            if !d.withdrawn.is_empty() {
                edits.push(Edit::RemoveSuggestions {
                    doc: d.doc.clone(),
                    suggestions: d.withdrawn.clone(),
                });
            }
            if !d.new.is_empty() {
                edits.push(Edit::AddSuggestions {
                    doc: d.doc.clone(),
                    suggestions: d.new.clone(),
                });
            }
        }
        (!edits.is_empty()).then_some(Edit::Batch(edits))
    }

    /// The one edit that accepts every suggestion the rules make now as
    /// spans by `annotator` (after [`edit`](Suggested::edit) has applied).
    pub fn accept_all(&self, annotator: &str) -> Option<Edit> {
        let edits: Vec<Edit> = self
            .documents
            .iter()
            .filter(|d| !d.all.is_empty())
            .map(|d| Edit::AcceptSuggestions {
                doc: d.doc.clone(),
                suggestions: d.all.clone(),
                annotator: annotator.to_owned(),
            })
            .collect();
        (!edits.is_empty()).then_some(Edit::Batch(edits))
    }
}

/// Runs the codebook's rules over the documents `docs` (all when empty).
/// `progress(done, total)` is called after each rule pass of each
/// document (see [`RuleSet::steps_per_document`]); returning `false` stops
/// with [`MatchError::Cancelled`], so a worker thread can run it, show
/// its progress and be cancelled.
pub fn suggest(
    project: &Project,
    docs: &[String],
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Suggested, MatchError> {
    let rules = RuleSet::new(project)?;
    let documents = documents(project, docs)?;
    let total = documents.len() * rules.steps_per_document();
    let mut done = 0;
    let mut out = Suggested::default();
    for doc in documents {
        let found = rules.sorted_suggestions(doc, &mut || {
            done += 1;
            progress(done, total)
        })?;
        let (new, withdrawn) = changes(&found, doc.suggestions());
        out.documents.push(DocumentSuggestions {
            doc: doc.id.clone(),
            all: found,
            new,
            withdrawn,
        });
    }
    Ok(out)
}

/// What is in `now` (sorted) but not in `before`, and what is in `before`
/// but not in `now`, each in order: one merge walk.
pub(super) fn changes(
    now: &[Suggestion],
    before: &BTreeSet<Suggestion>,
) -> (Vec<Suggestion>, Vec<Suggestion>) {
    if before.is_empty() {
        return (now.to_vec(), Vec::new());
    }
    let (mut new, mut gone) = (Vec::new(), Vec::new());
    let mut now = now.iter().peekable();
    let mut before = before.iter().peekable();
    loop {
        match (now.peek(), before.peek()) {
            (Some(a), Some(b)) => match a.cmp(b) {
                std::cmp::Ordering::Less => new.extend(now.next().cloned()),
                std::cmp::Ordering::Greater => gone.extend(before.next().cloned()),
                std::cmp::Ordering::Equal => {
                    now.next();
                    before.next();
                }
            },
            (Some(_), None) => new.extend(now.by_ref().cloned()),
            (None, Some(_)) => gone.extend(before.by_ref().cloned()),
            (None, None) => break,
        }
    }
    (new, gone)
}
