//! The list of the document's spans, filtered by theme, by text and by
//! the window's annotator filter; each row names the span's annotator.
//! Only the visible rows are drawn, so a document with 100k spans scrolls
//! as fast as one with ten.

use crate::ui::app::command::{Command, Commands};
use egui::Ui;

use crate::model::{Span, Theme};
use crate::session::Session;
use crate::ui::sidebar::annotators::Admit;
use crate::ui::style::theme_color;

/// Which rows a filter keeps: (revision, document, theme, text,
/// annotator filter).
type RowsKey = (u64, usize, Option<String>, String, String);

/// The list's state: its filters and the rows they keep.
#[derive(Default)]
pub struct SpanList {
    filter_theme: Option<String>,
    filter_text: String,
    /// Span list rows (indices into the document's spans) for a key.
    rows: Option<(RowsKey, Vec<usize>)>,
    /// The selected span the list last scrolled to, and the rows shown in
    /// the last frame: a newly selected span (clicked in the document, or
    /// N/P) is scrolled into view.
    followed: Option<Span>,
    shown_rows: std::ops::Range<usize>,
}

/// A short one-line preview of a span's text.
pub(in crate::ui) fn snippet(text: &str, max: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let mut out: String = one_line.chars().take(max).collect();
    if one_line.chars().count() > max {
        out.push('…');
    }
    out
}

impl SpanList {
    /// Another project: no theme filter, and a new session starts its
    /// revisions at 0 again.
    pub fn reset(&mut self) {
        self.filter_theme = None;
        self.rows = None;
    }

    /// Which spans of the current document pass the filters: recomputed
    /// only when the project, the document or the filters change, not on
    /// every frame; without a filter, row i is span i and nothing is
    /// computed at all (a tag at 100k spans would otherwise rebuild a
    /// 100k-row list). Returns whether the list is unfiltered.
    fn refresh_rows(&mut self, session: &Session, admit: Admit) -> bool {
        let Some(doc) = session.document() else {
            return true;
        };
        let unfiltered =
            self.filter_theme.is_none() && self.filter_text.is_empty() && admit.everyone();
        let key = (
            session.revision(),
            session.current_index(),
            self.filter_theme.clone(),
            self.filter_text.clone(),
            admit.signature(),
        );
        if !unfiltered && self.rows.as_ref().is_none_or(|(k, _)| *k != key) {
            let needle = self.filter_text.to_lowercase();
            let rows = doc
                .spans()
                .spans()
                .iter()
                .enumerate()
                .filter(|(_, s)| self.filter_theme.as_ref().is_none_or(|t| &s.theme == t))
                .filter(|(_, s)| admit.admits(&s.annotator))
                .filter(|(_, s)| {
                    needle.is_empty()
                        || doc
                            .span_text(s)
                            .is_some_and(|t| t.to_lowercase().contains(&needle))
                })
                .map(|(i, _)| i)
                .collect();
            self.rows = Some((key, rows));
        }
        unfiltered
    }

    /// How many rows the list has.
    fn count(&self, session: &Session, unfiltered: bool) -> usize {
        if unfiltered {
            session.document().map_or(0, |d| d.spans().len())
        } else {
            self.rows.as_ref().map_or(0, |(_, r)| r.len())
        }
    }

    /// The list; a span clicked is opened (selected and scrolled to). The
    /// heading counts the spans listed, and of how many when a filter
    /// (theme, text, annotators) leaves some out.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        selected: Option<&Span>,
        admit: Admit,
        out: &mut Commands,
    ) {
        let Some(doc) = session.document() else {
            return;
        };
        let themes: &[Theme] = session.project().themes();
        let unfiltered = self.refresh_rows(session, admit);
        let (count, total) = (self.count(session, unfiltered), doc.spans().len());
        ui.heading(if count == total {
            format!("Spans ({total})")
        } else {
            format!("Spans ({count} of {total})")
        });
        let label_of = |id: &str| {
            themes
                .iter()
                .find(|t| t.id == id)
                .map_or(id.to_owned(), |t| t.label.clone())
        };
        egui::ComboBox::from_label("Filter by theme")
            .selected_text(
                self.filter_theme
                    .as_deref()
                    .map_or("All themes".into(), label_of),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.filter_theme, None, "All themes");
                for t in themes {
                    ui.selectable_value(&mut self.filter_theme, Some(t.id.clone()), &t.label);
                }
            });
        ui.horizontal(|ui| {
            let label = ui.label("Filter by text");
            ui.add(
                // As wide as the panel allows, never wider (a narrow window).
                egui::TextEdit::singleline(&mut self.filter_text)
                    .hint_text("words in the span")
                    .desired_width(ui.available_width().min(280.0)),
            )
            .labelled_by(label.id);
        });
        // The filters may have changed just now.
        let unfiltered = self.refresh_rows(session, admit);
        let count = self.count(session, unfiltered);
        let rows: &[usize] = self.rows.as_ref().map_or(&[], |(_, r)| r.as_slice());
        let spans = doc.spans().spans();
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let mut area = egui::ScrollArea::vertical()
            .id_salt("span-list")
            .auto_shrink([false, false]);
        if selected != self.followed.as_ref() {
            self.followed = selected.cloned();
            let row_of = |s: &Span| {
                let i = doc.spans().position(s)?;
                if unfiltered {
                    Some(i)
                } else {
                    rows.iter().position(|&r| r == i)
                }
            };
            if let Some(row) = selected.and_then(row_of)
                && !self.shown_rows.contains(&row)
            {
                let step = row_h + ui.spacing().item_spacing.y;
                let above = (self.shown_rows.len() / 3) as f32;
                area = area.vertical_scroll_offset(((row as f32 - above) * step).max(0.0));
            }
        }
        area.show_rows(ui, row_h, count, |ui, range| {
            self.shown_rows = range.clone();
            for row in range {
                let span = &spans[if unfiltered { row } else { rows[row] }];
                let text = snippet(doc.span_text(span).unwrap_or_default(), 60);
                ui.horizontal(|ui| {
                    if let Some(t) = themes.iter().find(|t| t.id == span.theme) {
                        ui.colored_label(theme_color(t), "■");
                    }
                    // Whose span it is, dimmed, before its range and text.
                    ui.weak(if span.annotator.is_empty() {
                        "(no name)"
                    } else {
                        span.annotator.as_str()
                    });
                    let range = format!("{}..{} ", span.start, span.end);
                    let row = crate::ui::document::bidi_label::selectable_passage(
                        ui,
                        selected == Some(span),
                        &range,
                        &text,
                    );
                    if row.clicked() {
                        out.push(Command::OpenAt {
                            document: session.current_index(),
                            span: span.clone(),
                        });
                    }
                });
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::snippet;

    #[test]
    fn a_long_multi_line_span_is_previewed_on_one_line_with_an_ellipsis() {
        let text = "Ко\r\nмпания\u{a0}🚀 grows";
        let preview = snippet(text, 9);
        assert_eq!(preview, "Ко  мпани…");
        assert_eq!(snippet("🚀 ok", 9), "🚀 ok");
    }
}
