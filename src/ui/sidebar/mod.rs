//! The left panel: the documents list, the codebook tree, the current
//! document's attributes, the theme editor, the relation types and whose
//! spans are shown.

pub(in crate::ui) mod annotators;
pub(in crate::ui) mod attributes;
pub(in crate::ui) mod codebook;
pub(in crate::ui) mod documents;
pub(in crate::ui) mod relation_types;
pub(in crate::ui) mod theme_editor;
