//! The status bar: where the cursor is, how many spans, saved or not,
//! work running unseen, and the last message (an error in red).

use egui::{Color32, Ui};

/// What the status bar shows besides its message, gathered by the window
/// each frame.
pub struct StatusLine<'a> {
    /// The document's title, if there is a document.
    pub document: Option<&'a str>,
    pub selection: Option<(usize, usize)>,
    pub cursor: usize,
    pub spans: usize,
    pub dirty: bool,
    /// Whose name goes on new spans (empty until asked).
    pub annotator: &'a str,
    /// Work running unseen (the recovery file), in a word.
    pub working: Option<String>,
}

/// The status bar's state: the last message.
#[derive(Default)]
pub struct StatusBar {
    message: Option<(String, bool)>,
}

impl StatusBar {
    /// Shows a message.
    pub fn info(&mut self, msg: impl Into<String>) {
        self.message = Some((msg.into(), false));
    }

    /// Shows a message in red.
    pub fn error(&mut self, msg: impl Into<String>) {
        self.message = Some((msg.into(), true));
    }

    /// The last message, and whether it is an error.
    pub fn message(&self) -> Option<(&str, bool)> {
        self.message.as_ref().map(|(m, e)| (m.as_str(), *e))
    }

    /// The last message if it is an error.
    pub fn last_error(&self) -> Option<&str> {
        self.message().filter(|(_, e)| *e).map(|(m, _)| m)
    }

    /// The bar, at the bottom of the window.
    pub fn show(&self, ui: &mut Ui, line: &StatusLine) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(line.document.unwrap_or("No document"));
                ui.separator();
                match line.selection {
                    Some((a, b)) => ui.label(format!(
                        "Selection {a}..{b} ({})",
                        plural(b - a, "code point", "code points")
                    )),
                    None => ui.label(format!("Cursor {}", line.cursor)),
                };
                ui.separator();
                ui.label(plural(line.spans, "span", "spans"));
                ui.separator();
                if !line.annotator.is_empty() {
                    ui.label(format!("You: {}", line.annotator)).on_hover_text(
                        "Recorded on the spans you make; Your Name… in the Edit menu changes it",
                    );
                    ui.separator();
                }
                if line.dirty {
                    ui.colored_label(Color32::from_rgb(200, 120, 0), "Unsaved changes");
                } else {
                    ui.label("Saved");
                }
                if let Some(status) = &line.working {
                    ui.separator();
                    ui.spinner();
                    ui.weak(status);
                }
                if let Some((msg, is_error)) = &self.message {
                    ui.separator();
                    if *is_error {
                        ui.colored_label(ui.visuals().error_fg_color, msg);
                    } else {
                        ui.weak(msg);
                    }
                }
            });
        });
    }
}

/// "1 code point", "2 code points".
pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(plural(1, "code point", "code points"), "1 code point");
        assert_eq!(plural(0, "span", "spans"), "0 spans");
        assert_eq!(plural(2, "span", "spans"), "2 spans");
    }
}
