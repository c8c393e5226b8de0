//! The Segments view: every coded passage that matches a query, across
//! all documents (`crate::analysis::segments`, the same function as
//! `marginalia segments`). One block per span: its theme, document and
//! annotator, the passage in full with its context dimmed around it, and
//! its note ([`super::segment_rows`]); a click opens the document at the
//! span. The result exports to CSV, Markdown and HTML.

use crate::ui::app::command::{Command, Commands};
use std::collections::BTreeSet;

use egui::Ui;

use super::segment_rows::{Row, RowList};

use crate::analysis::segment_export::SegmentFormat;
use crate::analysis::segments::{self, Query};
use crate::model::Project;

/// The query the user builds and its result.
#[derive(Default)]
pub struct SegmentsView {
    themes: BTreeSet<String>,
    overlapping: BTreeSet<String>,
    not_overlapping: BTreeSet<String>,
    annotators: BTreeSet<String>,
    conditions: BTreeSet<(String, String)>,
    words: String,
    /// Count every theme as its top-level theme ("Roll up to parents").
    roll_up: bool,
    /// (project, revision, query) the rows were computed for.
    computed: Option<(*const Project, u64, Query)>,
    rows: Vec<Row>,
    /// The rows' measured heights.
    list: RowList,
    error: Option<String>,
    /// Annotators and attribute values in the project, per revision.
    choices: Option<(*const Project, u64, Choices)>,
}

#[derive(Default)]
struct Choices {
    annotators: BTreeSet<String>,
    /// (name, values)
    attributes: Vec<(String, BTreeSet<String>)>,
}

impl SegmentsView {
    /// The query as the analysis module takes it.
    pub fn query(&self) -> Query {
        Query {
            themes: self.themes.iter().cloned().collect(),
            overlapping: self.overlapping.iter().cloned().collect(),
            not_overlapping: self.not_overlapping.iter().cloned().collect(),
            annotators: self.annotators.iter().cloned().collect(),
            attributes: self.conditions.iter().cloned().collect(),
            text: self.words.trim().to_owned(),
            roll_up: self.roll_up,
        }
    }

    /// Another project: a fresh query.
    pub fn reset(&mut self) {
        *self = SegmentsView::default();
    }

    /// Number of rows in the current result.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    fn refresh(&mut self, project: &Project, key: (*const Project, u64)) {
        // Themes deleted since they were picked drop out of the query.
        for set in [
            &mut self.themes,
            &mut self.overlapping,
            &mut self.not_overlapping,
        ] {
            set.retain(|t| project.theme(t).is_some());
        }
        if self.choices.as_ref().map(|c| (c.0, c.1)) != Some(key) {
            self.choices = Some((key.0, key.1, choices(project)));
        }
        if let Some((_, _, c)) = &self.choices {
            self.conditions.retain(|(name, value)| {
                c.attributes
                    .iter()
                    .any(|(n, values)| n == name && values.contains(value))
            });
        }
        let query = self.query();
        if self
            .computed
            .as_ref()
            .is_some_and(|(p, r, q)| (*p, *r) == key && *q == query)
        {
            return;
        }
        self.rows.clear();
        self.error = None;
        match segments::segments(project, &query) {
            Ok(found) => {
                self.rows = found.iter().map(|s| Row::new(project, s)).collect();
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        self.list.invalidate();
        self.computed = Some((key.0, key.1, query));
    }

    /// The view; `key` says which project revision it shows.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        key: (*const Project, u64),
        out: &mut Commands,
    ) {
        self.refresh(project, key);
        self.query_bar(ui, project);
        self.refresh(project, key);
        ui.horizontal(|ui| {
            match &self.error {
                Some(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                None => {
                    ui.label(crate::model::plural(self.rows.len(), "segment", "segments"));
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                for f in SegmentFormat::ALL.iter().rev() {
                    let b = ui
                        .add_enabled(!self.rows.is_empty(), egui::Button::new(f.label()))
                        .on_hover_text(format!("Export these segments as {}", f.label()));
                    if b.clicked() {
                        out.push(Command::ExportSegments(*f));
                    }
                }
                ui.label("Export:");
            });
        });
        ui.separator();
        if let Some(i) = self.list.show(ui, &self.rows) {
            let row = &self.rows[i];
            out.push(Command::OpenAt {
                document: row.doc,
                span: row.span.clone(),
            });
        }
    }

    fn query_bar(&mut self, ui: &mut Ui, project: &Project) {
        ui.horizontal_wrapped(|ui| {
            theme_menu(
                ui,
                "Themes",
                "Spans of any of these themes (all when none is ticked)",
                project,
                &mut self.themes,
            );
            theme_menu(
                ui,
                "Overlapping",
                "Only spans that share text with a span of each of these themes",
                project,
                &mut self.overlapping,
            );
            theme_menu(
                ui,
                "Not overlapping",
                "Only spans that share no text with any span of these themes",
                project,
                &mut self.not_overlapping,
            );
            let choices = self.choices.as_ref().map(|c| &c.2);
            let annotators = choices.map(|c| c.annotators.clone()).unwrap_or_default();
            let title = count_title("Annotators", self.annotators.len());
            ui.menu_button(title, |ui| {
                for a in &annotators {
                    let mut on = self.annotators.contains(a);
                    if ui.checkbox(&mut on, a).changed() {
                        toggle(&mut self.annotators, a.clone(), on);
                    }
                }
                if annotators.is_empty() {
                    ui.weak("No spans yet");
                }
            })
            .response
            .on_hover_text("Spans by any of these annotators (everyone's when none is ticked)");
            let attributes = choices.map(|c| c.attributes.clone()).unwrap_or_default();
            let title = count_title("Where", self.conditions.len());
            ui.menu_button(title, |ui| {
                for (name, values) in &attributes {
                    ui.menu_button(name, |ui| {
                        for v in values {
                            let key = (name.clone(), v.clone());
                            let mut on = self.conditions.contains(&key);
                            if ui.checkbox(&mut on, v).changed() {
                                toggle(&mut self.conditions, key, on);
                            }
                        }
                    });
                }
                if attributes.is_empty() {
                    ui.weak("The documents have no attributes");
                }
            })
            .response
            .on_hover_text(
                "Only documents whose attribute has this value (every condition must hold)",
            );
            ui.add(
                egui::TextEdit::singleline(&mut self.words)
                    .hint_text("Words in the passage")
                    .desired_width(180.0),
            )
            .on_hover_text("Only passages that contain all these words (case does not matter)");
            ui.checkbox(&mut self.roll_up, "Roll up to parents")
                .on_hover_text(
                    "Count every theme as the top-level theme it sits under: \
                     a parent's rows include its children's spans",
                );
            if ui
                .button("Clear")
                .on_hover_text("Every span again")
                .clicked()
            {
                self.themes.clear();
                self.overlapping.clear();
                self.not_overlapping.clear();
                self.annotators.clear();
                self.conditions.clear();
                self.words.clear();
            }
        });
        let conditions: Vec<_> = self.conditions.iter().cloned().collect();
        if !conditions.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.weak("Where");
                for (name, value) in conditions {
                    if ui
                        .small_button(format!("{name} = {value}  ✖"))
                        .on_hover_text("Remove this condition")
                        .clicked()
                    {
                        self.conditions.remove(&(name, value));
                    }
                }
            });
        }
    }
}

fn count_title(name: &str, n: usize) -> String {
    if n == 0 {
        name.to_owned()
    } else {
        format!("{name} ({n})")
    }
}

fn toggle<T: Ord>(set: &mut BTreeSet<T>, item: T, on: bool) {
    if on {
        set.insert(item);
    } else {
        set.remove(&item);
    }
}

fn theme_menu(ui: &mut Ui, name: &str, hint: &str, project: &Project, set: &mut BTreeSet<String>) {
    ui.menu_button(count_title(name, set.len()), |ui| {
        for t in project.themes() {
            let mut on = set.contains(&t.id);
            if ui.checkbox(&mut on, &t.label).changed() {
                toggle(set, t.id.clone(), on);
            }
        }
    })
    .response
    .on_hover_text(hint);
}

fn choices(project: &Project) -> Choices {
    let mut annotators = BTreeSet::new();
    for d in project.documents() {
        for s in d.spans().spans() {
            if !annotators.contains(&s.annotator) {
                annotators.insert(s.annotator.clone());
            }
        }
    }
    let attributes = project
        .attribute_names()
        .into_iter()
        .map(|name| {
            let values = project
                .documents()
                .iter()
                .filter_map(|d| d.attribute(name))
                .map(str::to_owned)
                .collect();
            (name.to_owned(), values)
        })
        .collect();
    Choices {
        annotators,
        attributes,
    }
}
