//! How the selection and caret move: pointer clicks and drags, queued
//! caret keys (through the lines' layouts), and the hover over spans.

use std::cell::RefCell;

use egui::{Color32, CursorIcon, Pos2, Rect, Ui, Vec2};

use super::paint::theme_color;
use super::{DocView, ViewInput};
use crate::model::Span;
use crate::ui::app::command::{Command, Commands};
use crate::ui::document::caret::{Caret, Motion};
use crate::ui::document::caret_layout::LayoutRows;
use crate::ui::document::line_layout::{LineLayout, LineStyle};

impl DocView {
    /// Applies the queued caret moves through the lines' layouts; returns
    /// the scroll offset that keeps the caret in view, if it has to change.
    pub(super) fn apply_motions(
        &mut self,
        ui: &Ui,
        input: &ViewInput,
        style: &LineStyle,
    ) -> Option<f32> {
        if self.motions.is_empty() {
            return None;
        }
        let text = input.doc.text();
        let motions = std::mem::take(&mut self.motions);
        let lay = |line: usize| {
            let (a, b) = text.line_range(line).unwrap_or((0, 0));
            let s = text.slice(a, b).unwrap_or("");
            ui.fonts_mut(|f| LineLayout::new(f, s, style))
        };
        let rows = LayoutRows {
            text,
            lay: &lay,
            memo: RefCell::new(self.bidi_cache.clone()),
        };
        let mut caret = Caret {
            anchor: self.anchor,
            head: self.head,
            goal_x: self.goal.filter(|g| g.0 == self.head).map(|g| g.1),
        };
        let line_h = Self::line_height(input);
        let page = (self.viewport_height - line_h).max(20.0);
        let mut scroll = self.scroll_y;
        for (motion, extend) in motions {
            caret.apply(text, &rows, motion, extend, page);
            match motion {
                Motion::PageDown => scroll += page,
                Motion::PageUp => scroll -= page,
                _ => {}
            }
        }
        // Keep the caret's row inside the view.
        let (line, col) = text.line_col(caret.head);
        let r = rows.line(line).caret_rect(col);
        (self.anchor, self.head) = (caret.anchor, caret.head);
        self.goal = caret.goal_x.map(|x| (caret.head, x));
        let top = self.heights.top(line) - Self::text_lift(input) + r.min.y;
        let bottom = top + r.height().max(line_h);
        scroll = scroll
            .min(top - 4.0)
            .max(bottom + 4.0 - self.viewport_height);
        Some(scroll.max(0.0))
    }

    pub(super) fn handle_pointer(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        input: &ViewInput,
        out: &mut Commands,
        visible: Rect,
    ) {
        let text = input.doc.text();
        if response.hovered() {
            ui.ctx().set_cursor_icon(CursorIcon::Text);
        }
        // Pointer → offset through the layout; a pointer dragged above or
        // below the view counts at the view's edge.
        let shown = &self.shown;
        let offset_at = |pos: Pos2| {
            let pos = Pos2::new(pos.x, pos.y.clamp(visible.top(), visible.bottom() - 1.0));
            shown.offset_at(pos).unwrap_or(0)
        };
        let shift = ui.input(|i| i.modifiers.shift);
        if response.drag_started() {
            let origin = ui.input(|i| i.pointer.press_origin());
            if let Some(origin) = origin {
                if !shift {
                    self.anchor = offset_at(origin);
                }
                self.head = self.anchor;
            }
        }
        if response.dragged()
            && let Some(pos) = ui.input(|i| i.pointer.latest_pos())
        {
            self.head = offset_at(pos);
            // Dragging past an edge scrolls.
            let edge = if pos.y < visible.top() {
                visible.top() - pos.y
            } else if pos.y > visible.bottom() {
                visible.bottom() - pos.y
            } else {
                0.0
            };
            if edge != 0.0 {
                ui.scroll_with_delta(Vec2::new(0.0, edge.clamp(-40.0, 40.0)));
                ui.ctx().request_repaint();
            }
        }
        if response.drag_stopped() && input.snap_to_words {
            if let Some((a, b)) = self.selection() {
                let (a, b) = text.snap_to_words(a, b);
                (self.anchor, self.head) = if self.anchor <= self.head {
                    (a, b)
                } else {
                    (b, a)
                };
            }
        }
        if response.double_clicked() {
            if let Some(pos) = response.interact_pointer_pos()
                && let Some(c) = shown.char_at(pos)
            {
                (self.anchor, self.head) = text.word_at(c);
            }
        } else if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let at = offset_at(pos);
            if shift {
                self.head = at;
            } else {
                self.anchor = at;
                self.head = at;
                let c = shown.char_at(pos).unwrap_or(at);
                let spans = input.doc.spans();
                let mut under: Vec<&Span> = spans
                    .at(c)
                    .into_iter()
                    .map(|i| &spans.spans()[i])
                    .filter(|s| input.shows(s))
                    .collect();
                under.sort_by_key(|s| (s.len(), s.start));
                // Clicking again where spans overlap: the next one there.
                let next = match input
                    .selected_span
                    .and_then(|sel| under.iter().position(|s| *s == sel))
                {
                    Some(i) => under.get((i + 1) % under.len()),
                    None => under.first(),
                };
                // The innermost span under the pointer, or, clicking again
                // where spans overlap, the next one there; none: no span.
                out.push(Command::SelectSpan(next.map(|s| (*s).clone())));
            }
        }
    }

    /// Hover: the themes under the pointer.
    pub(super) fn show_hover(&self, response: &egui::Response, input: &ViewInput) {
        if !response.dragged()
            && let Some(pos) = response.hover_pos()
            && let Some(at) = self.shown.char_at(pos)
        {
            let spans = input.doc.spans();
            let under: Vec<&Span> = spans
                .at(at)
                .into_iter()
                .map(|i| &spans.spans()[i])
                .filter(|s| input.shows(s))
                .collect();
            if !under.is_empty() {
                response.clone().on_hover_ui_at_pointer(|ui| {
                    for s in under {
                        let theme = input.themes.iter().find(|t| t.id == s.theme);
                        let label = theme.map_or(s.theme.as_str(), |t| t.label.as_str());
                        let c = theme_color(input, &s.theme).unwrap_or(Color32::GRAY);
                        ui.horizontal(|ui| {
                            ui.colored_label(c, "■");
                            ui.strong(label);
                            ui.weak(format!("{}..{} · {}", s.start, s.end, s.annotator));
                        });
                        if !s.note.is_empty() {
                            ui.label(format!("   {}", s.note));
                        }
                    }
                });
            }
        }
    }
}
