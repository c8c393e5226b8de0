//! The status bar: where the cursor is, how many spans, saved or not,
//! work running unseen, and the last message (an error in red), cut to
//! fit; a click on it lists the recent messages in full
//! ([`super::messages`]).

use egui::Ui;
use egui::accesskit::{Live, Role};

use super::messages::{MessageLog, Report};
use crate::model::plural;

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

/// The status bar's state: the last message, and the recent ones.
#[derive(Default)]
pub struct StatusBar {
    message: Option<(String, bool)>,
    log: MessageLog,
}

impl StatusBar {
    /// Shows a message.
    pub fn info(&mut self, msg: impl Into<String>) {
        self.say(msg.into(), false);
    }

    /// Shows a message in red.
    pub fn error(&mut self, msg: impl Into<String>) {
        self.say(msg.into(), true);
    }

    fn say(&mut self, msg: String, error: bool) {
        self.log.push(msg.clone(), error);
        self.message = Some((msg, error));
    }

    /// Shows a report on one line; when that does not fit, the report
    /// opens in a window of its own.
    pub fn report(&mut self, report: Report) {
        self.message = Some((report.one_line(), false));
        self.log.push_report(report);
    }

    /// The recent messages and their windows.
    pub fn log(&self) -> &MessageLog {
        &self.log
    }

    /// View → Messages: opens or closes the list of recent messages.
    pub fn toggle_messages(&mut self) {
        self.log.toggle();
    }

    /// The last message, and whether it is an error.
    pub fn message(&self) -> Option<(&str, bool)> {
        self.message.as_ref().map(|(m, e)| (m.as_str(), *e))
    }

    /// The last message if it is an error.
    pub fn last_error(&self) -> Option<&str> {
        self.message().filter(|(_, e)| *e).map(|(m, _)| m)
    }

    /// The bar, at the bottom of the window, and the message windows.
    pub fn show(&mut self, ui: &mut Ui, line: &StatusLine) {
        let mut fits = true;
        let mut clicked = false;
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
                    ui.colored_label(crate::ui::style::UNSAVED, "Unsaved changes");
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
                    (fits, clicked) = message_label(ui, msg, *is_error);
                }
            });
        });
        self.log.status_fits(fits);
        if clicked {
            self.log.toggle();
        }
        self.log.show(ui.ctx());
    }
}

/// The last message, cut to the room left ("…"); returns whether it fitted
/// and whether it was clicked.
fn message_label(ui: &mut Ui, msg: &str, is_error: bool) -> (bool, bool) {
    let color = if is_error {
        ui.visuals().error_fg_color
    } else {
        ui.visuals().weak_text_color()
    };
    let font = egui::TextStyle::Body.resolve(ui.style());
    let width = ui.fonts_mut(|f| f.layout_no_wrap(msg.to_owned(), font, color).size().x);
    let fits = width <= ui.available_width();
    let r = ui
        .add(
            egui::Label::new(egui::RichText::new(msg).color(color))
                .truncate()
                .selectable(false)
                .sense(egui::Sense::click()),
        )
        .on_hover_text("Click to read the recent messages in full (View → Messages)");
    // The status of the window for a screen reader (and tests): the whole
    // message, an error announced at once.
    ui.ctx().accesskit_node_builder(r.id, |node| {
        node.set_role(Role::Status);
        node.set_label(msg);
        node.set_live(if is_error {
            Live::Assertive
        } else {
            Live::Polite
        });
    });
    (fits, r.clicked())
}
