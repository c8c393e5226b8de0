//! UIMA CAS XMI 1.0, as INCEpTION imports it: a folder with one `DOC.xmi`
//! per document and the `TypeSystem.xml` they share. Each span is a
//! `webanno.custom.Theme` annotation (supertype `uima.tcas.Annotation`)
//! with the string features `value` (the theme label), `note` and
//! `annotator`; offsets are UTF-16 code units, as in Java. Each document
//! also has DKPro Core's `DocumentMetaData` with its id and title.
//!
//! ```xml
//! <cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="…"/>
//! <custom:Theme xmi:id="3" sofa="1" begin="0" end="17" value="ICT" annotator="ana"/>
//! ```
//!
//! The XML is written by `formats::xml`'s `Writer`: attribute values escape
//! `& < > "` and write line feeds, carriage returns and tabs as character
//! references, so that XML attribute-value normalisation does not turn
//! them into spaces. Characters XML 1.0
//! cannot hold at all (C0 controls other than those three, U+FFFE, U+FFFF)
//! are replaced by U+FFFD, which keeps every offset, and reported.
//!
//! Relations are `webanno.custom.Relation` annotations, as INCEpTION's
//! relation layers are: `Governor` (the `from` span) and `Dependent` (the
//! `to` span) reference the two `custom:Theme` annotations by `xmi:id`,
//! `begin`/`end` are the dependent's (INCEpTION's convention), and the
//! string features `value` (the type label), `note` and `annotator` say the
//! rest. `TypeSystem.xml` declares the type only when the project has
//! relation types, so an export without them is unchanged. Undirected
//! relations are written from the earlier span, and reported.
//!
//! ```xml
//! <custom:Relation xmi:id="12" sofa="1" begin="62" end="93" Governor="4" Dependent="7" value="causes"/>
//! ```

use super::export::{ExportError, ExportFile, ExportJob, NOT_XML_CHARS};
use super::export_relations::{exported_from, lose_direction};
use super::xml::{Writer, xml_chars};
use crate::model::{Document, Span};

/// The type of the spans.
pub const THEME_TYPE: &str = "webanno.custom.Theme";
/// The type of the relations between spans.
pub const RELATION_TYPE: &str = "webanno.custom.Relation";
/// DKPro Core's document metadata type, which INCEpTION knows.
pub const METADATA_TYPE: &str = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData";
/// The name of the type system file.
pub const TYPE_SYSTEM: &str = "TypeSystem.xml";

/// `DOC.xmi` per selected document, then `TypeSystem.xml`.
pub fn export(job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    let mut files = job.file_per_document("xmi", document)?;
    let types = if job.project.relation_types().is_empty() {
        type_system()
    } else {
        type_system_with_relations()
    };
    files.push(ExportFile::new(TYPE_SYSTEM, types));
    Ok(files)
}

/// The XMI of one document.
fn document<'p>(job: &mut ExportJob<'p>, doc: &'p Document, spans: &[&'p Span]) -> String {
    let text = doc.text();
    let len = text.len_chars();
    let utf16 = |c: usize| {
        text.char_to_utf16(c)
            .expect("offsets within the text")
            .to_string()
    };
    // The value as XML can hold it; a replacement is reported.
    let value = |job: &mut ExportJob, s: &str, span: Option<&Span>, what: &str| {
        let chars = xml_chars(s);
        if chars != s {
            job.lose(doc, span, NOT_XML_CHARS, format!("in the {what}"));
        }
        chars.into_owned()
    };

    let mut x = Writer::new();
    x.open(
        "xmi:XMI",
        &[
            ("xmlns:xmi", "http://www.omg.org/XMI".into()),
            ("xmlns:cas", "http:///uima/cas.ecore".into()),
            ("xmlns:tcas", "http:///uima/tcas.ecore".into()),
            (
                "xmlns:type",
                "http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore".into(),
            ),
            ("xmlns:custom", "http:///webanno/custom.ecore".into()),
            ("xmi:version", "2.0".into()),
        ],
    );
    x.empty("cas:NULL", &[("xmi:id", "0".into())]);
    let sofa = value(job, text.as_str(), None, "document text");
    x.empty(
        "cas:Sofa",
        &[
            ("xmi:id", "1".into()),
            ("sofaNum", "1".into()),
            ("sofaID", "_InitialView".into()),
            ("mimeType", "text".into()),
            ("sofaString", sofa),
        ],
    );
    let id = value(job, &doc.id, None, "document id");
    let title = value(job, &doc.title, None, "document title");
    x.empty(
        "type:DocumentMetaData",
        &[
            ("xmi:id", "2".into()),
            ("sofa", "1".into()),
            ("begin", "0".into()),
            ("end", utf16(len)),
            ("documentTitle", title),
            ("documentId", id),
            ("isLastSegment", "false".into()),
        ],
    );
    let mut members = vec![2];
    for span in spans {
        let xmi_id = members.len() + 2;
        members.push(xmi_id);
        let label = value(job, &job.label(span), Some(span), "theme label");
        let mut attrs = vec![
            ("xmi:id", xmi_id.to_string()),
            ("sofa", "1".into()),
            ("begin", utf16(span.start)),
            ("end", utf16(span.end)),
            ("value", label),
        ];
        for (name, v) in [("note", &span.note), ("annotator", &span.annotator)] {
            if !v.is_empty() {
                attrs.push((name, value(job, v, Some(span), name)));
            }
        }
        x.empty("custom:Theme", &attrs);
    }
    // Span k has xmi:id k + 3.
    for r in exported_from(job, doc, spans) {
        lose_direction(job, doc, &r, "UIMA XMI");
        let xmi_id = members.len() + 2;
        members.push(xmi_id);
        let dependent = spans[r.to];
        let label = value(job, r.label(), Some(dependent), "relation type label");
        let mut attrs = vec![
            ("xmi:id", xmi_id.to_string()),
            ("sofa", "1".into()),
            ("begin", utf16(dependent.start)),
            ("end", utf16(dependent.end)),
            ("Governor", (r.from + 3).to_string()),
            ("Dependent", (r.to + 3).to_string()),
            ("value", label),
        ];
        for (name, v) in [
            ("note", &r.relation.note),
            ("annotator", &r.relation.annotator),
        ] {
            if !v.is_empty() {
                attrs.push((name, value(job, v, Some(dependent), name)));
            }
        }
        x.empty("custom:Relation", &attrs);
    }
    let members: Vec<String> = members.iter().map(|m| m.to_string()).collect();
    x.empty(
        "cas:View",
        &[("sofa", "1".into()), ("members", members.join(" "))],
    );
    x.close("xmi:XMI");
    x.finish()
}

/// The type system: the theme type and DKPro Core's `DocumentMetaData` as
/// DKPro Core declares it (so that it merges with INCEpTION's).
pub fn type_system() -> String {
    types(false)
}

/// [`type_system`] with the relation type too.
pub fn type_system_with_relations() -> String {
    types(true)
}

fn types(relations: bool) -> String {
    let feature = |x: &mut Writer, name: &str, description: &str, range: &str| {
        x.open("featureDescription", &[]);
        x.leaf("name", name);
        x.leaf("description", description);
        x.leaf("rangeTypeName", range);
        x.close("featureDescription");
    };
    let ty = |x: &mut Writer,
              name: &str,
              description: &str,
              supertype: &str,
              features: &[(&str, &str, &str)]| {
        x.open("typeDescription", &[]);
        x.leaf("name", name);
        x.leaf("description", description);
        x.leaf("supertypeName", supertype);
        x.open("features", &[]);
        for (name, description, range) in features {
            feature(x, name, description, range);
        }
        x.close("features");
        x.close("typeDescription");
    };
    let string = "uima.cas.String";
    let mut x = Writer::new();
    x.open(
        "typeSystemDescription",
        &[("xmlns", "http://uima.apache.org/resourceSpecifier".into())],
    );
    x.leaf("name", "Marginalia");
    x.leaf("description", "Themes exported by Marginalia.");
    x.leaf("version", "1.0");
    x.open("types", &[]);
    ty(
        &mut x,
        METADATA_TYPE,
        "Document metadata (DKPro Core).",
        "uima.tcas.DocumentAnnotation",
        &[
            (
                "documentTitle",
                "The human readable title of the document.",
                string,
            ),
            ("documentId", "The id of the document.", string),
            ("documentUri", "The URI of the document.", string),
            (
                "collectionId",
                "The ID of the whole document collection.",
                string,
            ),
            ("documentBaseUri", "Base URI of the document.", string),
            (
                "isLastSegment",
                "Whether this is the last segment of a document.",
                "uima.cas.Boolean",
            ),
        ],
    );
    ty(
        &mut x,
        THEME_TYPE,
        "A span of text tagged with a theme (Marginalia).",
        "uima.tcas.Annotation",
        &[
            ("value", "The theme label.", string),
            ("note", "The note on the span.", string),
            ("annotator", "Who tagged the span.", string),
        ],
    );
    if relations {
        ty(
            &mut x,
            RELATION_TYPE,
            "A relation between two spans (Marginalia).",
            "uima.tcas.Annotation",
            &[
                ("Governor", "The span the relation goes from.", THEME_TYPE),
                ("Dependent", "The span the relation goes to.", THEME_TYPE),
                ("value", "The relation type label.", string),
                ("note", "The note on the relation.", string),
                ("annotator", "Who made the relation.", string),
            ],
        );
    }
    x.close("types");
    x.close("typeSystemDescription");
    x.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::export::ExportReport;
    use crate::formats::fixture;
    use crate::model::Project;
    use quick_xml::events::Event;
    use std::collections::HashMap;

    fn run(project: &Project) -> (Vec<ExportFile>, ExportReport) {
        fixture::export_default(project, crate::formats::Format::Xmi)
    }

    /// The elements of an XML document (qualified name and normalised
    /// attribute values), read with quick-xml.
    fn elements(xml: &str) -> Vec<(String, HashMap<String, String>)> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut out = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) | Event::Empty(e) => {
                    let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                    let attrs = e
                        .attributes()
                        .map(|a| {
                            let a = a.unwrap();
                            let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                            // XML attribute-value normalisation: literal
                            // white space becomes a space, then references
                            // are expanded.
                            let raw = std::str::from_utf8(&a.value)
                                .unwrap()
                                .replace(['\t', '\n', '\r'], " ");
                            let value = quick_xml::escape::unescape(&raw).map(|v| v.into_owned());
                            (key, value.unwrap())
                        })
                        .collect();
                    out.push((name, attrs));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    #[test]
    fn fixture_spans_slice_back_in_utf16_with_their_features() {
        let p = fixture::project();
        let (files, report) = run(&p);
        let names: Vec<_> = files.iter().map(|f| f.path.to_str().unwrap()).collect();
        assert_eq!(names, ["statement.xmi", "second.xmi", TYPE_SYSTEM]);
        for (doc, file) in p.documents().iter().zip(&files) {
            let xml = std::str::from_utf8(&file.bytes).unwrap();
            let els = elements(xml);
            let sofa = &els.iter().find(|e| e.0 == "cas:Sofa").unwrap().1;
            // \n, \r (none here) and \t survive attribute normalisation.
            assert_eq!(sofa["sofaString"], doc.text().as_str());
            let units: Vec<u16> = sofa["sofaString"].encode_utf16().collect();
            let meta = &els
                .iter()
                .find(|e| e.0 == "type:DocumentMetaData")
                .unwrap()
                .1;
            assert_eq!(meta["documentId"], doc.id);
            assert_eq!(meta["documentTitle"], doc.title);
            assert_eq!(meta["end"], units.len().to_string());
            let themes: Vec<_> = els.iter().filter(|e| e.0 == "custom:Theme").collect();
            assert_eq!(themes.len(), doc.spans().len());
            for ((_, a), s) in themes.iter().zip(doc.spans().spans()) {
                let (b, e): (usize, usize) =
                    (a["begin"].parse().unwrap(), a["end"].parse().unwrap());
                assert_eq!(
                    String::from_utf16(&units[b..e]).unwrap(),
                    doc.span_text(s).unwrap()
                );
                assert_eq!(a["value"], p.theme(&s.theme).unwrap().label);
                assert_eq!(a.get("note").map_or("", String::as_str), s.note);
                assert_eq!(a.get("annotator").map_or("", String::as_str), s.annotator);
            }
            // The view holds the metadata and every theme.
            let view = &els.iter().find(|e| e.0 == "cas:View").unwrap().1;
            assert_eq!(view["members"].split(' ').count(), 1 + doc.spans().len());
        }
        assert_eq!(report.losses, []);
        let ts = std::str::from_utf8(&files[2].bytes).unwrap();
        let names: Vec<_> = elements(ts).into_iter().map(|e| e.0).collect();
        assert_eq!(names.iter().filter(|n| *n == "typeDescription").count(), 2);
        assert!(ts.contains("<name>webanno.custom.Theme</name>"));
    }

    #[test]
    fn characters_xml_cannot_hold_are_replaced_and_reported() {
        use crate::model::Edit;
        let mut p = Project::with_default_codebook("x");
        Edit::AddDocument {
            index: 0,
            document: Box::new(Document::new("d", "D", "a\u{1}b c")),
        }
        .apply(&mut p)
        .unwrap();
        let theme = p.themes()[0].id.clone();
        Edit::AddSpan {
            doc: "d".into(),
            span: Span::new(2, 5, &theme, "").with_note("bell\u{7}"),
        }
        .apply(&mut p)
        .unwrap();
        let (files, report) = run(&p);
        let kinds: Vec<_> = report
            .losses
            .iter()
            .map(|l| (l.kind, l.span.is_some(), l.detail.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (NOT_XML_CHARS, false, "in the document text"),
                (NOT_XML_CHARS, true, "in the note")
            ]
        );
        let xml = std::str::from_utf8(&files[0].bytes).unwrap();
        let els = elements(xml);
        let theme = &els.iter().find(|e| e.0 == "custom:Theme").unwrap().1;
        assert_eq!((theme["begin"].as_str(), theme["end"].as_str()), ("2", "5"));
        assert_eq!(theme["note"], "bell\u{FFFD}");
        assert!(!theme.contains_key("annotator"));
    }

    #[test]
    fn relations_reference_their_governor_and_dependent_and_cover_the_dependent() {
        let p = crate::formats::relations_fixture::project();
        let (files, _) = run(&p);
        let xmi = std::str::from_utf8(&files[0].bytes).unwrap();
        let els = elements(xmi);
        let by_id: HashMap<&str, &HashMap<String, String>> = els
            .iter()
            .filter_map(|(_, a)| a.get("xmi:id").map(|id| (id.as_str(), a)))
            .collect();
        let relations: Vec<_> = els
            .iter()
            .filter(|(n, _)| n == "custom:Relation")
            .map(|(_, a)| a)
            .collect();
        assert_eq!(relations.len(), 3);
        for r in &relations {
            let end = |k: &str| by_id[r[k].as_str()];
            let dependent = end("Dependent");
            assert!(end("Governor").contains_key("value"));
            assert_eq!(
                (&r["begin"], &r["end"]),
                (&dependent["begin"], &dependent["end"])
            );
            let members = &els.iter().find(|(n, _)| n == "cas:View").unwrap().1["members"];
            assert!(members.split(' ').any(|m| m == r["xmi:id"]));
        }
        let types = std::str::from_utf8(&files.last().unwrap().bytes).unwrap();
        assert!(types.contains("<name>webanno.custom.Relation</name>"));
        assert!(types.contains("<name>Governor</name>"));
        let (plain, _) = run(&fixture::project());
        let plain_types = std::str::from_utf8(&plain.last().unwrap().bytes).unwrap();
        assert_eq!(plain_types, type_system());
        assert!(!plain_types.contains(RELATION_TYPE));
    }
}
