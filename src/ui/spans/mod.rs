//! The right panel: the document's spans, the selected span with its
//! note, the suggestions the themes' rules make, and the relations.

pub(in crate::ui) mod relations;
pub(in crate::ui) mod span_details;
pub(in crate::ui) mod span_list;
pub(in crate::ui) mod suggestions;
