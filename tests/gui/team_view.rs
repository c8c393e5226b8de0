//! Teams in the window: whose spans are shown, annotator lanes,
//! and the Agreement window, with two coders, ana and bo, who tagged the
//! same two documents.

use std::collections::BTreeSet;

use egui_kittest::Node;
use marginalia::ui::Showing;

use super::*;

/// Texts as a Windows editor wrote them, with an emoji and a no-break
/// space; the project holds them with `\n` line ends, as imports do.
const OPENING: &str = "Vaccines 💉 arrive in May.\r\nHealth and\u{a0}security go together.\r\n";
const PORTS: &str = "The ports\u{a0}reopen; trade grows.\r\n";

fn lf(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// The code-point range of the first `word` in `text`.
fn range_of(text: &str, word: &str) -> (usize, usize) {
    let byte = text.find(word).unwrap();
    let start = text[..byte].chars().count();
    (start, start + word.chars().count())
}

/// ana and bo agree on "Vaccines" and "security"; only bo tagged
/// "Health"; in the second document ana tagged "ports" as trade and bo
/// "The ports".
fn team_project(dir: &Path) -> PathBuf {
    let (opening, ports) = (lf(OPENING), lf(PORTS));
    let span = |text: &str, word: &str, theme: &str, who: &str| {
        let (s, e) = range_of(text, word);
        Span::new(s, e, theme, who)
    };
    let docs = [
        Document::new("opening", "Opening", opening.clone()).with_spans(vec![
            span(&opening, "Vaccines", "health", "ana"),
            span(&opening, "Vaccines", "health", "bo"),
            span(&opening, "Health", "health", "bo"),
            span(&opening, "security", "security", "ana"),
            span(&opening, "security", "security", "bo"),
        ]),
        Document::new("ports", "Ports", ports.clone()).with_spans(vec![
            span(&ports, "ports", "trade", "ana"),
            span(&ports, "The ports", "trade", "bo"),
        ]),
    ];
    let mut p = Project::with_default_codebook("team");
    for (index, d) in docs.into_iter().enumerate() {
        Edit::AddDocument {
            index,
            document: Box::new(d),
        }
        .apply(&mut p)
        .unwrap();
    }
    let path = dir.join("team.ron");
    store::save(&p, &path).unwrap();
    path
}

fn as_ana() -> Prefs {
    Prefs {
        annotator: "ana".into(),
        ..prefs()
    }
}

/// Picks `option` in the "Show spans of" box above the span list.
fn show_spans_of(h: &mut Harness<'static, MarginaliaApp>, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, "Show spans of")
        .click();
    h.run();
    h.get_by_label(option).click();
    h.run();
}

/// The annotators named in the span list's rows that read `row`.
fn listed(h: &Harness<'static, MarginaliaApp>, row: &str) -> Vec<String> {
    let rows: Vec<egui::Rect> = h.query_all_by_label(row).map(|n| n.rect()).collect();
    let mut names: Vec<String> = h
        .query_all_by_role(Role::Label)
        .filter(|n| {
            let y = n.rect().center().y;
            // On the row, just left of its range and text.
            let gap = |r: &egui::Rect| r.left() - n.rect().right();
            rows.iter()
                .any(|r| r.top() <= y && y <= r.bottom() && (0.0..40.0).contains(&gap(r)))
        })
        .filter_map(|n| n.value())
        .filter(|v| v != "■")
        .collect();
    names.sort();
    names
}

/// Whose spans the document view drew in the last frame.
fn painted_annotators(h: &Harness<'static, MarginaliaApp>) -> Vec<String> {
    let names: BTreeSet<String> = h
        .state()
        .painted_spans()
        .into_iter()
        .map(|(s, _, _)| s.annotator)
        .collect();
    names.into_iter().collect()
}

#[test]
fn mine_hides_the_other_coders_spans_and_the_list_names_whose_each_span_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = team_project(dir.path());
    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![]), as_ana());
    let vaccines = range_of(&lf(OPENING), "Vaccines");

    // Everyone's spans at first; each row of the list says whose it is.
    h.get_by_label("Spans (5)");
    let row = format!("{}..{} Vaccines", vaccines.0, vaccines.1);
    assert_eq!(listed(&h, &row), ["ana", "bo"]);
    assert_eq!(painted_annotators(&h), ["ana", "bo"]);

    // Mine: only ana's spans are drawn, listed and counted.
    show_spans_of(&mut h, "Mine (ana)");
    assert_eq!(h.state().showing(), Showing::Mine);
    h.get_by_label("Spans (2 of 5)");
    assert_eq!(listed(&h, &row), ["ana"]);
    assert!(h.query_by_role_and_label(Role::Label, "bo").is_none());
    assert_eq!(painted_annotators(&h), ["ana"]);

    // Chosen annotators start from what was shown (ana); swap to bo.
    show_spans_of(&mut h, "Chosen annotators");
    h.get_by_role_and_label(Role::CheckBox, "bo").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "ana").click();
    h.run();
    h.get_by_label("Spans (3 of 5)");
    assert_eq!(listed(&h, &row), ["bo"]);
    assert!(h.query_by_role_and_label(Role::Label, "ana").is_none());
    assert_eq!(painted_annotators(&h), ["bo"]);

    // N steps through the spans shown: bo's "Vaccines", not ana's, which
    // comes first in the document.
    h.key_press(Key::N);
    h.run();
    let s = h.state().selected_span().unwrap();
    assert_eq!(
        (s.start, s.end, s.annotator.as_str()),
        (vaccines.0, vaccines.1, "bo")
    );

    // Everyone again; the filter is a view: the project did not change.
    show_spans_of(&mut h, "Everyone");
    h.get_by_label("Spans (5)");
    assert!(!h.state().session().is_dirty());
}

#[test]
fn annotator_lanes_give_each_coder_a_band_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = team_project(dir.path());
    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![]), as_ana());
    let text = lf(OPENING);
    let (vaccines, health) = (range_of(&text, "Vaccines").0, range_of(&text, "Health").0);
    let lane = |h: &Harness<'static, MarginaliaApp>, start: usize, who: &str| {
        h.state()
            .painted_spans()
            .into_iter()
            .find(|(s, _, _)| s.start == start && s.annotator == who)
            .map(|(_, lane, rect)| (lane, rect))
            .unwrap_or_else(|| panic!("{who}'s span at {start} is not drawn"))
    };

    // Lanes by overlap: the two "Vaccines" are stacked, and bo's lone
    // "Health" takes the top lane, where ana's spans are too.
    assert_ne!(lane(&h, vaccines, "ana").0, lane(&h, vaccines, "bo").0);
    assert_eq!(lane(&h, health, "bo").0, 0);

    // View → Annotator Lanes.
    h.get_by_label("View").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Annotator Lanes")
        .click();
    h.run();
    assert!(h.state().prefs().annotator_lanes);
    h.get_by_label("1 ana");
    h.get_by_label("2 bo");
    let (ana_lane, ana) = lane(&h, vaccines, "ana");
    let (bo_lane, bo) = lane(&h, vaccines, "bo");
    // Both coders' spans on the same words are drawn, ana's above bo's.
    assert_eq!((ana.left(), ana.right()), (bo.left(), bo.right()));
    assert!(ana_lane < bo_lane);
    assert!(bo.top() >= ana.bottom());
    // bo's lone span is in bo's band, not in the top lane.
    assert_eq!(lane(&h, health, "bo").0, bo_lane);

    // With only my spans shown there is one band: mine.
    show_spans_of(&mut h, "Mine (ana)");
    assert!(h.query_by_label("2 bo").is_none());
    assert_eq!(lane(&h, vaccines, "ana").0, 0);
    assert_eq!(painted_annotators(&h), ["ana"]);
}

/// `marginalia agree PROJECT [EXTRA...] --format json`.
fn agree_json(path: &Path, extra: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .arg("agree")
        .arg(path)
        .args(extra)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The row of the figures table whose first cell is `label`.
fn row<'h>(h: &'h Harness<'static, MarginaliaApp>, label: &'h str) -> Node<'h> {
    // The span details' theme box is called "Theme" too: the table's is
    // on the header row, beside "Fleiss κ".
    let fleiss = h.get_by_role_and_label(Role::Label, "Fleiss κ").rect();
    let theme = h
        .query_all_by_role_and_label(Role::Label, "Theme")
        .map(|n| n.rect())
        .find(|r| r.top() <= fleiss.center().y && fleiss.center().y <= r.bottom())
        .expect("the figures table has a Theme column");
    h.query_all_by_label(label)
        .find(|n| {
            let r = n.rect();
            r.top() > theme.bottom()
                && r.left() > theme.left() - 2.0
                && r.left() < theme.left() + 40.0
        })
        .unwrap_or_else(|| panic!("no row {label:?} in the Agreement window"))
}

/// The text of the cell in row `label` and column `column`.
fn cell(h: &Harness<'static, MarginaliaApp>, label: &str, column: &str) -> String {
    let header = h.get_by_role_and_label(Role::Label, column).rect();
    let y = row(h, label).rect().center().y;
    h.query_all_by_role(Role::Label)
        .filter(|n| {
            let r = n.rect();
            (r.left() - header.left()).abs() < 2.0 && r.top() <= y && y <= r.bottom()
        })
        .find_map(|n| n.value())
        .unwrap_or_else(|| panic!("no cell {column:?} in row {label:?}"))
}

/// Checks every figure the window shows against the command's JSON.
fn same_figures_as(h: &Harness<'static, MarginaliaApp>, json: &serde_json::Value) {
    let shown = |v: &serde_json::Value| v.as_f64().map_or("n/a".to_owned(), |x| format!("{x:.3}"));
    let project = h.state().session().project();
    let mut rows: Vec<(String, &serde_json::Value)> = json["themes"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(id, m)| (project.theme(id).unwrap().label.clone(), m))
        .collect();
    rows.push(("Overall".into(), &json["overall"]));
    assert_eq!(rows.len(), 5);
    for (label, m) in rows {
        for (column, value) in [
            ("Fleiss κ", &m["fleiss_kappa"]),
            ("Krippendorff α", &m["krippendorff_alpha"]),
            ("Cohen κ", &m["cohen_kappa"]["ana|bo"]),
            ("F1 exact", &m["f1_exact"]["ana|bo"]),
            ("F1 overlap", &m["f1_overlap"]["ana|bo"]),
        ] {
            assert_eq!(cell(h, &label, column), shown(value), "{label}, {column}");
        }
    }
}

#[test]
fn the_agreement_window_shows_what_agree_prints_and_a_disagreement_opens_in_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = team_project(dir.path());
    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![]), as_ana());
    h.get_by_label("Team").click();
    h.run();
    h.get_by_label("Agreement…").click();
    h.run();
    wait_idle(&mut h);
    assert!(h.state().agreement_open());

    // Every figure, per theme and overall, is the command's (n/a where
    // nobody used a theme), over the documents it names.
    let json = agree_json(&path, &[]);
    assert_eq!(json["documents"], serde_json::json!(["opening", "ports"]));
    same_figures_as(&h, &json);
    h.get_by_label_contains("ana, bo compared over 2 documents: Opening, Ports.");
    assert_eq!(cell(&h, "ICT", "Cohen κ"), "n/a");

    // Trade: ana has "ports", bo "The ports": neither is the other's.
    row(&h, "Trade").click();
    h.run();
    let ports = lf(PORTS);
    let (the_ports, just_ports) = (range_of(&ports, "The ports"), range_of(&ports, "ports"));
    h.get_by_label_contains(&format!(
        "only ana · Ports · {}..{} Trade “ports” (bo has {}..{})",
        just_ports.0, just_ports.1, the_ports.0, the_ports.1
    ));
    // A click opens the other document with bo's span selected and drawn.
    h.get_by_label_contains(&format!(
        "only bo · Ports · {}..{}",
        the_ports.0, the_ports.1
    ))
    .click();
    h.run();
    assert_eq!(h.state().session().current_index(), 1);
    assert_eq!(
        h.state().message(),
        Some((
            format!("bo's span {}..{} (Trade)", the_ports.0, the_ports.1).as_str(),
            false
        ))
    );
    let selected = h.state().selected_span().cloned().unwrap();
    assert_eq!(
        (
            selected.start,
            selected.end,
            selected.theme.as_str(),
            selected.annotator.as_str()
        ),
        (the_ports.0, the_ports.1, "trade", "bo")
    );
    assert!(
        h.state()
            .painted_spans()
            .iter()
            .any(|(s, _, _)| *s == selected)
    );

    // Comparing one document: the figures are those of `agree --doc`.
    h.get_by_label_contains("Documents: 2 of 2").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Opening").click();
    h.run();
    wait_idle(&mut h);
    h.get_by_label_contains("Documents: 1 of 2 (chosen)");
    same_figures_as(&h, &agree_json(&path, &["--doc", "ports"]));
    assert_eq!(cell(&h, "Trade", "F1 overlap"), "1.000");
}
