//! The merge keeps every change of both sides, checked on random
//! projects: a random base, random independent edits on each side (every
//! kind of field of every model type), then a three-way merge.
//!
//! Each project is taken apart into *facts*, one per field value
//! (`theme "b1": parent` = `"b0"`, `document "d0": span 3..5 "b2" by
//! "ana"` = its note, …). Per fact, the standard three-way rule says what
//! the merge must hold; a fact both sides changed differently must be
//! named by a conflict, and a fact that differs from the rule is allowed
//! only when a conflict names it (a theme brought back because the other
//! side still used it, say). `diff BASE SIDE` must name every fact the
//! side changed.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

#[path = "property_relations.rs"]
mod relations;

use super::documents::describe_source;
use super::{check, diff, three_way};
use crate::model::{
    AnnotatorState, Color, Document, Edit, LineEndings, Project, Source, SourceKind, Span,
    SpanIndex, Suggestion, Theme,
};

/// Texts without white space, so that no span is only white space.
const TEXTS: [&str; 3] = [
    "Grüße😀aus-Köln,café;数据中心",
    "Vaccines💉and-data-centres:both-matter.",
    "مرحبا-بالعالم-١٢٣-ok",
];
const COLOURS: [Color; 3] = [
    Color { r: 1, g: 2, b: 3 },
    Color { r: 200, g: 0, b: 9 },
    Color { r: 0, g: 99, b: 0 },
];
const WORDS: [&str; 5] = ["tariff", "WTO", "vaccine", "/export(s|ed)?/", "data"];
const NOTES: [&str; 3] = ["", "seen", "«quoted» 😀\nline two"];
const DESCRIPTIONS: [&str; 3] = ["", "first", "second «2»"];
const TITLES: [&str; 2] = ["One", "Two «2»"];
const NAMES: [&str; 2] = ["Alpha", "Βήτα"];
const ATTRIBUTES: [&str; 2] = ["year", "country"];
const VALUES: [&str; 2] = ["2020", "RU CN"];
const ANNOTATORS: [&str; 2] = ["ana", "bo"];
const PATHS: [&str; 2] = ["a.txt", "b/ç.pdf"];
/// Shortcut keys: the base's, ours's and theirs's never meet, so no merge
/// makes two themes share a key (that is a conflict of its own).
const BASE_KEYS: [char; 5] = ['q', 'r', 's', 't', 'u'];
const OURS_KEYS: [char; 3] = ['a', 'b', 'c'];
const THEIRS_KEYS: [char; 3] = ['x', 'y', 'z'];

/// SplitMix64: the base project from one seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

fn source(i: usize) -> Option<Source> {
    (i % 3 != 0).then(|| Source {
        path: PATHS[i % 2].into(),
        encoding: "UTF-8".into(),
        bom: i % 2 == 0,
        line_endings: LineEndings::Lf,
        kind: (i % 4 == 1).then_some(SourceKind::Pdf),
    })
}

/// A range of `len` code points from two random numbers.
fn range(len: usize, a: usize, b: usize) -> (usize, usize) {
    let start = a % len;
    (start, (start + 1 + b % 4).min(len))
}

/// A valid project: 2 to 5 themes in a tree, 1 or 2 documents with every
/// kind of field.
fn base_project(seed: u64) -> Project {
    let mut r = Rng(seed);
    let themes: Vec<Theme> = (0..2 + r.below(4))
        .map(|i| Theme {
            id: format!("b{i}"),
            label: format!("Base {i}"),
            color: COLOURS[r.below(3)],
            key: (r.below(2) == 0).then_some(BASE_KEYS[i]),
            description: DESCRIPTIONS[r.below(3)].into(),
            parent: (i > 0 && r.below(2) == 0).then(|| format!("b{}", r.below(i))),
            rules: WORDS
                .iter()
                .filter(|_| r.below(3) == 0)
                .map(|w| w.to_string())
                .collect(),
        })
        .collect();
    let mut documents = Vec::new();
    for i in 0..1 + r.below(2) {
        let text = TEXTS[r.below(3)];
        let len = text.chars().count();
        let mut d = Document::new(format!("d{i}"), TITLES[r.below(2)], text);
        d.source = source(r.below(6));
        for _ in 0..r.below(3) {
            let name = ATTRIBUTES[r.below(2)];
            d.attributes.insert(name.into(), VALUES[r.below(2)].into());
        }
        if r.below(2) == 0 {
            d.done.insert(ANNOTATORS[r.below(2)].into());
        }
        let theme = |r: &mut Rng| themes[r.below(themes.len())].id.clone();
        let spans = (0..r.below(5))
            .map(|_| {
                let (start, end) = range(len, r.below(len), r.below(4));
                let who = ANNOTATORS[r.below(2)];
                Span::new(start, end, &theme(&mut r), who).with_note(NOTES[r.below(3)])
            })
            .collect();
        d.spans = SpanIndex::from_spans(spans);
        for _ in 0..r.below(4) {
            let (start, end) = range(len, r.below(len), r.below(4));
            let s = Suggestion::new(start, end, &theme(&mut r));
            if r.below(2) == 0 {
                d.suggestions.insert(s);
            } else {
                d.rejected.insert(s);
            }
        }
        documents.push(d);
    }
    let mut project = Project::new(NAMES[r.below(2)], themes);
    project.documents = documents;
    relations::add_to_base(&mut project, &mut r);
    project
}

/// One random edit, read from four random numbers: its kind and what it
/// changes.
type Op = (u8, usize, usize, usize);
/// Kinds 0 to 24 change themes, documents, spans and suggestions; the
/// rest relation types, relations and memos (`property_relations.rs`).
const KINDS: u8 = 25 + relations::KINDS;

/// Applies `op` as the `n`th edit of `side`. An edit the model refuses
/// (a parent cycle, a span already there) changes nothing and is skipped.
fn apply(p: &mut Project, side: &str, n: usize, (kind, a, b, c): Op) {
    let keys = if side == "ours" {
        OURS_KEYS
    } else {
        THEIRS_KEYS
    };
    let themes: Vec<String> = p.themes.iter().map(|t| t.id.clone()).collect();
    let docs: Vec<String> = p.documents.iter().map(|d| d.id.clone()).collect();
    if themes.is_empty() || docs.is_empty() {
        return;
    }
    let theme = |i: usize| themes[i % themes.len()].clone();
    let doc = docs[a % docs.len()].clone();
    let update = |p: &Project, change: &dyn Fn(&mut Theme)| {
        let mut t = p.theme(&theme(a)).cloned().expect("listed");
        change(&mut t);
        Edit::UpdateTheme { theme: t }
    };
    let d = p.document(&doc).expect("listed");
    let len = d.text.len_chars();
    let (start, end) = range(len, b, c);
    let span = |i: usize| d.spans.spans().get(i % d.spans.len().max(1)).cloned();
    let suggestion = |set: &BTreeSet<Suggestion>| set.iter().nth(b % set.len().max(1)).cloned();
    let edit = match kind % KINDS {
        0 => Edit::RenameProject {
            name: NAMES[b % 2].into(),
        },
        1 => update(p, &|t| t.label = format!("{side} {n}")),
        2 => update(p, &|t| t.color = COLOURS[b % 3]),
        3 => update(p, &|t| t.key = (b % 4 != 3).then_some(keys[b % 3])),
        4 => update(p, &|t| t.description = DESCRIPTIONS[b % 3].into()),
        5 => update(p, &|t| t.parent = (b % 3 != 0).then(|| theme(c))),
        6 => update(p, &|t| {
            if !t.rules.iter().any(|r| r == WORDS[b % 5]) {
                t.rules.push(WORDS[b % 5].into());
            }
        }),
        7 => update(p, &|t| {
            if !t.rules.is_empty() {
                t.rules.remove(b % t.rules.len());
            }
        }),
        8 => {
            let mut t = Theme::new(
                format!("{side}{n}"),
                format!("{side} new {n}"),
                COLOURS[c % 3],
            );
            t.parent = (c % 2 == 0).then(|| theme(b));
            Edit::AddTheme { index: b, theme: t }
        }
        9 => Edit::RemoveTheme { id: theme(b) },
        // Titles and sources change outside edits (a file written by
        // another version, a re-import): set them directly.
        10 => {
            p.document_mut(&doc).expect("listed").title = TITLES[b % 2].into();
            return;
        }
        11 => {
            p.document_mut(&doc).expect("listed").source = source(b);
            return;
        }
        12 => Edit::SetAttribute {
            doc,
            name: ATTRIBUTES[b % 2].into(),
            value: (c % 3 != 0).then(|| VALUES[c % 2].into()),
        },
        13 => Edit::SetState {
            doc,
            annotator: ANNOTATORS[b % 2].into(),
            state: [AnnotatorState::Done, AnnotatorState::InProgress][c % 2],
        },
        14 => Edit::AddSpan {
            doc,
            span: Span::new(start, end, &theme(c / 7), ANNOTATORS[c % 2])
                .with_note(NOTES[(c / 3) % 3]),
        },
        15 => match span(b) {
            Some(span) => Edit::RemoveSpan { doc, span },
            None => return,
        },
        16 => match span(b) {
            Some(old) => Edit::ReplaceSpan {
                new: old.clone().with_note(NOTES[c % 3]),
                old,
                doc,
            },
            None => return,
        },
        17 | 21 => {
            let suggestions = vec![Suggestion::new(start, end, &theme(c / 7))];
            if kind % KINDS == 17 {
                Edit::AddSuggestions { doc, suggestions }
            } else {
                Edit::AddRejections { doc, suggestions }
            }
        }
        18..=20 => match suggestion(&d.suggestions) {
            Some(s) if kind % KINDS == 18 => Edit::RemoveSuggestions {
                doc,
                suggestions: vec![s],
            },
            Some(s) if kind % KINDS == 19 => Edit::RejectSuggestions {
                doc,
                suggestions: vec![s],
            },
            Some(s) => Edit::AcceptSuggestions {
                doc,
                suggestions: vec![s],
                annotator: ANNOTATORS[c % 2].into(),
            },
            None => return,
        },
        22 => match suggestion(&d.rejected) {
            Some(s) => Edit::RemoveRejections {
                doc,
                suggestions: vec![s],
            },
            None => return,
        },
        23 => Edit::AddDocument {
            index: b,
            document: Box::new(Document::new(
                format!("{side}-doc-{n}"),
                TITLES[c % 2],
                TEXTS[b % 3],
            )),
        },
        24 => Edit::RemoveDocument { id: doc },
        k => match relations::edit(p, side, n, (k - 25, a, b, c)) {
            Some(edit) => edit,
            None => return,
        },
    };
    let _refused_or_applied = edit.apply(p);
}

/// What a fact is about: the words a conflict about it contains (any
/// one), and the words a diff line about it contains (all of one group).
#[derive(Clone, Debug, Default)]
struct About {
    conflict: Vec<String>,
    diff: Vec<Vec<String>>,
}

#[derive(Default)]
struct Facts {
    values: BTreeMap<String, String>,
    about: BTreeMap<String, About>,
}

impl Facts {
    fn add(&mut self, key: String, value: String, conflict: Vec<String>, diff: Vec<Vec<String>>) {
        self.about.insert(key.clone(), About { conflict, diff });
        self.values.insert(key, value);
    }
}

/// Every field value of `p`, as facts.
fn facts(p: &Project) -> Facts {
    let mut f = Facts::default();
    // Every field of every model type is named here (no `..`): a field
    // added to the model does not compile until this test covers it.
    let Project {
        name,
        themes,
        relation_types,
        documents,
        memos,
    } = p;
    f.add(
        "project name".into(),
        name.clone(),
        vec!["project: name".into()],
        vec![vec!["project renamed".into()]],
    );
    for t in themes {
        let Theme {
            id,
            label,
            color,
            key,
            description,
            parent,
            rules,
        } = t;
        let object = |field: &str| {
            let conflict = [
                format!("theme {id:?}: {field}"),
                format!("theme {id:?}: changed on one side and deleted"),
                format!("theme {id:?}: deleted on one side while"),
            ];
            let diff = [
                format!("theme {id:?}: {field}"),
                format!("theme removed: {id:?}"),
                format!("theme added: {id:?}"),
            ];
            (conflict.into(), diff.map(|d| vec![d]).into())
        };
        let fields = [
            ("label", format!("{label:?}")),
            ("colour", color.to_string()),
            ("key", format!("{key:?}")),
            ("description", format!("{description:?}")),
            ("parent", format!("{parent:?}")),
        ];
        for (field, value) in fields {
            let (conflict, diff) = object(field);
            f.add(format!("theme {id:?}: {field}"), value, conflict, diff);
        }
        for r in rules {
            let (conflict, diff) = object(&format!("rule {r:?}"));
            f.add(
                format!("theme {id:?}: rule {r:?}"),
                "yes".into(),
                conflict,
                diff,
            );
        }
    }
    relations::relation_type_facts(relation_types, &mut f);
    relations::memo_facts(memos, &mut f);
    for d in documents {
        let Document {
            id,
            title,
            source,
            text,
            spans,
            done,
            attributes,
            suggestions,
            rejected,
            relations,
        } = d;
        relations::relation_facts(id, relations, &mut f);
        let object = |specific: &str, diff: Vec<String>| {
            let conflict = vec![
                format!("document {id:?}: {specific}"),
                format!("document {id:?}: deleted on"),
            ];
            let diff = vec![
                diff,
                vec![format!("document removed: {id:?}")],
                vec![format!("document added: {id:?}")],
            ];
            (conflict, diff)
        };
        let mut add = |key: String, value: String, specific: &str, diff: Vec<String>| {
            let (conflict, diff) = object(specific, diff);
            f.add(format!("document {id:?}: {key}"), value, conflict, diff);
        };
        let prefix = format!("document {id:?}: ");
        add(
            "title".into(),
            title.clone(),
            "title",
            vec![format!("{prefix}title")],
        );
        let source = describe_source(source.as_ref());
        add(
            "source".into(),
            source,
            "source",
            vec![format!("{prefix}source")],
        );
        add(
            "text".into(),
            text.as_str().into(),
            "text",
            vec![format!("{prefix}text")],
        );
        for (name, value) in attributes {
            let what = format!("attribute {name:?}");
            add(
                what.clone(),
                value.clone(),
                &what,
                vec![format!("{prefix}{what}")],
            );
        }
        for who in done {
            let what = format!("done by {who:?}");
            add(what, "yes".into(), "-", vec![format!("{prefix}{who:?}")]);
        }
        for s in spans.spans() {
            let Span {
                start,
                end,
                theme,
                annotator,
                note,
            } = s;
            let what = format!("span {start}..{end} {theme:?} by {annotator:?}");
            let diff = vec![
                prefix.clone(),
                format!("{start}..{end} "),
                format!("{theme:?}"),
            ];
            add(what, note.clone(), &format!("span {start}..{end} "), diff);
        }
        for (kind, set) in [("suggestion", suggestions), ("rejection", rejected)] {
            for s in set {
                let Suggestion { start, end, theme } = s;
                let what = format!("{kind} {start}..{end} {theme:?}");
                let diff = vec![
                    format!("{prefix}{kind} "),
                    format!("{start}..{end} "),
                    format!("(theme {theme:?})"),
                ];
                add(what, "yes".into(), "-", diff);
            }
        }
    }
    f
}

/// `diff BASE SIDE` names every fact `side` changed, and says nothing
/// when nothing changed.
fn assert_diff_names_each_change(base: &Project, side: &Project) -> Result<(), TestCaseError> {
    let lines = diff(base, side);
    let (b, s) = (facts(base), facts(side));
    let keys: BTreeSet<&String> = b.values.keys().chain(s.values.keys()).collect();
    let mut changed = 0;
    for key in keys {
        if b.values.get(key) == s.values.get(key) {
            continue;
        }
        changed += 1;
        let about = b
            .about
            .get(key)
            .or_else(|| s.about.get(key))
            .expect("known");
        let named = about.diff.iter().any(|parts| {
            lines
                .iter()
                .any(|l| parts.iter().all(|p| l.contains(p.as_str())))
        });
        prop_assert!(named, "diff does not name {key:?}: {lines:#?}");
    }
    // The order of a theme's rules is not a fact of this model (rules are
    // a set here), but the file keeps it and `diff` says when only the
    // order changed (a rule removed and added back goes to the end).
    let facts_named: Vec<&String> = lines
        .iter()
        .filter(|l| !l.ends_with(": rules reordered"))
        .collect();
    prop_assert_eq!(changed == 0, facts_named.is_empty(), "{:?}", lines);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_merge_keeps_every_change_of_both_sides_and_lists_every_clash(
        seed in any::<u64>(),
        ours_ops in prop::collection::vec((0..KINDS, any::<usize>(), any::<usize>(), any::<usize>()), 0..10),
        theirs_ops in prop::collection::vec((0..KINDS, any::<usize>(), any::<usize>(), any::<usize>()), 0..10),
    ) {
        let base = base_project(seed);
        prop_assert_eq!(check(&base), Ok(()));
        let mut ours = base.clone();
        for (n, op) in ours_ops.into_iter().enumerate() {
            apply(&mut ours, "ours", n, op);
        }
        let mut theirs = base.clone();
        for (n, op) in theirs_ops.into_iter().enumerate() {
            apply(&mut theirs, "theirs", n, op);
        }
        let merged = three_way(&base, &ours, &theirs);
        prop_assert_eq!(check(&merged.project), Ok(()));
        let conflicts: Vec<&str> = merged.conflicts.iter().map(|c| c.0.as_str()).collect();
        let named = |about: &About| {
            conflicts.iter().any(|c| about.conflict.iter().any(|w| c.contains(w.as_str())))
        };

        let [b, o, t, m] = [&base, &ours, &theirs, &merged.project].map(facts);
        let keys: BTreeSet<&String> = [&b, &o, &t, &m]
            .iter()
            .flat_map(|f| f.values.keys())
            .collect();
        let mut clean = true;
        for key in keys {
            let about = [&b, &o, &t, &m]
                .iter()
                .find_map(|f| f.about.get(key))
                .expect("known");
            let [vb, vo, vt, vm] = [&b, &o, &t, &m].map(|f| f.values.get(key));
            if vo != vt && vt != vb && vo != vb {
                clean = false;
                prop_assert!(
                    named(about),
                    "{key:?} changed to {vo:?} on ours and {vt:?} on theirs, but no conflict names it: {conflicts:#?}"
                );
                continue;
            }
            let expected = if vo == vb { vt } else { vo };
            if vm != expected {
                clean = false;
                prop_assert!(
                    named(about),
                    "{key:?}: the merge holds {vm:?} where {expected:?} was due (base {vb:?}, ours {vo:?}, theirs {vt:?}), and no conflict says why: {conflicts:#?}"
                );
            }
        }
        // No conflict without a cause: when every fact merged cleanly,
        // the only conflicts left are a thing deleted on one side and
        // changed on the other (removing what the deletion removed too).
        if clean {
            prop_assert!(conflicts.iter().all(|c| c.contains("deleted")), "{:#?}", conflicts);
        }
        assert_diff_names_each_change(&base, &ours)?;
        assert_diff_names_each_change(&base, &theirs)?;
    }
}
