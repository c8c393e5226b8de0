//! Views over the whole project, shown in place of the document or in a
//! window of their own: Segments, Analysis and the report (`findings`),
//! Agreement and Curation, Memos.

pub(in crate::ui) mod agreement_view;
pub(in crate::ui) mod curation;
pub(in crate::ui) mod findings;
pub(in crate::ui) mod memos;
