//! WebAnno TSV 3.3, the tab-separated format of WebAnno and INCEpTION: a
//! folder with one `DOC.tsv` per document. Spans go on the custom span
//! layer `webanno.custom.Theme` with the string features `value` (the
//! theme label), `note` and `annotator`; offsets are UTF-16 code units.
//!
//! ```text
//! #FORMAT=WebAnno TSV 3.3
//! #T_SP=webanno.custom.Theme|value|note|annotator
//!
//!
//! #Text=Grüße aus Köln 😀: the ministers met.
//! 1-1  0-5  Grüße  ICT[1]  *[1]  ana[1]
//! 1-2  6-9  aus  ICT[1]  *[1]  ana[1]
//! ```
//!
//! (Rows are tab-separated, with a tab after the last column too, as
//! INCEpTION writes them.)
//!
//! Sentences are the Unicode sentences (UAX #29) of each line; tokens are
//! the Unicode words (UAX #29) of a sentence, split at white space. A span
//! is written on every token it overlaps; where it starts or ends inside a
//! token, that token gets a sub-token row (`2-12.1`) for the part it covers,
//! so its offsets stay exact. Rows cannot address the white space between
//! tokens: a span that starts or ends there is narrowed to its tokens, one
//! in white space only is left out, and both are reported. A span on more
//! than one row, or sharing a row with another span, carries a
//! disambiguation id `[n]` in every column. Readers rebuild the text between
//! sentences as a line break padded with spaces; a document holding
//! anything else there is reported. Relations go on a relation layer after
//! the span layer (see `formats::webanno_tsv::relations`).

use std::collections::BTreeMap;

mod relations;

use super::export::{ExportError, ExportFile, ExportJob};
use super::tokens::{Token, tokenise};
use crate::model::text::Text;
use crate::model::{Document, Span};
use relations::{RelationColumns, Row};

/// The span layer the themes go on.
pub const LAYER: &str = "webanno.custom.Theme";
/// Its features, one column each, in order.
pub const FEATURES: [&str; 3] = ["value", "note", "annotator"];

/// Loss kinds.
const NARROWED: &str = "spans that start or end in white space are narrowed to their tokens";
const LEFT_OUT: &str = "spans in white space only are left out";
const CARRIAGE_RETURN: &str = "carriage returns in notes and names are written as line breaks";
const GAPS: &str = "white space between sentences is not carried exactly";

/// One `DOC.tsv` per selected document.
pub fn export(job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    job.file_per_document("tsv", document)
}

/// The sentences (code-point ranges from their first token's start to their
/// last token's end) and tokens of a text, as this format segments it.
pub(crate) fn segment(text: &Text) -> (Vec<(usize, usize)>, Vec<Token>) {
    let tokens = tokenise(text);
    let mut sentences: Vec<(usize, usize)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if i == 0 || tokens[i - 1].sentence != t.sentence {
            sentences.push((t.start, t.end));
        } else if let Some(last) = sentences.last_mut() {
            last.1 = t.end;
        }
    }
    (sentences, tokens)
}

/// Escapes the text of a `#Text=` line as TSV 3.3 does: `\t`, `\n`, `\f`,
/// `\r`, `\b`, `\\`, and a backslash before other C0 controls except
/// U+000B.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 && c != '\u{b}' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes a feature value: a backslash before each reserved character
/// `\ [ ] | _ ; *` and the sequence `->`, and `\t`, `\n` for tab and line
/// feed. A carriage return, which the format has no escape for and which
/// would end the row, becomes a line feed; the flag says whether one did.
pub(crate) fn escape_value(s: &str) -> (String, bool) {
    let mut out = String::with_capacity(s.len());
    let mut had_cr = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '[' | ']' | '|' | '_' | ';' | '*' => {
                out.push('\\');
                out.push(c);
            }
            '-' if chars.peek() == Some(&'>') => {
                chars.next();
                out.push_str("\\->");
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                had_cr = true;
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            c => out.push(c),
        }
    }
    (out, had_cr)
}

/// Sub-token ranges (start, reversed end) of one token and their spans.
type SubTokens = BTreeMap<(usize, std::cmp::Reverse<usize>), Vec<usize>>;

/// Where a span is written: whole tokens and sub-token ranges of tokens.
#[derive(Default)]
struct Rows {
    /// Per token: the spans on the whole token.
    whole: Vec<Vec<usize>>,
    /// Per token: sub-token ranges (code points) with their spans, in
    /// TSV order (by start, then longest first).
    subs: Vec<SubTokens>,
}

/// The TSV of one document.
fn document<'p>(job: &mut ExportJob<'p>, doc: &'p Document, spans: &[&'p Span]) -> String {
    let text = doc.text();
    let (sentences, tokens) = segment(text);
    report_gaps(job, doc, &sentences);

    let mut rows = Rows {
        whole: vec![Vec::new(); tokens.len()],
        subs: vec![BTreeMap::new(); tokens.len()],
    };
    // How many rows each span is on.
    let mut row_count = vec![0usize; spans.len()];
    for (i, span) in spans.iter().enumerate() {
        let first = tokens.partition_point(|t| t.end <= span.start);
        let last = tokens.partition_point(|t| t.start < span.end);
        if first >= last {
            job.lose(
                doc,
                Some(span),
                LEFT_OUT,
                "WebAnno TSV has no row for the text between tokens",
            );
            continue;
        }
        let (start, end) = (
            span.start.max(tokens[first].start),
            span.end.min(tokens[last - 1].end),
        );
        if (start, end) != (span.start, span.end) {
            job.lose(
                doc,
                Some(span),
                NARROWED,
                format!(
                    "exported as {start}..{end} {:?}",
                    text.slice(start, end).unwrap_or_default()
                ),
            );
        }
        for (t, token) in tokens.iter().enumerate().take(last).skip(first) {
            let (s, e) = (start.max(token.start), end.min(token.end));
            if (s, e) == (token.start, token.end) {
                rows.whole[t].push(i);
            } else {
                rows.subs[t]
                    .entry((s, std::cmp::Reverse(e)))
                    .or_default()
                    .push(i);
            }
            row_count[i] += 1;
        }
    }

    // Disambiguation ids, in span order, for spans on several rows or
    // sharing a row.
    let mut needs_id: Vec<bool> = row_count.iter().map(|&n| n > 1).collect();
    let shared = rows
        .whole
        .iter()
        .chain(rows.subs.iter().flat_map(|m| m.values()))
        .filter(|on| on.len() > 1);
    for on in shared {
        for &i in on {
            needs_id[i] = true;
        }
    }
    let mut next_id = 0;
    let ids: Vec<Option<usize>> = needs_id
        .iter()
        .map(|&needed| {
            needed.then(|| {
                next_id += 1;
                next_id
            })
        })
        .collect();

    // The escaped column values of each span.
    let mut values: Vec<[String; 3]> = Vec::with_capacity(spans.len());
    for span in spans {
        let mut cr = false;
        let mut cell = |s: &str| {
            if s.is_empty() {
                return "*".to_owned();
            }
            let (v, had_cr) = escape_value(s);
            cr |= had_cr;
            v
        };
        let row = [
            cell(&job.label(span)),
            cell(&span.note),
            cell(&span.annotator),
        ];
        if cr {
            job.lose(
                doc,
                Some(span),
                CARRIAGE_RETURN,
                "WebAnno TSV has no escape for them",
            );
        }
        values.push(row);
    }

    // The first row of each span, with its address, for relations.
    let mut first_row: Vec<Option<(Row, String)>> = vec![None; spans.len()];
    for (t, token) in tokens.iter().enumerate() {
        let id = format!("{}-{}", token.sentence, token.number);
        for &i in &rows.whole[t] {
            first_row[i].get_or_insert(((t, None), id.clone()));
        }
        for (k, on) in rows.subs[t].values().enumerate() {
            for &i in on {
                first_row[i].get_or_insert(((t, Some(k + 1)), format!("{id}.{}", k + 1)));
            }
        }
    }
    let relations = RelationColumns::new(job, doc, spans, &first_row, &ids);

    let utf16 = |c: usize| text.char_to_utf16(c).expect("offsets within the text");
    let columns = |on: &[usize]| -> String {
        let mut out = String::new();
        for (f, _) in FEATURES.iter().enumerate() {
            if on.is_empty() {
                out.push('_');
            }
            for (k, &i) in on.iter().enumerate() {
                if k > 0 {
                    out.push('|');
                }
                out.push_str(&values[i][f]);
                if let Some(id) = ids[i] {
                    out.push_str(&format!("[{id}]"));
                }
            }
            out.push('\t');
        }
        out
    };

    let mut out = format!(
        "#FORMAT=WebAnno TSV 3.3\n#T_SP={LAYER}|{}\n{}\n",
        FEATURES.join("|"),
        relations.header()
    );
    let mut t = 0;
    for (n, &(s, e)) in sentences.iter().enumerate() {
        out.push('\n');
        out.push_str("#Text=");
        out.push_str(&escape_text(text.slice(s, e).unwrap_or_default()));
        out.push('\n');
        while t < tokens.len() && tokens[t].sentence == n + 1 {
            let token = tokens[t];
            let id = format!("{}-{}", token.sentence, token.number);
            out.push_str(&format!(
                "{id}\t{}-{}\t{}\t{}{}\n",
                utf16(token.start),
                utf16(token.end),
                text.slice(token.start, token.end).unwrap_or_default(),
                columns(&rows.whole[t]),
                relations.row((t, None))
            ));
            for (k, (&(s, e), on)) in rows.subs[t].iter().enumerate() {
                out.push_str(&format!(
                    "{id}.{}\t{}-{}\t{}\t{}{}\n",
                    k + 1,
                    utf16(s),
                    utf16(e.0),
                    text.slice(s, e.0).unwrap_or_default(),
                    columns(on),
                    relations.row((t, Some(k + 1)))
                ));
            }
            t += 1;
        }
    }
    out
}

/// Reports a document whose text between sentences is not what readers
/// rebuild there: spaces before the first sentence, a line break padded
/// with spaces between two, and at most a line break after the last.
fn report_gaps(job: &mut ExportJob, doc: &Document, sentences: &[(usize, usize)]) {
    let text = doc.text();
    let mut prev_end: Option<usize> = None;
    for next in sentences.iter().copied().map(Some).chain([None]) {
        let from = prev_end.unwrap_or(0);
        let to = next.map_or(text.len_chars(), |s| s.0);
        let gap = text.slice(from, to).unwrap_or_default();
        let spaces = |s: &str| s.chars().all(|c| c == ' ');
        let fine = match (prev_end, next) {
            (None, _) => spaces(gap),
            (Some(_), Some(_)) => gap.is_empty() || gap.strip_prefix('\n').is_some_and(spaces),
            (Some(_), None) => gap.is_empty() || gap == "\n",
        };
        if !fine {
            job.lose(
                doc,
                None,
                GAPS,
                format!("{gap:?} at {from} (maybe more) is read back as a line break and spaces"),
            );
            return;
        }
        prev_end = next.map(|s| s.1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::export::ExportReport;
    use crate::formats::fixture;
    use std::collections::HashMap;

    fn run(project: &crate::model::Project) -> (Vec<ExportFile>, ExportReport) {
        fixture::export_default(project, crate::formats::Format::WebannoTsv)
    }

    /// A span as an independent reading of the TSV rebuilds it: UTF-16
    /// offsets and the unescaped feature values.
    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
    struct Read {
        begin: usize,
        end: usize,
        values: Vec<String>,
    }

    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('-') => {
                    assert_eq!(chars.next(), Some('>'));
                    out.push_str("->");
                }
                Some(c) => out.push(c),
                None => panic!("dangling backslash in {s:?}"),
            }
        }
        out
    }

    fn unescape_text(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            out.push(match chars.next().expect("escape") {
                't' => '\t',
                'n' => '\n',
                'f' => '\u{c}',
                'r' => '\r',
                'b' => '\u{8}',
                c => c,
            });
        }
        out
    }

    /// Splits at `sep` not preceded by a backslash escape.
    fn split_unescaped(s: &str, sep: char) -> Vec<String> {
        let mut parts = vec![String::new()];
        let mut escaped = false;
        for c in s.chars() {
            if c == sep && !escaped {
                parts.push(String::new());
                continue;
            }
            escaped = c == '\\' && !escaped;
            parts.last_mut().unwrap().push(c);
        }
        parts
    }

    /// Reads one TSV: the `#Text=` lines (unescaped, with the UTF-16 offset
    /// of their sentence) and the spans.
    fn read(tsv: &str) -> (Vec<(usize, String)>, Vec<Read>) {
        let mut lines = tsv.split('\n');
        assert_eq!(lines.next(), Some("#FORMAT=WebAnno TSV 3.3"));
        assert_eq!(
            lines.next(),
            Some("#T_SP=webanno.custom.Theme|value|note|annotator")
        );
        assert_eq!(lines.next(), Some(""));
        let mut sentences = Vec::new();
        let mut pending_text: Option<String> = None;
        let mut by_id: HashMap<usize, usize> = HashMap::new();
        let mut spans: Vec<Read> = Vec::new();
        for line in lines {
            if line.is_empty() {
                continue;
            }
            if let Some(t) = line.strip_prefix("#Text=") {
                pending_text = Some(unescape_text(t));
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 7, "{line:?}");
            assert_eq!(fields[6], "", "trailing tab");
            let (b, e) = fields[1].split_once('-').unwrap();
            let (b, e): (usize, usize) = (b.parse().unwrap(), e.parse().unwrap());
            if let Some(t) = pending_text.take() {
                sentences.push((b, t));
            }
            let columns: Vec<Vec<String>> = fields[3..6]
                .iter()
                .map(|c| split_unescaped(c, '|'))
                .collect();
            if fields[3] == "_" {
                assert!(columns.iter().all(|c| c == &["_"]));
                continue;
            }
            for k in 0..columns[0].len() {
                let mut id = None;
                let mut values = Vec::new();
                for col in &columns {
                    let mut v = col[k].as_str();
                    if v.ends_with(']') && !v.ends_with("\\]") {
                        let open = v.rfind('[').unwrap();
                        let n: usize = v[open + 1..v.len() - 1].parse().unwrap();
                        assert!(id.is_none_or(|i| i == n));
                        id = Some(n);
                        v = &v[..open];
                    }
                    values.push(if v == "*" { String::new() } else { unescape(v) });
                }
                match id.and_then(|n| by_id.get(&n).copied()) {
                    Some(i) => {
                        assert_eq!(spans[i].values, values);
                        spans[i].end = e;
                    }
                    None => {
                        if let Some(n) = id {
                            by_id.insert(n, spans.len());
                        }
                        spans.push(Read {
                            begin: b,
                            end: e,
                            values,
                        });
                    }
                }
            }
        }
        spans.sort();
        (sentences, spans)
    }

    fn utf16_slice(units: &[u16], b: usize, e: usize) -> String {
        String::from_utf16(&units[b..e]).unwrap()
    }

    #[test]
    fn fixture_spans_slice_back_in_utf16_with_their_features() {
        let p = fixture::project();
        let (files, report) = run(&p);
        let names: Vec<_> = files.iter().map(|f| f.path.clone()).collect();
        assert_eq!(
            names,
            ["statement.tsv", "second.tsv"].map(std::path::PathBuf::from)
        );
        for (doc, file) in p.documents().iter().zip(&files) {
            let tsv = std::str::from_utf8(&file.bytes).unwrap();
            let units: Vec<u16> = doc.text().as_str().encode_utf16().collect();
            let (sentences, read) = read(tsv);
            for (b, t) in &sentences {
                let len = t.encode_utf16().count();
                assert_eq!(&utf16_slice(&units, *b, b + len), t);
            }
            let mut expected: Vec<(Read, &str)> = doc
                .spans()
                .spans()
                .iter()
                .map(|s| {
                    let read = Read {
                        begin: doc.text().char_to_utf16(s.start).unwrap(),
                        end: doc.text().char_to_utf16(s.end).unwrap(),
                        values: vec![
                            p.theme(&s.theme).unwrap().label.clone(),
                            s.note.clone(),
                            s.annotator.clone(),
                        ],
                    };
                    (read, doc.span_text(s).unwrap())
                })
                .collect();
            expected.sort();
            assert_eq!(read.len(), expected.len(), "{}", doc.id);
            for (r, (e, text)) in read.iter().zip(&expected) {
                assert_eq!(r, e);
                assert_eq!(&utf16_slice(&units, r.begin, r.end), text);
            }
        }
        // Every fixture span keeps its exact offsets (the one ending inside
        // "commerce" on a sub-token), notes and annotators are carried, and
        // the text between sentences is a single line break.
        assert_eq!(report.losses, []);
        assert_eq!(report.spans, 10);
    }

    #[test]
    fn golden_layout_of_the_first_sentence_and_the_sub_token() {
        let (files, _) = run(&fixture::project());
        let tsv = std::str::from_utf8(&files[0].bytes).unwrap();
        assert!(tsv.starts_with(
            "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Theme|value|note|annotator\n\n\n\
             #Text=Grüße aus Köln 😀: the ministers met.\n\
             1-1\t0-5\tGrüße\tICT[1]\t*[1]\tana[1]\t\n"
        ));
        // The emoji is two UTF-16 units.
        assert!(tsv.contains("\n1-4\t15-17\t😀\tICT[1]\t*[1]\tana[1]\t\n"));
        // The tab is escaped in the sentence text.
        assert!(tsv.contains("\n#Text=Health and «security» go together;\\tthe e-commerce"));
        // "e-com" ends inside "commerce": a sub-token carries its end.
        assert!(tsv.contains("\t-\t"), "{tsv}");
        let sub = tsv.lines().find(|l| l.contains(".1\t")).unwrap();
        assert!(sub.contains("\tcom\tICT[") && sub.contains("partial word["));
        // The note's quotes and line break.
        assert!(tsv.contains("crosses a \"line\" break\\nand has two lines[2]"));
    }

    #[test]
    fn sentences_run_from_their_first_token_to_their_last() {
        let t = Text::new("  Hi there. Bye!\n\n\te-mail\u{301} x\u{1F600}  ");
        let (sentences, tokens) = segment(&t);
        let slice = |(s, e): (usize, usize)| t.slice(s, e).unwrap().to_owned();
        assert_eq!(
            sentences.iter().map(|&r| slice(r)).collect::<Vec<_>>(),
            ["Hi there.", "Bye!", "e-mail\u{301} x\u{1F600}"]
        );
        assert_eq!((tokens[3].sentence, tokens[3].number), (2, 1));
    }

    #[test]
    fn escapes_values_and_text_as_the_format_says() {
        assert_eq!(
            escape_value("a\\b[c]|_;*->x\t\n-"),
            ("a\\\\b\\[c\\]\\|\\_\\;\\*\\->x\\t\\n-".to_owned(), false)
        );
        assert_eq!(escape_value("a\r\nb\rc"), ("a\\nb\\nc".to_owned(), true));
        assert_eq!(
            escape_text("a\tb\\c\u{1}d\u{b}e\r"),
            "a\\tb\\\\c\\\u{1}d\u{b}e\\r"
        );
    }

    #[test]
    fn whitespace_edges_stacks_and_gaps_are_reported() {
        use crate::model::{Edit, Project};
        let mut p = Project::with_default_codebook("x");
        let text = "One two.  Three\n\nfour";
        Edit::AddDocument {
            index: 0,
            document: Box::new(Document::new("d", "D", text)),
        }
        .apply(&mut p)
        .unwrap();
        let theme = p.themes()[0].id.clone();
        let label = p.themes()[0].label.clone();
        for (s, e, who) in [
            (3, 7, "a"),  // " two": starts in white space
            (8, 9, "a"),  // " ": white space only
            (0, 3, "a"),  // "One"
            (0, 3, "b"),  // "One" again: stacked with the one above
            (1, 2, "a"),  // "n": a sub-token
            (4, 15, "a"), // across the sentence break
        ] {
            Edit::AddSpan {
                doc: "d".into(),
                span: Span::new(s, e, &theme, who),
            }
            .apply(&mut p)
            .unwrap();
        }
        let (files, report) = run(&p);
        let kinds: Vec<_> = report
            .losses
            .iter()
            .map(|l| (l.kind, l.span.as_ref().map(|s| (s.0, s.1))))
            .collect();
        assert_eq!(
            kinds,
            [
                (GAPS, None),
                (NARROWED, Some((3, 7))),
                (LEFT_OUT, Some((8, 9))),
            ]
        );
        let tsv = std::str::from_utf8(&files[0].bytes).unwrap();
        let (_, read) = read(tsv);
        let got: Vec<_> = read
            .iter()
            .map(|r| (r.begin, r.end, r.values[2].clone()))
            .collect();
        assert_eq!(
            got,
            [
                (0, 3, "a".into()),
                (0, 3, "b".into()),
                (1, 2, "a".into()),
                (4, 7, "a".into()),
                (4, 15, "a".into()),
            ]
        );
        assert!(tsv.contains(&format!("1-1\t0-3\tOne\t{label}[1]|{label}[2]\t")));
        assert!(tsv.contains(&format!("1-1.1\t1-2\tn\t{label}\t*\ta\t\n")));
    }
}
