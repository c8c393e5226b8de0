//! The menus follow the action table and the app's state: what cannot be
//! done is greyed out, what is switched on is checked.

use super::*;

#[test]
fn menus_grey_out_what_cannot_be_done_and_check_what_is_switched_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let before = spans_of(h.state().session().project(), DOC);

    // Nothing to undo yet: Edit > Undo is greyed out.
    h.get_by_label("Edit").click();
    h.run();
    assert!(
        h.get_by_label_contains("Undo")
            .accesskit_node()
            .is_disabled()
    );
    assert!(
        h.get_by_label_contains("Redo")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label("Edit").click();
    h.run();

    select_text(&mut h, "UNITED24");
    tag_as(&mut h, "Health");
    assert_eq!(
        spans_of(h.state().session().project(), DOC).len(),
        before.len() + 1
    );
    h.get_by_label("Edit").click();
    h.run();
    let undo = h.get_by_label_contains("Undo");
    assert!(!undo.accesskit_node().is_disabled());
    undo.click();
    h.run();
    assert_eq!(spans_of(h.state().session().project(), DOC), before);

    // View: snapping and dark mode are actions with check marks.
    for label in ["Snap Selection to Words", "Dark Mode"] {
        let toggled = |h: &mut Harness<'static, MarginaliaApp>| {
            h.get_by_label("View").click();
            h.run();
            h.get_by_role_and_label(Role::CheckBox, label)
                .accesskit_node()
                .toggled()
        };
        assert_eq!(toggled(&mut h), Some(Toggled::False), "{label} at start");
        // A click switches it and closes the menu.
        h.get_by_role_and_label(Role::CheckBox, label).click();
        h.run();
        assert_eq!(
            toggled(&mut h),
            Some(Toggled::True),
            "{label} after a click"
        );
        h.get_by_label("View").click();
        h.run();
    }
    assert!(h.state().prefs().snap_to_words);
    assert!(h.state().prefs().dark);
    assert_eq!(h.ctx.theme(), egui::Theme::Dark, "the window turned dark");
}
