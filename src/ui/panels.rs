//! The panels around the document view: menus, find bar, documents and
//! codebook, the span panel, the status bar, and modal windows.

use egui::{Color32, RichText, Ui};

use super::actions::{self, ACTIONS, Action};
use super::app::{MarginaliaApp, Modal, ThemeEditor, Then, new_theme_editor, theme_edit};
use super::dialogs::DialogKind;
use super::session::LockMode;
use crate::model::{Color, Edit, Theme};

fn color32(t: &Theme) -> Color32 {
    Color32::from_rgb(t.color.r, t.color.g, t.color.b)
}

/// A short one-line preview of a span's text.
fn snippet(text: &str, max: usize) -> String {
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

impl MarginaliaApp {
    fn menu_item(&mut self, ui: &mut Ui, action: Action) {
        let ctx = ui.ctx().clone();
        let mut button = egui::Button::new(actions::info(action).label);
        let sc = actions::shortcut_text(&ctx, action);
        if !sc.is_empty() {
            button = button.shortcut_text(sc);
        }
        let enabled = match action {
            Action::Undo => self.session.history().can_undo(),
            Action::Redo => self.session.history().can_redo(),
            _ => true,
        };
        if ui.add_enabled(enabled, button).clicked() {
            self.run_action(&ctx, action);
            ui.close();
        }
    }

    pub(super) fn menu_bar(&mut self, ui: &mut Ui) {
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    self.menu_item(ui, Action::New);
                    self.menu_item(ui, Action::Open);
                    ui.menu_button("Open Recent", |ui| {
                        let recent = self.prefs.recent.clone();
                        if recent.is_empty() {
                            ui.weak("No recent projects");
                        }
                        for p in recent {
                            if ui.button(p.display().to_string()).clicked() {
                                let ctx = ui.ctx().clone();
                                if self.session.is_dirty() {
                                    self.modal = Some(Modal::Unsaved(Then::OpenPath(p)));
                                } else {
                                    self.proceed(&ctx, Then::OpenPath(p));
                                }
                                ui.close();
                            }
                        }
                    });
                    ui.separator();
                    self.menu_item(ui, Action::Save);
                    self.menu_item(ui, Action::SaveAs);
                    ui.separator();
                    self.menu_item(ui, Action::Import);
                    self.menu_item(ui, Action::Export);
                    ui.separator();
                    self.menu_item(ui, Action::Quit);
                });
                ui.menu_button("Edit", |ui| {
                    self.menu_item(ui, Action::Undo);
                    self.menu_item(ui, Action::Redo);
                    ui.separator();
                    self.menu_item(ui, Action::Copy);
                    self.menu_item(ui, Action::Find);
                    self.menu_item(ui, Action::FindNext);
                    self.menu_item(ui, Action::FindPrevious);
                    ui.separator();
                    self.menu_item(ui, Action::NextSpan);
                    self.menu_item(ui, Action::PreviousSpan);
                    self.menu_item(ui, Action::DeleteSpan);
                    self.menu_item(ui, Action::ClearSelection);
                });
                ui.menu_button("View", |ui| {
                    let mut snap = self.prefs.snap_to_words;
                    if ui.checkbox(&mut snap, "Snap Selection to Words").changed() {
                        self.prefs.snap_to_words = snap;
                    }
                    let mut dark = self.prefs.dark;
                    if ui.checkbox(&mut dark, "Dark Mode").changed() {
                        let ctx = ui.ctx().clone();
                        self.run_action(&ctx, Action::ToggleDarkMode);
                    }
                    ui.separator();
                    self.menu_item(ui, Action::FontBigger);
                    self.menu_item(ui, Action::FontSmaller);
                    ui.weak(format!("Text size {}", self.prefs.font_size));
                });
                ui.menu_button("Help", |ui| {
                    self.menu_item(ui, Action::Shortcuts);
                    self.menu_item(ui, Action::About);
                });
            });
        });
    }

    pub(super) fn find_bar(&mut self, ui: &mut Ui) {
        egui::Panel::top("find").show(ui, |ui| {
            ui.horizontal(|ui| {
                let ctx = ui.ctx().clone();
                let label = ui.label("Find");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.find.query)
                            .hint_text("Find in document")
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                if field.changed() {
                    self.find.typed_at = Some(std::time::Instant::now());
                    ctx.request_repaint_after(std::time::Duration::from_millis(160));
                }
                if std::mem::take(&mut self.find.focus) {
                    field.request_focus();
                }
                if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    let back = ui.input(|i| i.modifiers.shift);
                    self.find_step(&ctx, !back);
                    field.request_focus();
                }
                if ui.button("Previous").clicked() {
                    self.find_step(&ctx, false);
                }
                if ui.button("Next").clicked() {
                    self.find_step(&ctx, true);
                }
                self.refresh_find();
                let n = self.find.matches.len();
                match self.find.current {
                    Some(i) if n > 0 => ui.label(format!("{} of {n} matches", i + 1)),
                    _ => ui.label(format!("{n} matches")),
                };
                if ui.button("Close").clicked() {
                    self.find.open = false;
                }
            });
        });
    }

    pub(super) fn status_bar(&mut self, ui: &mut Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                match self.session.document() {
                    Some(d) => ui.label(d.title.clone()),
                    None => ui.label("No document"),
                };
                ui.separator();
                match self.view.selection() {
                    Some((a, b)) => ui.label(format!("Selection {a}..{b} ({} code points)", b - a)),
                    None => ui.label(format!("Cursor {}", self.view.head)),
                };
                ui.separator();
                let n = self.session.document().map_or(0, |d| d.spans().len());
                ui.label(format!("{n} spans"));
                ui.separator();
                if self.session.is_dirty() {
                    ui.colored_label(Color32::from_rgb(200, 120, 0), "Unsaved changes");
                } else {
                    ui.label("Saved");
                }
                if let Some(status) = self.task_status() {
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

    pub(super) fn left_panel(&mut self, ui: &mut Ui) {
        egui::Panel::left("documents-and-codebook")
            .resizable(true)
            .default_size(240.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().id_salt("left").show(ui, |ui| {
                    ui.heading("Documents");
                    let current = self.session.current_index();
                    let mut switch = None;
                    for (i, d) in self.session.project().documents().iter().enumerate() {
                        let text = format!("{} ({})", d.title, d.spans().len());
                        if ui.selectable_label(i == current, text).clicked() {
                            switch = Some(i);
                        }
                    }
                    if let Some(i) = switch
                        && i != current
                    {
                        self.session.set_current(i);
                        self.after_document_change();
                    }
                    if ui.button("Import…").clicked() {
                        let ctx = ui.ctx().clone();
                        self.run_action(&ctx, Action::Import);
                    }
                    ui.add_space(12.0);
                    ui.heading("Codebook");
                    self.codebook(ui);
                });
            });
    }

    fn codebook(&mut self, ui: &mut Ui) {
        let keys = self.theme_keys();
        let themes: Vec<Theme> = self.session.project().themes().to_vec();
        for t in &themes {
            // The span index keeps these counts: O(1), even at 100k spans.
            let count = self
                .session
                .document()
                .map_or(0, |d| d.spans().count_with_theme(&t.id));
            ui.horizontal(|ui| {
                let mut shown = !self.hidden.contains(&t.id);
                let r = ui.add(egui::Checkbox::without_text(&mut shown));
                r.widget_info(|| {
                    egui::WidgetInfo::selected(
                        egui::Role::CheckBox,
                        true,
                        shown,
                        format!("Show {}", t.label),
                    )
                });
                if r.on_hover_text(format!("Show or hide {} spans", t.label))
                    .changed()
                {
                    if shown {
                        self.hidden.remove(&t.id);
                    } else {
                        self.hidden.insert(t.id.clone());
                    }
                }
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 3.0, color32(t));
                let key = keys.iter().find(|(id, _)| id == &t.id).map(|(_, k)| *k);
                let text = match key {
                    Some(k) => format!("{}  [{k}]", t.label),
                    None => t.label.clone(),
                };
                let desc = if t.description.is_empty() {
                    "Tag the selection with this theme".to_owned()
                } else {
                    t.description.clone()
                };
                if ui.button(text).on_hover_text(desc).clicked() {
                    self.tag_selection(&t.id);
                }
                ui.weak(count.to_string());
                if ui
                    .small_button("✏")
                    .on_hover_text(format!("Edit {}", t.label))
                    .clicked()
                {
                    self.theme_editor = Some(ThemeEditor {
                        id: Some(t.id.clone()),
                        label: t.label.clone(),
                        color: [t.color.r, t.color.g, t.color.b],
                        hex: t.color.to_string(),
                        key: t.key.map(String::from).unwrap_or_default(),
                        description: t.description.clone(),
                    });
                }
                if ui
                    .small_button("✖")
                    .on_hover_text(format!("Delete {}", t.label))
                    .clicked()
                {
                    let spans = self
                        .session
                        .project()
                        .documents()
                        .iter()
                        .map(|d| d.spans().count_with_theme(&t.id))
                        .sum();
                    self.modal = Some(Modal::DeleteTheme {
                        id: t.id.clone(),
                        label: t.label.clone(),
                        spans,
                    });
                }
            });
        }
        if ui.button("Add Theme…").clicked() {
            self.theme_editor = Some(new_theme_editor(self.session.project()));
        }
    }

    pub(super) fn right_panel(&mut self, ui: &mut Ui) {
        egui::Panel::right("spans")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| {
                ui.heading("Selected span");
                self.span_details(ui);
                ui.separator();
                self.span_list(ui);
            });
    }

    fn span_details(&mut self, ui: &mut Ui) {
        let (Some(span), Some(doc)) = (self.selected.clone(), self.session.document()) else {
            ui.weak("Click a span to see it here. Select text and press a theme's key (or click the theme) to tag it.");
            return;
        };
        let text = doc.span_text(&span).unwrap_or_default().to_owned();
        let themes: Vec<Theme> = self.session.project().themes().to_vec();
        let theme = themes.iter().find(|t| t.id == span.theme);
        ui.horizontal(|ui| {
            if let Some(t) = theme {
                ui.colored_label(color32(t), "■");
                ui.strong(&t.label);
            }
            ui.weak(format!(
                "{}..{} · {} code points",
                span.start,
                span.end,
                span.len()
            ));
        });
        ui.weak(format!(
            "by {}",
            if span.annotator.is_empty() {
                "unknown"
            } else {
                &span.annotator
            }
        ));
        egui::ScrollArea::vertical()
            .id_salt("span-text")
            .max_height(140.0)
            .show(ui, |ui| {
                ui.label(RichText::new(text).italics());
            });
        let mut new_theme = span.theme.clone();
        egui::ComboBox::from_label("Theme")
            .selected_text(theme.map_or(span.theme.as_str(), |t| t.label.as_str()))
            .show_ui(ui, |ui| {
                for t in &themes {
                    ui.selectable_value(&mut new_theme, t.id.clone(), &t.label);
                }
            });
        if new_theme != span.theme {
            self.change_selected(|s| s.theme = new_theme);
        }
        let label = ui.label("Note");
        let note = ui
            .add(
                egui::TextEdit::multiline(&mut self.note_draft)
                    .hint_text("Write a note on this span")
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        let note_changed = self.note_draft != span.note;
        ui.horizontal(|ui| {
            let save_clicked = ui
                .add_enabled(note_changed, egui::Button::new("Save Note"))
                .clicked();
            if note_changed && (save_clicked || note.lost_focus()) {
                let draft = self.note_draft.clone();
                self.change_selected(|s| s.note = draft);
            }
            if ui.button("Delete Span").clicked() {
                self.delete_selected();
            }
        });
    }

    fn span_list(&mut self, ui: &mut Ui) {
        let Some(doc) = self.session.document() else {
            return;
        };
        let themes: Vec<Theme> = self.session.project().themes().to_vec();
        ui.heading(format!("Spans ({})", doc.spans().len()));
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
                for t in &themes {
                    ui.selectable_value(&mut self.filter_theme, Some(t.id.clone()), &t.label);
                }
            });
        ui.horizontal(|ui| {
            let label = ui.label("Filter by text");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter_text).hint_text("words in the span"),
            )
            .labelled_by(label.id);
        });
        // Which spans pass the filters: recomputed only when the project,
        // the document or the filters change, not on every frame; without
        // a filter, row i is span i and nothing is computed at all (a tag
        // at 100k spans would otherwise rebuild a 100k-row list).
        let unfiltered = self.filter_theme.is_none() && self.filter_text.is_empty();
        let key = (
            self.session.revision(),
            self.session.current_index(),
            self.filter_theme.clone(),
            self.filter_text.clone(),
        );
        if !unfiltered && self.span_rows.as_ref().is_none_or(|(k, _)| *k != key) {
            let needle = self.filter_text.to_lowercase();
            let rows = doc
                .spans()
                .spans()
                .iter()
                .enumerate()
                .filter(|(_, s)| self.filter_theme.as_ref().is_none_or(|t| &s.theme == t))
                .filter(|(_, s)| {
                    needle.is_empty()
                        || doc
                            .span_text(s)
                            .is_some_and(|t| t.to_lowercase().contains(&needle))
                })
                .map(|(i, _)| i)
                .collect();
            self.span_rows = Some((key, rows));
        }
        let rows: &[usize] = self.span_rows.as_ref().map_or(&[], |(_, r)| r.as_slice());
        let spans = doc.spans().spans();
        let count = if unfiltered { spans.len() } else { rows.len() };
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("span-list")
            .auto_shrink([false, false])
            .show_rows(ui, row_h, count, |ui, range| {
                for row in range {
                    let span = &spans[if unfiltered { row } else { rows[row] }];
                    let text = snippet(doc.span_text(span).unwrap_or_default(), 60);
                    ui.horizontal(|ui| {
                        if let Some(t) = themes.iter().find(|t| t.id == span.theme) {
                            ui.colored_label(color32(t), "■");
                        }
                        let selected = self.selected.as_ref() == Some(span);
                        let label = format!("{}..{} {}", span.start, span.end, text);
                        if ui.selectable_label(selected, label).clicked() {
                            clicked = Some(span.clone());
                        }
                    });
                }
            });
        if let Some(span) = clicked {
            let ctx = ui.ctx().clone();
            self.jump_to_span(&ctx, span);
        }
    }

    pub(super) fn modals(&mut self, ctx: &egui::Context) {
        let Some(modal) = self.modal.clone() else {
            return;
        };
        let mut close = false;
        egui::Modal::new(egui::Id::unique("modal")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            match modal {
                Modal::Unsaved(then) => {
                    ui.heading("Unsaved changes");
                    let what = match then {
                        Then::Quit => "closing",
                        Then::OpenDialog | Then::OpenPath(_) => "opening another project",
                        Then::NewDialog => "starting a new project",
                    };
                    ui.label(format!(
                        "Save the changes to “{}” before {what}?",
                        self.session.project().name()
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            self.unsaved_answer(ctx, then.clone(), Some(true));
                        }
                        if ui.button("Discard").clicked() {
                            self.unsaved_answer(ctx, then.clone(), Some(false));
                        }
                        if ui.button("Cancel").clicked() {
                            self.unsaved_answer(ctx, then.clone(), None);
                        }
                    });
                }
                Modal::DeleteTheme { id, label, spans } => {
                    ui.heading("Delete theme");
                    ui.label(format!(
                        "Delete the theme “{label}” and its {spans} span{}? You can undo this.",
                        if spans == 1 { "" } else { "s" }
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Delete").clicked() {
                            self.apply(Edit::RemoveTheme { id: id.clone() });
                            self.hidden.remove(&id);
                            if self.selected.as_ref().is_some_and(|s| s.theme == id) {
                                self.select_span(None);
                            }
                            close = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Modal::AskAnnotator => {
                    ui.heading("Who is annotating?");
                    ui.label("Your name is recorded on every span you make, so a team can compare. You can change it later in the preferences file.");
                    let l = ui.label("Your name");
                    let r = ui
                        .add(egui::TextEdit::singleline(&mut self.annotator_draft).hint_text("e.g. Ana"))
                        .labelled_by(l.id);
                    // Focus the field once when the prompt opens; asking
                    // every frame would starve the window of input.
                    if std::mem::take(&mut self.annotator_focus) {
                        r.request_focus();
                    }
                    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    let ok = ui
                        .add_enabled(!self.annotator_draft.trim().is_empty(), egui::Button::new("OK"))
                        .clicked();
                    if (ok || enter) && !self.annotator_draft.trim().is_empty() {
                        self.prefs.annotator = self.annotator_draft.trim().to_owned();
                        close = true;
                    }
                }
                Modal::Shortcuts => {
                    ui.heading("Keyboard shortcuts");
                    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                        for a in ACTIONS {
                            if a.shortcuts.is_empty() {
                                continue;
                            }
                            ui.label(a.label);
                            let keys: Vec<String> =
                                a.shortcuts.iter().map(|s| ctx.format_shortcut(s)).collect();
                            ui.label(keys.join("  or  "));
                            ui.end_row();
                        }
                        for (id, key) in self.theme_keys() {
                            let label = self
                                .session
                                .project()
                                .theme(&id)
                                .map_or(id.clone(), |t| t.label.clone());
                            ui.label(format!("Tag selection as {label}"));
                            ui.label(key.to_string());
                            ui.end_row();
                        }
                        ui.label("Select text");
                        ui.label("Drag · Shift+Click extends · Double-click selects a word");
                        ui.end_row();
                    });
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
                Modal::About => {
                    ui.heading("Marginalia");
                    ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
                    ui.label("Tag spans of text with themes. Projects are single RON files that diff and merge.");
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
                Modal::Locked { path, holder } => {
                    ui.heading("Open in another window");
                    ui.label(format!(
                        "{} is open for editing in another Marginalia ({holder}). Two writers would overwrite each other's work.",
                        path.display()
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Open Read-Only").clicked() {
                            self.modal = None;
                            self.start_open(&path, LockMode::ReadOnly);
                        }
                        if ui.button("Open Anyway").clicked() {
                            self.modal = None;
                            self.start_open(&path, LockMode::Steal);
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Modal::Recover { path, differences } => {
                    ui.heading("Recover unsaved work?");
                    ui.label(format!(
                        "{} holds changes that were not saved (the window closed unexpectedly):",
                        path.display()
                    ));
                    for d in &differences {
                        ui.label(format!("• {d}"));
                    }
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            self.recover_answer(true);
                        }
                        if ui.button("Discard").clicked() {
                            self.recover_answer(false);
                        }
                    });
                }
                Modal::SaveConflict | Modal::ChangedOnDisk => {
                    ui.heading("The file changed on disk");
                    ui.label(format!(
                        "{} was changed by another program (a git pull, another window) since you opened it, and you have unsaved changes.",
                        self.session.path().map(|p| p.display().to_string()).unwrap_or_default()
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Reload").on_hover_text("Discard your changes and load the file from disk").clicked() {
                            self.reload();
                        }
                        if ui.button("Overwrite").on_hover_text("Replace the file on disk with your version").clicked() {
                            self.modal = None;
                            self.start_save(None, false, None);
                        }
                        if ui.button("Save As…").clicked() {
                            self.modal = None;
                            self.ask(ctx, DialogKind::SaveProjectAs);
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Modal::Export => close = self.export_form_ui(ui),
                Modal::ExportDone(done) => close = Self::export_done_ui(ui, &done),
                Modal::Error(msg) => {
                    ui.heading("Something went wrong");
                    egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                        ui.label(msg);
                    });
                    if ui.button("OK").clicked() {
                        close = true;
                    }
                }
            }
        });
        if close {
            self.modal = None;
        }
    }

    pub(super) fn theme_editor_window(&mut self, ctx: &egui::Context) {
        let Some(mut editor) = self.theme_editor.take() else {
            return;
        };
        let mut keep = true;
        let title = if editor.id.is_some() {
            "Edit theme"
        } else {
            "Add theme"
        };
        egui::Modal::new(egui::Id::unique("theme-editor")).show(ctx, |ui| {
            ui.heading(title);
            egui::Grid::new("theme-fields")
                .num_columns(2)
                .show(ui, |ui| {
                    let l = ui.label("Theme name");
                    ui.add(egui::TextEdit::singleline(&mut editor.label).hint_text("e.g. Climate"))
                        .labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("Colour");
                    ui.horizontal(|ui| {
                        let before = editor.color;
                        ui.color_edit_button_srgb(&mut editor.color)
                            .labelled_by(l.id);
                        if editor.color != before {
                            editor.hex =
                                Color::rgb(editor.color[0], editor.color[1], editor.color[2])
                                    .to_string();
                        }
                        let r = ui
                            .add(
                                egui::TextEdit::singleline(&mut editor.hex)
                                    .hint_text("#rrggbb")
                                    .desired_width(80.0),
                            )
                            .labelled_by(l.id);
                        if r.changed()
                            && let Ok(c) = editor.hex.trim().parse::<Color>()
                        {
                            editor.color = [c.r, c.g, c.b];
                        }
                    });
                    ui.end_row();
                    let l = ui.label("Shortcut key");
                    ui.add(
                        egui::TextEdit::singleline(&mut editor.key)
                            .hint_text("one key")
                            .desired_width(40.0),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("Description");
                    ui.add(
                        egui::TextEdit::singleline(&mut editor.description)
                            .hint_text("What belongs here"),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                });
            ui.horizontal(|ui| {
                if ui.button("Apply").clicked() {
                    match theme_edit(self.session.project(), &editor) {
                        Ok(edit) => {
                            if self.apply(edit) {
                                keep = false;
                            }
                        }
                        Err(msg) => self.message = Some((msg, true)),
                    }
                }
                if ui.button("Cancel").clicked() {
                    keep = false;
                }
            });
            if let Some((msg, true)) = &self.message {
                ui.colored_label(ui.visuals().error_fg_color, msg);
            }
        });
        if keep {
            self.theme_editor = Some(editor);
        }
    }
}
