//! Findings in the window, the rest: File → Export Report… writes the same
//! report as `marginalia report` (on the worker, with a progress window,
//! when the project is large), and a PDF imported from the window shows
//! where it came from while a scanned one is refused with the reason.

use super::*;
use marginalia::analysis::report;
use marginalia::formats::pdf_fixture;

/// Clicks File, then the menu line `label` (stepping, not settling: a
/// progress window may be spinning).
fn file_menu(h: &mut Harness<'static, MarginaliaApp>, label: &str) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label(label).click();
    h.step();
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

#[test]
fn export_report_from_the_file_menu_writes_the_same_report_as_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    // No extension typed: `.html` is added.
    let out = dir.path().join("Bericht «2020» 😀");
    let dialogs = ScriptedDialogs::new(vec![Some(out.clone())]);
    let mut h = harness_with(Some(&path), dialogs.clone(), prefs());

    file_menu(&mut h, "Export Report…");
    wait_idle(&mut h);
    assert_eq!(dialogs.asked(), vec![DialogKind::ExportReport]);
    let written = out.with_extension("html");
    let html = fs::read_to_string(&written).expect("the report was written with .html");
    let project = store::load(&path).unwrap();
    assert_eq!(
        html,
        report::html(&project),
        "the CLI's report, byte for byte"
    );
    assert!(html.contains("<svg") && !html.contains("<script"));
    let (msg, _) = h.state().message().unwrap();
    assert!(
        msg.starts_with(&format!(
            "Wrote the report ({}, {},",
            plural(project.documents().len(), "document"),
            plural(project.span_count(), "span")
        )),
        "{msg}"
    );
    assert!(msg.ends_with(&written.display().to_string()), "{msg}");
    // Nothing in the project changed.
    assert!(!h.state().session().is_dirty());
}

#[test]
fn the_report_of_a_large_project_is_written_on_the_worker_while_the_window_paints() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_project(dir.path());
    let out = dir.path().join("large-report.html");
    let dialogs = ScriptedDialogs::new(vec![Some(out.clone())]);
    let mut h = harness_with(Some(&path), dialogs, prefs());
    let gate = Arc::new(std::sync::Barrier::new(2));
    h.state_mut().hold_workers(Some(Arc::clone(&gate)));

    file_menu(&mut h, "Export Report…");
    shows_progress(&mut h, "Writing the report large-report.html");
    assert!(!out.exists(), "written before the worker ran");
    gate.wait();
    wait_idle(&mut h);
    let html = fs::read_to_string(&out).unwrap();
    assert_eq!(html, report::html(&store::load(&path).unwrap()));
    let (msg, _) = h.state().message().unwrap();
    assert!(
        msg.starts_with("Wrote the report (1 document, 5000 spans,"),
        "{msg}"
    );
}

#[test]
fn a_report_that_cannot_be_written_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let out = dir.path().join("no such folder").join("report.html");
    let dialogs = ScriptedDialogs::new(vec![Some(out.clone())]);
    let mut h = harness_with(Some(&path), dialogs, prefs());
    file_menu(&mut h, "Export Report…");
    wait_idle(&mut h);
    let (msg, _) = h.state().message().unwrap();
    assert!(
        msg.starts_with(&format!("Could not write the report {}", out.display())),
        "{msg}"
    );
    assert!(!out.exists());
}

#[test]
fn a_pdf_imported_in_the_window_shows_its_source_and_a_scan_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let pdf = dir.path().join("Erklärung.pdf");
    fs::write(
        &pdf,
        pdf_fixture::pdf(&[&["Gesundheit\u{a0}und Handel 😀", "", "Zweiter Absatz."]]),
    )
    .unwrap();
    let scan = dir.path().join("scan.pdf");
    fs::write(&scan, pdf_fixture::pdf_without_text()).unwrap();
    let dialogs = ScriptedDialogs::new(vec![Some(pdf.clone()), Some(scan.clone())]);
    let mut h = harness_with(Some(&path), dialogs, prefs());
    let before = h.state().session().project().documents().len();

    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    wait_idle(&mut h);
    let doc = h.state().session().document().unwrap();
    assert_eq!(
        doc.text().as_str(),
        "Gesundheit\u{a0}und Handel 😀\n\nZweiter Absatz."
    );
    let id = doc.id.clone();
    // The document's info shows the file and its kind.
    h.get_by_label(&format!("Attributes of {id}")).click();
    h.run();
    h.get_by_label("PDF · Erklärung.pdf");

    // A scan: refused in plain words, nothing added.
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    wait_idle(&mut h);
    match h.state().modal() {
        Some(Modal::Error(m)) => {
            assert!(
                m.contains("scan.pdf") && m.contains("the PDF has no text layer"),
                "{m}"
            )
        }
        other => panic!("expected the refusal, got {other:?}"),
    }
    assert!(h.query_all_by_label_contains("no text layer").count() >= 1);
    assert_eq!(h.state().session().project().documents().len(), before + 1);
}
