//! The Analysis view: the document × theme matrix (span counts or
//! coverage share, cells shaded by value), the theme × theme
//! co-occurrence matrix, stacked bars per document and bars or lines per
//! value of an attribute. Every figure comes from `crate::analysis` (the
//! functions behind `marginalia stats` and `cooccur`), is computed once
//! per change (never per frame), shows its exact numbers on hover, and has
//! its table and "Copy as CSV".

use egui::{Color32, Ui};
use egui_plot::{Bar, BarChart, Line, PlotPoints};

use crate::analysis::cooccur::{Cooccurrence, cooccurrence_of};
use crate::analysis::stats::{DocumentTheme, ValueTheme, by_attribute, by_document_of};
use crate::analysis::tables;
use crate::model::Project;

/// Which chart or table is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Section {
    #[default]
    Matrix,
    Cooccurrence,
    PerDocument,
    PerAttribute,
}

impl Section {
    const ALL: [Section; 4] = [
        Section::Matrix,
        Section::Cooccurrence,
        Section::PerDocument,
        Section::PerAttribute,
    ];

    fn label(self) -> &'static str {
        match self {
            Section::Matrix => "Document × theme",
            Section::Cooccurrence => "Co-occurrence",
            Section::PerDocument => "Per document",
            Section::PerAttribute => "Per attribute",
        }
    }
}

/// What the figures were computed from.
#[derive(Clone, PartialEq, Eq)]
struct Key {
    project: *const Project,
    revision: u64,
    /// The documents (project indices) in scope.
    documents: Vec<usize>,
    attribute: Option<String>,
}

/// Figures computed once per change.
#[derive(Default)]
struct Figures {
    /// Theme labels and colours, in codebook order.
    themes: Vec<(String, Color32)>,
    /// Document titles, in scope order.
    documents: Vec<String>,
    /// `matrix[d][t]`, documents in scope order, themes in codebook order.
    matrix: Vec<Vec<DocumentTheme>>,
    max_spans: usize,
    max_share: f64,
    cooccur: Cooccurrence,
    max_pair: usize,
    /// Rows per attribute value, then per theme.
    by_value: Vec<(String, Vec<ValueTheme>)>,
}

/// The view's state.
#[derive(Default)]
pub struct AnalysisView {
    section: Section,
    /// Coverage share instead of span counts in the matrix and charts.
    coverage: bool,
    /// Lines instead of bars per attribute value.
    lines: bool,
    /// Only the documents the documents list shows (its filter).
    filtered: bool,
    attribute: Option<String>,
    key: Option<Key>,
    figures: Figures,
    /// The project's attribute names, sorted, and the revision they were
    /// gathered at (a scan of every document, so not every frame).
    names: Option<((*const Project, u64), Vec<String>)>,
}

/// Most documents drawn as bars (the table has them all).
const MAX_BARS: usize = 200;

impl AnalysisView {
    /// Another project: start over.
    pub fn reset(&mut self) {
        self.key = None;
        self.attribute = None;
        self.names = None;
    }

    fn refresh(&mut self, project: &Project, key: Key) {
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let docs: Vec<_> = key
            .documents
            .iter()
            .filter_map(|&i| project.documents().get(i))
            .collect();
        let n = project.themes().len();
        let cells = by_document_of(project, docs.iter().copied());
        let matrix: Vec<Vec<DocumentTheme>> = if n == 0 {
            Vec::new()
        } else {
            cells.chunks(n).map(<[DocumentTheme]>::to_vec).collect()
        };
        let cooccur = cooccurrence_of(project, docs.iter().copied());
        let max_pair = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| cooccur.counts[i][j])
            .max()
            .unwrap_or(0);
        let by_value = key
            .attribute
            .as_deref()
            .and_then(|name| by_attribute(project, name))
            .map(|rows| {
                let mut out: Vec<(String, Vec<ValueTheme>)> = Vec::new();
                for chunk in rows.chunks(n.max(1)) {
                    let value = chunk[0]
                        .value
                        .clone()
                        .unwrap_or_else(|| "(none)".to_owned());
                    out.push((value, chunk.to_vec()));
                }
                out
            })
            .unwrap_or_default();
        self.figures = Figures {
            themes: project
                .themes()
                .iter()
                .map(|t| (t.label.clone(), crate::ui::style::theme_color(t)))
                .collect(),
            documents: docs.iter().map(|d| d.title.clone()).collect(),
            max_spans: cells.iter().map(|c| c.spans).max().unwrap_or(0),
            max_share: cells.iter().map(|c| c.share).fold(0.0, f64::max),
            matrix,
            cooccur,
            max_pair,
            by_value,
        };
        self.key = Some(key);
    }

    /// The view. `shown` are the documents the documents list shows (its
    /// filter applied), `total` how many the project has.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        revision: (*const Project, u64),
        shown: &[usize],
    ) {
        if self.names.as_ref().is_none_or(|(at, _)| *at != revision) {
            let names = project
                .attribute_names()
                .into_iter()
                .map(str::to_owned)
                .collect();
            self.names = Some((revision, names));
        }
        let names = self
            .names
            .as_ref()
            .map(|(_, n)| n.clone())
            .unwrap_or_default();
        if self.attribute.as_ref().is_none_or(|a| !names.contains(a)) {
            self.attribute = names.first().cloned();
        }
        let total = project.documents().len();
        ui.horizontal_wrapped(|ui| {
            for s in Section::ALL {
                ui.selectable_value(&mut self.section, s, s.label());
            }
            ui.separator();
            ui.checkbox(&mut self.coverage, "Coverage share")
                .on_hover_text("Share of the text the theme covers, instead of span counts");
            ui.checkbox(
                &mut self.filtered,
                format!("Only the {} listed documents", shown.len()),
            )
            .on_hover_text("Use the documents list's filter (left) to choose the documents");
        });
        let documents = if self.filtered {
            shown.to_vec()
        } else {
            (0..total).collect()
        };
        self.refresh(
            project,
            Key {
                project: revision.0,
                revision: revision.1,
                documents,
                attribute: self.attribute.clone(),
            },
        );
        ui.separator();
        match self.section {
            Section::Matrix => self.matrix(ui),
            Section::Cooccurrence => self.cooccurrence(ui),
            Section::PerDocument => self.per_document(ui),
            Section::PerAttribute => self.per_attribute(ui, &names),
        }
    }

    fn value(&self, c: &DocumentTheme) -> (String, f32) {
        let f = &self.figures;
        if self.coverage {
            let strength = if f.max_share > 0.0 {
                (c.share / f.max_share) as f32
            } else {
                0.0
            };
            (format!("{:.1}%", c.share * 100.0), strength)
        } else {
            let strength = if f.max_spans > 0 {
                c.spans as f32 / f.max_spans as f32
            } else {
                0.0
            };
            (c.spans.to_string(), strength)
        }
    }

    fn matrix(&mut self, ui: &mut Ui) {
        copy_button(ui, "document × theme", || self.matrix_csv());
        let f = &self.figures;
        let title_w = 180.0;
        let cell_w = 72.0;
        let row_h = 22.0;
        egui::ScrollArea::horizontal()
            .id_salt("matrix-h")
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.add_sized([title_w, row_h], egui::Label::new("Document"));
                    for (label, color) in &f.themes {
                        ui.add_sized(
                            [cell_w, row_h],
                            egui::Label::new(egui::RichText::new(label).color(*color).strong())
                                .truncate(),
                        );
                    }
                });
                egui::ScrollArea::vertical()
                    .id_salt("matrix-v")
                    .auto_shrink([false, false])
                    .show_rows(ui, row_h, f.matrix.len(), |ui, range| {
                        for d in range {
                            ui.horizontal(|ui| {
                                ui.add_sized(
                                    [title_w, row_h - 4.0],
                                    egui::Label::new(&f.documents[d]).truncate(),
                                );
                                for (t, c) in f.matrix[d].iter().enumerate() {
                                    let (text, strength) = self.value(c);
                                    let color = f.themes[t].1;
                                    shaded_cell(ui, [cell_w, row_h - 4.0], &text, color, strength)
                                        .on_hover_text(format!(
                                            "{}, {}: {}, {} covered ({:.2}%)",
                                            f.documents[d],
                                            f.themes[t].0,
                                            crate::model::plural(c.spans, "span", "spans"),
                                            crate::model::plural(
                                                c.covered,
                                                "code point",
                                                "code points"
                                            ),
                                            c.share * 100.0
                                        ));
                                }
                            });
                        }
                    });
            });
    }

    fn matrix_csv(&self) -> String {
        tables::by_document_csv(self.figures.matrix.iter().flatten())
    }

    fn cooccurrence(&mut self, ui: &mut Ui) {
        let f = &self.figures;
        copy_button(ui, "co-occurrence", || tables::cooccurrence_csv(&f.cooccur));
        ui.weak("Pairs of spans of two themes in the same document that share text; the diagonal counts each theme's spans.");
        let cell_w = 80.0;
        let row_h = 22.0;
        egui::ScrollArea::both()
            .id_salt("cooccur")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.add_sized([140.0, row_h], egui::Label::new(""));
                    for (label, color) in &f.themes {
                        ui.add_sized(
                            [cell_w, row_h],
                            egui::Label::new(egui::RichText::new(label).color(*color).strong())
                                .truncate(),
                        );
                    }
                });
                for (i, (li, ci)) in f.themes.iter().enumerate() {
                    ui.horizontal(|ui| {
                        ui.add_sized(
                            [140.0, row_h - 4.0],
                            egui::Label::new(egui::RichText::new(li).color(*ci).strong())
                                .truncate(),
                        );
                        for (j, (lj, _)) in f.themes.iter().enumerate() {
                            let n = f.cooccur.counts[i][j];
                            let strength = if i == j || f.max_pair == 0 {
                                0.0
                            } else {
                                n as f32 / f.max_pair as f32
                            };
                            let hover = if i == j {
                                format!("{li}: {}", crate::model::plural(n, "span", "spans"))
                            } else {
                                format!(
                                    "{li} with {lj}: {}",
                                    crate::model::plural(
                                        n,
                                        "overlapping pair",
                                        "overlapping pairs"
                                    )
                                )
                            };
                            shaded_cell(
                                ui,
                                [cell_w, row_h - 4.0],
                                &n.to_string(),
                                crate::ui::style::MATRIX_CELL,
                                strength,
                            )
                            .on_hover_text(hover);
                        }
                    });
                }
            });
    }

    fn per_document(&mut self, ui: &mut Ui) {
        copy_button(ui, "per document", || self.matrix_csv());
        let f = &self.figures;
        let count = f.matrix.len().min(MAX_BARS);
        if f.matrix.len() > MAX_BARS {
            ui.weak(format!(
                "The first {MAX_BARS} of {} documents; filter the documents list to choose others (the CSV has them all).",
                f.matrix.len()
            ));
        }
        let coverage = self.coverage;
        let mut charts: Vec<BarChart> = Vec::new();
        for (t, (label, color)) in f.themes.iter().enumerate() {
            let bars = (0..count)
                .map(|d| {
                    let c = &f.matrix[d][t];
                    let y = if coverage {
                        c.share * 100.0
                    } else {
                        c.spans as f64
                    };
                    Bar::new(d as f64, y).name(&f.documents[d])
                })
                .collect();
            let mut chart = BarChart::new(label.clone(), bars).color(*color).width(0.7);
            let below: Vec<&BarChart> = charts.iter().collect();
            chart = chart.stack_on(&below);
            charts.push(chart);
        }
        super::category_chart::show(
            ui,
            "per-document",
            coverage,
            &f.documents[..count],
            |plot| {
                for c in charts {
                    plot.bar_chart(c);
                }
            },
        );
    }

    fn per_attribute(&mut self, ui: &mut Ui, names: &[String]) {
        if names.is_empty() {
            ui.label("The documents have no attributes yet: give them some (the document's details, or `marginalia attr`) to compare themes per date, source or country.");
            return;
        }
        ui.horizontal(|ui| {
            let current = self.attribute.clone().unwrap_or_default();
            egui::ComboBox::from_label("Attribute")
                .selected_text(&current)
                .show_ui(ui, |ui| {
                    for n in names {
                        ui.selectable_value(&mut self.attribute, Some(n.clone()), n);
                    }
                });
            ui.selectable_value(&mut self.lines, false, "Bars");
            ui.selectable_value(&mut self.lines, true, "Lines");
        });
        let f = &self.figures;
        copy_button(ui, "per attribute value", || {
            tables::by_attribute_csv(f.by_value.iter().flat_map(|(_, cells)| cells))
        });
        let coverage = self.coverage;
        let lines = self.lines;
        let values: Vec<String> = f.by_value.iter().map(|(v, _)| v.clone()).collect();
        let groups = f.themes.len().max(1) as f64;
        let y = |c: &ValueTheme| {
            if coverage {
                c.share * 100.0
            } else {
                c.spans as f64
            }
        };
        super::category_chart::show(ui, "per-attribute", coverage, &values, |plot| {
            for (t, (label, color)) in f.themes.iter().enumerate() {
                if lines {
                    let points: Vec<[f64; 2]> = f
                        .by_value
                        .iter()
                        .enumerate()
                        .map(|(v, (_, cells))| [v as f64, y(&cells[t])])
                        .collect();
                    plot.line(Line::new(label.clone(), PlotPoints::from(points)).color(*color));
                } else {
                    let width = 0.8 / groups;
                    let bars = f
                        .by_value
                        .iter()
                        .enumerate()
                        .map(|(v, (value, cells))| {
                            let x = v as f64 - 0.4 + width * (t as f64 + 0.5);
                            Bar::new(x, y(&cells[t])).width(width).name(value)
                        })
                        .collect();
                    plot.bar_chart(BarChart::new(label.clone(), bars).color(*color));
                }
            }
        });
    }
}

/// A cell shaded by `strength` (0–1) of `color`, with `text`.
fn shaded_cell(
    ui: &mut Ui,
    size: [f32; 2],
    text: &str,
    color: Color32,
    strength: f32,
) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(size.into(), egui::Sense::hover());
    let fill = color.gamma_multiply(0.08 + 0.8 * strength.clamp(0.0, 1.0));
    ui.painter().rect_filled(rect.shrink(1.0), 2.0, fill);
    let text_color = if strength > 0.6 {
        Color32::WHITE
    } else {
        ui.visuals().text_color()
    };
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        text,
        egui::TextStyle::Body.resolve(ui.style()),
        text_color,
    );
    let text = text.to_owned();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Cell, true, &text));
    response
}

/// "Copy as CSV" for a chart's table.
/// The table is made only when the button is clicked.
fn copy_button(ui: &mut Ui, what: &str, csv: impl FnOnce() -> String) {
    if ui
        .button("Copy as CSV")
        .on_hover_text(format!("Copy the {what} table to the clipboard"))
        .clicked()
    {
        ui.ctx().copy_text(csv());
    }
}
