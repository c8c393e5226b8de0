//! The Segments view's result list: one block per coded passage, its
//! theme, range, annotator and document on a line, then the passage in
//! full, wrapped to the view's width, with its context dimmed before and
//! after it, the span's note and its relations (type and the other end's
//! text). The passage is laid out by the document
//! view's own [`LineLayout`], so right-to-left text (Arabic, Hebrew) reads
//! in visual order and Chinese wraps between characters. Blocks differ in
//! height: their heights are measured once per width (and per result),
//! and only the blocks in sight are laid out and painted.

use std::ops::Range;

use egui::{Color32, FontId, Rect, RichText, Sense, TextStyle, Ui, UiBuilder, Vec2, WidgetInfo};

use crate::analysis::segments::Segment;
use crate::model::{Project, Span};
use crate::ui::document::line_layout::{LineLayout, LineStyle};

/// Code points of context shown on each side of a passage.
const CONTEXT: usize = 40;
/// Space around a block's contents.
const PAD: f32 = 4.0;
/// How far the passage and note are set in under the block's first line.
const INDENT: f32 = 18.0;

/// One result, ready to lay out.
pub(super) struct Row {
    /// The document's place in the project.
    pub doc: usize,
    pub title: String,
    pub span: Span,
    /// The theme's label and colour.
    pub label: String,
    pub color: Color32,
    /// Context, passage and context on one line, with "…" where the
    /// context was cut.
    text: String,
    /// Where the passage is in `text`, in code points.
    passage: Range<usize>,
    /// The span's relations, one per line ("Cause ➡ ‘the other end’").
    relations: String,
}

impl Row {
    /// The row of a segment the query found.
    pub fn new(project: &Project, s: &Segment) -> Row {
        let (before, passage, after) = s.with_context(CONTEXT);
        let mut text = String::new();
        if s.span.start > CONTEXT {
            text.push('…');
        }
        text.push_str(&one_line(before));
        let start = text.chars().count();
        text.push_str(&one_line(passage));
        let end = text.chars().count();
        text.push_str(&one_line(after));
        if s.span.end + CONTEXT < s.document.text().len_chars() {
            text.push('…');
        }
        let theme = project.theme(s.theme);
        Row {
            doc: s.doc_index,
            title: s.document.title.clone(),
            span: s.span.clone(),
            label: theme.map_or(s.theme.to_owned(), |t| t.label.clone()),
            color: theme.map_or(Color32::GRAY, crate::ui::style::theme_color),
            text,
            passage: start..end,
            relations: relations_of(project, s),
        }
    }

    /// The passage itself (one line).
    pub fn passage(&self) -> &str {
        let mut at = self.text.char_indices().map(|(i, _)| i);
        let from = at.nth(self.passage.start).unwrap_or(self.text.len());
        let to = self
            .text
            .char_indices()
            .nth(self.passage.end)
            .map_or(self.text.len(), |(i, _)| i);
        &self.text[from..to]
    }

    /// What screen readers and tests call the row.
    fn name(&self) -> String {
        let name = format!(
            "{}, {}–{}, {}: {}",
            self.title,
            self.span.start,
            self.span.end,
            self.label,
            self.passage()
        );
        if self.relations.is_empty() {
            name
        } else {
            format!("{name}; {}", self.relations.replace('\n', "; "))
        }
    }

    /// What is written under the passage: the note, then the relations.
    fn below(&self) -> Option<String> {
        let note = (!self.span.note.is_empty()).then(|| format!("Note: {}", self.span.note));
        let relations = (!self.relations.is_empty()).then(|| self.relations.clone());
        match (note, relations) {
            (Some(n), Some(r)) => Some(format!("{n}\n{r}")),
            (n, r) => n.or(r),
        }
    }
}

/// The relations of a segment's span, one per line: the type, an arrow
/// that says which way it goes (➡ to the other end, ⬅ from it, ↔ either
/// way) and the other end's text.
fn relations_of(project: &Project, s: &Segment) -> String {
    let text = s.document.text();
    s.document
        .relations_of(s.span)
        .map(|r| {
            let rt = project.relation_type(&r.kind);
            let label = rt.map_or(r.kind.as_str(), |t| t.label.as_str());
            let outgoing = r.from.matches(s.span);
            let other = if outgoing { &r.to } else { &r.from };
            let arrow = match (rt.is_none_or(|t| t.directed), outgoing) {
                (false, _) => "↔",
                (true, true) => "➡",
                (true, false) => "⬅",
            };
            let other = text.slice(other.start, other.end).unwrap_or("");
            format!(
                "{label} {arrow} ‘{}’",
                crate::ui::spans::span_list::snippet(other, 40)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text on one line: line breaks and tabs become spaces (one for one, so
/// code-point offsets are kept).
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A row laid out for a width (its first line is made of labels, one
/// interaction row high).
struct Laid {
    header: f32,
    text: LineLayout,
    note: Option<std::sync::Arc<egui::Galley>>,
}

impl Laid {
    fn new(ui: &Ui, row: &Row, width: f32) -> Laid {
        let font = TextStyle::Body.resolve(ui.style());
        let style = LineStyle {
            font_size: font.size,
            color: Color32::PLACEHOLDER,
            row_height: ui.text_style_height(&TextStyle::Body),
            wrap_width: (width - INDENT - PAD).max(40.0),
        };
        let note = row.below().map(|note| {
            ui.fonts_mut(|f| {
                f.layout(
                    note,
                    FontId::proportional(font.size),
                    ui.visuals().weak_text_color(),
                    style.wrap_width,
                )
            })
        });
        Laid {
            header: ui.spacing().interact_size.y,
            text: ui.fonts_mut(|f| LineLayout::new(f, &row.text, &style)),
            note,
        }
    }

    fn height(&self) -> f32 {
        let note = self.note.as_ref().map_or(0.0, |n| n.size().y + PAD);
        PAD + self.header + PAD + self.text.size().y + note + 2.0 * PAD
    }

    /// Draws the row in `rect`: the first line (labels), the passage
    /// strong on its theme's tint with the context dimmed, the note.
    fn paint(&self, ui: &mut Ui, row: &Row, rect: Rect) {
        let mut y = rect.top() + PAD;
        let header = Rect::from_min_size(
            egui::pos2(rect.left() + PAD, y),
            Vec2::new(rect.width() - 2.0 * PAD, self.header),
        );
        header_line(ui, row, header);
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals();
        y += self.header + PAD;
        let origin = egui::pos2(rect.left() + INDENT, y);
        let passage: Vec<Rect> = self
            .text
            .rects_for(row.passage.start, row.passage.end)
            .into_iter()
            .map(|r| r.translate(origin.to_vec2()))
            .collect();
        for r in &passage {
            painter.rect_filled(*r, 2.0, row.color.gamma_multiply(0.25));
        }
        self.text.paint(&painter, origin, visuals.weak_text_color());
        for r in &passage {
            let clip = r.intersect(painter.clip_rect());
            self.text.paint(
                &painter.with_clip_rect(clip),
                origin,
                visuals.strong_text_color(),
            );
        }
        y += self.text.size().y + PAD;
        if let Some(note) = &self.note {
            painter.galley(
                egui::pos2(rect.left() + INDENT, y),
                note.clone(),
                visuals.weak_text_color(),
            );
        }
    }
}

/// The theme's colour and label, the range, the annotator and the
/// document's title (cut to fit), as labels.
fn header_line(ui: &mut Ui, row: &Row, rect: Rect) {
    let layout = egui::Layout::left_to_right(egui::Align::Center);
    let mut line = ui.new_child(UiBuilder::new().max_rect(rect).layout(layout));
    line.set_clip_rect(rect.intersect(ui.clip_rect()));
    let (swatch, _) = line.allocate_exact_size(Vec2::new(INDENT - PAD, 10.0), Sense::hover());
    line.painter().rect_filled(
        Rect::from_center_size(swatch.center(), Vec2::splat(10.0)),
        2.0,
        row.color,
    );
    let label = |text: RichText| egui::Label::new(text).selectable(false);
    line.add(label(RichText::new(&row.label)));
    let range = format!("{}–{}", row.span.start, row.span.end);
    line.add(label(RichText::new(range).weak()));
    line.add(label(RichText::new(&row.span.annotator).weak()));
    line.add(label(RichText::new(&row.title).strong()).truncate());
}

/// The list's measured heights.
#[derive(Default)]
pub(super) struct RowList {
    /// The top of every row, then the total height.
    tops: Vec<f32>,
    /// The width and text size the heights are for.
    measured: Option<(f32, f32)>,
}

impl RowList {
    /// The rows changed: measure again.
    pub fn invalidate(&mut self) {
        self.measured = None;
    }

    /// The list, scrolling; returns the row clicked.
    pub fn show(&mut self, ui: &mut Ui, rows: &[Row]) -> Option<usize> {
        let width = (ui.available_width() - ui.spacing().scroll.bar_width - PAD).max(200.0);
        let key = (width.round(), TextStyle::Body.resolve(ui.style()).size);
        if self.measured != Some(key) || self.tops.len() != rows.len() + 1 {
            self.tops.clear();
            let mut y = 0.0;
            for row in rows {
                self.tops.push(y);
                y += Laid::new(ui, row, width).height();
            }
            self.tops.push(y);
            self.measured = Some(key);
        }
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("segments")
            .auto_shrink([false, false])
            .show_viewport(ui, |ui, viewport| {
                ui.set_height(self.tops.last().copied().unwrap_or(0.0));
                let first = self
                    .tops
                    .partition_point(|&t| t <= viewport.min.y)
                    .saturating_sub(1);
                for (i, row) in rows.iter().enumerate().skip(first) {
                    let top = self.tops[i];
                    if top > viewport.max.y {
                        break;
                    }
                    let rect = Rect::from_min_size(
                        ui.max_rect().min + Vec2::new(0.0, top),
                        Vec2::new(width, self.tops[i + 1] - top),
                    );
                    if self.row(ui, row, i, rect) {
                        clicked = Some(i);
                    }
                }
            });
        clicked
    }

    /// One row; returns whether it was clicked.
    fn row(&self, ui: &mut Ui, row: &Row, i: usize, rect: Rect) -> bool {
        let r = ui.interact(rect, ui.scope_id().with(("segment", i)), Sense::click());
        r.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, row.name()));
        Laid::new(ui, row, rect.width()).paint(ui, row, rect);
        let stroke = if r.hovered() {
            ui.visuals().widgets.hovered.bg_stroke
        } else {
            ui.visuals().widgets.noninteractive.bg_stroke
        };
        if r.hovered() {
            ui.painter()
                .rect_stroke(rect.shrink(1.0), 2.0, stroke, egui::StrokeKind::Inside);
        } else {
            let y = rect.bottom() - 1.0;
            ui.painter().hline(rect.x_range(), y, stroke);
        }
        r.on_hover_text(format!(
            "Open {} at {}–{}",
            row.title, row.span.start, row.span.end
        ))
        .clicked()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::segments::{Query, segments};
    use crate::model::{Document, Edit};

    /// A project with one document holding `text` and a span of the
    /// first theme over `passage`.
    fn project_with(text: &str, passage: &str) -> Project {
        let mut project = Project::with_default_codebook("Segments");
        let start = text[..text.find(passage).unwrap()].chars().count();
        let end = start + passage.chars().count();
        let theme = project.themes()[0].id.clone();
        let doc =
            Document::new("d", "Doc", text).with_spans(vec![Span::new(start, end, &theme, "ana")]);
        Edit::AddDocument {
            index: 0,
            document: Box::new(doc),
        }
        .apply(&mut project)
        .unwrap();
        project
    }

    fn row_of(project: &Project) -> Row {
        let found = segments(project, &Query::default()).unwrap();
        Row::new(project, &found[0])
    }

    #[test]
    fn a_row_names_its_spans_relations_with_the_way_they_go_and_the_other_end() {
        use crate::model::{Color, Relation, RelationType, SpanRef};
        let text = "WHO\u{a0}vaccines 😀 and trade";
        let mut project = project_with(text, "vaccines");
        let theme = project.themes()[0].id.clone();
        let mut same = RelationType::new("same", "Same topic", Color::rgb(0, 0, 0));
        same.directed = false;
        for (i, t) in [
            RelationType::new("cause", "Cause", Color::rgb(0, 0, 0)),
            same,
        ]
        .into_iter()
        .enumerate()
        {
            Edit::AddRelationType {
                index: i,
                relation_type: t,
            }
            .apply(&mut project)
            .unwrap();
        }
        let cp = |w: &str| text[..text.find(w).unwrap()].chars().count();
        let vaccines = Span::new(cp("vaccines"), cp("vaccines") + 8, &theme, "ana");
        let who = Span::new(0, 3, &theme, "ana");
        let trade = Span::new(cp("trade"), cp("trade") + 5, &theme, "ana");
        let mut edits = vec![
            Edit::AddSpan {
                doc: "d".into(),
                span: who.clone(),
            },
            Edit::AddSpan {
                doc: "d".into(),
                span: trade.clone(),
            },
        ];
        for (a, b, kind) in [(&who, &vaccines, "cause"), (&vaccines, &trade, "same")] {
            let r = Relation::new(SpanRef::from(a), SpanRef::from(b), kind, "ana");
            edits.push(Edit::AddRelation {
                doc: "d".into(),
                relation: Box::new(r),
            });
        }
        for e in edits {
            e.apply(&mut project).unwrap();
        }
        let found = segments(&project, &Query::default()).unwrap();
        let row = found
            .iter()
            .map(|s| Row::new(&project, s))
            .find(|r| r.passage() == "vaccines")
            .unwrap();
        assert_eq!(row.relations, "Cause ⬅ ‘WHO’\nSame topic ↔ ‘trade’");
        assert!(
            row.name()
                .ends_with("; Cause ⬅ ‘WHO’; Same topic ↔ ‘trade’")
        );
        let plain = row_of(&project_with(text, "trade"));
        assert_eq!((plain.relations.as_str(), plain.below()), ("", None));
    }

    #[test]
    fn the_passage_is_whole_with_its_context_on_one_line_and_dots_only_where_cut() {
        let before = "x".repeat(50);
        let text = format!("{before}\n那就是「人类命运共同体」。\tand after");
        let project = project_with(&text, "「人类命运共同体」");
        let row = row_of(&project);
        assert_eq!(row.passage(), "「人类命运共同体」");
        assert_eq!(
            row.text,
            format!("…{} 那就是「人类命运共同体」。 and after", "x".repeat(36))
        );

        let project = project_with("السلام عليكم ورحمة الله", "عليكم");
        let row = row_of(&project);
        assert_eq!(row.passage(), "عليكم");
        assert_eq!(row.text, "السلام عليكم ورحمة الله", "nothing cut, no dots");
        assert!(row.name().ends_with(": عليكم"), "{}", row.name());
    }

    /// Lays out `row` at `width` in a headless frame.
    fn laid(row: &Row, width: f32) -> (f32, Vec<Rect>, f32) {
        let ctx = egui::Context::default();
        let mut out = (0.0, Vec::new(), 0.0);
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let l = Laid::new(ui, row, width);
            out = (
                l.height(),
                l.text.rects_for(row.passage.start, row.passage.end),
                l.text.size().x,
            );
        });
        // No painter takes the font atlas here.
        output.textures_delta.clear();
        out
    }

    #[test]
    fn a_long_passage_wraps_to_the_width_and_every_row_of_it_is_marked() {
        let passage = "the sides stand for preventing interstate conflicts ".repeat(6);
        let text = format!("Before it. {passage}After it.");
        let project = project_with(&text, passage.trim_end());
        let row = row_of(&project);
        let (narrow, rects, width) = laid(&row, 300.0);
        let (wide, _, _) = laid(&row, 2400.0);
        assert!(narrow > wide + 40.0, "{narrow} vs {wide}");
        assert!(rects.len() >= 4, "one mark per wrapped row: {rects:?}");
        assert!(width <= 300.0, "{width}");
        assert!(rects.iter().all(|r| r.width() > 0.0 && r.right() <= 300.0));
    }

    #[test]
    fn a_right_to_left_passage_is_marked_where_it_is_drawn() {
        let text = "Preamble. السلام عليكم ورحمة الله وبركاته. End.";
        let project = project_with(text, "ورحمة الله");
        let row = row_of(&project);
        let (_, rects, _) = laid(&row, 600.0);
        assert!(!rects.is_empty());
        // Visual order: the passage's mark sits left of where "السلام"
        // (logically before it) is drawn.
        let (_, before, _) = {
            let first = row.text.find("السلام").unwrap();
            let a = row.text[..first].chars().count();
            let project = project_with(text, "السلام");
            let other = row_of(&project);
            assert_eq!(other.passage.start, a);
            laid(&other, 600.0)
        };
        assert!(
            rects[0].right() <= before[0].left() + 0.5,
            "{rects:?} left of {before:?}"
        );
    }
}
