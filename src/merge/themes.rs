//! The codebook merged three ways: each theme field by field, then the
//! tree made whole again (themes still referred to brought back, parent
//! cycles broken back to ours).

use std::collections::BTreeSet;

use super::{Pick, field, ours_then_theirs, pick};
use crate::model::rules::{self, ThemeProblem};
use crate::model::{Project, Theme};

/// The merged codebook: ours's order, then the themes only theirs has, in
/// theirs's order. A theme changed on one side and deleted on the other
/// is a conflict resolved to ours.
pub(super) fn merge_codebook(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    conflict: &mut impl FnMut(String),
) -> Vec<Theme> {
    let theme_ids = ours_then_theirs(
        ours.themes.iter().map(|t| t.id.as_str()),
        theirs.themes.iter().map(|t| t.id.as_str()),
    );
    let mut themes = Vec::new();
    for id in theme_ids {
        let (b, o, t) = (base.theme(id), ours.theme(id), theirs.theme(id));
        match (o, t) {
            (Some(o), Some(t)) => themes.push(merge_theme(b, o, t, conflict)),
            _ => match pick(b, o, t) {
                Pick::Agreed(theme) => themes.extend(theme),
                Pick::Conflict(theme) => {
                    conflict(format!(
                        "theme {id:?}: changed on one side and deleted on the other; kept {}",
                        if theme.is_some() { "it" } else { "it deleted" }
                    ));
                    themes.extend(theme);
                }
            },
        }
    }
    themes
}

/// A theme both sides have, merged field by field.
fn merge_theme(
    base: Option<&Theme>,
    ours: &Theme,
    theirs: &Theme,
    conflict: &mut impl FnMut(String),
) -> Theme {
    // Every field of a theme is named here (no `..`): a field added to
    // `Theme` does not compile until the merge says how to combine it.
    let Theme {
        id,
        label,
        color,
        key,
        description,
        parent,
        rules,
    } = ours;
    let subject = format!("theme {id:?}");
    let mut merge = |what: &str, b, o, t, show: &dyn Fn(&String) -> String| {
        field(&subject, what, [b, Some(o), Some(t)], show, conflict).unwrap_or_else(|| o.clone())
    };
    let quoted = |s: &String| format!("{s:?}");
    let label = merge(
        "label",
        base.map(|b| &b.label),
        label,
        &theirs.label,
        &quoted,
    );
    let description = merge(
        "description",
        base.map(|b| &b.description),
        description,
        &theirs.description,
        &quoted,
    );
    let color = field(
        &subject,
        "colour",
        [base.map(|b| &b.color), Some(color), Some(&theirs.color)],
        |c| c.to_string(),
        conflict,
    )
    .unwrap_or(*color);
    let key = field(
        &subject,
        "key",
        [base.map(|b| &b.key), Some(key), Some(&theirs.key)],
        |k| k.map_or_else(|| "no key".to_owned(), |k| format!("{k:?}")),
        conflict,
    )
    .unwrap_or(*key);
    let parent = field(
        &subject,
        "parent",
        [base.map(|b| &b.parent), Some(parent), Some(&theirs.parent)],
        |p| show_parent(p.as_deref()),
        conflict,
    )
    .unwrap_or_else(|| parent.clone());
    Theme {
        id: id.clone(),
        label,
        color,
        key,
        description,
        parent,
        rules: merge_rules(base.map(|b| b.rules.as_slice()), rules, &theirs.rules),
    }
}

/// A parent in words: `"security"`, or `no parent` for the top.
pub(super) fn show_parent(parent: Option<&str>) -> String {
    parent.map_or_else(|| "no parent".to_owned(), |p| format!("{p:?}"))
}

/// A theme's rules merged three ways. When only one side touched the
/// list it is taken whole (its order too); otherwise each rule is kept
/// unless a side removed it, and the rules theirs added follow ours's.
fn merge_rules(base: Option<&[String]>, ours: &[String], theirs: &[String]) -> Vec<String> {
    let base = base.unwrap_or_default();
    if ours == base {
        return theirs.to_vec();
    }
    if theirs == base {
        return ours.to_vec();
    }
    let was = |r: &String| base.contains(r);
    let mut out: Vec<String> = ours
        .iter()
        .filter(|r| theirs.contains(*r) || !was(r))
        .cloned()
        .collect();
    for r in theirs {
        if !was(r) && !out.contains(r) {
            out.push(r.clone());
        }
    }
    out
}

/// Themes one side deleted while the merged project still refers to them
/// (spans, suggestions or rejections of the theme from the other side, or
/// a theme the other side put under it) come back, each listed as a
/// conflict, so the merge loads and nothing the other side made is lost.
pub(super) fn restore_referenced(
    project: &mut Project,
    ours: &Project,
    theirs: &Project,
    conflict: &mut impl FnMut(String),
) {
    let mut used: Vec<(String, &str)> = Vec::new();
    for d in &project.documents {
        let spans = d
            .spans
            .spans()
            .iter()
            .map(|s| (&s.theme, "tagged spans with it"));
        let suggested = d.suggestions.iter().chain(&d.rejected);
        let suggested = suggested.map(|s| (&s.theme, "kept suggestions of it"));
        used.extend(spans.chain(suggested).map(|(t, why)| (t.clone(), why)));
    }
    let mut known: BTreeSet<String> = project.themes.iter().map(|t| t.id.clone()).collect();
    let ends = project
        .relation_types
        .iter()
        .flat_map(|t| t.from_themes.iter().chain(&t.to_themes));
    used.extend(ends.map(|t| (t.clone(), "allowed it at a relation's end")));
    let under = "put a theme under it";
    used.extend(
        project
            .themes
            .iter()
            .filter_map(|t| Some((t.parent.clone()?, under))),
    );
    // A theme brought back may sit under another deleted one: go on until
    // every reference is known.
    while let Some((id, why)) = used.pop() {
        if known.contains(&id) {
            continue;
        }
        let Some(theme) = ours.theme(&id).or_else(|| theirs.theme(&id)) else {
            continue;
        };
        conflict(format!(
            "theme {id:?}: deleted on one side while the other {why}; kept the theme"
        ));
        known.insert(id);
        used.extend(theme.parent.clone().map(|p| (p, under)));
        project.themes.push(theme.clone());
    }
}

/// Parents that loop after the merge (ours put A under B while theirs put
/// B under A): each loop is broken by giving back ours's parent to a
/// theme of the loop whose parent came from theirs, listed as a conflict.
pub(super) fn break_parent_cycles(
    themes: &mut [Theme],
    ours: &[Theme],
    conflict: &mut impl FnMut(String),
) {
    // Ours loads, so every loop holds a theme whose merged parent is not
    // ours's; each round gives one back, so the rounds end.
    for _ in 0..themes.len() {
        let cycle = rules::check_tree(themes)
            .into_iter()
            .find_map(|(_, p)| match p {
                ThemeProblem::ParentCycle(ids) => Some(ids),
                _ => None,
            });
        let Some(cycle) = cycle else {
            return;
        };
        let theirs_parent = cycle.iter().find_map(|id| {
            let ours_parent = &ours.iter().find(|t| &t.id == id)?.parent;
            let at = themes.iter().position(|t| &t.id == id)?;
            (&themes[at].parent != ours_parent).then(|| (at, ours_parent.clone()))
        });
        let Some((at, ours_parent)) = theirs_parent else {
            return;
        };
        let theme = &mut themes[at];
        conflict(format!(
            "theme {:?}: parent changed to {} on theirs would make a cycle ({}); kept ours ({})",
            theme.id,
            show_parent(theme.parent.as_deref()),
            cycle.join(" → "),
            show_parent(ours_parent.as_deref()),
        ));
        theme.parent = ours_parent;
    }
}
