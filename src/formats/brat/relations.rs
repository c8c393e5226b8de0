//! brat relations: `R` lines between `T` lines, their types under
//! `[relations]` in `annotation.conf`, and span memos as `AnnotatorNotes`
//! (see the module documentation of [`super`]).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::escape_note;
use super::export::type_name;
use crate::formats::export::ExportJob;
use crate::formats::export_relations::{Exported, lose_relation_annotator};
use crate::model::{Memo, MemoLink, RelationType, SpanRef};

/// The brat name of every relation type, none equal to an entity type.
pub(super) struct RelationNames {
    /// (type id, brat name), codebook order.
    list: Vec<(String, String)>,
}

impl RelationNames {
    /// Names for the codebook's relation types, avoiding `taken` (the
    /// entity types), with `_2`, `_3` added on a clash.
    pub fn new(types: &[RelationType], taken: impl IntoIterator<Item = String>) -> Self {
        let mut taken: HashSet<String> = taken.into_iter().collect();
        let list = types
            .iter()
            .map(|t| {
                let base = type_name(&t.label);
                let mut name = base.clone();
                let mut n = 2;
                while !taken.insert(name.clone()) {
                    name = format!("{base}_{n}");
                    n += 1;
                }
                (t.id.clone(), name)
            })
            .collect();
        RelationNames { list }
    }

    /// The brat name of type `id` (the id made safe if the codebook lacks it).
    pub fn of(&self, id: &str) -> String {
        self.list
            .iter()
            .find(|(i, _)| i == id)
            .map_or_else(|| type_name(id), |(_, n)| n.clone())
    }

    /// (brat name, label) of every type, for `visual.conf`.
    pub fn labels<'a>(&'a self, types: &'a [RelationType]) -> Vec<(&'a str, &'a str)> {
        self.list
            .iter()
            .zip(types)
            .map(|((_, name), t)| (name.as_str(), t.label.as_str()))
            .collect()
    }

    /// The `[relations]` lines: `Name<TAB>Arg1:<ENTITY>, Arg2:<ENTITY>`, the
    /// ends narrowed to the entity types of the themes a type allows
    /// there, and `<REL-TYPE>:symmetric` for an undirected type.
    pub fn conf(&self, types: &[RelationType], entity_of_theme: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        let end = |themes: &[String]| {
            if themes.is_empty() {
                "<ENTITY>".to_owned()
            } else {
                let names: Vec<String> = themes.iter().map(|t| entity_of_theme(t)).collect();
                names.join("|")
            }
        };
        for ((_, name), t) in self.list.iter().zip(types) {
            let _ = write!(
                out,
                "{name}\tArg1:{}, Arg2:{}",
                end(&t.from_themes),
                end(&t.to_themes)
            );
            if !t.directed {
                out.push_str(", <REL-TYPE>:symmetric");
            }
            out.push('\n');
        }
        out
    }
}

/// Writes the `R` lines of one document (and a note on each relation that
/// has one) after its `T` lines. `tids[k]` is the `T` number of the
/// `k`-th exported span, `None` if it was not written.
pub(super) fn write_relations(
    job: &mut ExportJob,
    doc_index: usize,
    relations: &[Exported],
    tids: &[Option<usize>],
    names: &RelationNames,
    notes: &mut usize,
    ann: &mut String,
) {
    let doc = job.docs[doc_index].0;
    let mut r = 0;
    for rel in relations {
        let (Some(a), Some(b)) = (tids[rel.from], tids[rel.to]) else {
            job.lose(
                doc,
                Some(&rel.relation.from.to_span()),
                "relations with an end that is not exported are left out",
                format!("relation {:?}: an end has no T line", rel.label()),
            );
            continue;
        };
        lose_relation_annotator(job, doc, rel, "brat");
        r += 1;
        let _ = writeln!(
            ann,
            "R{r}\t{} Arg1:T{a} Arg2:T{b}",
            names.of(&rel.relation.kind)
        );
        if !rel.relation.note.is_empty() {
            *notes += 1;
            let _ = writeln!(
                ann,
                "#{notes}\tAnnotatorNotes R{r}\t{}",
                escape_note(&rel.relation.note)
            );
        }
    }
}

/// The memos linked to each span of document `doc`, by span.
pub(super) fn span_memos<'p>(memos: &'p [Memo], doc: &str) -> HashMap<&'p SpanRef, Vec<&'p Memo>> {
    let mut out: HashMap<&SpanRef, Vec<&Memo>> = HashMap::new();
    for m in memos {
        for link in &m.links {
            if let MemoLink::Span { doc: d, span } = link
                && d == doc
            {
                out.entry(span).or_default().push(m);
            }
        }
    }
    out
}

/// A span memo as the text of an `AnnotatorNotes` line:
/// `Memo "TITLE" (AUTHOR): TEXT`, escaped like a note.
pub(super) fn memo_note(memo: &Memo) -> String {
    escape_note(&format!(
        "Memo {:?} ({}): {}",
        memo.title, memo.author, memo.text
    ))
}

/// A relation type declared under `[relations]`: its name and whether it
/// goes one way.
pub(super) fn parse_conf_line(line: &str) -> Option<(String, bool)> {
    let line = line.trim();
    if line.starts_with('<') || line.starts_with('!') {
        return None;
    }
    let (name, args) = line.split_once(char::is_whitespace)?;
    let symmetric = args.split(',').any(|a| {
        a.trim()
            .strip_prefix("<REL-TYPE>:")
            .is_some_and(|v| v.trim().starts_with("symmetric"))
    });
    Some((name.to_owned(), !symmetric))
}

/// An `R` line's body (`Type Arg1:T1 Arg2:T2`, a trailing tab allowed):
/// the type and the two argument ids, or why it is malformed.
pub(super) fn parse_r_line(id: &str, rest: &str) -> Result<(String, String, String), String> {
    let parts: Vec<&str> = rest.split_whitespace().collect();
    let malformed =
        || format!("{id}: expected TYPE Arg1:T… Arg2:T…, found {rest:?}; relation not imported");
    let [ty, a, b] = parts[..] else {
        return Err(malformed());
    };
    let arg = |s: &str| {
        s.split_once(':')
            .map(|(_, t)| t.to_owned())
            .filter(|t| !t.is_empty())
    };
    match (arg(a), arg(b)) {
        (Some(a), Some(b)) => Ok((ty.to_owned(), a, b)),
        _ => Err(malformed()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Color;

    #[test]
    fn conf_lines_narrow_the_ends_to_allowed_themes_and_mark_undirected_types() {
        let mut located = RelationType::new("in", "located in", Color::rgb(1, 2, 3));
        located.from_themes = vec!["health".into(), "trade".into()];
        let mut near = RelationType::new("near", "ICT", Color::rgb(1, 2, 3));
        near.directed = false;
        let types = [located, near];
        // "ICT" is taken by an entity type: the relation type becomes ICT_2.
        let names = RelationNames::new(&types, ["ICT".to_owned()]);
        let conf = names.conf(&types, |theme| theme.to_uppercase());
        assert_eq!(
            conf,
            "located_in\tArg1:HEALTH|TRADE, Arg2:<ENTITY>\n\
             ICT_2\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric\n"
        );
        assert_eq!(names.of("near"), "ICT_2");
    }

    #[test]
    fn conf_and_r_lines_are_read_as_brat_writes_them() {
        assert_eq!(
            parse_conf_line("Equiv Arg1:Protein, Arg2:Protein, <REL-TYPE>:symmetric-transitive"),
            Some(("Equiv".into(), false))
        );
        assert_eq!(
            parse_conf_line("Located\tArg1:Person, Arg2:GPE"),
            Some(("Located".into(), true))
        );
        assert_eq!(parse_conf_line("<OVERLAP> Arg1:<ENTITY>"), None);
        assert_eq!(
            parse_r_line("R1", "Origin Arg1:T3 Arg2:T4\t"),
            Ok(("Origin".into(), "T3".into(), "T4".into()))
        );
        assert_eq!(
            parse_r_line("R2", "Origin Arg1: Arg2:T4"),
            Err("R2: expected TYPE Arg1:T… Arg2:T…, found \"Origin Arg1: Arg2:T4\"; relation not imported".into())
        );
    }
}
