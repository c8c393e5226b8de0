//! CoNLL with IOB2 tags (export only): one token per line and one tag
//! column per theme, so that spans of different themes may overlap.
//!
//! (tabs shown as two spaces)
//!
//! ```text
//! # columns: token Health Security ICT Trade
//! -DOCSTART- statement
//!
//! Grüße  O  O  B-ICT  O
//! aus  O  O  I-ICT  O
//! …
//! met  B-Health  O  O  O
//! .  I-Health  O  O  O
//!
//! Health  B-Health  B-Security  O  O
//! ```
//!
//! One file, `export.conll`, UTF-8 with `\n` line ends. The first line
//! names the columns once for the whole file: `# columns: token` and the
//! theme labels in codebook order (then the label of any span whose theme
//! no longer exists). Each document starts with `-DOCSTART- ID` and a blank
//! line; each sentence ends with a blank line. A token line is the token,
//! then for each theme, tab-separated, `B-LABEL` (first token of a chunk),
//! `I-LABEL` (inside) or `O` (outside). White space in a label or document
//! id is written `_`.
//!
//! **Tokens** are the Unicode word segments of the text (UAX #29, as
//! `unicode-segmentation` finds them), split further at any white space
//! inside a segment; white space is dropped, so a token never holds a
//! space or tab. `e-commerce` is three tokens, `e`, `-` and `commerce`;
//! punctuation and each emoji are tokens of their own. **Sentences** are
//! the Unicode sentences (UAX #29) of each line: every `\n` also ends one.
//! Sentences without a token (blank lines) are not written.
//!
//! A span tags every token it overlaps. There are no offsets in the file;
//! everything a column cannot hold is reported:
//!
//! - a span that starts or ends inside a token ("e-com" of "e-commerce")
//!   is widened to whole tokens; one that starts or ends with white space
//!   loses it; one of only white space has no token and is not written;
//! - spans of one theme that share a token become one chunk in its column
//!   (the union of their tokens); spans that only touch stay two chunks;
//! - a chunk that crosses a sentence boundary (a line break, say) is split
//!   there, the part in the next sentence starting with `B-`, since IOB2
//!   chunks do not cross sentences;
//! - notes, annotator names and relations between spans have no place
//!   in CoNLL (the report counts the relations per document).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

use super::export::{ExportError, ExportFile, ExportJob};
use super::tokens::tokenise;
use crate::model::Span;

/// `s` with every white-space character replaced by `_`.
fn no_space(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}

const WIDENED: &str = "spans do not fit token boundaries; widened to whole tokens";
const TRIMMED: &str = "white space at the ends of spans is not carried";
const EMPTY: &str = "spans of only white space are not carried";
const MERGED: &str = "overlapping spans of one theme merged in its column";
const SPLIT: &str = "spans crossing a sentence boundary split";

/// One file, `export.conll`.
pub fn export(job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    // Columns: codebook labels, then labels of spans whose theme is gone.
    // A theme under a parent is named by its full path.
    let mut columns: Vec<Cow<str>> = Vec::new();
    let mut column_of: HashMap<Cow<str>, usize> = HashMap::new();
    let project = job.project;
    let mut labels: Vec<Cow<str>> = project
        .themes()
        .iter()
        .map(|t| super::export::theme_label(project, t))
        .collect();
    for (_, spans) in &job.docs {
        labels.extend(spans.iter().map(|s| job.label(s)));
    }
    for label in labels {
        if !column_of.contains_key(&label) {
            column_of.insert(label.clone(), columns.len());
            columns.push(label);
        }
    }
    let names: Vec<String> = columns.iter().map(|l| no_space(l)).collect();

    let mut out = String::from("# columns: token");
    for n in &names {
        out.push(' ');
        out.push_str(n);
    }
    out.push('\n');
    for i in 0..job.docs.len() {
        let (doc, spans) = (job.docs[i].0, job.docs[i].1.clone());
        let text = doc.text();
        let tokens = tokenise(text);
        let tagged = |a: usize, b: usize| {
            text.slice(tokens[a].start, tokens[b - 1].end)
                .unwrap_or_default()
                .to_owned()
        };
        // Token range of each span, per column.
        let mut ranges: Vec<Vec<(usize, usize, &Span)>> = vec![Vec::new(); columns.len()];
        for s in spans {
            let lo = tokens.partition_point(|t| t.end <= s.start);
            let hi = tokens.partition_point(|t| t.start < s.end);
            if lo >= hi {
                job.lose(doc, Some(s), EMPTY, "no token to tag");
                continue;
            }
            let (t0, t1) = (tokens[lo].start, tokens[hi - 1].end);
            if s.start > t0 || s.end < t1 {
                job.lose(
                    doc,
                    Some(s),
                    WIDENED,
                    format!("tagged {:?}", tagged(lo, hi)),
                );
            } else if s.start < t0 || s.end > t1 {
                job.lose(
                    doc,
                    Some(s),
                    TRIMMED,
                    format!("tagged {:?}", tagged(lo, hi)),
                );
            }
            ranges[column_of[&job.label(s)]].push((lo, hi, s));
        }
        // Chunks: overlapping ranges merged, split at sentence boundaries.
        let mut tags = vec![vec![0u8; tokens.len()]; columns.len()];
        for (c, mut list) in ranges.into_iter().enumerate() {
            list.sort_by_key(|&(lo, hi, _)| (lo, hi));
            let mut k = 0;
            while k < list.len() {
                let (lo, mut hi) = (list[k].0, list[k].1);
                let mut j = k + 1;
                while j < list.len() && list[j].0 < hi {
                    hi = hi.max(list[j].1);
                    j += 1;
                }
                let group = &list[k..j];
                if group.len() > 1 {
                    for &(_, _, s) in group {
                        let others: Vec<String> = group
                            .iter()
                            .filter(|o| !std::ptr::eq(o.2, s))
                            .map(|o| format!("{}..{}", o.2.start, o.2.end))
                            .collect();
                        job.lose(
                            doc,
                            Some(s),
                            MERGED,
                            format!("one chunk {:?} with {}", tagged(lo, hi), others.join(", ")),
                        );
                    }
                }
                for &(a, b, s) in group {
                    let pieces = 1
                        + (a + 1..b)
                            .filter(|&t| tokens[t].sentence != tokens[t - 1].sentence)
                            .count();
                    if pieces > 1 {
                        job.lose(doc, Some(s), SPLIT, format!("into {pieces} chunks"));
                    }
                }
                for t in lo..hi {
                    tags[c][t] = if t == lo || tokens[t].sentence != tokens[t - 1].sentence {
                        1
                    } else {
                        2
                    };
                }
                k = j;
            }
        }
        let _ = writeln!(out, "-DOCSTART- {}\n", no_space(&doc.id));
        for (t, tok) in tokens.iter().enumerate() {
            if t > 0 && tok.sentence != tokens[t - 1].sentence {
                out.push('\n');
            }
            out.push_str(text.slice(tok.start, tok.end).unwrap_or_default());
            for (c, name) in names.iter().enumerate() {
                out.push('\t');
                match tags[c][t] {
                    1 => {
                        out.push_str("B-");
                        out.push_str(name);
                    }
                    2 => {
                        out.push_str("I-");
                        out.push_str(name);
                    }
                    _ => out.push('O'),
                }
            }
            out.push('\n');
        }
        if !tokens.is_empty() {
            out.push('\n');
        }
        job.advance()?;
    }
    job.lose_notes("CoNLL");
    job.lose_annotators("CoNLL");
    super::export_relations::lose_relations(job, "CoNLL");
    Ok(vec![ExportFile::new("export.conll", out)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fixture;
    use crate::model::{Document, Edit, Project};

    fn export_of(p: &Project) -> (String, crate::formats::ExportReport) {
        let (files, report) = fixture::export_default(p, crate::formats::Format::Conll);
        assert_eq!(files.len(), 1);
        (String::from_utf8(files[0].bytes.clone()).unwrap(), report)
    }

    /// Parses the export independently: per document, sentences of
    /// (token, tags).
    /// A document as parsed: id, sentences of token lines split at tabs.
    type ParsedDoc = (String, Vec<Vec<Vec<String>>>);

    fn parse(out: &str) -> (Vec<String>, Vec<ParsedDoc>) {
        let mut lines = out.split('\n');
        let header = lines.next().unwrap();
        let cols: Vec<String> = header
            .strip_prefix("# columns: token ")
            .unwrap()
            .split(' ')
            .map(str::to_owned)
            .collect();
        let mut docs: Vec<ParsedDoc> = Vec::new();
        let mut sentence: Vec<Vec<String>> = Vec::new();
        for line in lines {
            if let Some(id) = line.strip_prefix("-DOCSTART- ") {
                docs.push((id.to_owned(), Vec::new()));
            } else if line.is_empty() {
                if !sentence.is_empty() {
                    docs.last_mut()
                        .unwrap()
                        .1
                        .push(std::mem::take(&mut sentence));
                }
            } else {
                let fields: Vec<String> = line.split('\t').map(str::to_owned).collect();
                assert_eq!(fields.len(), cols.len() + 1, "{line:?}");
                sentence.push(fields);
            }
        }
        assert!(sentence.is_empty());
        (cols, docs)
    }

    #[test]
    fn every_tagged_chunk_is_what_the_rules_say() {
        let p = fixture::project();
        let (out, report) = export_of(&p);
        let (cols, docs) = parse(&out);
        assert_eq!(cols, ["Health", "Security", "ICT", "Trade"]);
        assert_eq!(docs.len(), 2);
        for (d, (id, sentences)) in p.documents().iter().zip(&docs) {
            assert_eq!(&d.id, id);
            // Tokens, in order, are the text without white space.
            let joined: String = sentences.iter().flatten().map(|f| f[0].as_str()).collect();
            let expected: String = d.text().as_str().split_whitespace().collect();
            assert_eq!(joined, expected);
            // Chunks per column, as the text they cover (white space dropped).
            for (c, label) in cols.iter().enumerate() {
                let mut chunks: Vec<String> = Vec::new();
                for sentence in sentences {
                    for f in sentence {
                        let tag = &f[c + 1];
                        if tag == &format!("B-{label}") {
                            chunks.push(f[0].clone());
                        } else if tag == &format!("I-{label}") {
                            chunks.last_mut().expect("I- after a chunk").push_str(&f[0]);
                        } else {
                            assert_eq!(tag, "O");
                        }
                    }
                }
                let want: Vec<&str> = match (id.as_str(), label.as_str()) {
                    // Merged with "Health and «security» go", split at the line.
                    ("statement", "Health") => vec!["ministers met.", "Healthand«security»go"],
                    ("statement", "Security") => vec!["Healthand«security»"],
                    // "e-com" widened to "e-commerce".
                    ("statement", "ICT") => vec!["GrüßeausKöln😀", "e-commerce", "ICT"],
                    ("statement", "Trade") => {
                        vec!["together;thee-commercedeal🎉", "signed.", "Żółć"]
                    }
                    ("second", "Health") => vec!["Vaccines💉"],
                    ("second", "ICT") => vec!["datacentres"],
                    _ => vec![],
                };
                let want: Vec<String> = want.iter().map(|w| w.replace(' ', "")).collect();
                assert_eq!(chunks, want, "{id} {label}");
            }
        }
        let losses: Vec<(&str, usize, usize)> = report
            .losses
            .iter()
            .map(|l| {
                let s = l.span.as_ref().unwrap();
                (l.kind, s.0, s.1)
            })
            .collect();
        let d = &p.documents()[0];
        let at = |needle: &str| {
            let (s, e) = d.text().find_all(needle)[0];
            (s, e)
        };
        let (h1, h2, e, tr) = (
            at("ministers met.\nHealth"),
            at("Health and «security» go"),
            at("e-com"),
            at("signed.\nŻółć"),
        );
        let expected = [
            (WIDENED, e.0, e.1),
            (MERGED, h1.0, h1.1),
            (MERGED, h2.0, h2.1),
            (SPLIT, h1.0, h1.1),
            (SPLIT, tr.0, tr.1),
        ];
        let notes = p
            .documents()
            .iter()
            .flat_map(|d| d.spans().spans())
            .filter(|s| !s.note.is_empty())
            .count();
        let annotated = p.span_count();
        assert_eq!(losses[..expected.len()], expected);
        // Then only notes and annotators, for every span that has them.
        let rest: Vec<&str> = losses[expected.len()..].iter().map(|l| l.0).collect();
        let count = |kind: &str| rest.iter().filter(|k| **k == kind).count();
        assert_eq!(count("notes are not carried"), notes);
        assert_eq!(count("annotator names are not carried"), annotated);
        assert_eq!(rest.len(), notes + annotated);
        assert!(out.starts_with("# columns: token Health Security ICT Trade\n-DOCSTART- statement\n\nGrüße\tO\tO\tB-ICT\tO\n"));
    }

    #[test]
    fn white_space_edges_empty_spans_adjacency_and_spaced_labels() {
        let mut themes = crate::model::default_codebook();
        themes.push(crate::model::Theme {
            id: "kt".into(),
            label: "Köln Trade".into(),
            color: crate::model::Color::rgb(1, 2, 3),
            key: None,
            description: String::new(),
            parent: None,
            rules: Vec::new(),
        });
        let mut p = Project::new("p", themes);
        Edit::AddDocument {
            index: 0,
            document: Box::new(Document::new("a b", "A", "one two  three\tfour")),
        }
        .apply(&mut p)
        .unwrap();
        for span in [
            Span::new(0, 3, "health", "").with_note("n"),
            Span::new(4, 7, "health", ""),
            Span::new(7, 9, "health", ""),
            Span::new(8, 14, "kt", ""),
            Span::new(3, 4, "trade", ""),
        ] {
            Edit::AddSpan {
                doc: "a b".into(),
                span,
            }
            .apply(&mut p)
            .unwrap();
        }
        // A span whose theme is gone gets a column under the theme id.
        p.themes.retain(|t| t.id != "trade");
        let (out, report) = export_of(&p);
        assert_eq!(
            out,
            "# columns: token Health Security ICT Köln_Trade trade\n\
             -DOCSTART- a_b\n\n\
             one\tB-Health\tO\tO\tO\tO\n\
             two\tB-Health\tO\tO\tO\tO\n\
             three\tO\tO\tO\tB-Köln_Trade\tO\n\
             four\tO\tO\tO\tO\tO\n\n"
        );
        let kinds: Vec<(&str, usize)> = report
            .losses
            .iter()
            .map(|l| (l.kind, l.span.as_ref().unwrap().0))
            .collect();
        assert_eq!(
            kinds,
            [
                (EMPTY, 3),
                (EMPTY, 7),
                (TRIMMED, 8),
                ("notes are not carried", 0)
            ]
        );
    }

    #[test]
    fn same_theme_spans_sharing_a_token_merge_and_touching_ones_do_not() {
        let mut p = Project::with_default_codebook("p");
        Edit::AddDocument {
            index: 0,
            document: Box::new(Document::new("d", "D", "alpha beta gamma delta")),
        }
        .apply(&mut p)
        .unwrap();
        for span in [
            Span::new(0, 10, "ict", "x"),
            Span::new(8, 16, "ict", "y"),
            Span::new(17, 22, "ict", "x"),
        ] {
            Edit::AddSpan {
                doc: "d".into(),
                span,
            }
            .apply(&mut p)
            .unwrap();
        }
        let (out, report) = export_of(&p);
        let tags: Vec<&str> = out
            .lines()
            .skip(3)
            .filter(|l| !l.is_empty())
            .map(|l| l.split('\t').nth(3).unwrap())
            .collect();
        assert_eq!(tags, ["B-ICT", "I-ICT", "I-ICT", "B-ICT"]);
        let kinds: Vec<_> = report
            .losses
            .iter()
            .filter(|l| l.kind != "annotator names are not carried")
            .map(|l| (l.kind, l.span.as_ref().unwrap().0, l.detail.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (WIDENED, 8, "tagged \"beta gamma\""),
                (MERGED, 0, "one chunk \"alpha beta gamma\" with 8..16"),
                (MERGED, 8, "one chunk \"alpha beta gamma\" with 0..10"),
            ]
        );
    }
}
