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
//! Attribute values escape `& < > "` and write line feeds, carriage
//! returns and tabs as character references, so that XML attribute-value
//! normalisation does not turn them into spaces. Characters XML 1.0
//! cannot hold at all (C0 controls other than those three, U+FFFE, U+FFFF)
//! are replaced by U+FFFD, which keeps every offset, and reported.

use super::export::{ExportError, ExportFile, ExportJob};
use super::xml::escape_attr;
use crate::model::{Document, Span};

/// The type of the spans.
pub const THEME_TYPE: &str = "webanno.custom.Theme";
/// DKPro Core's document metadata type, which INCEpTION knows.
pub const METADATA_TYPE: &str = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData";
/// The name of the type system file.
pub const TYPE_SYSTEM: &str = "TypeSystem.xml";

const NOT_XML: &str = "characters XML 1.0 cannot hold are replaced by U+FFFD";

/// `DOC.xmi` per selected document, then `TypeSystem.xml`.
pub fn export(job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    let mut files = job.file_per_document("xmi", document)?;
    files.push(ExportFile::new(TYPE_SYSTEM, type_system()));
    Ok(files)
}

/// The XMI of one document.
fn document(job: &mut ExportJob, doc: &Document, spans: &[&Span]) -> String {
    let text = doc.text();
    let len = text.len_chars();
    let utf16 = |c: usize| text.char_to_utf16(c).expect("offsets within the text");
    let attr = |job: &mut ExportJob, s: &str, span: Option<&Span>, what: &str| {
        let (escaped, replaced) = escape_attr(s);
        if replaced {
            job.lose(doc, span, NOT_XML, format!("in the {what}"));
        }
        escaped
    };

    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\" xmlns:cas=\"http:///uima/cas.ecore\" \
         xmlns:tcas=\"http:///uima/tcas.ecore\" \
         xmlns:type=\"http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore\" \
         xmlns:custom=\"http:///webanno/custom.ecore\" xmi:version=\"2.0\">\n\
         \x20 <cas:NULL xmi:id=\"0\"/>\n",
    );
    let sofa = attr(job, text.as_str(), None, "document text");
    out.push_str(&format!(
        "  <cas:Sofa xmi:id=\"1\" sofaNum=\"1\" sofaID=\"_InitialView\" mimeType=\"text\" \
         sofaString=\"{sofa}\"/>\n"
    ));
    let id = attr(job, &doc.id, None, "document id");
    let title = attr(job, &doc.title, None, "document title");
    out.push_str(&format!(
        "  <type:DocumentMetaData xmi:id=\"2\" sofa=\"1\" begin=\"0\" end=\"{}\" \
         documentTitle=\"{title}\" documentId=\"{id}\" isLastSegment=\"false\"/>\n",
        utf16(len)
    ));
    let mut members = vec![2];
    for span in spans {
        let xmi_id = members.len() + 2;
        members.push(xmi_id);
        let value = attr(job, job.label(span), Some(span), "theme label");
        out.push_str(&format!(
            "  <custom:Theme xmi:id=\"{xmi_id}\" sofa=\"1\" begin=\"{}\" end=\"{}\" value=\"{value}\"",
            utf16(span.start),
            utf16(span.end),
        ));
        for (name, v) in [("note", &span.note), ("annotator", &span.annotator)] {
            if !v.is_empty() {
                let v = attr(job, v, Some(span), name);
                out.push_str(&format!(" {name}=\"{v}\""));
            }
        }
        out.push_str("/>\n");
    }
    let members: Vec<String> = members.iter().map(|m| m.to_string()).collect();
    out.push_str(&format!(
        "  <cas:View sofa=\"1\" members=\"{}\"/>\n</xmi:XMI>\n",
        members.join(" ")
    ));
    out
}

/// The type system: the theme type and DKPro Core's `DocumentMetaData` as
/// DKPro Core declares it (so that it merges with INCEpTION's).
pub fn type_system() -> String {
    let feature = |name: &str, description: &str, range: &str| {
        format!(
            "        <featureDescription>\n\
             \x20         <name>{name}</name>\n\
             \x20         <description>{description}</description>\n\
             \x20         <rangeTypeName>{range}</rangeTypeName>\n\
             \x20       </featureDescription>\n"
        )
    };
    let ty = |name: &str, description: &str, supertype: &str, features: &[String]| {
        format!(
            "    <typeDescription>\n\
             \x20     <name>{name}</name>\n\
             \x20     <description>{description}</description>\n\
             \x20     <supertypeName>{supertype}</supertypeName>\n\
             \x20     <features>\n{}      </features>\n\
             \x20   </typeDescription>\n",
            features.concat()
        )
    };
    let string = "uima.cas.String";
    let metadata = ty(
        METADATA_TYPE,
        "Document metadata (DKPro Core).",
        "uima.tcas.DocumentAnnotation",
        &[
            feature(
                "documentTitle",
                "The human readable title of the document.",
                string,
            ),
            feature("documentId", "The id of the document.", string),
            feature("documentUri", "The URI of the document.", string),
            feature(
                "collectionId",
                "The ID of the whole document collection.",
                string,
            ),
            feature("documentBaseUri", "Base URI of the document.", string),
            feature(
                "isLastSegment",
                "Whether this is the last segment of a document.",
                "uima.cas.Boolean",
            ),
        ],
    );
    let theme = ty(
        THEME_TYPE,
        "A span of text tagged with a theme (Marginalia).",
        "uima.tcas.Annotation",
        &[
            feature("value", "The theme label.", string),
            feature("note", "The note on the span.", string),
            feature("annotator", "Who tagged the span.", string),
        ],
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <typeSystemDescription xmlns=\"http://uima.apache.org/resourceSpecifier\">\n\
         \x20 <name>Marginalia</name>\n\
         \x20 <description>Themes exported by Marginalia.</description>\n\
         \x20 <version>1.0</version>\n\
         \x20 <types>\n{metadata}{theme}  </types>\n\
         </typeSystemDescription>\n"
    )
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
                (NOT_XML, false, "in the document text"),
                (NOT_XML, true, "in the note")
            ]
        );
        let xml = std::str::from_utf8(&files[0].bytes).unwrap();
        let els = elements(xml);
        let theme = &els.iter().find(|e| e.0 == "custom:Theme").unwrap().1;
        assert_eq!((theme["begin"].as_str(), theme["end"].as_str()), ("2", "5"));
        assert_eq!(theme["note"], "bell\u{FFFD}");
        assert!(!theme.contains_key("annotator"));
    }
}
