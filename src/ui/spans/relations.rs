//! The right panel's relations: the document's relations in order of
//! position (type, both ends' text, annotator; a click selects one and
//! shows its `from` end) and the selected relation's details (its type,
//! changeable among the codebook's relation types, its note, both ends,
//! Delete). Every change is one undoable edit with its message. Only the
//! rows in sight are drawn.

use egui::{RichText, Ui};

use crate::model::{Document, Edit, Relation, RelationType, SpanRef};
use crate::session::Session;
use crate::ui::app::command::{Command, Commands};
use crate::ui::sidebar::annotators::Admit;
use crate::ui::spans::span_list::snippet;

/// The note being written, for the relation it was started on.
#[derive(Default)]
pub struct RelationsPanel {
    draft: String,
    draft_of: Option<Relation>,
}

/// A relation type's label, else its id.
fn type_label<'a>(types: &'a [RelationType], id: &'a str) -> &'a str {
    types
        .iter()
        .find(|t| t.id == id)
        .map_or(id, |t| t.label.as_str())
}

fn end_text(doc: &Document, end: &SpanRef) -> String {
    snippet(doc.text().slice(end.start, end.end).unwrap_or(""), 30)
}

impl RelationsPanel {
    /// The relations of the open document whose both ends the annotator
    /// filter shows, and the details of `selected`.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        selected: Option<&Relation>,
        admit: Admit,
        out: &mut Commands,
    ) {
        let Some(doc) = session.document() else {
            return;
        };
        if doc.relations().is_empty() && session.project().relation_types().is_empty() {
            return;
        }
        let types = session.project().relation_types();
        let rows: Vec<&Relation> = doc
            .relations()
            .iter()
            .filter(|r| admit.admits(&r.from.annotator) && admit.admits(&r.to.annotator))
            .collect();
        ui.separator();
        ui.heading(format!("Relations ({})", rows.len()));
        if let Some(rel) = selected {
            self.details(ui, session, doc, rel, out);
        } else if rows.is_empty() {
            ui.weak("Select a span and press R (Relate Span To…) to relate it to another.");
        }
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        egui::ScrollArea::vertical()
            .id_salt("relation-list")
            .max_height(160.0)
            .auto_shrink([false, true])
            .show_rows(ui, row_h, rows.len(), |ui, range| {
                for rel in &rows[range] {
                    let text = format!(
                        "{}: ‘{}’ ➡ ‘{}’ · {}",
                        type_label(types, &rel.kind),
                        end_text(doc, &rel.from),
                        end_text(doc, &rel.to),
                        rel.annotator
                    );
                    let on = selected.is_some_and(|s| s.same_key(rel));
                    if ui.selectable_label(on, text).clicked() {
                        out.push(Command::SelectRelation(Some((*rel).clone())));
                        out.push(Command::OpenAt {
                            document: session.current_index(),
                            span: rel.from.to_span(),
                        });
                    }
                }
            });
    }

    fn details(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        doc: &Document,
        rel: &Relation,
        out: &mut Commands,
    ) {
        if self.draft_of.as_ref() != Some(rel) {
            self.draft = rel.note.clone();
            self.draft_of = Some(rel.clone());
        }
        let types = session.project().relation_types();
        let replace = |new: Relation, message: String| Command::Apply {
            edit: Edit::ReplaceRelation {
                doc: doc.id.clone(),
                old: Box::new(rel.clone()),
                new: Box::new(new),
            },
            message: Some(message),
        };
        let mut kind = rel.kind.clone();
        egui::ComboBox::from_label("Relation type")
            .selected_text(type_label(types, &rel.kind))
            .show_ui(ui, |ui| {
                for t in types {
                    ui.selectable_value(&mut kind, t.id.clone(), &t.label);
                }
            });
        if kind != rel.kind {
            let directed = types
                .iter()
                .find(|t| t.id == kind)
                .is_none_or(|t| t.directed);
            let new = Relation {
                kind: kind.clone(),
                ..rel.clone()
            }
            .normalised(directed);
            let message = format!("Relation retyped as {}", type_label(types, &kind));
            out.push(Command::SelectRelation(Some(new.clone())));
            out.push(replace(new, message));
        }
        for (name, end) in [("From", &rel.from), ("To", &rel.to)] {
            let text = format!("{name}: ‘{}’", end_text(doc, end));
            if ui.link(RichText::new(text)).clicked() {
                out.push(Command::OpenAt {
                    document: session.current_index(),
                    span: end.to_span(),
                });
            }
        }
        ui.weak(format!("by {}", rel.annotator));
        let label = ui.label("Relation note");
        let note = ui
            .add(
                egui::TextEdit::multiline(&mut self.draft)
                    .hint_text("Write a note on this relation")
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        let changed = self.draft != rel.note;
        ui.horizontal(|ui| {
            let save = ui
                .add_enabled(changed, egui::Button::new("Save Relation Note"))
                .clicked();
            if changed && (save || note.lost_focus()) {
                let new = rel.clone().with_note(self.draft.clone());
                out.push(Command::SelectRelation(Some(new.clone())));
                out.push(replace(new, "Relation note saved".into()));
            }
            if ui.button("Delete Relation").clicked() {
                out.push(Command::SelectRelation(None));
                out.push(Command::Apply {
                    edit: Edit::RemoveRelation {
                        doc: doc.id.clone(),
                        relation: Box::new(rel.clone()),
                    },
                    message: Some(format!("Deleted relation {}", type_label(types, &rel.kind))),
                });
            }
        });
    }
}
