//! The import planner: the one place that turns what importers read
//! ([`Imported`], the contract in [`super::importer`]) into an edit of the
//! project ([`plan`]), so every format gets the same rules:
//!
//! - offsets arrive in code points of the text *as the file holds it*;
//!   line endings are then normalised to `\n` and the offsets moved with
//!   them, through [`crate::model::text`]'s conversions;
//! - labels that are not yet themes become themes (a codebook's colour and
//!   description are kept);
//! - a document whose id and text equal one already in the project gets
//!   the spans added to it instead of a second copy;
//! - a span out of range is refused with the file and where it is; the
//!   project is not changed;
//! - a span that covers only white space ([`Text::trim_range`]) is
//!   skipped and listed in the summary: a span is never only white space.
//!
//! [`Text::trim_range`]: crate::model::Text::trim_range

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::model::index::SpanIndex;
use crate::model::palette::unused_color;
use crate::model::text::CrlfMap;
use crate::model::{
    Color, Document, Edit, LineEndings, Project, Source, Span, SpanRef, Text, Theme, slug,
};

use super::already_there::{Addition, SpanMatch, add_to_existing};
use super::import_relations::{Pending, RelationTypes, accept, resolve, retarget};
// The importer contract and bounded reading, re-exported so that
// `formats::import::…` names everything about importing.
pub use super::bounded_read::{
    MAX_FILE_BYTES, ReadError, human_size, read_file, read_limited, too_large,
};
pub use super::importer::{
    ImportError, ImportSummary, Imported, ImportedDocument, ImportedRelation, ImportedRelationType,
    ImportedSpan, ImportedTheme,
};
use super::text::normalise_newlines;

/// The single edit that adds everything in `files` to `project`, and what
/// it will do. `annotator` is given to spans whose format names nobody.
pub fn plan(
    project: &Project,
    files: &[(PathBuf, Imported)],
    annotator: &str,
) -> Result<(Edit, ImportSummary), ImportError> {
    plan_matching(project, files, annotator, SpanMatch::SameAnnotator)
}

/// [`plan`], with `matching` saying which spans are already there.
pub fn plan_matching(
    project: &Project,
    files: &[(PathBuf, Imported)],
    annotator: &str,
    matching: SpanMatch,
) -> Result<(Edit, ImportSummary), ImportError> {
    let mut edits = Vec::new();
    let mut summary = ImportSummary::default();

    // Themes: match by id or label (case-insensitively), else create.
    // A theme in a tree is also known by its path (`security/arms control`).
    let mut theme_ids: HashMap<String, String> = project
        .themes()
        .iter()
        .flat_map(|t| {
            [
                (t.label.to_lowercase(), t.id.clone()),
                (t.id.to_lowercase(), t.id.clone()),
                (
                    project.theme_path(&t.id).unwrap_or_default().to_lowercase(),
                    t.id.clone(),
                ),
            ]
        })
        .collect();
    let mut ids_taken: HashSet<String> = project.themes().iter().map(|t| t.id.clone()).collect();
    let mut colors: Vec<Color> = project.themes().iter().map(|t| t.color).collect();
    let mut new_theme = |label: &str,
                         parent: Option<&str>,
                         color: Option<Color>,
                         description: &str,
                         edits: &mut Vec<Edit>,
                         summary: &mut ImportSummary|
     -> String {
        if let Some(id) = theme_ids.get(&label.to_lowercase()) {
            return id.clone();
        }
        let path = label;
        let parent_id = parent.and_then(|p| theme_ids.get(&p.to_lowercase()).cloned());
        // Under a parent, the last part of the path names the theme when
        // no other theme has that name yet.
        let label = match (parent, &parent_id) {
            (Some(p), Some(_)) => path
                .strip_prefix(p)
                .and_then(|rest| rest.strip_prefix('/'))
                .filter(|name| !name.trim().is_empty())
                .filter(|name| !theme_ids.contains_key(&name.to_lowercase()))
                .unwrap_or(path),
            _ => path,
        };
        let base = slug(label);
        let base = if base.is_empty() {
            "theme".to_owned()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 2;
        while ids_taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let color = color.unwrap_or_else(|| unused_color(colors.iter().copied()));
        colors.push(color);
        ids_taken.insert(id.clone());
        theme_ids.insert(label.to_lowercase(), id.clone());
        theme_ids.insert(path.to_lowercase(), id.clone());
        edits.push(Edit::AddTheme {
            index: usize::MAX,
            theme: Theme {
                id: id.clone(),
                label: label.to_owned(),
                color,
                key: None,
                description: description.to_owned(),
                parent: parent_id,
                rules: Vec::new(),
            },
        });
        summary.themes_added.push(label.to_owned());
        id
    };
    let mut relation_types = RelationTypes::new(project);
    for (_, imported) in files {
        for t in &imported.relation_types {
            if !t.label.trim().is_empty() {
                relation_types.id_of(t, &mut edits, &mut summary);
            }
        }
        for t in &imported.themes {
            if t.label.trim().is_empty() {
                continue;
            }
            new_theme(
                t.label.trim(),
                t.parent.as_deref().map(str::trim),
                t.color,
                &t.description,
                &mut edits,
                &mut summary,
            );
        }
    }

    let mut doc_ids: HashSet<String> = project.documents().iter().map(|d| d.id.clone()).collect();
    // The spans read for each existing document; `merged` finds a
    // document's entry. Duplicates are sorted out once all is read.
    let mut additions: Vec<Addition> = Vec::new();
    let mut merged: HashMap<&str, usize> = HashMap::new();
    // Relations for documents already in the project, by addition.
    let mut merged_relations: Vec<Vec<Pending>> = Vec::new();
    let mut read = 0;
    for (path, imported) in files {
        summary.warnings.extend(
            imported
                .warnings
                .iter()
                .map(|w| format!("{}: {w}", path.display())),
        );
        for d in &imported.documents {
            let (text, endings) = normalise_newlines(&d.text);
            let text = Text::new(text);
            let len_chars = d.text.chars().count();
            let map = CrlfMap::new(&d.text);
            let mut spans = Vec::with_capacity(d.spans.len());
            // What each imported span became, for the relations.
            let mut refs: Vec<Option<SpanRef>> = Vec::with_capacity(d.spans.len());
            for s in &d.spans {
                refs.push(None);
                let at = |m: String| {
                    ImportError::new(
                        path,
                        (!s.position.is_empty()).then(|| s.position.clone()),
                        m,
                    )
                };
                if s.start >= s.end {
                    return Err(at(format!(
                        "document {:?}: span start {} is not before its end {}",
                        d.id, s.start, s.end
                    )));
                }
                if s.end > len_chars {
                    return Err(at(format!(
                        "document {:?}: span {}..{} ends past the end of the text ({} code points)",
                        d.id, s.start, s.end, len_chars
                    )));
                }
                let label = s.label.trim();
                if label.is_empty() {
                    return Err(at(format!(
                        "document {:?}: span {}..{} has no label",
                        d.id, s.start, s.end
                    )));
                }
                let (start, end) = (map.map(s.start), map.map(s.end));
                if start >= end {
                    return Err(at(format!(
                        "document {:?}: span {}..{} covers only the \\r of a \\r\\n line break, \
                         which is nothing once line breaks are normalised to \\n",
                        d.id, s.start, s.end
                    )));
                }
                if text.trim_range(start, end).is_none() {
                    let place = match s.position.as_str() {
                        "" => path.display().to_string(),
                        p => format!("{}: {p}", path.display()),
                    };
                    summary.spans_blank.push(format!(
                        "{place}: document {:?}: span {}..{} ({:?}, {label}) is only white space; not imported",
                        d.id,
                        s.start,
                        s.end,
                        text.slice(start, end).unwrap_or_default()
                    ));
                    continue;
                }
                let theme = new_theme(label, None, None, "", &mut edits, &mut summary);
                let who = s
                    .annotator
                    .as_deref()
                    .filter(|a| !a.is_empty())
                    .unwrap_or(annotator);
                let span = Span::new(start, end, &theme, who).with_note(s.note.clone());
                if let Some(r) = refs.last_mut() {
                    *r = Some(SpanRef::from(&span));
                }
                spans.push(span);
            }
            let pending = resolve(
                path,
                &d.id,
                &d.relations,
                &refs,
                annotator,
                &mut relation_types,
                &mut edits,
                &mut summary,
            );

            let base = slug(if d.id.is_empty() { &d.title } else { &d.id });
            let base = if base.is_empty() {
                "document".to_owned()
            } else {
                base
            };
            // The same document already in the project: add the spans to it.
            if let Some(existing) = project
                .documents()
                .iter()
                .find(|e| (e.id == d.id || e.id == base) && e.text() == &text)
            {
                let at = *merged.entry(existing.id.as_str()).or_insert_with(|| {
                    additions.push(Addition {
                        existing,
                        spans: Vec::new(),
                        from: Vec::new(),
                    });
                    merged_relations.push(Vec::new());
                    additions.len() - 1
                });
                merged_relations[at].extend(pending);
                let addition = &mut additions[at];
                addition
                    .from
                    .resize(addition.from.len() + spans.len(), read);
                addition.spans.extend(spans);
                read += 1;
                continue;
            }

            let mut id = base.clone();
            let mut n = 2;
            while doc_ids.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            doc_ids.insert(id.clone());
            let title = if d.title.trim().is_empty() {
                id.clone()
            } else {
                d.title.clone()
            };
            let mut document = Document::new(id.clone(), title, text);
            document.source = Some(d.source.clone().unwrap_or_else(|| Source {
                path: path.display().to_string(),
                encoding: "UTF-8".into(),
                bom: false,
                line_endings: endings,
                kind: None,
            }));
            let before = spans.len();
            let mut pending = pending;
            retarget(matching, &spans, &mut pending);
            let mut index = SpanIndex::from_spans(matching.first_of_each(spans));
            summary.spans_duplicate += before - index.len();
            summary.spans_added += index.len();
            std::mem::swap(&mut document.spans, &mut index);
            let relations = accept(&document, pending, &relation_types, &mut summary);
            document = document.with_relations(relations);
            summary.documents_added.push(id);
            edits.push(Edit::AddDocument {
                index: usize::MAX,
                document: Box::new(document),
            });
        }
    }
    let mut relation_edits = Vec::new();
    for (addition, mut pending) in additions.iter().zip(merged_relations) {
        if pending.is_empty() {
            continue;
        }
        let existing = addition.existing;
        retarget(
            matching,
            existing.spans().spans().iter().chain(&addition.spans),
            &mut pending,
        );
        // The document as it will be once the spans are in.
        let mut all = existing.spans().spans().to_vec();
        all.extend(addition.spans.iter().cloned());
        let mut after = Document::new(existing.id.clone(), "", Text::new(String::new()));
        after.spans = SpanIndex::from_spans(all);
        after = after.with_relations(existing.relations().iter().cloned());
        for relation in accept(&after, pending, &relation_types, &mut summary) {
            relation_edits.push(Edit::AddRelation {
                doc: existing.id.clone(),
                relation: Box::new(relation),
            });
        }
    }
    add_to_existing(additions, matching, &mut edits, &mut summary);
    edits.extend(relation_edits);
    Ok((Edit::Batch(edits), summary))
}

/// Line endings of a text, for documents imported without a source file.
pub fn line_endings_of(text: &str) -> LineEndings {
    normalise_newlines(text).1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, spans: &[(usize, usize, &str)]) -> ImportedDocument {
        ImportedDocument {
            id: "d".into(),
            title: "D".into(),
            text: text.into(),
            source: None,
            spans: spans
                .iter()
                .map(|&(start, end, label)| ImportedSpan {
                    start,
                    end,
                    label: label.into(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    fn apply(p: &mut Project, imported: Imported) -> ImportSummary {
        let (edit, summary) = plan(p, &[(PathBuf::from("f"), imported)], "me").unwrap();
        edit.apply(p).unwrap();
        summary
    }

    #[test]
    fn crlf_offsets_move_with_normalisation() {
        let mut p = Project::with_default_codebook("p");
        // "ab\r\ncd\r\nef": "cd" is 4..6 before, 3..5 after.
        let summary = apply(
            &mut p,
            Imported {
                documents: vec![doc("ab\r\ncd\r\nef", &[(4, 6, "Health"), (0, 10, "x")])],
                themes: vec![],
                ..Default::default()
            },
        );
        let d = &p.documents()[0];
        assert_eq!(d.text().as_str(), "ab\ncd\nef");
        let texts = crate::formats::fixture::span_texts(d);
        assert_eq!(texts, ["ab\ncd\nef", "cd"]);
        assert_eq!(summary.themes_added, ["x"]);
        assert_eq!(d.source.as_ref().unwrap().line_endings, LineEndings::Crlf);
    }

    #[test]
    fn labels_match_themes_case_insensitively_and_new_ones_get_colours() {
        let mut p = Project::with_default_codebook("p");
        let summary = apply(
            &mut p,
            Imported {
                documents: vec![doc("hello world", &[(0, 5, "health"), (6, 11, "Culture")])],
                themes: vec![ImportedTheme {
                    label: "Sport".into(),
                    color: Some(Color::rgb(1, 2, 3)),
                    description: "games".into(),
                    parent: None,
                }],
                warnings: vec!["2 relations not imported".into()],
                ..Default::default()
            },
        );
        let labels: Vec<_> = p.themes().iter().map(|t| t.label.as_str()).collect();
        assert_eq!(summary.warnings, ["f: 2 relations not imported"]);
        assert_eq!(
            labels,
            ["Health", "Security", "ICT", "Trade", "Sport", "Culture"]
        );
        assert_eq!(p.theme("sport").unwrap().color, Color::rgb(1, 2, 3));
        let culture = p.theme("culture").unwrap();
        assert!(
            p.themes()
                .iter()
                .filter(|t| t.color == culture.color)
                .count()
                == 1
        );
        assert_eq!(p.documents()[0].spans().spans()[0].theme, "health");
    }

    #[test]
    fn same_document_again_merges_spans_and_skips_duplicates() {
        let mut p = Project::with_default_codebook("p");
        apply(
            &mut p,
            Imported {
                documents: vec![doc("hello world", &[(0, 5, "Health")])],
                themes: vec![],
                ..Default::default()
            },
        );
        let s = apply(
            &mut p,
            Imported {
                documents: vec![doc("hello world", &[(0, 5, "Health"), (6, 11, "Trade")])],
                themes: vec![],
                ..Default::default()
            },
        );
        assert_eq!(p.documents().len(), 1);
        assert_eq!(p.documents()[0].spans().len(), 2);
        assert_eq!((s.spans_added, s.spans_duplicate), (1, 1));
        assert_eq!(s.documents_merged, ["d"]);
        // Different text under the same id: a second document.
        apply(
            &mut p,
            Imported {
                documents: vec![doc("other", &[])],
                themes: vec![],
                ..Default::default()
            },
        );
        let ids: Vec<_> = p.documents().iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["d", "d-2"]);
    }

    #[test]
    fn merged_spans_go_in_as_one_bulk_edit_per_document_and_undo_at_once() {
        let mut p = Project::with_default_codebook("p");
        apply(
            &mut p,
            Imported {
                documents: vec![doc("hello world", &[(0, 5, "Health")])],
                ..Default::default()
            },
        );
        let before = p.clone();
        let again = |spans: &[(usize, usize, &str)]| Imported {
            documents: vec![doc("hello world", spans)],
            ..Default::default()
        };
        let files = [
            (
                PathBuf::from("a"),
                again(&[(0, 5, "Health"), (6, 11, "Culture"), (6, 11, "culture")]),
            ),
            (
                PathBuf::from("b"),
                again(&[(0, 11, "Trade"), (6, 11, "Culture")]),
            ),
        ];
        let (edit, summary) = plan(&p, &files, "me").unwrap();
        assert_eq!((summary.spans_added, summary.spans_duplicate), (2, 3));
        assert_eq!(summary.documents_merged, ["d"]);
        assert_eq!(summary.themes_added, ["Culture"]);
        let Edit::Batch(edits) = &edit else {
            panic!("{edit:?}")
        };
        let kinds: Vec<_> = edits.iter().map(Edit::describe).collect();
        assert_eq!(kinds, ["add theme", "add 2 spans"]);
        let undo = edit.apply(&mut p).unwrap();
        assert_eq!(p.documents()[0].spans().len(), 3);
        assert_eq!(p.documents()[0].spans().count_with_theme("culture"), 1);
        let Edit::Batch(undoes) = &undo else {
            panic!("{undo:?}")
        };
        let kinds: Vec<_> = undoes.iter().map(Edit::describe).collect();
        assert_eq!(kinds, ["remove 2 spans", "delete theme"]);
        undo.apply(&mut p).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn documents_count_as_merged_in_the_order_their_first_new_span_is_read() {
        let mut p = Project::with_default_codebook("p");
        let named = |id: &str, text: &str, spans: &[(usize, usize, &str)]| ImportedDocument {
            id: id.into(),
            ..doc(text, spans)
        };
        apply(
            &mut p,
            Imported {
                documents: vec![
                    named("x", "first text", &[(0, 5, "Health")]),
                    named("y", "second text", &[]),
                ],
                ..Default::default()
            },
        );
        let files = [
            (
                PathBuf::from("a"),
                Imported {
                    documents: vec![
                        named("x", "first text", &[(0, 5, "Health")]),
                        named("y", "second text", &[(0, 6, "Trade"), (0, 6, "Trade")]),
                    ],
                    ..Default::default()
                },
            ),
            (
                PathBuf::from("b"),
                Imported {
                    documents: vec![
                        named("x", "first text", &[(6, 10, "ICT"), (0, 5, "Health")]),
                        named("y", "second text", &[(0, 6, "Trade")]),
                    ],
                    ..Default::default()
                },
            ),
        ];
        let (edit, summary) = plan(&p, &files, "me").unwrap();
        assert_eq!(summary.documents_merged, ["y", "x"]);
        assert_eq!((summary.spans_added, summary.spans_duplicate), (2, 4));
        edit.apply(&mut p).unwrap();
        assert_eq!(p.span_count(), 3);
    }

    /// Why importing `d` from `x.jsonl` into an empty project is refused.
    fn refusal(d: ImportedDocument) -> String {
        let p = Project::with_default_codebook("p");
        let imported = Imported {
            documents: vec![d],
            ..Default::default()
        };
        plan(&p, &[(PathBuf::from("x.jsonl"), imported)], "me")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn out_of_range_span_is_refused_with_its_position() {
        let mut d = doc("short", &[(2, 9, "Health")]);
        d.spans[0].position = "line 7".into();
        assert_eq!(
            refusal(d),
            "x.jsonl: line 7: document \"d\": span 2..9 ends past the end of the text (5 code points)"
        );
    }

    #[test]
    fn a_span_on_just_the_cr_of_a_crlf_is_refused_with_its_position() {
        let mut d = doc("ab\r\ncd", &[(0, 2, "Health"), (2, 3, "Health")]);
        d.spans[1].position = "line 3".into();
        assert_eq!(
            refusal(d),
            "x.jsonl: line 3: document \"d\": span 2..3 covers only the \\r of a \\r\\n line \
             break, which is nothing once line breaks are normalised to \\n"
        );
    }

    #[test]
    fn spans_of_only_white_space_are_skipped_and_listed() {
        let mut p = Project::with_default_codebook("p");
        // A no-break space, a blank CRLF line and the space before an emoji.
        let text = "Health\u{a0}care\r\n\r\nTrade 😀";
        let mut d = doc(
            text,
            &[
                (0, 6, "Health"),
                (6, 7, "Health"),
                (11, 15, "Sport"),
                (15, 22, "Trade"),
                (20, 21, "Trade"),
            ],
        );
        d.spans[1].position = "line 2".into();
        let summary = apply(
            &mut p,
            Imported {
                documents: vec![d],
                ..Default::default()
            },
        );
        let d = &p.documents()[0];
        assert_eq!(
            crate::formats::fixture::span_texts(d),
            ["Health", "Trade 😀"]
        );
        assert_eq!(
            summary.spans_blank,
            [
                "f: line 2: document \"d\": span 6..7 (\"\\u{a0}\", Health) is only white space; not imported",
                "f: document \"d\": span 11..15 (\"\\n\\n\", Sport) is only white space; not imported",
                "f: document \"d\": span 20..21 (\" \", Trade) is only white space; not imported",
            ]
        );
        // No theme for a label whose only span was skipped.
        assert!(p.find_theme("Sport").is_none());
        assert_eq!(
            summary.to_string(),
            "1 document added, 0 merged, 2 spans added, 3 skipped (only white space)"
        );
    }
}
