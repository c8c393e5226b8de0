//! The messages the window said, kept so that none is lost to a narrow
//! status bar: *View → Messages* (or a click on the status bar's message)
//! lists the recent ones in full, newest first, wrapped and selectable;
//! a report (what an import took in and what it skipped) that does not
//! fit the status bar opens in a window of its own.

use std::collections::VecDeque;

use egui::{Color32, Ui};

/// How many messages are kept (older ones are dropped).
const KEEP: usize = 200;

/// One message as it was said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The whole text (a report: its summary, then one line per item).
    pub text: String,
    pub error: bool,
}

/// A message with a list under it, shown in a window of its own when its
/// one-line form does not fit the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The window's title ("Import report").
    pub title: String,
    /// What happened, in a sentence.
    pub summary: String,
    /// One item per line (each skipped file with its reason).
    pub lines: Vec<String>,
}

impl Report {
    /// The report on one line, as the status bar shows it.
    pub fn one_line(&self) -> String {
        std::iter::once(self.summary.as_str())
            .chain(self.lines.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The report as the Messages window lists it: the summary, then a
    /// bullet per line.
    fn full_text(&self) -> String {
        let mut text = self.summary.clone();
        for line in &self.lines {
            text.push_str("\n• ");
            text.push_str(line);
        }
        text
    }
}

/// The recent messages and the windows that show them.
#[derive(Default)]
pub struct MessageLog {
    /// Newest first.
    messages: VecDeque<Message>,
    /// Whether the Messages window is open.
    open: bool,
    /// The last report, until the status bar has tried to show it.
    unshown: Option<Report>,
    /// The report window, when open.
    report: Option<Report>,
}

impl MessageLog {
    /// Keeps a message.
    pub fn push(&mut self, text: String, error: bool) {
        self.messages.push_front(Message { text, error });
        self.messages.truncate(KEEP);
        self.unshown = None;
    }

    /// Keeps a report; it opens in its own window if the status bar cannot
    /// show it whole ([`MessageLog::status_fits`]).
    pub fn push_report(&mut self, report: Report) {
        self.push(report.full_text(), false);
        self.unshown = Some(report);
    }

    /// The recent messages, newest first.
    pub fn messages(&self) -> impl Iterator<Item = &Message> {
        self.messages.iter()
    }

    /// Opens or closes the Messages window.
    pub fn toggle(&mut self) {
        self.open = !self.open;
    }

    /// Whether the Messages window is open.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The report shown in its own window, if any.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// The status bar says whether the last message fitted: a report
    /// that did not opens in its own window.
    pub fn status_fits(&mut self, fits: bool) {
        if let Some(report) = self.unshown.take()
            && !fits
        {
            self.report = Some(report);
        }
    }

    /// The Messages window and the report window, when open.
    pub fn show(&mut self, ctx: &egui::Context) {
        if self.open {
            let mut open = true;
            egui::Window::new("Messages")
                .open(&mut open)
                .pivot(egui::Align2::CENTER_CENTER)
                .default_pos(ctx.content_rect().center())
                .default_size([640.0, 420.0])
                .resizable(true)
                .show(ctx, |ui| self.list(ui));
            self.open = open;
        }
        if let Some(report) = &self.report {
            let mut open = true;
            let mut close = false;
            egui::Window::new(report.title.as_str())
                .open(&mut open)
                .pivot(egui::Align2::CENTER_CENTER)
                .default_pos(ctx.content_rect().center())
                .default_width(720.0)
                .resizable(true)
                .show(ctx, |ui| close = report_body(ui, report));
            if !open || close {
                self.report = None;
            }
        }
    }

    fn list(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let n = self.messages.len();
            let count = crate::model::plural(n, "message", "messages");
            ui.weak(format!("The last {count}, newest first"));
            if ui
                .button("Copy All")
                .on_hover_text("Copy every message here to the clipboard")
                .clicked()
            {
                let all: Vec<&str> = self.messages.iter().map(|m| m.text.as_str()).collect();
                ui.ctx().copy_text(all.join("\n\n"));
            }
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if self.messages.is_empty() {
                    ui.weak("Nothing has been said yet.");
                }
                for m in &self.messages {
                    let color = m.error.then(|| ui.visuals().error_fg_color);
                    message_label(ui, &m.text, color);
                    ui.separator();
                }
            });
    }
}

/// A message in full: wrapped, selectable (so it can be copied).
fn message_label(ui: &mut Ui, text: &str, color: Option<Color32>) {
    let mut rich = egui::RichText::new(text);
    if let Some(c) = color {
        rich = rich.color(c);
    }
    ui.add(egui::Label::new(rich).wrap().selectable(true));
}

/// The report's summary and its lines; returns whether Close was clicked.
fn report_body(ui: &mut Ui, report: &Report) -> bool {
    message_label(ui, &report.summary, None);
    ui.separator();
    egui::ScrollArea::vertical()
        .max_height(ui.ctx().content_rect().height() * 0.5)
        .show(ui, |ui| {
            for line in &report.lines {
                message_label(ui, line, None);
            }
        });
    ui.separator();
    let mut close = false;
    ui.horizontal(|ui| {
        if ui.button("Copy").on_hover_text("Copy the report").clicked() {
            ui.ctx().copy_text(report.full_text());
        }
        close = ui.button("Close").clicked();
    });
    close
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skipped_report() -> Report {
        Report {
            title: "Import report".into(),
            summary: "Imported corpus: 2 documents added".into(),
            lines: vec![
                "skipped corpus/scan.png (not a text file)".into(),
                "skipped corpus/old.doc (not a text file)".into(),
            ],
        }
    }

    #[test]
    fn messages_are_kept_newest_first_and_the_oldest_go_past_the_limit() {
        let mut log = MessageLog::default();
        for i in 0..KEEP + 5 {
            log.push(format!("message {i}"), i % 2 == 1);
        }
        let kept: Vec<&Message> = log.messages().collect();
        assert_eq!(kept.len(), KEEP);
        assert_eq!(kept[0].text, format!("message {}", KEEP + 4));
        assert!(!kept[0].error && kept[1].error);
        assert_eq!(kept[KEEP - 1].text, "message 5");
    }

    #[test]
    fn a_report_opens_its_window_only_when_the_status_bar_cannot_show_it() {
        let mut log = MessageLog::default();
        log.push_report(skipped_report());
        log.status_fits(true);
        assert_eq!(log.report(), None, "it fitted");
        log.push_report(skipped_report());
        log.status_fits(false);
        assert_eq!(log.report(), Some(&skipped_report()));
        // Later frames do not open it again once closed, and a plain
        // message never opens it.
        log.report = None;
        log.status_fits(false);
        log.push("Saved".into(), false);
        log.status_fits(false);
        assert_eq!(log.report(), None);
        // The Messages window lists the report with a line per item.
        let first = &log.messages().nth(1).unwrap().text;
        assert_eq!(
            first,
            "Imported corpus: 2 documents added\n• skipped corpus/scan.png (not a text file)\n• skipped corpus/old.doc (not a text file)"
        );
        assert_eq!(
            skipped_report().one_line(),
            "Imported corpus: 2 documents added; skipped corpus/scan.png (not a text file); skipped corpus/old.doc (not a text file)"
        );
    }
}
