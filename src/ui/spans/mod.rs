//! The right panel: the document's spans, the selected span with its
//! note, and the suggestions the themes' rules make.

pub(in crate::ui) mod span_details;
pub(in crate::ui) mod span_list;
pub(in crate::ui) mod suggestions;
