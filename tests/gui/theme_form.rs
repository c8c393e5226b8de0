//! The theme editor as a form that fits its fields: the colour's whole
//! `#rrggbb` shows, the description wraps inside its field, and the rules
//! are one row each, with a remove button per rule and a way to add one.

use super::*;

/// Types `text` into the text field named `name` (clicked first, as a
/// user would).
fn type_into(h: &mut Harness<'static, MarginaliaApp>, name: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, name).click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, name)
        .type_text(text);
    h.run();
}

/// Opens the editor of the theme shown as `label` in the codebook (its
/// context menu → Edit…).
fn edit_theme(h: &mut Harness<'static, MarginaliaApp>, label: &str) {
    h.get_by_label_contains(&format!("{label}  ["))
        .click_secondary();
    h.run();
    h.get_by_label("Edit…").click();
    h.run();
}

#[test]
fn the_theme_editor_lists_each_rule_on_its_own_row_and_removes_and_adds_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let long_rule = "/(World Trade Organi[sz]ation|WTO) (rules|dispute settlement|reform of the appellate body)/";
    let mut project = store::load(&path).unwrap();
    let trade = project.theme("trade").unwrap().clone();
    let mut changed = trade.clone();
    changed.rules = vec![long_rule.to_owned(), "sanctions".into(), "tariff".into()];
    Edit::UpdateTheme { theme: changed }
        .apply(&mut project)
        .unwrap();
    store::save(&project, &path).unwrap();
    let mut h = harness(&path);

    edit_theme(&mut h, "Trade");
    // One field per rule, named by its place, holding the whole rule.
    let rules: Vec<String> = (1..=3)
        .map(|i| {
            h.get_by_role_and_label(Role::TextInput, &format!("Rule {i}"))
                .value()
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(rules, [long_rule, "sanctions", "tariff"]);
    // A long rule stays on one row: its field is one text line high, and
    // the next rule's field is right below it.
    let first = h.get_by_role_and_label(Role::TextInput, "Rule 1").rect();
    let second = h.get_by_role_and_label(Role::TextInput, "Rule 2").rect();
    assert!(first.height() < 30.0, "rule 1 is {first:?}");
    assert!(
        second.top() - first.bottom() < 12.0,
        "{first:?} then {second:?}"
    );
    // The form is wide enough: the colour's hex field shows "#rrggbb" in
    // full and the description field is wider than the old 190 px form.
    let hex = h.get_by_role_and_label(Role::TextInput, "Colour");
    let hex_text = hex.value().unwrap();
    assert_eq!(hex_text, trade.color.to_string());
    let mono = egui::FontId::monospace(
        egui::TextStyle::Monospace
            .resolve(&egui::Style::default())
            .size,
    );
    let needed = h.ctx.fonts_mut(|f| {
        f.layout_no_wrap(hex_text.clone(), mono, egui::Color32::BLACK)
            .size()
            .x
    });
    assert!(
        hex.rect().width() > needed + 8.0,
        "{:?} for {needed} px",
        hex.rect()
    );
    let description = h.get_by_role_and_label(Role::MultilineTextInput, "Description");
    assert!(
        description.rect().width() >= 360.0,
        "{:?}",
        description.rect()
    );
    assert_eq!(
        description.value().as_deref(),
        Some(trade.description.as_str())
    );

    // Remove the second rule, add one and type it, apply.
    h.get_by_label("Remove rule 2").click();
    h.run();
    assert!(h.query_by_label("Rule 3").is_none(), "two rules are left");
    h.get_by_label("Add rule").click();
    h.run();
    type_into(&mut h, "Rule 3", "  embargo ");
    h.get_by_label("Apply").click();
    h.run();
    let rules = &h.state().session().project().theme("trade").unwrap().rules;
    assert_eq!(rules, &[long_rule, "tariff", "embargo"]);
    // One step to undo.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let rules = &h.state().session().project().theme("trade").unwrap().rules;
    assert_eq!(rules, &[long_rule, "sanctions", "tariff"]);
}

#[test]
fn an_added_rule_left_blank_is_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    edit_theme(&mut h, "Health");
    assert!(h.query_by_label("Rule 1").is_none(), "Health has no rules");
    h.get_by_label("Add rule").click();
    h.run();
    h.get_by_label("Add rule").click();
    h.run();
    type_into(&mut h, "Rule 2", "vaccine");
    h.get_by_label("Apply").click();
    h.run();
    let health = h.state().session().project().theme("health").unwrap();
    assert_eq!(health.rules, ["vaccine"]);
}
