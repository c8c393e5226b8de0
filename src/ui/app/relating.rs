//! Making a relation, the window's side: from the selected span (Edit →
//! Relate Span To…, `R`, or the span details' button), the other span is
//! picked by N/P and Enter or by a click, then the picker chooses the
//! relation type. Escape cancels at any step. The relation is one
//! undoable edit; the model's refusal (a theme the type does not allow at
//! an end, a self-relation) is said in the status line.

use super::palette::{Line, PaletteTarget, PickFor};
use crate::model::{Edit, Relation, Span, SpanRef};
use crate::ui::app::MarginaliaApp;

/// A relation being made: the span it starts from, and whether the
/// picker is choosing its type.
#[derive(Clone, Debug, PartialEq)]
pub(in crate::ui) struct Relating {
    pub source: Span,
    pub choosing_type: bool,
}

impl MarginaliaApp {
    /// Starts a relation from the selected span.
    pub(in crate::ui) fn start_relation(&mut self) {
        let Some(source) = self.selected.clone() else {
            self.info("Select a span first (click it, or N and P), then relate it (R)");
            return;
        };
        if self.session.project().relation_types().is_empty() {
            self.status.error(
                "Not started: the codebook has no relation types (add one under Relation types)",
            );
            return;
        }
        self.relating = Some(Relating {
            source,
            choosing_type: false,
        });
        self.info("Relate to: pick the other span (N/P then Enter, or click it); Esc cancels");
    }

    /// Whether a relation is being made.
    pub(in crate::ui) fn is_relating(&self) -> bool {
        self.relating.is_some()
    }

    /// Escape while making a relation.
    pub(in crate::ui) fn cancel_relation(&mut self) {
        if self.relating.take().is_some() {
            self.picker.close();
            self.info("Relation cancelled");
        }
    }

    /// A span clicked in the document (or none): while a relation is
    /// being made, another span clicked is its target.
    pub(in crate::ui) fn span_clicked(&mut self, span: Option<Span>) {
        self.select_span(span);
        if self
            .relating
            .as_ref()
            .is_some_and(|r| !r.choosing_type && self.selected.is_some())
        {
            self.pick_relation_target();
        }
    }

    /// Enter while making a relation: the selected span is the target;
    /// the picker opens on the relation types.
    pub(in crate::ui) fn pick_relation_target(&mut self) {
        let Some(relating) = &mut self.relating else {
            return;
        };
        let Some(target) = self.selected.clone() else {
            self.info("Pick the other span first (N/P, or click it)");
            return;
        };
        relating.choosing_type = true;
        let source = relating.source.clone();
        let project = self.session.project();
        let lines = project
            .relation_types()
            .iter()
            .map(|t| {
                let fits = t.allows_from(&source.theme)
                    && t.allows_to(&target.theme)
                    && (t.allow_self || source != target);
                Line {
                    text: if fits {
                        t.label.clone()
                    } else {
                        format!("{} (not for these spans)", t.label)
                    },
                    detail: if t.directed {
                        "➡".into()
                    } else {
                        "↔".into()
                    },
                    target: PaletteTarget::Tag(t.id.clone()),
                }
            })
            .collect();
        let at = self
            .view
            .rects_for(target.start, target.end)
            .first()
            .map_or(egui::pos2(300.0, 120.0), |r| {
                r.left_bottom() + egui::vec2(0.0, 4.0)
            });
        self.picker
            .open("Relation type", lines, at, PickFor::Relation);
    }

    /// The picker chose `kind`: the relation from the source to the
    /// selected span, as one undoable edit.
    pub(in crate::ui) fn relate(&mut self, kind: &str) {
        let (Some(relating), Some(target)) = (self.relating.take(), self.selected.clone()) else {
            return;
        };
        let Some(doc) = self.session.document() else {
            return;
        };
        let directed = self
            .session
            .project()
            .relation_type(kind)
            .is_none_or(|t| t.directed);
        let label = self
            .session
            .project()
            .relation_type(kind)
            .map_or(kind.to_owned(), |t| t.label.clone());
        let relation = Relation::new(
            SpanRef::from(&relating.source),
            SpanRef::from(&target),
            kind,
            &self.prefs.annotator,
        )
        .normalised(directed);
        let text = |s: &Span| doc.text().slice(s.start, s.end).unwrap_or("").to_owned();
        let message = format!(
            "Related ‘{}’ to ‘{}’ as {label}",
            text(&relating.source),
            text(&target)
        );
        let doc = doc.id.clone();
        if self.apply(Edit::AddRelation {
            doc,
            relation: Box::new(relation.clone()),
        }) {
            self.info(message);
            self.selected_relation = Some(relation);
        }
    }

    /// After the picker drew: Escape in it cancels the relation.
    pub(in crate::ui) fn relation_picker_closed(&mut self) {
        if self.relating.as_ref().is_some_and(|r| r.choosing_type) && !self.picker.is_open() {
            self.cancel_relation();
        }
    }

    /// The selected relation, if it is still in the open document (an
    /// undo may have taken it away).
    pub(in crate::ui) fn revalidate_relation(&mut self) {
        let keep = match (&self.selected_relation, self.session.document()) {
            (Some(r), Some(doc)) => doc.relations().get(r).cloned(),
            _ => None,
        };
        self.selected_relation = keep;
    }
}
