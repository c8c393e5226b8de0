//! An edit in the user's words: for the undo and redo menus and the
//! status bar ("tag ‘WTO rules’ as Trade", "accept 3 suggestions").

use super::super::document::AnnotatorState;
use super::super::project::Project;
use super::super::span::Span;
use super::Edit;

impl Edit {
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
            Edit::AddRelationType { .. } => "add relation type".into(),
            Edit::UpdateRelationType { .. } => "change relation type".into(),
            Edit::RemoveRelationType { .. } => "delete relation type".into(),
            Edit::AddRelation { .. } => "relate spans".into(),
            Edit::RemoveRelation { .. } => "remove relation".into(),
            Edit::ReplaceRelation { old, new, .. } if old.note != new.note && old.same_key(new) => {
                "edit relation note".into()
            }
            Edit::ReplaceRelation { old, new, .. } if old.kind != new.kind => {
                "retype relation".into()
            }
            Edit::ReplaceRelation { .. } => "change relation".into(),
            Edit::AddMemo { .. } => "add memo".into(),
            Edit::UpdateMemo { .. } => "edit memo".into(),
            Edit::RemoveMemo { .. } => "delete memo".into(),
            Edit::Batch(edits) if edits.len() == 1 => edits[0].describe(),
            Edit::Batch(edits) => super::super::plural(edits.len(), "change", "changes"),
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
        n => format!("{verb} {}", super::super::plural(n, one, many)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;
    use crate::model::History;

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
