//! The data model: a project is a codebook of themes and documents whose
//! spans refer to those themes. Pure data and queries; all changes go
//! through [`Edit`](super::edit::Edit).

use std::collections::BTreeSet;

use super::document::Document;
use super::memo::{Memo, MemoLink};
use super::relation::RelationType;
use super::theme::{Theme, default_codebook};

/// An annotation project: name, codebook (themes and relation types),
/// documents and memos.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    pub(crate) name: String,
    pub(crate) themes: Vec<Theme>,
    /// Format 2: the kinds of relation between spans, in display order.
    pub(crate) relation_types: Vec<RelationType>,
    pub(crate) documents: Vec<Document>,
    /// Format 2: memos, in the order they were added.
    pub(crate) memos: Vec<Memo>,
}

impl Project {
    /// An empty project with the given name and codebook.
    pub fn new(name: impl Into<String>, themes: Vec<Theme>) -> Self {
        Project {
            name: name.into(),
            themes,
            relation_types: Vec::new(),
            documents: Vec::new(),
            memos: Vec::new(),
        }
    }

    /// A new project with the default codebook.
    pub fn with_default_codebook(name: impl Into<String>) -> Self {
        Project::new(name, default_codebook())
    }

    /// Project name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The codebook in display order.
    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    /// Documents in display order.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// The relation types of the codebook, in display order.
    pub fn relation_types(&self) -> &[RelationType] {
        &self.relation_types
    }

    /// Relation type by id.
    pub fn relation_type(&self, id: &str) -> Option<&RelationType> {
        self.relation_types.iter().find(|t| t.id == id)
    }

    /// Memos, in the order they were added.
    pub fn memos(&self) -> &[Memo] {
        &self.memos
    }

    /// Memo by id.
    pub fn memo(&self, id: &str) -> Option<&Memo> {
        self.memos.iter().find(|m| m.id == id)
    }

    /// The memos linked to `link`, in project order.
    pub fn memos_linked_to<'a>(
        &'a self,
        link: &'a MemoLink,
    ) -> impl Iterator<Item = &'a Memo> + 'a {
        self.memos.iter().filter(move |m| m.links_to(link))
    }

    /// Total number of relations over all documents.
    pub fn relation_count(&self) -> usize {
        self.documents.iter().map(|d| d.relations.len()).sum()
    }

    /// An id derived from `base` that no relation type uses yet.
    pub fn unique_relation_type_id(&self, base: &str) -> String {
        unique(base, |id| self.relation_type(id).is_some())
    }

    /// The id a new relation type labelled `label` gets: its slug
    /// (`relation` when the label has no letters a slug keeps), made unique.
    pub fn new_relation_type_id(&self, label: &str) -> String {
        self.unique_relation_type_id(&slug_or(label, "relation"))
    }

    /// The id a new theme labelled `label` gets: its slug (`theme` when the
    /// label has no letters a slug keeps), made unique.
    pub fn new_theme_id(&self, label: &str) -> String {
        self.unique_theme_id(&slug_or(label, "theme"))
    }

    /// An id derived from `base` that no memo uses yet.
    pub fn unique_memo_id(&self, base: &str) -> String {
        unique(base, |id| self.memo(id).is_some())
    }

    /// Theme by id.
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// Theme by id, or else by label (case-insensitive).
    pub fn find_theme(&self, id_or_label: &str) -> Option<&Theme> {
        self.theme(id_or_label).or_else(|| {
            self.themes
                .iter()
                .find(|t| t.label.to_lowercase() == id_or_label.to_lowercase())
        })
    }

    /// Document by id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    pub(crate) fn document_mut(&mut self, id: &str) -> Option<&mut Document> {
        self.documents.iter_mut().find(|d| d.id == id)
    }

    /// The themes directly under `id` in the tree, in codebook order.
    pub fn children<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Theme> + 'a {
        self.themes
            .iter()
            .filter(move |t| t.parent.as_deref() == Some(id))
    }

    /// Whether `id` is `ancestor` or lies under it (at any depth). Stops
    /// on a cycle (which only an invalid file could hold).
    pub fn is_within(&self, id: &str, ancestor: &str) -> bool {
        let mut at = Some(id);
        for _ in 0..=self.themes.len() {
            match at {
                Some(t) if t == ancestor => return true,
                Some(t) => at = self.theme(t).and_then(|t| t.parent.as_deref()),
                None => return false,
            }
        }
        false
    }

    /// The labels from the top of the tree down to `id`, joined with `/`
    /// (`Security/Arms control`): the one label formats without a tree
    /// write. `None` for an unknown theme.
    pub fn theme_path(&self, id: &str) -> Option<String> {
        Some(self.path_of(self.theme(id)?, |p| self.theme(p)))
    }

    /// Every theme's [`theme_path`](Self::theme_path), in codebook order,
    /// with one index of the codebook for all of them.
    pub fn theme_paths(&self) -> Vec<String> {
        let index: std::collections::HashMap<&str, &Theme> =
            self.themes.iter().map(|t| (t.id.as_str(), t)).collect();
        self.themes
            .iter()
            .map(|t| self.path_of(t, |p| index.get(p).copied()))
            .collect()
    }

    /// `theme`'s path, its parents found by `lookup`; a parent that is
    /// missing or a loop ends the path.
    fn path_of<'a>(
        &'a self,
        theme: &'a Theme,
        lookup: impl Fn(&str) -> Option<&'a Theme>,
    ) -> String {
        let mut labels = vec![theme.label.as_str()];
        let mut at = theme.parent.as_deref();
        while let Some(t) = at.and_then(&lookup) {
            if labels.len() > self.themes.len() {
                break;
            }
            labels.push(&t.label);
            at = t.parent.as_deref();
        }
        labels.reverse();
        labels.join("/")
    }

    /// The root of the tree `id` sits in (itself at the top).
    pub fn theme_root<'a>(&'a self, id: &'a str) -> &'a str {
        let mut at = id;
        for _ in 0..=self.themes.len() {
            match self.theme(at).and_then(|t| t.parent.as_deref()) {
                Some(p) if self.theme(p).is_some() => at = p,
                _ => break,
            }
        }
        at
    }

    /// Total number of spans over all documents.
    pub fn span_count(&self) -> usize {
        self.documents.iter().map(|d| d.spans.len()).sum()
    }

    /// Every attribute name some document has, sorted.
    pub fn attribute_names(&self) -> BTreeSet<&str> {
        self.documents
            .iter()
            .flat_map(|d| d.attributes.keys().map(String::as_str))
            .collect()
    }

    /// An id derived from `base` that no document uses yet.
    pub fn unique_document_id(&self, base: &str) -> String {
        unique(base, |id| self.document(id).is_some())
    }

    /// An id derived from `base` that no theme uses yet.
    pub fn unique_theme_id(&self, base: &str) -> String {
        unique(base, |id| self.theme(id).is_some())
    }
}

/// The slug of `label`, or `fallback` when it has none.
fn slug_or(label: &str, fallback: &str) -> String {
    let base = slug(label);
    if base.is_empty() {
        fallback.to_owned()
    } else {
        base
    }
}

/// `base` itself if free, else `base-2`, `base-3`, ...
fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = if base.is_empty() { "untitled" } else { base };
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .expect("an unbounded range always has a free id")
}

/// Lowercase ASCII identifier from free text: letters and digits kept,
/// everything else collapsed to single `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_unique_ids() {
        assert_eq!(slug("Joint Statement (2020)!"), "joint-statement-2020");
        assert_eq!(slug("Совместное заявление"), "совместное-заявление");
        let mut p = Project::with_default_codebook("p");
        assert_eq!(p.unique_document_id("a"), "a");
        p.documents.push(Document::new("a", "A", "x"));
        p.documents.push(Document::new("a-2", "A", "x"));
        assert_eq!(p.unique_document_id("a"), "a-3");
    }

    #[test]
    fn a_new_theme_or_relation_type_takes_its_ids_from_its_label_made_unique() {
        let p = Project::with_default_codebook("p");
        assert_eq!(p.new_theme_id("Health"), "health-2");
        assert_eq!(p.new_theme_id("Public Health"), "public-health");
        assert_eq!(p.new_theme_id("!!!"), "theme");
        assert_eq!(p.new_relation_type_id("Causes"), "causes");
        assert_eq!(p.new_relation_type_id("→"), "relation");
    }

    #[test]
    fn theme_lookup_by_id_or_label() {
        let p = Project::with_default_codebook("p");
        assert_eq!(p.find_theme("ict").unwrap().label, "ICT");
        assert_eq!(p.find_theme("Ict").unwrap().id, "ict");
        assert!(p.find_theme("sport").is_none());
    }
}
