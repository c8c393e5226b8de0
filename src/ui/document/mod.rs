//! The document in the middle of the window: the virtualised view, each
//! line's layout, the caret, right-to-left labels, the fonts, the find bar
//! and the page shown before the first document.

pub(in crate::ui) mod bidi_label;
pub(in crate::ui) mod bidi_line;
pub mod caret;
pub(in crate::ui) mod caret_layout;
pub mod doc_view;
pub(in crate::ui) mod find_bar;
pub mod fonts;
pub(in crate::ui) mod line_layout;
pub(in crate::ui) mod no_document;
