//! Whose spans the window shows: mine, everyone's, or those of chosen
//! annotators. A view setting: it changes what the document view draws
//! and what the span list lists and counts, never the project.

use std::collections::BTreeSet;

use egui::Ui;

use crate::session::Session;

/// Which annotators' spans are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Showing {
    /// Every span.
    #[default]
    Everyone,
    /// Only the spans of the window's annotator (the name in the
    /// preferences).
    Mine,
    /// Only the spans of the annotators ticked in the list.
    Chosen,
}

/// The filter: what it shows and the names known in the project.
#[derive(Default)]
pub struct AnnotatorFilter {
    showing: Showing,
    chosen: BTreeSet<String>,
    /// Every annotator of the project (with a span or a done mark),
    /// sorted, for the revision it was gathered at.
    names: Option<(u64, Vec<String>)>,
}

/// The filter as it stands this frame, to ask of each span.
#[derive(Clone, Copy, Debug)]
pub struct Admit<'a> {
    showing: Showing,
    me: &'a str,
    chosen: &'a BTreeSet<String>,
}

impl Admit<'_> {
    /// Whether spans by `annotator` are shown.
    pub fn admits(&self, annotator: &str) -> bool {
        match self.showing {
            Showing::Everyone => true,
            Showing::Mine => annotator == self.me,
            Showing::Chosen => self.chosen.contains(annotator),
        }
    }

    /// Whether every span is shown (nothing to filter).
    pub fn everyone(&self) -> bool {
        self.showing == Showing::Everyone
    }

    /// What the filter shows, in a form that changes when the filter does
    /// (for caches of filtered lists).
    pub fn signature(&self) -> String {
        match self.showing {
            Showing::Everyone => String::new(),
            Showing::Mine => format!("mine:{}", self.me),
            Showing::Chosen => {
                let mut s = "chosen".to_owned();
                for name in self.chosen {
                    s.push('\u{1f}');
                    s.push_str(name);
                }
                s
            }
        }
    }
}

impl AnnotatorFilter {
    /// Another project: show everyone again.
    pub fn reset(&mut self) {
        *self = AnnotatorFilter::default();
    }

    /// What the filter shows now.
    #[cfg(any(test, feature = "test-hooks"))]
    pub fn showing(&self) -> Showing {
        self.showing
    }

    /// Shows `showing`; with [`Showing::Chosen`], the annotators `chosen`
    /// (what the filter's own controls do; the tests' shortcut).
    #[cfg(test)]
    pub fn set(&mut self, showing: Showing, chosen: impl IntoIterator<Item = String>) {
        self.showing = showing;
        if showing == Showing::Chosen {
            self.chosen = chosen.into_iter().collect();
        }
    }

    /// The filter for this frame; `me` is the window's annotator.
    pub fn admit<'a>(&'a self, me: &'a str) -> Admit<'a> {
        Admit {
            showing: self.showing,
            me,
            chosen: &self.chosen,
        }
    }

    /// Every annotator of the project, sorted (gathered again after each
    /// change to the project).
    pub fn names(&mut self, session: &Session) -> &[String] {
        let revision = session.revision();
        if self.names.as_ref().is_none_or(|(r, _)| *r != revision) {
            let mut set: BTreeSet<&str> = BTreeSet::new();
            for d in session.project().documents() {
                let mut last: Option<&str> = None;
                for s in d.spans().spans() {
                    // Runs of one annotator are common: skip the lookup.
                    if last != Some(s.annotator.as_str()) {
                        set.insert(&s.annotator);
                        last = Some(&s.annotator);
                    }
                }
                set.extend(d.done_annotators().iter().map(String::as_str));
            }
            let names = set.into_iter().map(str::to_owned).collect();
            self.names = Some((revision, names));
        }
        self.names.as_ref().map_or(&[], |(_, n)| n.as_slice())
    }

    /// The annotators whose lanes the document view draws, top to bottom:
    /// every annotator the filter shows, sorted.
    pub fn lanes(&mut self, session: &Session, me: &str) -> Vec<String> {
        let names = self.names(session).to_vec();
        let admit = self.admit(me);
        let mut lanes: Vec<String> = names.into_iter().filter(|n| admit.admits(n)).collect();
        if lanes.is_empty() && self.showing == Showing::Mine {
            // Nothing tagged yet: my lane is ready for my first span.
            lanes.push(me.to_owned());
        }
        lanes
    }

    /// The filter's controls: a choice of whose spans to show and, for
    /// chosen annotators, a check box per annotator. The project's names
    /// are gathered only then (a scan of every span after each edit, which
    /// a large project's tagging frames do without otherwise).
    pub fn show(&mut self, ui: &mut Ui, session: &Session, me: &str) {
        let mine = if me.is_empty() {
            "Mine".to_owned()
        } else {
            format!("Mine ({me})")
        };
        let before = self.showing;
        egui::ComboBox::from_label("Show spans of")
            .selected_text(match self.showing {
                Showing::Everyone => "Everyone".to_owned(),
                Showing::Mine => mine.clone(),
                Showing::Chosen => format!("{} chosen", self.chosen.len()),
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.showing, Showing::Everyone, "Everyone");
                ui.selectable_value(&mut self.showing, Showing::Mine, mine);
                ui.selectable_value(&mut self.showing, Showing::Chosen, "Chosen annotators");
            });
        if before != Showing::Chosen && self.showing == Showing::Chosen && self.chosen.is_empty() {
            // Start from what was shown, so choosing changes nothing yet.
            self.chosen = match before {
                Showing::Mine => BTreeSet::from([me.to_owned()]),
                _ => self.names(session).iter().cloned().collect(),
            };
        }
        if self.showing == Showing::Chosen {
            let names = self.names(session).to_vec();
            ui.horizontal_wrapped(|ui| {
                if names.is_empty() {
                    ui.weak("No spans yet");
                }
                for name in &names {
                    let mut on = self.chosen.contains(name);
                    let label = if name.is_empty() {
                        "(no name)"
                    } else {
                        name.as_str()
                    };
                    if ui.checkbox(&mut on, label).changed() {
                        if on {
                            self.chosen.insert(name.clone());
                        } else {
                            self.chosen.remove(name);
                        }
                    }
                }
            });
        }
    }
}

/// The line above the document that says which band is whose when
/// annotator lanes are on.
pub fn lanes_legend(ui: &mut Ui, names: &[String]) {
    ui.horizontal_wrapped(|ui| {
        ui.weak("Annotator lanes under each line, top to bottom:");
        for (i, name) in names.iter().enumerate() {
            let name = if name.is_empty() { "(no name)" } else { name };
            ui.label(format!("{} {name}", i + 1));
        }
        if names.is_empty() {
            ui.weak("no annotator shown");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_choice_admits_the_annotators_it_names() {
        let mut f = AnnotatorFilter::default();
        assert!(f.admit("ana").admits("bo"));
        f.set(Showing::Mine, []);
        assert!(f.admit("ana").admits("ana"));
        assert!(!f.admit("ana").admits("bo"));
        f.set(Showing::Chosen, ["bo".to_owned(), "Żaneta 🙂".to_owned()]);
        let admit = f.admit("ana");
        assert!(!admit.admits("ana"));
        assert!(admit.admits("bo"));
        assert!(admit.admits("Żaneta 🙂"));
    }

    #[test]
    fn the_signature_changes_with_every_choice() {
        let mut f = AnnotatorFilter::default();
        let everyone = f.admit("ana").signature();
        f.set(Showing::Mine, []);
        let mine_ana = f.admit("ana").signature();
        let mine_bo = f.admit("bo").signature();
        f.set(Showing::Chosen, ["ana".to_owned()]);
        let chosen_ana = f.admit("ana").signature();
        f.set(Showing::Chosen, ["ana".to_owned(), "bo".to_owned()]);
        let chosen_both = f.admit("ana").signature();
        let all = [everyone, mine_ana, mine_bo, chosen_ana, chosen_both];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
