//! W3C Web Annotation Data Model (JSON-LD, Recommendation of 23 February
//! 2017): one file, `export.jsonld`, an `AnnotationCollection` labelled
//! with the project name whose embedded first `AnnotationPage` holds one
//! `Annotation` per span.
//!
//! ```json
//! {"id": "urn:uuid:…", "type": "Annotation", "motivation": "tagging",
//!  "creator": {"type": "Person", "name": "ana"},
//!  "body": [{"type": "TextualBody", "value": "Health", "purpose": "tagging"},
//!           {"type": "TextualBody", "value": "a note", "purpose": "commenting"}],
//!  "target": {"source": {"id": "urn:marginalia:doc:statement", "type": "Text",
//!                        "format": "text/plain", "label": "Statement"},
//!             "selector": [{"type": "TextPositionSelector", "start": 0, "end": 6},
//!                          {"type": "TextQuoteSelector", "exact": "Health",
//!                           "prefix": "…", "suffix": "…"}]}}
//! ```
//!
//! Choices, each within the standard vocabulary of
//! `http://www.w3.org/ns/anno.jsonld`:
//!
//! - **Offsets are code points.** The model (§4.2.4) says selections "MUST
//!   be in terms of unicode code points ... not in terms of code units",
//!   counted in the normalised text. Marginalia's text is that text: line
//!   endings are already `\n` (a CRLF source file counts one character
//!   per line break, not two).
//! - **Two selectors per target**, a `TextPositionSelector` and a
//!   `TextQuoteSelector` (`exact`, plus `prefix` and `suffix` of up to 32
//!   code points, left out when empty); the model says several selectors
//!   of one target describe the same segment, so a reader may use either.
//! - **The label** is a `TextualBody` with purpose `tagging`, and the
//!   annotation's motivation is `tagging`. **A note** is a second
//!   `TextualBody` with purpose `commenting`. **The annotator** is the
//!   `creator`, a `Person` with a `name` (no creator when the span has no
//!   annotator).
//! - **The document** is `target.source`: an external resource of type
//!   `Text`, format `text/plain`, whose `label` (rdfs:label) is the title
//!   and whose IRI is `urn:marginalia:doc:` plus the document id,
//!   percent-encoded (an informal, unregistered URN namespace chosen so that
//!   the id reads back). The texts themselves are not included: the model
//!   has no place for a target's full text.
//! - **Ids are stable**: each annotation's is a `urn:uuid:` made from the
//!   SHA-256 of the document id and the span's key (start, end, theme id,
//!   annotator), as an RFC 9562 version 8 UUID, so exporting the same
//!   project twice gives the same file; the collection's and page's come
//!   from the project name and the exported document ids. No timestamps.
//!
//! Everything a span has is carried, so the export reports no losses.

use serde::Serialize;

use super::export::{ExportError, ExportFile, ExportJob};
use super::ids::stable_id;
use crate::model::{Document, Span};

/// The JSON-LD context of the Web Annotation vocabulary.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// How many code points of context `prefix` and `suffix` carry.
pub const CONTEXT_CHARS: usize = 32;

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: &'a str,
    total: usize,
    first: Page<'a>,
}

#[derive(Serialize)]
struct Page<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Annotation<'a>>,
}

#[derive(Serialize)]
struct Annotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<Creator<'a>>,
    body: Vec<Body<'a>>,
    target: Target<'a>,
}

#[derive(Serialize)]
struct Creator<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    value: std::borrow::Cow<'a, str>,
    purpose: &'static str,
}

#[derive(Serialize)]
struct Target<'a> {
    source: Source<'a>,
    selector: [Selector<'a>; 2],
}

#[derive(Serialize)]
struct Source<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    format: &'static str,
    label: &'a str,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Selector<'a> {
    TextPositionSelector {
        start: usize,
        end: usize,
    },
    TextQuoteSelector {
        exact: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        prefix: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        suffix: &'a str,
    },
}

/// One file, `export.jsonld`.
pub fn export(job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    let mut items = Vec::with_capacity(job.report.spans);
    for i in 0..job.docs.len() {
        let (doc, spans) = (job.docs[i].0, &job.docs[i].1);
        for span in spans {
            items.push(annotation(doc, span, job.label(span)));
        }
        job.advance()?;
    }
    let name = job.project.name();
    // Collection and page: the project name and the exported documents.
    let mut parts: Vec<&str> = vec!["collection", name];
    parts.extend(job.docs.iter().map(|(d, _)| d.id.as_str()));
    let collection_id = uuid_urn(&parts);
    parts[0] = "page";
    parts.push("0");
    let collection = Collection {
        context: CONTEXT,
        id: collection_id,
        kind: "AnnotationCollection",
        label: name,
        total: items.len(),
        first: Page {
            id: uuid_urn(&parts),
            kind: "AnnotationPage",
            start_index: 0,
            items,
        },
    };
    let mut out = serde_json::to_string_pretty(&collection)
        .map_err(|e| ExportError::Encode(e.to_string()))?;
    out.push('\n');
    Ok(vec![ExportFile::new("export.jsonld", out)])
}

fn annotation<'a>(
    doc: &'a Document,
    span: &'a Span,
    label: std::borrow::Cow<'a, str>,
) -> Annotation<'a> {
    let text = doc.text();
    let slice = |s: usize, e: usize| text.slice(s, e).unwrap_or_default();
    let mut body = vec![Body {
        kind: "TextualBody",
        value: label,
        purpose: "tagging",
    }];
    if !span.note.is_empty() {
        body.push(Body {
            kind: "TextualBody",
            value: std::borrow::Cow::Borrowed(&span.note),
            purpose: "commenting",
        });
    }
    let end_of_suffix = (span.end + CONTEXT_CHARS).min(text.len_chars());
    Annotation {
        id: uuid_urn(&[
            "annotation",
            &doc.id,
            &span.start.to_string(),
            &span.end.to_string(),
            &span.theme,
            &span.annotator,
        ]),
        kind: "Annotation",
        motivation: "tagging",
        creator: (!span.annotator.is_empty()).then_some(Creator {
            kind: "Person",
            name: &span.annotator,
        }),
        body,
        target: Target {
            source: Source {
                id: document_iri(&doc.id),
                kind: "Text",
                format: "text/plain",
                label: &doc.title,
            },
            selector: [
                Selector::TextPositionSelector {
                    start: span.start,
                    end: span.end,
                },
                Selector::TextQuoteSelector {
                    exact: slice(span.start, span.end),
                    prefix: slice(span.start.saturating_sub(CONTEXT_CHARS), span.start),
                    suffix: slice(span.end, end_of_suffix),
                },
            ],
        },
    }
}

/// The IRI a document is the source of targets under:
/// `urn:marginalia:doc:` and the id with every byte outside ASCII letters,
/// digits and `-._~` percent-encoded.
pub fn document_iri(id: &str) -> String {
    let mut out = String::from("urn:marginalia:doc:");
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `urn:uuid:` id for `parts` (see [`stable_id`]).
fn uuid_urn(parts: &[&str]) -> String {
    stable_id("marginalia w3c", parts).urn().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{ExportOptions, fixture};
    use serde_json::Value;

    fn exported(options: &ExportOptions) -> (Value, super::super::ExportReport) {
        let p = fixture::project();
        let mut job = ExportJob::new(&p, options, Default::default()).unwrap();
        let files = export(&mut job).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path.to_str(), Some("export.jsonld"));
        (serde_json::from_slice(&files[0].bytes).unwrap(), job.report)
    }

    /// The code points of `s` from `start` to `end`, independently of `Text`.
    fn chars(s: &str, start: usize, end: usize) -> String {
        s.chars().skip(start).take(end - start).collect()
    }

    #[test]
    fn every_selector_slices_back_to_the_span_and_nothing_is_lost() {
        let p = fixture::project();
        let (json, report) = exported(&ExportOptions::default());
        assert_eq!(report.losses, []);
        assert_eq!(json["@context"], CONTEXT);
        assert_eq!(json["type"], "AnnotationCollection");
        assert_eq!(json["label"], "Fixture «formats»");
        assert_eq!(json["total"], 10);
        let items = json["first"]["items"].as_array().unwrap();
        assert_eq!(json["first"]["type"], "AnnotationPage");
        assert_eq!(items.len(), 10);
        let mut i = 0;
        for d in p.documents() {
            let text = d.text().as_str();
            let n = text.chars().count();
            for s in d.spans().spans() {
                let a = &items[i];
                i += 1;
                assert_eq!(a["type"], "Annotation");
                assert_eq!(a["motivation"], "tagging");
                assert_eq!(
                    a["target"]["source"]["id"],
                    format!("urn:marginalia:doc:{}", d.id)
                );
                assert_eq!(a["target"]["source"]["label"], d.title.as_str());
                let [pos, quote] = a["target"]["selector"].as_array().unwrap().as_slice() else {
                    panic!("two selectors")
                };
                assert_eq!(pos["type"], "TextPositionSelector");
                let (start, end) = (
                    pos["start"].as_u64().unwrap() as usize,
                    pos["end"].as_u64().unwrap() as usize,
                );
                assert_eq!((start, end), (s.start, s.end));
                assert_eq!(quote["type"], "TextQuoteSelector");
                assert_eq!(quote["exact"], chars(text, start, end));
                assert_eq!(quote["exact"], d.span_text(s).unwrap());
                let prefix = chars(text, start.saturating_sub(32), start);
                let suffix = chars(text, end, (end + 32).min(n));
                assert_eq!(quote["prefix"].as_str().unwrap_or(""), prefix);
                assert_eq!(quote["suffix"].as_str().unwrap_or(""), suffix);
                assert_eq!(quote.get("prefix").is_some(), !prefix.is_empty());
                let body = a["body"].as_array().unwrap();
                assert_eq!(body[0]["type"], "TextualBody");
                assert_eq!(body[0]["purpose"], "tagging");
                assert_eq!(body[0]["value"], p.theme(&s.theme).unwrap().label.as_str());
                if s.note.is_empty() {
                    assert_eq!(body.len(), 1);
                } else {
                    assert_eq!(body[1]["purpose"], "commenting");
                    assert_eq!(body[1]["value"], s.note.as_str());
                }
                assert_eq!(a["creator"]["type"], "Person");
                assert_eq!(a["creator"]["name"], s.annotator.as_str());
            }
        }
        // The first span starts the document: no prefix.
        assert!(items[0]["target"]["selector"][1].get("prefix").is_none());
    }

    #[test]
    fn ids_are_stable_unique_uuids() {
        let (a, _) = exported(&ExportOptions::default());
        let (b, _) = exported(&ExportOptions::default());
        assert_eq!(a, b);
        let mut ids: Vec<&str> = a["first"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap())
            .collect();
        ids.push(a["id"].as_str().unwrap());
        ids.push(a["first"]["id"].as_str().unwrap());
        for id in &ids {
            let u = id.strip_prefix("urn:uuid:").unwrap();
            assert_eq!(u.len(), 36);
            assert_eq!(&u[14..15], "8", "version 8: {u}");
            assert!("89ab".contains(&u[19..20]), "variant: {u}");
        }
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
        // Another selection is another collection.
        let (c, _) = exported(&ExportOptions {
            docs: vec!["second".into()],
            ..Default::default()
        });
        assert_ne!(c["id"], a["id"]);
        assert_eq!(c["total"], 2);
    }

    #[test]
    fn spans_without_annotator_have_no_creator_and_iris_are_encoded() {
        let mut p = crate::model::Project::with_default_codebook("p");
        crate::model::Edit::AddDocument {
            index: 0,
            document: Box::new(crate::model::Document::new("a b/ü", "T", "hello")),
        }
        .apply(&mut p)
        .unwrap();
        crate::model::Edit::AddSpan {
            doc: "a b/ü".into(),
            span: Span::new(0, 5, "health", ""),
        }
        .apply(&mut p)
        .unwrap();
        let options = ExportOptions::default();
        let mut job = ExportJob::new(&p, &options, Default::default()).unwrap();
        let json: Value = serde_json::from_slice(&export(&mut job).unwrap()[0].bytes).unwrap();
        let a = &json["first"]["items"][0];
        assert!(a.get("creator").is_none());
        assert_eq!(
            a["target"]["source"]["id"],
            "urn:marginalia:doc:a%20b%2F%C3%BC"
        );
        let q = &a["target"]["selector"][1];
        assert_eq!(q["exact"], "hello");
        assert!(q.get("prefix").is_none() && q.get("suffix").is_none());
    }
}
